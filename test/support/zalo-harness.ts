// The Zalo channel as the runtime builds it (config → createZaloChannel → express app), against the Zalo stand-in.
import { createZaloChannel, type ZaloChannel } from '../../bots/zalo/index.js';
import { zaloSettings } from '../../bots/zalo/config.js';
import { loadConfig } from '../../src/config.js';
import type { Engine } from '../../src/engine/types.js';
import { outboxReplyQueue } from '../../src/outbound/later-replies.js';
import { createApp } from '../../src/http/app.js';
import { listen, type RunningServer } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { TestClock } from './clock.js';
import type { TestDb } from './db.js';
import { ZALO_TEST } from './zalo-events.js';
import { startZaloStandin, type ZaloStandin } from './zalo-standin.js';

export interface ZaloHarness {
  zalo: ZaloChannel;
  standin: ZaloStandin;
  store: Store;
  /** Base URL of the app; the webhook is at `${url}/zalo/webhook`. */
  url: string;
  webhookUrl: string;
  /** Every log line, to check for alerts and for the absence of personal data. */
  logLines: string[];
  /** Env for `runCli`, pointing at the same database and OA. */
  env: Record<string, string>;
  /** Stores a fresh token pair issued by the stand-in. */
  seedTokens(): Promise<void>;
  stop(): Promise<void>;
}

export async function startZaloHarness(db: TestDb, clock: TestClock, engine: Engine, extraEnv: Record<string, string> = {}): Promise<ZaloHarness> {
  const standin = await startZaloStandin();
  const env = {
    MONGODB_URI: db.dbUri,
    LOG_LEVEL: 'silent',
    ZALO_APP_ID: ZALO_TEST.appId,
    ZALO_OA_ID: ZALO_TEST.oaId,
    ZALO_OA_SECRET_KEY: ZALO_TEST.oaSecretKey,
    ZALO_APP_SECRET: standin.appSecret,
    ZALO_API_BASE: standin.url,
    ZALO_OAUTH_BASE: standin.url,
    ZALO_ZNS_BASE: standin.url,
    ...extraEnv,
  };
  const settings = zaloSettings(loadConfig(env));
  if (!settings) throw new Error('harness: Zalo settings incomplete');
  const logLines: string[] = [];
  const log = createLogger('debug', { write: (s: string) => void logLines.push(s) });
  const store = createStore(db.conn, clock.now);
  // Replies Zalo did not take go to the outbox, as in the runtime (src/runtime.ts).
  const zalo = createZaloChannel({ settings, repos: store.zalo, engine, log, now: clock.now, laterReplies: outboxReplyQueue(store.outbox, clock.now) });
  // Readiness as the runtime reports it: the database plus whatever Zalo needs an operator for.
  const app = createApp({
    readiness: async () => {
      const problems = await zalo.problems();
      return { ready: problems.length === 0, problems };
    },
    mounts: [{ path: settings.webhookPath, router: zalo.router }],
  });
  const http: RunningServer = await listen(app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${http.port}`;
  return {
    zalo,
    standin,
    store,
    url,
    webhookUrl: url + settings.webhookPath,
    logLines,
    env,
    async seedTokens() {
      const pair = standin.issuePair();
      await store.zalo.tokens.replace(ZALO_TEST.oaId, { ...pair, expiresInS: 90_000 }, clock.now());
    },
    async stop() {
      await http.close(100);
      await zalo.stop();
      await standin.stop();
    },
  };
}
