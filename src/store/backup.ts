// `hoso backup` / `hoso restore` (issue 16): mongodump/mongorestore on a real MongoDB when the Database Tools are
// installed, the JSON export (backup-json.ts) otherwise. Both write the same manifest, so a restore knows which
// one made a folder, refuses one from a newer major version, and restores only into an empty database unless forced.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  gridfsBucketsOf,
  indexesOf,
  listDataCollections,
  MANIFEST_FILE,
  nonEmptyCollections,
  readManifest,
  restoreJsonBackup,
  serverKind,
  verifyJsonBackup,
  writeJsonBackup,
  type BackupManifest,
  type CollectionEntry,
  type RestoreSummary,
} from './backup-json.js';
import { mongodump, mongorestore, toolAvailable } from './backup-tools.js';

export { BackupError, readManifest, type BackupManifest, type RestoreSummary };

export interface BackupOptions {
  appVersion: string;
  now: Date;
  /** The JSON export even where mongodump would do (a backup any Hồ sơ restores without the Database Tools). */
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function backupDatabase(conn: Connection, uri: string, dir: string, opts: BackupOptions): Promise<BackupManifest> {
  const server = await serverKind(conn);
  if (opts.json || server.kind !== 'mongodb' || !toolAvailable('mongodump', opts.env)) return writeJsonBackup(conn, dir, opts.appVersion, opts.now);
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.length > 0) throw new BackupError(`${dir} is not empty: choose a new folder for the backup`);
  const names = await listDataCollections(conn);
  const collections: CollectionEntry[] = [];
  for (const name of names) collections.push({ name, count: await conn.db!.collection(name).countDocuments(), indexes: await indexesOf(conn, name) });
  await mongodump(uri, dir, opts.env);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    kind: 'mongodump',
    appVersion: opts.appVersion,
    createdAt: opts.now.toISOString(),
    database: conn.db!.databaseName,
    server,
    collections,
    gridfsBuckets: gridfsBucketsOf(names),
  };
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return manifest;
}

/** Checks a backup folder without writing anything: the manifest, and for a JSON backup every file and line. */
export async function verifyBackup(dir: string, appVersion: string): Promise<BackupManifest> {
  const manifest = await readManifest(dir, appVersion);
  if (manifest.kind === 'json') await verifyJsonBackup(dir, manifest);
  return manifest;
}

export interface RestoreOptions {
  appVersion: string;
  force?: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function restoreDatabase(conn: Connection, uri: string, dir: string, opts: RestoreOptions): Promise<RestoreSummary> {
  const manifest = await readManifest(dir, opts.appVersion);
  if (manifest.kind === 'json') return restoreJsonBackup(conn, dir, manifest, { force: opts.force });
  if (!toolAvailable('mongorestore', opts.env)) throw new BackupError('this backup was made with mongodump: install the MongoDB Database Tools (mongorestore) to restore it');
  const busy = await nonEmptyCollections(conn);
  if (busy.length > 0 && !opts.force) throw new BackupError(`the database ${conn.db!.databaseName} is not empty: restore into an empty database, or add --force to replace its collections`);
  await mongorestore(uri, dir, manifest.database, conn.db!.databaseName, Boolean(opts.force), opts.env);
  const summary: RestoreSummary = { collections: 0, documents: 0, indexes: 0 };
  for (const c of manifest.collections) {
    const count = await conn.db!.collection(c.name).countDocuments();
    if (count !== c.count) throw new BackupError(`after mongorestore ${c.name} has ${count} document(s), the manifest says ${c.count}: check the mongorestore output`);
    summary.collections++;
    summary.documents += count;
    summary.indexes += c.indexes.filter((i) => i.name !== '_id_').length;
  }
  return summary;
}
