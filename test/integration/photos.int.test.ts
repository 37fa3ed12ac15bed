// Customer photos in GridFS on the real FerretDB (issue 17): bytes back identical, only real images, erasure removes
// files and chunks, a merge moves them and its undo puts every document back exactly.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mongo, Types } from 'mongoose';
import { createStore, type Store } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { fakeJpeg } from '../support/photos.js';

let db: TestDb;
let store: Store;
const clock = new TestClock('2026-03-12T02:00:00Z');
const cli = { kind: 'cli' as const, channel: 'cli' };

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const PDF = new Uint8Array(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'));

const col = (n: string) => db.conn.db!.collection(n);

async function customer(name: string, phone: string): Promise<string> {
  const c = await store.customers.create({ name, phone }, cli);
  if (!c.ok) throw new Error('setup');
  return c.value.id;
}

beforeAll(async () => {
  db = await openTestDb('photos');
  store = createStore(db.conn, clock.now);
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock.set('2026-03-12T02:00:00Z');
});

describe('the photo store', () => {
  it('keeps a multi-chunk photo with its metadata and gives back the very same bytes', async () => {
    const lan = await customer('Nguyễn Thị Lan', '+84912345678');
    const bytes = fakeJpeg(700_000);
    const added = await store.photos.add({ customerId: lan, data: bytes, uploadedBy: 'staff1', tag: 'before', visitId: 'v1' });
    if (!added.ok) throw new Error(added.reason);
    expect(added.value.duplicate).toBe(false);
    const p = added.value.photo;
    expect(p).toMatchObject({ customerId: lan, tag: 'before', visitId: 'v1', uploadedBy: 'staff1', mimeType: 'image/jpeg', size: 700_000, createdAt: clock.now() });
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);

    const back = await store.photos.read(lan, p.id);
    expect(back).not.toBeNull();
    expect(Buffer.from(back!.data).equals(Buffer.from(bytes))).toBe(true);
    expect(await col('photos.chunks').countDocuments({ files_id: new Types.ObjectId(p.id) })).toBe(3);
    const file = (await col('photos.files').findOne({ _id: new Types.ObjectId(p.id) }))!;
    expect(file).toMatchObject({ length: 700_000, metadata: { customerId: new Types.ObjectId(lan), sha256: p.sha256, mimeType: 'image/jpeg', size: 700_000 } });
    // The file name says nothing about her.
    expect(file.filename).toBe(`${p.id}.jpg`);
  });

  it('has the unique files_id + n index GridFS needs, created by ensureIndexes', async () => {
    const idx = await col('photos.chunks').listIndexes().toArray();
    expect(idx.find((i) => i.key.files_id === 1 && i.key.n === 1)).toMatchObject({ unique: true });
    const files_id = new Types.ObjectId();
    await col('photos.chunks').insertOne({ files_id, n: 0, data: new mongo.Binary(Buffer.from('a')) });
    await expect(col('photos.chunks').insertOne({ files_id, n: 0, data: new mongo.Binary(Buffer.from('b')) })).rejects.toMatchObject({ code: 11000 });
  });

  it('refuses a file that is not an image whatever it claims, an empty one and one over the limit', async () => {
    const lan = await customer('Nguyễn Thị Lan', '+84912345678');
    expect(await store.photos.add({ customerId: lan, data: PDF, uploadedBy: 's' })).toEqual({ ok: false, reason: 'not_image' });
    expect(await store.photos.add({ customerId: lan, data: new Uint8Array(), uploadedBy: 's' })).toEqual({ ok: false, reason: 'empty' });
    expect(await store.photos.add({ customerId: lan, data: fakeJpeg(2_000), uploadedBy: 's' }, 1_999)).toEqual({ ok: false, reason: 'too_large' });
    expect(await store.photos.add({ customerId: lan, data: fakeJpeg(21 * 1024 * 1024), uploadedBy: 's' }, Infinity)).toEqual({ ok: false, reason: 'too_large' });
    expect(await col('photos.files').countDocuments()).toBe(0);
    expect(await col('photos.chunks').countDocuments()).toBe(0);
    const png = await store.photos.add({ customerId: lan, data: PNG, uploadedBy: 's' });
    expect(png.ok && png.value.photo.mimeType).toBe('image/png');
  });

  it('stores the same bytes once per customer, tags them, and shows a photo only under its own customer', async () => {
    const lan = await customer('Nguyễn Thị Lan', '+84912345678');
    const hoa = await customer('Trần Thị Hoa', '+84987654321');
    const bytes = fakeJpeg(5_000);
    const first = await store.photos.add({ customerId: lan, data: bytes, uploadedBy: 's' });
    clock.advance(60_000);
    const again = await store.photos.add({ customerId: lan, data: bytes, uploadedBy: 's' });
    if (!first.ok || !again.ok) throw new Error('add');
    expect(again.value).toMatchObject({ duplicate: true, photo: { id: first.value.photo.id } });
    expect(await store.photos.count(lan)).toBe(1);
    expect(await store.photos.profile(lan)).toBeNull();

    expect(await store.photos.setTag(hoa, first.value.photo.id, 'profile')).toBeNull();
    expect(await store.photos.setTag(lan, first.value.photo.id, 'profile')).toMatchObject({ tag: 'profile' });
    expect((await store.photos.profile(lan))?.id).toBe(first.value.photo.id);
    expect(await store.photos.read(hoa, first.value.photo.id)).toBeNull();
    expect(await store.photos.read(lan, 'not-an-id')).toBeNull();
    expect(await store.photos.list(hoa)).toEqual([]);
  });

  it('is erased with her: files and chunks gone, another customer\'s photos kept', async () => {
    const lan = await customer('Nguyễn Thị Lan', '+84912345678');
    const hoa = await customer('Trần Thị Hoa', '+84987654321');
    await store.photos.add({ customerId: lan, data: fakeJpeg(300_000), uploadedBy: 's' });
    await store.photos.add({ customerId: lan, data: fakeJpeg(1_000), uploadedBy: 's', tag: 'profile' });
    const kept = await store.photos.add({ customerId: hoa, data: fakeJpeg(1_000), uploadedBy: 's' });
    if (!kept.ok) throw new Error('add');
    const report = await store.customers.erase(lan, cli);
    expect(report?.counts['photos.files']).toBe(2);
    expect(await col('photos.files').countDocuments()).toBe(1);
    expect(await col('photos.chunks').countDocuments()).toBe(1);
    expect(await col('photos.chunks').countDocuments({ files_id: new Types.ObjectId(kept.value.photo.id) })).toBe(1);
    expect((await store.customers.erase(lan, cli))?.counts['photos.files']).toBe(0);
  });

  it('moves to the kept record in a merge, and the undo puts every document back as it was', async () => {
    const a = await customer('Nguyễn Thị Lan', '+84912345678');
    const b = await customer('Lan Nguyễn', '+84987654321');
    await store.photos.add({ customerId: a, data: fakeJpeg(1_000), uploadedBy: 's', tag: 'profile' });
    const fromB = await store.photos.add({ customerId: b, data: fakeJpeg(400_000), uploadedBy: 's', tag: 'after' });
    if (!fromB.ok) throw new Error('add');
    const snapshot = async () => {
      const out: Record<string, string[]> = {};
      for (const c of ['customers', 'customer_phones', 'photos.files', 'photos.chunks']) out[c] = (await col(c).find({}).toArray()).map((d) => mongo.BSON.EJSON.stringify(d, { relaxed: false })).sort();
      return out;
    };
    const before = await snapshot();

    const preview = await store.merges.preview(a, b);
    expect(preview.ok && preview.value.counts['photos.files']).toBe(1);
    const done = await store.merges.merge(a, b, {}, cli);
    if (!done.ok) throw new Error(done.reason);
    expect((await store.photos.list(a)).map((p) => p.tag).sort()).toEqual(['after', 'profile']);
    expect(await store.photos.list(b)).toEqual([]);
    const moved = await store.photos.read(a, fromB.value.photo.id);
    expect(moved?.data.length).toBe(400_000);

    expect((await store.merges.undo(done.value.mergeId, cli)).ok).toBe(true);
    expect(await snapshot()).toEqual(before);
    expect((await store.photos.list(b)).map((p) => p.id)).toEqual([fromB.value.photo.id]);
  });
});
