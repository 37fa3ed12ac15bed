// One database per jest worker on the real server (FerretDB from global setup, or MONGODB_URI); dropped after each file.
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/store/connection.js';
import { ensureIndexes } from '../../src/store/index.js';

export function testMongoUri(): string {
  const uri = process.env.MONGODB_URI ?? process.env.HOSO_TEST_MONGODB_URI;
  if (!uri) throw new Error('No test database: run through jest (global setup starts FerretDB) or set MONGODB_URI');
  return uri;
}

export function testDbName(suffix = ''): string {
  return `hoso_test_w${process.env.JEST_WORKER_ID ?? '0'}${suffix ? '_' + suffix : ''}`;
}

export interface TestDb {
  conn: Connection;
  uri: string;
  dbName: string;
  /** The server URI with this worker's database in its path: what MONGODB_URI gets in CLI and runtime tests. */
  dbUri: string;
  /** Removes every document from every collection, keeping indexes. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export async function openTestDb(suffix = ''): Promise<TestDb> {
  const uri = testMongoUri();
  const dbName = testDbName(suffix);
  const conn = await connectDatabase(uri, { dbName });
  await conn.db!.dropDatabase();
  await ensureIndexes(conn);
  const withDb = new URL(uri);
  withDb.pathname = '/' + dbName;
  return {
    conn,
    uri,
    dbName,
    dbUri: withDb.toString(),
    async clear() {
      const cols = await conn.db!.collections();
      for (const c of cols) await c.deleteMany({});
    },
    async close() {
      await conn.db!.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}
