// The owner's web page the way the runtime mounts it (src/web/router.ts on the express app), on the test
// database, with the real engine behind the fake Telegram Bot API so a test can ask for a login link by chat.
import type { AddressInfo } from 'node:net';
import { createEngine } from '../../src/engine/engine.js';
import { createApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { editableCardFields, webEditField } from '../../src/services/card-edits.js';

import { createLogger } from '../../src/log.js';
import type { WebAccessSettings } from '../../src/services/web-login.js';
import { createStore, type Store } from '../../src/store/index.js';
import { createWebRouter, type WebDeps } from '../../src/web/router.js';
import { SETTINGS } from './chat.js';
import { TestClock } from './clock.js';
import type { TestDb } from './db.js';
import { startTelegramHarness, type TelegramHarness } from './telegram-harness.js';
import { command, GUEST } from './telegram-updates.js';

export interface WebHarness {
  store: Store;
  clock: TestClock;
  baseUrl: string;
  web: WebAccessSettings;
  telegram: TelegramHarness;
  /** Sends /web from a Telegram user and returns the link the bot answered with. */
  linkByChat(user?: typeof GUEST): Promise<string>;
  stop(): Promise<void>;
}

export async function startWebHarness(db: TestDb, opts: { at?: string; editing?: Pick<WebDeps, 'editField' | 'editableFields'>; allowStaff?: boolean } = {}): Promise<WebHarness> {
  const clock = new TestClock(opts.at ?? '2026-12-02T03:00:00Z');
  const store = createStore(db.conn, clock.now);
  const log = createLogger('silent');
  // The link names the server, so the server listens before the router that needs the URL exists.
  const late: { app?: ReturnType<typeof createApp> } = {};
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => (late.app ? late.app(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const web: WebAccessSettings = { baseUrl, allowStaff: opts.allowStaff ?? false, linkTtlMs: 10 * 60_000, sessionTtlMs: 12 * 3_600_000 };
  const router = createWebRouter({
    store,
    log,
    now: clock.now,
    settings: { spaName: SETTINGS.spaName, timeZone: SETTINGS.timeZone, defaultLanguage: 'vi', staffVisibility: 'masked', web, secureCookies: false, shown: [['SPA_NAME', SETTINGS.spaName]] },
    editField: webEditField({ now: clock.now, timeZone: SETTINGS.timeZone }),
    editableFields: (c) => editableCardFields(c.lang),
    ...(opts.editing ?? {}),
    editableSettings: { base: loadConfig({ SPA_SERVICES: SETTINGS.services.join(',') }), saved: async () => undefined },
  });
  late.app = createApp({ readiness: async () => ({ ready: true, problems: [] }), mounts: [{ path: '/web', router }] });
  const engine = createEngine({ store, settings: { ...SETTINGS, owners: [{ channel: 'telegram', userId: String(GUEST.id) }], web }, now: clock.now, log });
  const telegram = await startTelegramHarness('webhook', engine);
  return {
    store,
    clock,
    baseUrl,
    web,
    telegram,
    async linkByChat(user = GUEST) {
      const before = telegram.api.callsTo('sendMessage').length;
      await telegram.deliver(command(user, '/web'));
      // Generous: the whole suite on 2 cores can keep one reply waiting for seconds.
      const sent = await telegram.sent(before + 1, 30_000);
      const text = String(sent[before]!.text);
      const url = /https?:\/\/\S+/.exec(text)?.[0];
      if (!url) throw new Error(`no link in the bot's answer: ${text}`);
      return url;
    },
    async stop() {
      await telegram.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

