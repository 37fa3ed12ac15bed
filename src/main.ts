// `npm start`: runs Hồ sơ in one process and shuts it down gracefully on SIGTERM/SIGINT.
import { ConfigError, loadConfig, maskUri } from './config.js';
import { createLogger } from './log.js';
import { startHoso } from './runtime.js';
import { DatabaseUnreachableError } from './store/connection.js';
import { EmbeddedDatabaseUnavailableError } from './devdb/ferretdb.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL, undefined, { format: config.LOG_FORMAT });
  let hoso;
  try {
    hoso = await startHoso(config, log);
  } catch (e) {
    if (e instanceof EmbeddedDatabaseUnavailableError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    if (e instanceof DatabaseUnreachableError) {
      process.stderr.write(`Cannot reach the database at ${maskUri(e.uri)}: is it running? (set MONGODB_URI, or unset it to use the embedded one)\n`);
      process.exit(1);
    }
    throw e;
  }
  const shutdown = (signal: string): void => {
    log.info({ signal }, 'shutting down');
    hoso.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error({ err: e }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`Hồ sơ could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
