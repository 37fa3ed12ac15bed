// Telegram's webhook on the express app: the secret header first, then a size-capped JSON body, then grammY.
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { webhookCallback, type Bot } from 'grammy';
import { z } from 'zod';
import type { Logger } from '../../src/log.js';
import { describeError } from '../shared/describe-error.js';
import { TELEGRAM_WEBHOOK_PATH } from './config.js';

/**
 * A step still running after this long answers 500 and goes on: Telegram delivers it again later, and by then
 * the bot either remembers it as handled (200, nothing repeated) or waits for the running step's outcome.
 * (Answering 200 instead would lose the update if the step then failed.)
 */
const WEBHOOK_ANSWER_MS = 10_000;
/** Updates are small; a cap keeps an unauthenticated-looking flood from costing memory. */
const WEBHOOK_BODY_LIMIT = '1mb';

const webhookBody = z.looseObject({ update_id: z.number().int().nonnegative() });

export function createWebhookRouter(bot: Bot, secret: string, log: Logger): Router {
  const router = Router();
  // A failed step rejects here and reaches onError below: 500, so Telegram redelivers it.
  const handleUpdate = webhookCallback(bot, 'express', { onTimeout: 'throw', timeoutMilliseconds: WEBHOOK_ANSWER_MS });
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

/** A proxy may forward another path; worth one line at start-up, since Telegram's deliveries would 404 silently. */
export function webhookPathMismatch(url: string): boolean {
  return new URL(url).pathname.replace(/\/$/, '') !== TELEGRAM_WEBHOOK_PATH;
}
