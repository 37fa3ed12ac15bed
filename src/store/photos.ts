// Customer photos in GridFS (bucket `photos`) on the same database, through the driver's GridFSBucket: the same
// code on MongoDB and FerretDB v1 (chunks are binary documents with a unique files_id+n index; tested in
// test/integration/photos.int.test.ts). Only JPEG, PNG and WebP are kept, judged by their bytes.
import { createHash } from 'node:crypto';
import { mongo, Types, type Connection } from 'mongoose';
import { sniffImage, type ImageType } from '../domain/image.js';
import { isPhotoTag, type PhotoTag } from '../domain/photo-tags.js';
import { err, ok, type Result } from '../domain/result.js';
import { PHOTO_BUCKET, photoChunkModel, photoFileModel } from './models/photo.js';
import { retryWhenBusy } from './server-busy.js';

/** Above any channel's photo (Telegram bots download at most 20 MB); the engine's own limit is lower (PHOTO_MAX_MB). */
export const PHOTO_HARD_MAX_BYTES = 20 * 1024 * 1024;

export interface StoredPhoto {
  id: string;
  customerId: string;
  tag?: PhotoTag;
  visitId?: string;
  uploadedBy: string;
  mimeType: ImageType;
  size: number;
  sha256: string;
  createdAt: Date;
}

export interface NewPhoto {
  customerId: string;
  data: Uint8Array;
  uploadedBy: string;
  tag?: PhotoTag;
  visitId?: string;
}

export type PhotoRefusal = 'too_large' | 'not_image' | 'empty';

const EXTENSION: Record<ImageType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

const oid = (id: string): Types.ObjectId | null => (/^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);

// Lean documents of photos.files; one explicit mapping instead of casts everywhere.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toPhoto(d: any): StoredPhoto {
  const m = d.metadata ?? {};
  return {
    id: String(d._id),
    customerId: String(m.customerId),
    ...(isPhotoTag(m.tag) ? { tag: m.tag } : {}),
    ...(typeof m.visitId === 'string' && m.visitId ? { visitId: m.visitId } : {}),
    uploadedBy: String(m.uploadedBy),
    mimeType: m.mimeType,
    size: Number(m.size),
    sha256: String(m.sha256),
    createdAt: m.createdAt,
  };
}

export class PhotoRepository {
  private gridfs?: mongo.GridFSBucket;
  constructor(
    private readonly conn: Connection,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Made on first use: the store may be created before the connection has its database. */
  private get bucket(): mongo.GridFSBucket {
    this.gridfs ??= new mongo.GridFSBucket(this.conn.db!, { bucketName: PHOTO_BUCKET });
    return this.gridfs;
  }

  private get files() {
    return photoFileModel(this.conn);
  }

  /**
   * Stores a photo on her card. The same bytes sent again for the same customer (a redelivered update, a second
   * tap) give back the photo already stored, with `duplicate`. The type is read from the bytes: a renamed PDF is
   * refused whatever its name or declared type.
   */
  async add(input: NewPhoto, maxBytes = PHOTO_HARD_MAX_BYTES): Promise<Result<{ photo: StoredPhoto; duplicate: boolean }, PhotoRefusal>> {
    const customerId = oid(input.customerId);
    if (!customerId) throw new Error('photo for an invalid customer id');
    const data = input.data;
    if (data.length === 0) return err('empty');
    if (data.length > Math.min(maxBytes, PHOTO_HARD_MAX_BYTES)) return err('too_large');
    const mimeType = sniffImage(data);
    if (!mimeType) return err('not_image');
    const sha256 = createHash('sha256').update(data).digest('hex');
    const same = await this.files.findOne({ 'metadata.customerId': customerId, 'metadata.sha256': sha256 }).lean();
    if (same) return ok({ photo: toPhoto(same), duplicate: true });

    const id = new Types.ObjectId();
    const metadata = {
      customerId,
      ...(input.tag ? { tag: input.tag } : {}),
      ...(input.visitId ? { visitId: input.visitId } : {}),
      uploadedBy: String(input.uploadedBy),
      mimeType,
      size: data.length,
      sha256,
      createdAt: this.now(),
    };
    // FerretDB over SQLite may answer "busy" to one chunk insert: the half-written file is removed and the whole
    // upload done again under the same id (server-busy.ts), so no orphan chunk is left behind.
    await retryWhenBusy(async () => {
      try {
        await this.upload(id, `${id.toHexString()}.${EXTENSION[mimeType]}`, data, metadata);
      } catch (e) {
        await this.removeFiles([id]);
        throw e;
      }
    });
    return ok({ photo: toPhoto({ _id: id, metadata }), duplicate: false });
  }

  private upload(id: Types.ObjectId, filename: string, data: Uint8Array, metadata: object): Promise<void> {
    return new Promise((resolve, reject) => {
      const stream = this.bucket.openUploadStreamWithId(id, filename, { metadata });
      stream.once('error', reject);
      stream.once('finish', () => resolve());
      stream.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    });
  }

  async find(photoId: string): Promise<StoredPhoto | null> {
    const id = oid(photoId);
    const d = id ? await this.files.findOne({ _id: id }).lean() : null;
    return d ? toPhoto(d) : null;
  }

  /** The photo and its bytes, only when it belongs to `customerId` (a URL naming another customer's photo gets nothing). */
  async read(customerId: string, photoId: string): Promise<{ photo: StoredPhoto; data: Uint8Array } | null> {
    const photo = await this.find(photoId);
    if (!photo || photo.customerId !== customerId) return null;
    const parts: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(new Types.ObjectId(photo.id))) parts.push(chunk as Buffer);
    return { photo, data: new Uint8Array(Buffer.concat(parts)) };
  }

  /** Her photos, newest first. */
  async list(customerId: string, limit = 50): Promise<StoredPhoto[]> {
    const id = oid(customerId);
    if (!id) return [];
    const docs = await this.files.find({ 'metadata.customerId': id }).sort({ uploadDate: -1, _id: -1 }).limit(limit).lean();
    return docs.map(toPhoto);
  }

  async count(customerId: string): Promise<number> {
    const id = oid(customerId);
    return id ? this.files.countDocuments({ 'metadata.customerId': id }) : 0;
  }

  /** The latest photo tagged as her profile photo. */
  async profile(customerId: string): Promise<StoredPhoto | null> {
    const id = oid(customerId);
    const d = id ? await this.files.findOne({ 'metadata.customerId': id, 'metadata.tag': 'profile' }).sort({ uploadDate: -1, _id: -1 }).lean() : null;
    return d ? toPhoto(d) : null;
  }

  /** Tags a photo of this customer; null when the photo is not hers (or gone). */
  async setTag(customerId: string, photoId: string, tag: PhotoTag): Promise<StoredPhoto | null> {
    const id = oid(photoId);
    const cid = oid(customerId);
    if (!id || !cid) return null;
    const res = await this.files.updateOne({ _id: id, 'metadata.customerId': cid }, { $set: { 'metadata.tag': tag } });
    return res.matchedCount ? this.find(photoId) : null;
  }

  /** Removes files and their chunks (chunks first: a crash in between leaves a file row a rerun still finds). */
  async removeFiles(ids: Types.ObjectId[]): Promise<number> {
    if (ids.length === 0) return 0;
    await photoChunkModel(this.conn).collection.deleteMany({ files_id: { $in: ids } });
    return (await this.files.collection.deleteMany({ _id: { $in: ids } })).deletedCount;
  }
}
