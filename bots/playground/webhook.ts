// The playground's HTTP side: the page and its small JSON API on the engine, for trying Hồ sơ without any account.
import { randomBytes } from 'node:crypto';
import express, { Router, type ErrorRequestHandler } from 'express';
import { createChatTurns } from '../../src/channels/chat-turns.js';
import type { Engine } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';
import { describeError } from '../shared/describe-error.js';
import { createRateLimiter, rateLimit, requirePassword } from './access.js';
import { messageBody, toInbound } from './inbound.js';
import { playgroundPage } from './page.js';
import { renderResponse } from './render.js';

export interface PlaygroundOptions {
  engine: Engine;
  log: Logger;
  /** Asked with HTTP Basic before anything is served, when set. */
  password?: string;
  /** Requests per minute from one address (password attempts included). */
  ratePerMinute?: number;
  /** Milliseconds clock for the rate limiter (tests). */
  nowMs?: () => number;
}

export function createPlaygroundRouter(opts: PlaygroundOptions): Router {
  const { engine, log } = opts;
  const turns = createChatTurns(engine);
  const router = Router();
  // The limit comes first, so wrong passwords count too.
  router.use(rateLimit(createRateLimiter(opts.ratePerMinute ?? 30, opts.nowMs)));
  if (opts.password) router.use(requirePassword(opts.password));

  router.get('/', (req, res) => {
    const nonce = randomBytes(16).toString('base64');
    // Self-contained page: nothing loads from elsewhere, and only our own inline script may run.
    res.set({
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    res.type('html').send(playgroundPage({ nonce, apiUrl: `${req.baseUrl}/api/message` }));
  });

  router.post('/api/message', express.json({ limit: '16kb' }), async (req, res) => {
    const parsed = messageBody.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid request', problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) });
      return;
    }
    const inbound = toInbound(parsed.data);
    try {
      // One step at a time per session: a double click must not race the engine on the same conversation.
      res.json(await turns.run(inbound, async (replies) => renderResponse(replies)));
    } catch (e) {
      log.error({ event: inbound.event.kind, ...describeError(e) }, 'playground message failed');
      res.status(500).json({ error: 'internal error' });
    }
  });

  const onError: ErrorRequestHandler = (err: { status?: number; type?: string }, _req, res, _next) => {
    // Body-parser errors: malformed JSON (400) or a body over the limit (413); the rest is ours.
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) log.error(describeError(err), 'playground request failed');
    res.status(status).json({ error: status === 413 ? 'message too large' : status === 500 ? 'internal error' : 'invalid request' });
  };
  router.use(onError);
  return router;
}
