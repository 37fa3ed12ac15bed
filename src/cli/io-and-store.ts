// Opens what a CLI command needs (config, database, store) and always closes it again.
import { loadConfig, maskUri, segmentSettingsOf, withOverrides, type Config } from '../config.js';
import { resolveDatabase } from '../devdb/resolve.js';
import { connectDatabase, DatabaseUnreachableError } from '../store/connection.js';
import { createStore, ensureIndexes, type Store } from '../store/index.js';
import { withSegmentHook } from '../services/segment-hook.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Raw bytes for exports (CSV with BOM). */
  write(chunk: string): void;
}

export const processIo: CliIo = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  write: (c) => process.stdout.write(c),
};

/** A user mistake: printed as one line, exit code 1. */
export class CliError extends Error {}

export async function withStore<T>(env: Record<string, string | undefined> | undefined, fn: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = env ? loadConfig(env) : loadConfig();
  const db = await resolveDatabase(config);
  try {
    const conn = await connectDatabase(db.uri, { serverSelectionTimeoutMS: 3_000 }).catch((e: unknown) => {
      if (e instanceof DatabaseUnreachableError) throw new CliError(`Cannot reach the database at ${maskUri(e.uri)}`);
      throw e;
    });
    try {
      await ensureIndexes(conn);
      const store = createStore(conn);
      // The owner's changes from the settings page count here too, as in every running process (live-settings.ts).
      const live = withOverrides(config, (await store.spaSettings.read()).values).config;
      // A card added or changed here gets its segment at once, as in the chat.
      return await fn(withSegmentHook(store, { now: () => new Date(), settings: segmentSettingsOf(live) }), live);
    } finally {
      await conn.close();
    }
  } finally {
    await db.stop();
  }
}
