// Which channels run, decided by the configuration: the Telegram bot when a token is set, else the web playground.
import type { Router } from 'express';
import type { Config } from '../src/config.js';
import type { Engine } from '../src/engine/types.js';
import type { Logger } from '../src/log.js';
import type { ChannelSender } from '../src/outbound/types.js';
import { createPlaygroundRouter } from './playground/router.js';
import { createTelegramBot, type TelegramBot } from './telegram/bot.js';
import { createTelegramSender } from './telegram/sender.js';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
export const PLAYGROUND_PATH = '/playground';

export interface ChannelDeps {
  config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_WEBHOOK_SECRET' | 'PLAYGROUND'>;
  engine: Engine;
  log: Logger;
  /** The express app's mount list: fill it before `createApp`. */
  mounts: { path: string; router: Router }[];
  /** Run in reverse order on shutdown, after the HTTP server stopped taking requests. */
  stoppers: (() => Promise<void>)[];
}

export interface Channels {
  /** Call once the HTTP server listens (a webhook must be reachable before Telegram is told about it). */
  start(http: { port: number }): Promise<void>;
  /** One sender per configured channel, for the outbox dispatcher. */
  senders: ChannelSender[];
  telegram?: TelegramBot;
}

export function mountChannels(deps: ChannelDeps): Channels {
  const { config, engine, log, mounts, stoppers } = deps;
  const token = config.TELEGRAM_BOT_TOKEN;

  if (token) {
    const webhookUrl = config.TELEGRAM_WEBHOOK_URL;
    const secret = config.TELEGRAM_WEBHOOK_SECRET;
    // loadConfig already refuses a webhook URL without its secret; this keeps the type honest.
    const webhook = webhookUrl && secret ? { url: webhookUrl, secret } : undefined;
    const telegram = createTelegramBot({ token, apiRoot: config.TELEGRAM_API_ROOT, engine, log, webhook });
    if (telegram.webhookRouter) {
      mounts.push({ path: TELEGRAM_WEBHOOK_PATH, router: telegram.webhookRouter });
      if (webhookUrl && new URL(webhookUrl).pathname.replace(/\/$/, '') !== TELEGRAM_WEBHOOK_PATH) {
        log.warn({ path: TELEGRAM_WEBHOOK_PATH }, 'TELEGRAM_WEBHOOK_URL does not end in the webhook path: make sure the proxy forwards it there');
      }
    }
    stoppers.push(() => telegram.stop());
    return {
      telegram,
      senders: [createTelegramSender({ token, apiRoot: config.TELEGRAM_API_ROOT })],
      start: () => telegram.start(),
    };
  }

  if (config.PLAYGROUND) {
    mounts.push({ path: PLAYGROUND_PATH, router: createPlaygroundRouter({ engine, log }) });
    return {
      senders: [],
      async start({ port }) {
        log.info({ port }, `no TELEGRAM_BOT_TOKEN: try the intake at http://localhost:${port}${PLAYGROUND_PATH}`);
      },
    };
  }

  return {
    senders: [],
    async start() {
      log.warn('no channel configured: set TELEGRAM_BOT_TOKEN, or PLAYGROUND=true to try the intake in a browser');
    },
  };
}
