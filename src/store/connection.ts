// Opens the one mongoose connection the process shares (app, CLI, Agenda); hides FerretDB/MongoDB differences.
import mongoose, { type Connection } from 'mongoose';
import { retryBusyOperations } from './server-busy.js';

export class DatabaseUnreachableError extends Error {
  constructor(readonly uri: string, cause: unknown) {
    super(`Cannot reach the database at ${uri}`, { cause });
    this.name = 'DatabaseUnreachableError';
  }
}

export interface ConnectOptions {
  dbName?: string;
  serverSelectionTimeoutMS?: number;
  /** Emit the driver's command events (tests check what reaches the database). */
  monitorCommands?: boolean;
}

export async function connectDatabase(uri: string, opts: ConnectOptions = {}): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    dbName: opts.dbName,
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 5_000,
    // Indexes are created explicitly (ensureIndexes) so a rejected one fails loudly, not silently.
    autoIndex: false,
    autoCreate: true,
    ...(opts.monitorCommands ? { monitorCommands: true } : {}),
  });
  // Before any model exists, so every collection it hands out tries FerretDB's SQLITE_BUSY again.
  retryBusyOperations(conn);
  try {
    await conn.asPromise();
    await conn.db!.admin().ping();
  } catch (e) {
    await conn.close(true).catch(() => undefined);
    throw new DatabaseUnreachableError(uri, e);
  }
  return conn;
}

export async function pingDatabase(conn: Connection): Promise<boolean> {
  try {
    if (conn.readyState !== 1 || !conn.db) return false;
    await conn.db.admin().ping();
    return true;
  } catch {
    return false;
  }
}

const flavors = new WeakMap<Connection, Promise<'ferretdb' | 'mongodb'>>();

/**
 * FerretDB or MongoDB: FerretDB v1 answers buildInfo with a `ferretdbVersion` field. Used only where a query
 * shape is fast on one and a table scan on the other (database.md §10), never for correctness.
 */
export function serverFlavor(conn: Connection): Promise<'ferretdb' | 'mongodb'> {
  let flavor = flavors.get(conn);
  if (!flavor) {
    flavor = conn
      .db!.admin()
      .command({ buildInfo: 1 })
      .then((info) => ('ferretdbVersion' in info ? 'ferretdb' : 'mongodb') as 'ferretdb' | 'mongodb')
      .catch(() => 'mongodb' as const);
    flavors.set(conn, flavor);
  }
  return flavor;
}

/** The playground's database: `<name>_playground` on the same server and pool (issue 12: never the real data). */
export const SANDBOX_SUFFIX = '_playground';
export function sandboxConnection(conn: Connection): Connection {
  // FerretDB and MongoDB take names of at most 63 characters (database.md).
  return conn.useDb(`${conn.db!.databaseName.slice(0, 63 - SANDBOX_SUFFIX.length)}${SANDBOX_SUFFIX}`, { useCache: true });
}
