// The Telegram adapter: a grammY bot that feeds the engine, by long polling or by webhook on the express app.
import { createHash, timingSafeEqual } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { Api, Bot, GrammyError, HttpError, webhookCallback } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { z } from 'zod';
import type { Engine } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';
import { describeError } from '../shared/describe-error.js';
import { createKeyedSerializer } from '../shared/keyed-serializer.js';
import { createRecentIds } from '../shared/recent-ids.js';
import { renderReplies } from './render.js';
import { translateUpdate, type Translation } from './translate.js';

/** The customer flow reads messages and button taps only; anything else is not even fetched. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** grammY answers Telegram after this long and lets the step finish; a late answer would trigger a redelivery. */
const WEBHOOK_ANSWER_MS = 10_000;
/** Updates are small; a cap keeps an unauthenticated-looking flood from costing memory. */
const WEBHOOK_BODY_LIMIT = '1mb';

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
  now?: () => number;
}

export interface TelegramBot {
  /** The bot's numeric id, used as `account` in every address. */
  readonly account: string;
  /** Webhook mode only: mount it at the path of the webhook URL (see bots/index.ts). */
  readonly webhookRouter?: Router;
  /** Checks the token (getMe), then starts polling or registers the webhook. Rejects with a clear reason. */
  start(): Promise<void>;
  /** Stops fetching, lets in-flight steps finish and confirms the last update to Telegram. */
  stop(): Promise<void>;
}

export function createTelegramBot(opts: TelegramBotOptions): TelegramBot {
  const { engine, log } = opts;
  const now = opts.now ?? Date.now;
  const account = opts.token.split(':')[0] ?? '';
  const bot = new Bot(opts.token, {
    // grammY's default request timeout is 500 s; a stuck sendMessage must not hold a chat that long.
    client: { apiRoot: opts.apiRoot, timeoutSeconds: 60 },
  });
  // auto-retry retries network errors in an inner loop that ignores maxRetryAttempts (auto-retry 2.0.2,
  // out/mod.js `call()`), so those are rethrown and the per-update catch logs them instead.
  bot.api.config.use(autoRetry({ ...(opts.retry ?? DEFAULT_RETRY), rethrowHttpErrors: true }));

  const recent = createRecentIds();
  const chats = createKeyedSerializer();
  const groupRepliedAt = new Map<number, number>();
  const cooldownMs = opts.groupReplyCooldownMs ?? 60_000;

  const groupMayReply = (chatId: number): boolean => {
    const t = now();
    const last = groupRepliedAt.get(chatId);
    if (last !== undefined && t - last < cooldownMs) return false;
    groupRepliedAt.set(chatId, t);
    if (groupRepliedAt.size > 10_000) groupRepliedAt.clear(); // a memory bound; forgetting only allows one more line
    return true;
  };

  async function step(api: Api, t: Extract<Translation, { kind: 'handle' }>, updateId: number): Promise<void> {
    const { inbound, chatId } = t;
    if (inbound.chatType === 'group') {
      // Groups get at most one short line (the engine's copy, plain text) and never the customer flow.
      if (!groupMayReply(chatId)) return;
      const [first] = renderReplies(await engine.handle(inbound), { plainText: true }).messages;
      if (first) await api.sendMessage(chatId, first.text);
      return;
    }
    const replies = await engine.handle(inbound);
    if (t.callback?.messageId !== undefined) {
      // Take the tapped buttons away so a second tap on an old card cannot answer twice.
      await api.editMessageReplyMarkup(chatId, t.callback.messageId).catch((e: unknown) => {
        log.debug({ updateId, ...describeError(e) }, 'could not remove tapped buttons');
      });
    }
    const removeReplyKeyboard = inbound.event.kind === 'contact' ? 'now' : 'when-free';
    const { messages, warnings } = renderReplies(replies, { removeReplyKeyboard });
    for (const warning of warnings) log.warn({ updateId, warning }, 'reply adjusted for Telegram limits');
    for (const m of messages) {
      const sent = await api.sendMessage(chatId, m.text, m.reply_markup ? { reply_markup: m.reply_markup } : {});
      if (m.inlineAfterSend) await attachButtons(api, chatId, sent.message_id, m.text, m.inlineAfterSend, updateId);
    }
  }

  /** Adds buttons to a message just sent; if Telegram refuses the edit, the guest gets the text again with them. */
  async function attachButtons(api: Api, chatId: number, messageId: number, text: string, markup: InlineKeyboardMarkup, updateId: number): Promise<void> {
    try {
      await api.editMessageReplyMarkup(chatId, messageId, { reply_markup: markup });
    } catch (e) {
      log.warn({ updateId, ...describeError(e) }, 'could not add buttons after removing the phone keyboard; sending them again');
      await api.sendMessage(chatId, text, { reply_markup: markup });
    }
  }

  // One middleware for everything: any failure is caught here, so one bad update never stops the bot
  // (and a webhook still answers 200, so Telegram does not redeliver a poison update forever).
  bot.use(async (ctx) => {
    const updateId = ctx.update.update_id;
    if (!recent.firstTime(String(updateId))) {
      log.info({ updateId }, 'duplicate Telegram update ignored');
      return;
    }
    try {
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
      await chats.run(String(t.chatId), () => step(ctx.api, t, updateId));
    } catch (e) {
      log.error({ updateId, ...describeError(e) }, 'Telegram update failed');
    }
  });
  bot.catch((e) => log.error({ updateId: e.ctx.update.update_id, ...describeError(e.error) }, 'Telegram update failed'));

  const webhookRouter = opts.webhook ? createWebhookRouter(bot, opts.webhook.secret, log) : undefined;
  let polling: Promise<void> | undefined;
  let stopped = false;

  return {
    account,
    webhookRouter,
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
      let running = false;
      await new Promise<void>((resolve, reject) => {
        const onStart = () => {
          running = true;
          resolve();
        };
        polling = bot.start({ allowed_updates: [...ALLOWED_UPDATES], timeout: opts.pollingTimeoutSeconds ?? 30, onStart }).catch((e: unknown) => {
          // Before onStart this fails start(); after it, 401 (token revoked) or 409 (another instance polls)
          // mean nothing more arrives until someone acts, so it must be loud.
          if (!running) reject(e instanceof Error ? e : new Error(String(e)));
          else if (!stopped) log.error({ account, ...describeError(e) }, 'Telegram polling stopped');
        });
      });
      log.info({ account }, 'Telegram bot receiving updates by long polling');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (polling) {
        await bot.stop().catch((e: unknown) => log.warn(describeError(e), 'could not confirm the last Telegram update'));
        await polling;
      }
      await chats.idle();
    },
  };
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

const webhookBody = z.looseObject({ update_id: z.number().int().nonnegative() });

function createWebhookRouter(bot: Bot, secret: string, log: Logger): Router {
  const router = Router();
  const handleUpdate = webhookCallback(bot, 'express', { onTimeout: 'return', timeoutMilliseconds: WEBHOOK_ANSWER_MS });
  const isUpdate: RequestHandler = (req, res, next) => {
    if (!webhookBody.safeParse(req.body).success) {
      res.status(400).json({ error: 'not a Telegram update' });
      return;
    }
    next();
  };
  // The secret is checked before the body is even parsed: strangers cost nothing.
  router.post('/', requireSecretToken(secret), express.json({ limit: WEBHOOK_BODY_LIMIT }), isUpdate, handleUpdate);
  const onError: ErrorRequestHandler = (err: { status?: number; type?: string }, _req, res, _next) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) log.error(describeError(err), 'Telegram webhook failed');
    res.status(status).json({ error: status === 500 ? 'internal error' : 'bad request' });
  };
  router.use(onError);
  return router;
}

/** Telegram's X-Telegram-Bot-Api-Secret-Token, compared in constant time (hashing first hides the length too). */
export function requireSecretToken(secret: string): RequestHandler {
  const expected = createHash('sha256').update(secret).digest();
  return (req, res, next) => {
    const got = req.get('X-Telegram-Bot-Api-Secret-Token');
    if (got === undefined || !timingSafeEqual(createHash('sha256').update(got).digest(), expected)) {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    next();
  };
}
