// The JSON backup (issue 16), used when mongodump is missing or the server is FerretDB: every collection of the
// database, listed from the server (so one added later is not forgotten, GridFS buckets included), one file each
// of canonical EJSON lines (ObjectId, Date, Int32 vs Double and Binary survive exactly), and a manifest with the
// app version, counts, checksums and indexes. A restore reads and checks every file before it writes anything,
// writes only into an empty database unless forced, and removes what it wrote when a write fails halfway.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { mongo, type Connection } from 'mongoose';
import { z } from 'zod';

const { EJSON } = mongo.BSON;
type Doc = Record<string, unknown>;

export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_FORMAT = 'hoso-backup';
/** Bumped when a file's layout changes in a way an older restore cannot read. */
export const BACKUP_FORMAT_VERSION = 1;
const INSERT_BATCH = 500;
const WRITE_CHUNK = 1 << 20;

/** The errors a person can act on: printed as one line by the CLI. */
export class BackupError extends Error {}

// Names a file is made from: no path separators, nothing the server keeps for itself.
const collectionName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}$/, 'collection name')
  .refine((n) => !n.startsWith('system.') && !n.includes('..'), 'collection name');
const semver = z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'version');
const indexSpec = z.looseObject({
  name: z.string().min(1).max(200),
  key: z.record(z.string(), z.union([z.number(), z.string()])),
});
export type IndexSpec = z.infer<typeof indexSpec>;
const collectionEntry = z.strictObject({
  name: collectionName,
  count: z.number().int().min(0),
  /** Size and SHA-256 of its file (JSON backups; mongodump keeps its own files). */
  bytes: z.number().int().min(0).optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  indexes: z.array(indexSpec),
});
const manifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1),
  kind: z.enum(['json', 'mongodump']),
  appVersion: semver,
  createdAt: z.iso.datetime(),
  database: z.string().min(1).max(63),
  server: z.strictObject({ kind: z.enum(['mongodb', 'ferretdb']), version: z.string().max(50) }),
  collections: z.array(collectionEntry),
  gridfsBuckets: z.array(z.string()),
});
export type BackupManifest = z.infer<typeof manifestSchema>;
export type CollectionEntry = z.infer<typeof collectionEntry>;

export const collectionFile = (name: string): string => `${name}.ejson.ndjson`;

/** The database's own collections (views and system collections are not data). */
export async function listDataCollections(conn: Connection): Promise<string[]> {
  const infos = await conn.db!.listCollections({}, { nameOnly: false }).toArray();
  return infos
    .filter((c) => (c.type ?? 'collection') === 'collection' && !c.name.startsWith('system.'))
    .map((c) => c.name)
    .sort();
}

/** GridFS buckets: a `<bucket>.files` collection with its `<bucket>.chunks`. */
export function gridfsBucketsOf(names: string[]): string[] {
  const set = new Set(names);
  return names.filter((n) => n.endsWith('.files') && set.has(n.replace(/\.files$/, '.chunks'))).map((n) => n.replace(/\.files$/, ''));
}

export async function indexesOf(conn: Connection, name: string): Promise<IndexSpec[]> {
  const raw = await conn.db!.collection(name).indexes();
  // `v` and `ns` describe the server that built the index, not the index.
  return raw.map(({ v: _v, ns: _ns, ...rest }: Doc) => indexSpec.parse(rest)).sort((a, b) => a.name.localeCompare(b.name));
}

export async function serverKind(conn: Connection): Promise<BackupManifest['server']> {
  const info = await conn.db!.admin().command({ buildInfo: 1 });
  return { kind: typeof info.ferretdbVersion === 'string' ? 'ferretdb' : 'mongodb', version: String(info.version) };
}

/** Every document exactly as stored: no promotion of Int32/Double/Long/Binary, so the text round-trips bit for bit. */
const RAW_READ = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true } as const;

export async function writeJsonBackup(conn: Connection, dir: string, appVersion: string, now: Date): Promise<BackupManifest> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new BackupError(`${dir} is not empty: choose a new folder for the backup`);
  const names = await listDataCollections(conn);
  const collections: CollectionEntry[] = [];
  for (const name of names) {
    const parsedName = collectionName.safeParse(name);
    if (!parsedName.success) throw new BackupError(`collection "${name}" has a name this backup cannot store as a file`);
    const indexes = await indexesOf(conn, name);
    const file = await open(join(dir, collectionFile(name)), 'wx', 0o600);
    const hash = createHash('sha256');
    let count = 0;
    let bytes = 0;
    let chunk = '';
    const flush = async (): Promise<void> => {
      const buf = Buffer.from(chunk, 'utf8');
      hash.update(buf);
      bytes += buf.length;
      await file.write(buf);
      chunk = '';
    };
    try {
      for await (const doc of conn.db!.collection(name).find({}, RAW_READ)) {
        chunk += EJSON.stringify(doc, { relaxed: false }) + '\n';
        count++;
        if (chunk.length >= WRITE_CHUNK) await flush();
      }
      await flush();
    } finally {
      await file.close();
    }
    collections.push({ name, count, bytes, sha256: hash.digest('hex'), indexes });
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    kind: 'json',
    appVersion,
    createdAt: now.toISOString(),
    database: conn.db!.databaseName,
    server: await serverKind(conn),
    collections,
    gridfsBuckets: gridfsBucketsOf(names),
  };
  // Written last: a folder without a manifest is an unfinished backup, and restore refuses it.
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return manifest;
}

const major = (v: string): number => Number(v.split('.')[0]);

/** Reads and checks the manifest: a newer app's or format's backup is refused before its schema is judged. */
export async function readManifest(dir: string, appVersion: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new BackupError(`${join(dir, MANIFEST_FILE)} is missing: not a Hồ sơ backup folder, or the backup did not finish`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BackupError(`${MANIFEST_FILE} is not valid JSON (damaged or edited): nothing restored`);
  }
  const head = z.looseObject({ appVersion: semver, formatVersion: z.number().int() }).safeParse(raw);
  if (head.success) {
    if (major(head.data.appVersion) > major(appVersion)) {
      throw new BackupError(`this backup was made by Hồ sơ ${head.data.appVersion}, a newer major version than this ${appVersion}: install ${major(head.data.appVersion)}.x or later to restore it`);
    }
    if (head.data.formatVersion > BACKUP_FORMAT_VERSION) {
      throw new BackupError(`this backup has format ${head.data.formatVersion}, newer than this Hồ sơ reads (${BACKUP_FORMAT_VERSION}): upgrade Hồ sơ to restore it`);
    }
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BackupError(`${MANIFEST_FILE} is not a valid Hồ sơ manifest (${issue.path.join('.') || 'root'}: ${issue.message}): nothing restored`);
  }
  const seen = new Set<string>();
  for (const c of parsed.data.collections) {
    if (seen.has(c.name)) throw new BackupError(`${MANIFEST_FILE} names collection ${c.name} twice: nothing restored`);
    seen.add(c.name);
    if (parsed.data.kind === 'json' && (c.sha256 === undefined || c.bytes === undefined)) throw new BackupError(`${MANIFEST_FILE} has no checksum for ${c.name}: nothing restored`);
  }
  return parsed.data;
}

/** A plain document tree with no `$` or `.` keys (BSON values such as ObjectId or Date are leaves). */
function safeKeys(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(safeKeys);
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return true;
  return Object.entries(v).every(([k, x]) => !k.startsWith('$') && !k.includes('.') && safeKeys(x));
}

const documentSchema = z
  .record(z.string(), z.unknown())
  .refine((d) => '_id' in d, 'document without _id')
  .refine(safeKeys, 'a key starting with $ or containing a dot');

function parseLine(line: string): { ok: true; doc: Doc } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = EJSON.parse(line, { relaxed: false });
  } catch (e) {
    return { ok: false, reason: `not canonical EJSON (${e instanceof Error ? e.message.slice(0, 80) : 'parse error'})` };
  }
  const d = documentSchema.safeParse(value);
  return d.success ? { ok: true, doc: d.data } : { ok: false, reason: d.error.issues[0]!.message };
}

async function* linesOf(path: string, hash?: ReturnType<typeof createHash>): AsyncGenerator<string> {
  const stream = createReadStream(path);
  if (hash) stream.on('data', (b) => hash.update(b as Buffer));
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of rl) if (line.length > 0) yield line;
}

/** Every file present, of its recorded size and checksum, every line a valid document, as many as the manifest says. */
export async function verifyJsonBackup(dir: string, manifest: BackupManifest): Promise<void> {
  for (const c of manifest.collections) {
    const path = join(dir, collectionFile(c.name));
    const hash = createHash('sha256');
    let count = 0;
    try {
      for await (const line of linesOf(path, hash)) {
        count++;
        const parsed = parseLine(line);
        if (!parsed.ok) throw new BackupError(`${collectionFile(c.name)} line ${count}: ${parsed.reason}: nothing restored`);
      }
    } catch (e) {
      if (e instanceof BackupError) throw e;
      throw new BackupError(`${collectionFile(c.name)} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}): nothing restored`);
    }
    if (count !== c.count) throw new BackupError(`${collectionFile(c.name)} has ${count} document(s), the manifest says ${c.count} (truncated or edited): nothing restored`);
    if (hash.digest('hex') !== c.sha256) throw new BackupError(`${collectionFile(c.name)} does not match its checksum in the manifest (damaged or edited): nothing restored`);
  }
}

/** Collections of the target that hold at least one document. */
export async function nonEmptyCollections(conn: Connection): Promise<string[]> {
  const out: string[] = [];
  for (const name of await listDataCollections(conn)) {
    if (await conn.db!.collection(name).findOne({}, { projection: { _id: 1 } })) out.push(name);
  }
  return out;
}

export interface RestoreOptions {
  /** Replace the backup's collections in a database that has data. */
  force?: boolean;
}

export interface RestoreSummary {
  collections: number;
  documents: number;
  indexes: number;
}

/**
 * Restores a verified JSON backup. Empty collections of the target that the backup has are dropped first, so the
 * indexes come back exactly as backed up (the app adds any newer ones at its next start).
 */
export async function restoreJsonBackup(conn: Connection, dir: string, manifest: BackupManifest, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  await verifyJsonBackup(dir, manifest);
  const busy = await nonEmptyCollections(conn);
  if (busy.length > 0 && !opts.force) {
    throw new BackupError(`the database ${conn.db!.databaseName} is not empty (${busy.slice(0, 5).join(', ')}${busy.length > 5 ? ', …' : ''} hold data): restore into an empty database, or add --force to replace its collections`);
  }
  const db = conn.db!;
  const existing = new Set(await listDataCollections(conn));
  const written: string[] = [];
  const summary: RestoreSummary = { collections: 0, documents: 0, indexes: 0 };
  try {
    for (const c of manifest.collections) {
      if (existing.has(c.name)) await db.collection(c.name).drop();
      written.push(c.name);
      await db.createCollection(c.name);
      const col = db.collection(c.name);
      let batch: Doc[] = [];
      for await (const line of linesOf(join(dir, collectionFile(c.name)))) {
        const parsed = parseLine(line);
        if (!parsed.ok) throw new BackupError(`${collectionFile(c.name)} changed while it was restored: ${parsed.reason}`);
        batch.push(parsed.doc);
        if (batch.length >= INSERT_BATCH) {
          await col.insertMany(batch, { ordered: true });
          summary.documents += batch.length;
          batch = [];
        }
      }
      if (batch.length > 0) await col.insertMany(batch, { ordered: true });
      summary.documents += batch.length;
      const indexes = c.indexes.filter((i) => i.name !== '_id_');
      if (indexes.length > 0) await col.createIndexes(indexes as unknown as mongo.IndexDescription[]);
      summary.indexes += indexes.length;
      summary.collections++;
    }
  } catch (e) {
    // Nothing half-restored: what this restore wrote goes again (the target had no data in it, or --force replaced it).
    for (const name of written) await db.collection(name).drop().catch(() => undefined);
    if (e instanceof BackupError) throw e;
    throw new BackupError(`restore stopped at ${written.at(-1) ?? 'the start'} (${e instanceof Error ? e.message.slice(0, 200) : String(e)}); the collections it wrote were removed again`);
  }
  return summary;
}
