// `hoso backup` / `hoso restore` on the real database (FerretDB here, so the JSON export): a full round trip into
// a fresh database compared document by document and index by index, and the abuse cases: a database with data,
// a truncated or edited file, a hostile line with a recomputed checksum, a newer version's manifest, a write that
// fails halfway. Every refused restore leaves the target exactly as empty as it was.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mongo, type Connection } from 'mongoose';
import { connectDatabase } from '../../src/store/connection.js';
import { createStore } from '../../src/store/index.js';
import { runHoso } from '../support/cli.js';
import { openTestDb, testDbName, type TestDb } from '../support/db.js';

const { EJSON, ObjectId, Binary, Int32, Double, Long } = mongo.BSON;
const RAW = { promoteValues: false, promoteLongs: false, promoteBuffers: false } as const;

let src: TestDb;
let dst: Connection;
let dstUri: string;
let work: string;
let photoId: string;
let lanId: string;
/** JPEG magic and 600 kB of bytes: more than one GridFS chunk. */
const PHOTO = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600_000, 7)]));

beforeAll(async () => {
  src = await openTestDb('bk_src');
  const u = new URL(src.uri);
  u.pathname = '/' + testDbName('bk_dst');
  dstUri = u.toString();
  dst = await connectDatabase(src.uri, { dbName: testDbName('bk_dst') });
  await seed();
});
afterAll(async () => {
  await dst?.db!.dropDatabase().catch(() => undefined);
  await dst?.close();
  await src?.close();
});
beforeEach(async () => {
  await dst.db!.dropDatabase();
  work = mkdtempSync(join(tmpdir(), 'hoso-backup-test-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const srcEnv = () => ({ MONGODB_URI: src.dbUri, LOG_LEVEL: 'silent' });
const dstEnv = () => ({ MONGODB_URI: dstUri, LOG_LEVEL: 'silent' });
const collectionsOf = async (c: Connection) => (await c.db!.listCollections().toArray()).map((x) => x.name).filter((n) => !n.startsWith('system.')).sort();

async function seed(): Promise<void> {
  const store = createStore(src.conn);
  const at = new Date('2026-11-20T03:04:05.678Z');
  const lan = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3, year: 1990 }, branchId: 'q1' }, { kind: 'cli' }, [
    { purpose: 'care', granted: true, at, channel: 'telegram', wordingVersion: 'v1' },
  ]);
  const thu = await store.customers.create({ name: 'Trần Thu', phone: '+84987654321' }, { kind: 'cli' });
  if (!lan.ok || !thu.ok) throw new Error('seed');
  await store.customers.linkIdentity(lan.value.id, { channel: 'telegram', account: 'bot', userId: '5001' });
  await store.activity.logVisit({ customerId: lan.value.id, staffId: 'mai', service: 'Gội đầu dưỡng sinh', amountVnd: 350_000, paid: true, at });
  await store.money.insertEntry({ id: 'bk-1', customerId: lan.value.id, kind: 'visit', at, chargeVnd: 350_000, paidVnd: 300_000, lines: [{ label: 'Gội', quantity: 1, unitVnd: 350_000, totalVnd: 350_000 }] });
  await store.outbox.plan([
    { key: 'birthday:bk:1', purpose: 'birthday', audience: 'customer', customerId: lan.value.id, occasion: '2027', occasionDate: '2027-03-12', dueAt: at, expiresAt: new Date(at.getTime() + 86_400_000) },
  ]);
  await store.conversations.save({ channel: 'telegram', account: 'bot', userId: '5001' }, null, { state: { step: 'ask_phone', draft: { name: 'Lan' } }, eventId: 'u1', lastInboundAt: at, recentEventIds: [], link: { customerId: lan.value.id, trusted: true } });
  // Types a plain JSON dump would lose: Int32 vs Double vs Long, nested documents, arrays of documents, Binary.
  await src.conn.db!.collection('bk_types').insertOne({
    _id: new ObjectId('65a1b2c3d4e5f60718293a4b'),
    whole: new Int32(7),
    fraction: new Double(7),
    big: Long.fromString('9007199254740993'),
    when: at,
    nested: { level: { deeper: ['a', { b: new Date(0) }] } },
    bytes: new Binary(Buffer.from([0, 1, 2, 255])),
    text: 'Tiếng Việt có dấu ✓',
  });
  await src.conn.db!.collection('bk_types').createIndex({ 'nested.level.deeper': 1 }, { name: 'deep_path' });
  // A photo in the GridFS bucket, over several chunks.
  const photo = await store.photos.add({ customerId: lan.value.id, data: PHOTO, uploadedBy: 'mai', tag: 'before' });
  if (!photo.ok) throw new Error('seed photo');
  photoId = photo.value.photo.id;
  lanId = lan.value.id;
}

/** Each collection's documents as canonical EJSON, sorted, and its index names. */
async function snapshot(c: Connection): Promise<Record<string, { docs: string[]; indexes: string[] }>> {
  const out: Record<string, { docs: string[]; indexes: string[] }> = {};
  for (const name of await collectionsOf(c)) {
    const docs = (await c.db!.collection(name).find({}, RAW).toArray()).map((d) => EJSON.stringify(d, { relaxed: false })).sort();
    const indexes = (await c.db!.collection(name).indexes()).map((i) => i.name!).sort();
    out[name] = { docs, indexes };
  }
  return out;
}

async function backup(dir = join(work, 'b')): Promise<string> {
  const r = await runHoso(srcEnv(), ['backup', '--out', dir]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return dir;
}
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { collections: { name: string; count: number; sha256: string; bytes: number }[]; appVersion: string; kind: string; gridfsBuckets: string[] };
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** Rewrites one collection's file and, when asked, its manifest entry too (a forger who knows the format). */
function rewrite(dir: string, collection: string, edit: (lines: string[]) => string[], fixManifest: boolean): void {
  const file = join(dir, `${collection}.ejson.ndjson`);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const text = edit(lines).join('\n') + '\n';
  writeFileSync(file, text);
  if (fixManifest) {
    const m = manifestOf(dir);
    const entry = m.collections.find((c) => c.name === collection)!;
    Object.assign(entry, { sha256: sha(text), bytes: Buffer.byteLength(text), count: text.trimEnd().split('\n').length });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  }
}

async function expectRefused(dir: string, message: RegExp): Promise<void> {
  const r = await runHoso(dstEnv(), ['restore', dir, '--yes']);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(message);
  // Nothing half-restored: not one collection was created in the target.
  expect(await collectionsOf(dst)).toEqual([]);
}

describe('hoso backup / restore', () => {
  it('round-trips every collection into a fresh database, document by document, with its indexes', async () => {
    const dir = await backup();
    const m = manifestOf(dir);
    expect(m.kind).toBe('json');
    expect(m.gridfsBuckets).toEqual(['photos']);
    const names = await collectionsOf(src.conn);
    expect(m.collections.map((c) => c.name)).toEqual(names);
    for (const n of ['customers', 'visits', 'outbox', 'money_entries', 'conversations', 'photos.files', 'photos.chunks', 'bk_types']) {
      expect(names).toContain(n);
    }
    expect(m.collections.find((c) => c.name === 'photos.chunks')!.count).toBeGreaterThan(1);

    // Without --yes: checked and described, nothing written.
    const dry = await runHoso(dstEnv(), ['restore', dir]);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/backup is valid: .*Hồ sơ \d+\.\d+\.\d+/);
    expect(dry.out).toMatch(/add --yes/);
    expect(await collectionsOf(dst)).toEqual([]);

    const r = await runHoso(dstEnv(), ['restore', dir, '--yes']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`restored: ${names.length} bảng`));
    const before = await snapshot(src.conn);
    const after = await snapshot(dst);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const name of Object.keys(before)) {
      expect({ name, ...after[name] }).toEqual({ name, ...before[name] });
    }
    expect(before.customers!.docs).toHaveLength(2);
    expect(before.bk_types!.indexes).toContain('deep_path');
    // The exotic types came back as themselves, not as numbers or strings.
    const t = await dst.db!.collection('bk_types').findOne({}, RAW);
    expect(t!.whole).toBeInstanceOf(Int32);
    expect(t!.fraction).toBeInstanceOf(Double);
    expect(String(t!.big)).toBe('9007199254740993');
    expect(t!.when).toEqual(new Date('2026-11-20T03:04:05.678Z'));
    // The app's own reads work on the restored data.
    expect((await createStore(dst).customers.findByPhone('+84912345678'))?.name).toBe('Nguyễn Thị Lan');
    const photo = await createStore(dst).photos.read(lanId, photoId);
    expect(photo?.photo.tag).toBe('before');
    expect(Buffer.from(photo!.data).equals(Buffer.from(PHOTO))).toBe(true);
  });

  it('refuses a database that has data, unless --force, which replaces the backed-up collections', async () => {
    const dir = await backup();
    await dst.db!.collection('customers').insertOne({ name: 'Someone already here' });
    const r = await runHoso(dstEnv(), ['restore', dir, '--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not empty \(customers hold data\).*--force/);
    expect(await collectionsOf(dst)).toEqual(['customers']);
    expect(await dst.db!.collection('customers').countDocuments()).toBe(1);

    const forced = await runHoso(dstEnv(), ['restore', dir, '--yes', '--force']);
    expect(forced.code).toBe(0);
    expect(await dst.db!.collection('customers').countDocuments({ name: 'Someone already here' })).toBe(0);
    expect((await snapshot(dst)).customers).toEqual((await snapshot(src.conn)).customers);
  });

  it('refuses a truncated file, an edited file and a missing file, naming the file, and writes nothing', async () => {
    let dir = await backup(join(work, 'trunc'));
    const file = join(dir, 'customers.ejson.ndjson');
    const full = readFileSync(file);
    writeFileSync(file, full.subarray(0, Math.floor(full.length / 2)));
    await expectRefused(dir, /customers\.ejson\.ndjson (line \d+: not canonical EJSON|has 1 document\(s\), the manifest says 2).*nothing restored/);

    dir = await backup(join(work, 'edit'));
    rewrite(dir, 'money_entries', (ls) => ls.map((l) => l.replace('"350000"', '"9350000"')), false);
    await expectRefused(dir, /money_entries\.ejson\.ndjson does not match its checksum .*nothing restored/);

    dir = await backup(join(work, 'gone'));
    rmSync(join(dir, 'visits.ejson.ndjson'));
    await expectRefused(dir, /visits\.ejson\.ndjson cannot be read \(ENOENT\)/);
  });

  it('refuses hostile lines even when the forger recomputed the checksums', async () => {
    let dir = await backup(join(work, 'op'));
    rewrite(dir, 'customers', (ls) => [...ls, '{"_id":{"$oid":"65a1b2c3d4e5f60718293a4c"},"$where":"sleep(1)"}'], true);
    await expectRefused(dir, /customers\.ejson\.ndjson line 3: a key starting with \$ or containing a dot/);

    dir = await backup(join(work, 'badoid'));
    rewrite(dir, 'outbox', (ls) => ['{"_id":{"$oid":"not-an-object-id"}}', ...ls.slice(1)], true);
    await expectRefused(dir, /outbox\.ejson\.ndjson line 1: not canonical EJSON/);

    dir = await backup(join(work, 'noid'));
    rewrite(dir, 'visits', () => ['{"service":"x"}'], true);
    await expectRefused(dir, /visits\.ejson\.ndjson line 1: document without _id/);

    dir = await backup(join(work, 'path'));
    const m = manifestOf(dir);
    m.collections[0]!.name = '../../etc/passwd';
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    await expectRefused(dir, /manifest\.json is not a valid Hồ sơ manifest \(collections\.0\.name/);
  });

  it('removes what it wrote when a write fails halfway', async () => {
    const dir = await backup();
    // Valid lines with a valid checksum, but the same _id twice: the server refuses the second insert.
    rewrite(dir, 'visits', (ls) => [ls[0]!, ls[0]!], true);
    const written = manifestOf(dir).collections.findIndex((c) => c.name === 'visits');
    expect(written).toBeGreaterThan(0); // collections before it were already restored when it fails
    await expectRefused(dir, /restore stopped at visits .*removed again/);
  });

  it('refuses a backup from a newer major version, a missing manifest and an unfinished backup', async () => {
    const dir = await backup();
    const m = manifestOf(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...m, appVersion: `${Number(m.appVersion.split('.')[0]) + 1}.0.0` }));
    await expectRefused(dir, /made by Hồ sơ \d+\.0\.0, a newer major version than this .*install \d+\.x or later/);
    rmSync(join(dir, 'manifest.json'));
    await expectRefused(dir, /manifest\.json is missing/);
    writeFileSync(join(dir, 'manifest.json'), '{"format":"hoso-backup",');
    await expectRefused(dir, /manifest\.json is not valid JSON/);
  });

  it('refuses to write into a folder that has files, and uses the JSON export on FerretDB even with mongodump on PATH', async () => {
    const dir = await backup();
    const again = await runHoso(srcEnv(), ['backup', '--out', dir]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/is not empty: choose a new folder/);

    const bin = join(work, 'bin');
    const marker = join(work, 'mongodump-ran');
    mkdirSync(bin);
    writeFileSync(join(bin, 'mongodump'), `#!/bin/sh\ntouch ${marker}\nexit 0\n`);
    chmodSync(join(bin, 'mongodump'), 0o755);
    const r = await runHoso({ ...srcEnv(), PATH: `${bin}:${process.env.PATH}` }, ['backup', '--out', join(work, 'b2')]);
    expect(r.code).toBe(0);
    expect(manifestOf(join(work, 'b2')).kind).toBe('json');
    expect(existsSync(marker)).toBe(false);
  });
});
