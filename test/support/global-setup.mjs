// Jest global setup: one throw-away FerretDB for the whole run unless MONGODB_URI points elsewhere.
// Plain ESM importing the compiled launcher: jest loads global setup outside its module mapper,
// so `npm test` builds dist/ first (see package.json).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretDb } from '../../dist/src/devdb/ferretdb.js';

export default async function globalSetup() {
  if (process.env.MONGODB_URI) return;
  const dir = mkdtempSync(join(tmpdir(), 'hoso-test-db-'));
  const db = await startFerretDb({ dataDir: dir, port: 0 });
  globalThis.__HOSO_FERRETDB__ = { db, dir };
  // Workers inherit this environment, so every test file finds the server.
  process.env.HOSO_TEST_MONGODB_URI = db.uri;
  // Even if jest dies without teardown, the server must not outlive it.
  process.once('exit', () => {
    try {
      process.kill(db.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  });
}
