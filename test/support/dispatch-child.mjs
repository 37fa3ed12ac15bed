// Runs one outbox dispatch from compiled code (npm run build) in its own process, so a test can kill it mid-batch.
// Env: HOSO_TEST_URI, HOSO_DB, API_ROOT, TOKEN, HOSO_NOW (the virtual clock starts there; sleeping advances it),
// HOSO_CONCURRENCY (rows in flight at once).
import { createJobContext } from '../../dist/jobs/job-deps.js';
import { dispatchDue } from '../../dist/jobs/dispatch.js';
import { standaloneSenders } from '../../dist/jobs/senders.js';
import { loadConfig } from '../../dist/src/config.js';
import { createLogger } from '../../dist/src/log.js';
import { connectDatabase } from '../../dist/src/store/connection.js';

const env = process.env;
const config = loadConfig({ LOG_LEVEL: 'silent', TELEGRAM_BOT_TOKEN: env.TOKEN, TELEGRAM_API_ROOT: env.API_ROOT, OWNER_TELEGRAM_IDS: '999' });
let t = Date.parse(env.HOSO_NOW);
const clock = { now: () => new Date(t), sleep: async (ms) => void (t += ms) };
const conn = await connectDatabase(env.HOSO_TEST_URI, { dbName: env.HOSO_DB });
const settings = { dispatchConcurrency: Number(env.HOSO_CONCURRENCY ?? 4) };
const ctx = createJobContext({ conn, config, log: createLogger('silent'), senders: standaloneSenders(config), clock, settings });
process.stdout.write('ready\n');
const summary = await dispatchDue(ctx);
process.stdout.write(JSON.stringify(summary) + '\n');
await conn.close();
