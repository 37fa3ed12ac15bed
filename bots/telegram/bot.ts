// The Telegram bot: grammY receiving updates (long polling, or the webhook in webhook.ts) and feeding the engine.
import { autoRetry } from '@grammyjs/auto-retry';
import type { Router } from 'express';
import { Api, Bot, GrammyError, HttpError, type Context } from 'grammy';
import { createChatTurns } from '../../src/channels/chat-turns.js';
import type { Engine } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';
import type { LaterReplyQueue } from '../../src/outbound/later-replies.js';
import { describeError } from '../shared/describe-error.js';
import { createRecentIds } from '../shared/recent-ids.js';
import { telegramAccount } from './config.js';
import { translateUpdate, type Translation } from './inbound.js';
import { createGroupCooldown, sendGroupLine, sendPrivateReplies } from './replies.js';
import { createWebhookRouter } from './webhook.js';
import { telegramMedia } from './media.js';

export { requireSecretToken } from './webhook.js';

/** The customer flow reads messages and button taps only; anything else is not even fetched. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export interface RetryBounds {
  maxRetryAttempts: number;
  maxDelaySeconds: number;
}

/** Bounded on purpose (telegram.md): an unbounded wait inside a handler blocks the chat and can double-send. */
export const DEFAULT_RETRY: RetryBounds = { maxRetryAttempts: 3, maxDelaySeconds: 5 };

export interface TelegramBotOptions {
  token: string;
  /** Bot API server root; a self-hosted one or a test stand-in. */
  apiRoot?: string;
  engine: Engine;
  log: Logger;
  /** Webhook mode when set (Telegram posts to `url`, which must reach `webhookRouter`); long polling otherwise. */
  webhook?: { url: string; secret: string };
  retry?: RetryBounds;
  /** Seconds one getUpdates call may wait for news (Telegram allows up to 50). */
  pollingTimeoutSeconds?: number;
  /** A group gets at most one reply per this many milliseconds, however often the bot is addressed there. */
  groupReplyCooldownMs?: number;
  /** Replies Telegram did not take (network, 5xx after auto-retry) go here, to be sent later by the outbox. */
  laterReplies?: LaterReplyQueue;
  /** Polling only: how often a failing update is tried, and the pause before the second try (doubling). */
  updateRetry?: UpdateRetry;
  now?: () => number;
}

export interface UpdateRetry {
  attempts: number;
  pauseMs: number;
}

/**
 * Bounded: grammY's polling handles updates one after another, so a failing one holds the next ones for at most
 * ~3 s before it is given up (and logged); a webhook is not retried here, Telegram redelivers it.
 */
export const DEFAULT_UPDATE_RETRY: UpdateRetry = { attempts: 3, pauseMs: 1_000 };

export interface TelegramBot {
  /** The bot's numeric id, used as `account` in every address. */
  readonly account: string;
  /** Webhook mode only: mount it at the path of the webhook URL (see bots/index.ts). */
  readonly webhookRouter?: Router;
  /** The bot's @username once start() has read it (getMe): deep links need it. */
  readonly username: string | undefined;
  /** Checks the token (getMe), then starts polling or registers the webhook. Rejects with a clear reason. */
  start(): Promise<void>;
  /** Stops fetching, lets in-flight steps finish and confirms the last update to Telegram. */
  stop(): Promise<void>;
}

export function createTelegramBot(opts: TelegramBotOptions): TelegramBot {
  const { engine, log } = opts;
  const account = telegramAccount(opts.token);
  const bot = new Bot(opts.token, {
    // grammY's default request timeout is 500 s; a stuck sendMessage must not hold a chat that long.
    client: { apiRoot: opts.apiRoot, timeoutSeconds: 60 },
  });
  // auto-retry retries network errors in an inner loop that ignores maxRetryAttempts (auto-retry 2.0.2,
  // out/mod.js `call()`), so those are rethrown and the per-update catch logs them instead.
  bot.api.config.use(autoRetry({ ...(opts.retry ?? DEFAULT_RETRY), rethrowHttpErrors: true }));

  const recent = createRecentIds();
  const turns = createChatTurns(engine);
  const groupMayReply = createGroupCooldown(opts.groupReplyCooldownMs ?? 60_000, opts.now ?? Date.now);

  function turn(api: Api, t: Extract<Translation, { kind: 'handle' }>, updateId: number): Promise<void> {
    const { chatId } = t;
    // The bytes of a photo are fetched only if the engine decides to keep it (a staff member's, with consent).
    const inbound = t.inbound.event.kind === 'photo' ? { ...t.inbound, media: telegramMedia(api, opts.token, opts.apiRoot) } : t.inbound;
    if (inbound.chatType === 'group') {
      return turns.runFor(inbound, async () => {
        if (groupMayReply(chatId)) await sendGroupLine(api, chatId, await engine.handle(inbound));
      });
    }
    const sharedContact = inbound.event.kind === 'contact';
    const privateTurn = { chatId, sharedContact, updateId, address: inbound.address, ...(t.callback ? { callback: t.callback } : {}) };
    return turns.run(inbound, (replies) => sendPrivateReplies(api, privateTurn, replies, log, opts.laterReplies));
  }

  const retry = opts.updateRetry ?? DEFAULT_UPDATE_RETRY;
  // Updates being handled now: a redelivery that arrives meanwhile waits for the first try's outcome.
  const inFlight = new Map<number, Promise<void>>();

  async function handle(ctx: Context): Promise<void> {
    const updateId = ctx.update.update_id;
    const t = translateUpdate(ctx.update, { id: ctx.me.id, username: ctx.me.username });
    if (t.callback) {
      // Answer at once, before the engine, so the guest's button stops spinning even if the step fails.
      await ctx.api.answerCallbackQuery(t.callback.id).catch((e: unknown) => {
        log.debug({ updateId, ...describeError(e) }, 'could not answer callback query');
      });
    }
    if (t.kind === 'ignore') {
      log.debug({ updateId, reason: t.reason }, 'Telegram update ignored');
      return;
    }
    log.debug({ updateId, event: t.inbound.event.kind, chatType: t.inbound.chatType }, 'Telegram update');
    // Polling: grammY confirms an update once its handler returns, failed or not, so a failure is tried again
    // here. A webhook throws instead: the 500 makes Telegram deliver it again.
    const attempts = opts.webhook ? 1 : Math.max(1, retry.attempts);
    for (let attempt = 1; ; attempt++) {
      try {
        await turn(ctx.api, t, updateId);
        return;
      } catch (e) {
        if (attempt >= attempts) throw e;
        log.warn({ updateId, attempt, ...describeError(e) }, 'Telegram update failed; trying it again');
        await new Promise((resolve) => setTimeout(resolve, retry.pauseMs * 2 ** (attempt - 1)));
      }
    }
  }

  // One middleware for everything. An update counts as processed only once its effects are saved: a failure
  // is not remembered, so its redelivery is handled again; a redelivery of a handled one is a no-op (here,
  // or after a restart by the engine's eventId check).
  bot.use(async (ctx) => {
    const updateId = ctx.update.update_id;
    if (recent.has(String(updateId))) {
      log.info({ updateId }, 'duplicate Telegram update ignored');
      return;
    }
    const running = inFlight.get(updateId);
    if (running) {
      log.info({ updateId }, 'Telegram update redelivered while being handled: waiting for it');
      return running;
    }
    const work = handle(ctx);
    inFlight.set(updateId, work);
    try {
      await work;
      recent.add(String(updateId));
    } catch (e) {
      log.error({ updateId, ...describeError(e) }, opts.webhook ? 'Telegram update failed: answered 500, Telegram will deliver it again' : 'Telegram update failed after every try: given up');
      // Polling goes on with the next update (bot.catch); a webhook answers 500 (webhook.ts).
      throw e;
    } finally {
      inFlight.delete(updateId);
    }
  });
  // Polling only (a webhook's failure reaches express): logged above, so nothing more to say; the loop goes on.
  bot.catch(() => undefined);

  const webhookRouter = opts.webhook ? createWebhookRouter(bot, opts.webhook.secret, log) : undefined;
  let polling: Promise<void> | undefined;
  let stopped = false;

  return {
    account,
    webhookRouter,
    get username() {
      return (bot.botInfo as Bot['botInfo'] | undefined)?.username;
    },
    async start() {
      bot.botInfo = await checkToken(bot.api, opts.apiRoot);
      if (opts.webhook) {
        await bot.api.setWebhook(opts.webhook.url, {
          secret_token: opts.webhook.secret,
          allowed_updates: [...ALLOWED_UPDATES],
        });
        log.info({ account }, 'Telegram bot receiving updates by webhook');
        return;
      }
      const onStopped = (e: unknown): void => {
        // 401 (token revoked) or 409 (another instance polls) mean nothing more arrives until someone acts.
        if (!stopped) log.error({ account, ...describeError(e) }, 'Telegram polling stopped');
      };
      polling = (await startPolling(bot, { timeoutSeconds: opts.pollingTimeoutSeconds ?? 30, onStopped })).loop;
      log.info({ account }, 'Telegram bot receiving updates by long polling');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (polling) {
        await bot.stop().catch((e: unknown) => log.warn(describeError(e), 'could not confirm the last Telegram update'));
        await polling;
      }
      await turns.idle();
    },
  };
}

/**
 * Starts long polling; resolves once it runs, with the loop's promise boxed (a bare promise would be adopted
 * and start-up would wait for polling to end). A failure before that rejects: start-up stops with it.
 */
function startPolling(bot: Bot, o: { timeoutSeconds: number; onStopped: (e: unknown) => void }): Promise<{ loop: Promise<void> }> {
  let running = false;
  return new Promise((resolve, reject) => {
    const onStart = (): void => {
      running = true;
      resolve({ loop });
    };
    const loop: Promise<void> = bot.start({ allowed_updates: [...ALLOWED_UPDATES], timeout: o.timeoutSeconds, onStart }).catch((e: unknown) => {
      if (!running) reject(e instanceof Error ? e : new Error(String(e)));
      else o.onStopped(e);
    });
  });
}

/** getMe with a reason a person can act on, so a wrong token stops start-up instead of failing quietly later. */
async function checkToken(api: Api, apiRoot = 'https://api.telegram.org'): Promise<Bot['botInfo']> {
  try {
    return await api.getMe();
  } catch (e) {
    if (e instanceof GrammyError && e.error_code === 401) throw new Error('Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)');
    if (e instanceof HttpError) throw new Error(`cannot reach the Telegram Bot API at ${apiRoot}`);
    throw e;
  }
}
