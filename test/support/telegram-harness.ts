// Starts the Telegram channel the way the runtime does (config → createChannels → express app → start) against
// the local Bot API stand-in, in polling or webhook mode, around any Engine: scripted or the real one.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Update } from 'grammy/types';
import { createChannels } from '../../bots/index.js';
import { loadConfig } from '../../src/config.js';
import type { Engine } from '../../src/engine/types.js';
import type { LaterReplyQueue } from '../../src/outbound/later-replies.js';
import type { LateStartLinks } from '../../src/channels/start-links.js';
import { createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { startFakeBotApi, type FakeBotApi, type Params } from './fake-bot-api.js';
import type { UpdateBody } from './telegram-updates.js';

export const WEBHOOK_SECRET = 'webhook_Secret-0123456789';
export type Mode = 'polling' | 'webhook';

export interface TelegramHarness<E extends Engine = Engine> {
  mode: Mode;
  api: FakeBotApi;
  engine: E;
  /** Every log line the adapter wrote (level debug), to check what does and does not reach the log. */
  logLines: string[];
  port: number;
  /**
   * Hands the update to the bot and resolves once it is handled: polling waits for grammY to confirm it,
   * a webhook POST carries the secret and must answer 200. A repeated update_id resolves at once in polling.
   */
  deliver(update: UpdateBody | Update): Promise<Update>;
  /** The first `n` messages the bot sent, once it has sent that many. */
  sent(n: number, timeoutMs?: number): Promise<Params[]>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Where replies Telegram did not take go (the runtime passes the outbox's); default: only logged. */
  laterReplies?: LaterReplyQueue;
  /** The engine's start links: attached to the running channel as the runtime does. */
  startLinks?: LateStartLinks;
}

export async function startTelegramHarness<E extends Engine>(mode: Mode, engine: E, opts: HarnessOptions = {}): Promise<TelegramHarness<E>> {
  const api = await startFakeBotApi();
  const logLines: string[] = [];
  const log = createLogger('debug', { write: (s: string) => void logLines.push(s) });
  // The webhook URL names the port, so the server listens before the app that answers on it exists.
  const late: { app?: Express } = {};
  const server: Server = createServer((req, res) => (late.app ? late.app(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    ...(mode === 'webhook' ? { TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`, TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
  });
  const channels = createChannels({ config, engine, log, ...(opts.laterReplies ? { laterReplies: opts.laterReplies } : {}) });
  opts.startLinks?.attach(channels.running);
  late.app = createApp({ readiness: async () => ({ ready: true, problems: [] }), mounts: channels.mounts });
  await channels.start({ port });
  return {
    mode,
    api,
    engine,
    logLines,
    port,
    async deliver(body) {
      if (mode === 'polling') {
        const update = api.pushUpdate(body);
        // Generous: on a loaded 2-core CI machine one turn (database writes, a QR code) can take seconds.
        await api.confirmed(update.update_id, 15_000);
        return update;
      }
      const r = await api.postToWebhook(body);
      if (r.status !== 200) throw new Error(`webhook answered ${r.status}: ${r.body}`);
      return r.update;
    },
    sent: (n, timeoutMs) => api.waitFor('sendMessage', n, timeoutMs),
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await channels.stop((e) => {
        throw e;
      });
      await api.close();
    },
  };
}
