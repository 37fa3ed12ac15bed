// Jest global teardown: stops the throw-away FerretDB and removes its files, also after failures.
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const running = globalThis.__HOSO_FERRETDB__;
  if (!running) return;
  await running.db.stop();
  rmSync(running.dir, { recursive: true, force: true });
  globalThis.__HOSO_FERRETDB__ = undefined;
}
