// Composition root: config → database → store → channels → HTTP → jobs, and the reverse on shutdown.
import type { Router } from 'express';
import type { Config } from './config.js';
import { maskUri } from './config.js';
import { resolveDatabase } from './devdb/resolve.js';
import { createApp } from './http/app.js';
import { listen } from './http/server.js';
import type { Logger } from './log.js';
import { connectDatabase, pingDatabase } from './store/connection.js';
import { createStore, ensureIndexes, type Store } from './store/index.js';

export interface Hoso {
  port: number;
  uri: string;
  store: Store;
  stop(): Promise<void>;
}

export interface StartOptions {
  now?: () => Date;
}

export async function startHoso(config: Config, log: Logger, opts: StartOptions = {}): Promise<Hoso> {
  const db = await resolveDatabase(config);
  if (db.embedded) {
    log.info({ dataDir: config.DATA_DIR }, 'no MONGODB_URI set: using the embedded FerretDB development database (data kept in DATA_DIR)');
  } else {
    log.info({ uri: maskUri(db.uri) }, 'using the database from MONGODB_URI');
  }
  let conn;
  try {
    conn = await connectDatabase(db.uri);
  } catch (e) {
    await db.stop();
    throw e;
  }
  await ensureIndexes(conn);
  const store = createStore(conn, opts.now);

  const mounts: { path: string; router: Router }[] = [];
  const stoppers: (() => Promise<void>)[] = [];

  const app = createApp({
    readiness: async () => {
      const dbOk = await pingDatabase(conn);
      return { ready: dbOk, problems: dbOk ? [] : ['database unreachable'] };
    },
    mounts,
  });
  const http = await listen(app, config.PORT, config.HOST);
  log.info({ port: http.port }, 'HTTP server listening (/healthz, /readyz)');

  let stopped = false;
  return {
    port: http.port,
    uri: db.uri,
    store,
    async stop() {
      if (stopped) return;
      stopped = true;
      await http.close();
      for (const s of stoppers.reverse()) await s().catch((e: unknown) => log.error({ err: e }, 'error while stopping'));
      await conn.close();
      await db.stop();
      log.info('stopped');
    },
  };
}
