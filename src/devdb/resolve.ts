// Decides which database a process uses: MONGODB_URI when set, else the embedded FerretDB on ./data
// (reusing one another process of ours already started, so `npm start` and the CLI share it).
import { connect } from 'node:net';
import type { Config } from '../config.js';
import { startFerretDb } from './ferretdb.js';

export interface ResolvedDatabase {
  uri: string;
  embedded: boolean;
  /** Stops the embedded server if this process started it. */
  stop(): Promise<void>;
}

function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function resolveDatabase(config: Pick<Config, 'MONGODB_URI' | 'DATA_DIR' | 'DEV_DB_PORT'>): Promise<ResolvedDatabase> {
  if (config.MONGODB_URI) return { uri: config.MONGODB_URI, embedded: false, stop: async () => undefined };
  const host = '127.0.0.1';
  if (config.DEV_DB_PORT !== 0 && (await portOpen(host, config.DEV_DB_PORT))) {
    return { uri: `mongodb://${host}:${config.DEV_DB_PORT}/hoso?directConnection=true`, embedded: true, stop: async () => undefined };
  }
  const db = await startFerretDb({ dataDir: config.DATA_DIR, port: config.DEV_DB_PORT, host });
  return { uri: db.uri.replace('/?', '/hoso?'), embedded: true, stop: () => db.stop() };
}
