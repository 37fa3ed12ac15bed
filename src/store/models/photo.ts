// Customer photos live in GridFS on the same database (bucket `photos`: photos.files + photos.chunks), written and
// read by the driver's GridFSBucket (src/store/photos.ts). These models only describe the two collections, so
// ensureIndexes creates their indexes explicitly and the erasure and merge plans must name them (database.md §12).
import { Schema, type Connection } from 'mongoose';

export const PHOTO_BUCKET = 'photos';

const metadataSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    /** profile / before / after; absent until the staff member tapped one. */
    tag: { type: String, enum: ['profile', 'before', 'after'] },
    /** The visit logged for her on the business day the photo was taken, if any. */
    visitId: String,
    uploadedBy: { type: String, required: true },
    /** From the bytes (src/domain/image.ts), never from what the platform claimed. */
    mimeType: { type: String, enum: ['image/jpeg', 'image/png', 'image/webp'], required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { _id: false },
);

export const photoFileSchema = new Schema(
  {
    length: Number,
    chunkSize: Number,
    uploadDate: Date,
    filename: String,
    metadata: { type: metadataSchema, required: true },
  },
  { collection: `${PHOTO_BUCKET}.files`, strict: 'throw', versionKey: false },
);
// The driver's own GridFS index (it skips creating it when the same keys exist).
photoFileSchema.index({ filename: 1, uploadDate: 1 }, { name: 'filename_1_uploadDate_1' });
photoFileSchema.index({ 'metadata.customerId': 1, uploadDate: -1 }, { name: 'customer_time' });

export const photoChunkSchema = new Schema(
  {
    files_id: { type: Schema.Types.ObjectId, required: true },
    n: { type: Number, required: true },
    data: { type: Buffer, required: true },
  },
  { collection: `${PHOTO_BUCKET}.chunks`, strict: 'throw', versionKey: false },
);
// GridFS requires it unique: a chunk number exists once per file.
photoChunkSchema.index({ files_id: 1, n: 1 }, { name: 'files_id_1_n_1', unique: true });

// Inferred from conn.model (no version key: GridFS documents have none, InferSchemaType would add one).
const fileModel = (conn: Connection) => conn.model('PhotoFile', photoFileSchema);
const chunkModel = (conn: Connection) => conn.model('PhotoChunk', photoChunkSchema);
export type PhotoFileModel = ReturnType<typeof fileModel>;
export type PhotoChunkModel = ReturnType<typeof chunkModel>;

export function photoFileModel(conn: Connection): PhotoFileModel {
  return (conn.models.PhotoFile as PhotoFileModel | undefined) ?? fileModel(conn);
}

export function photoChunkModel(conn: Connection): PhotoChunkModel {
  return (conn.models.PhotoChunk as PhotoChunkModel | undefined) ?? chunkModel(conn);
}
