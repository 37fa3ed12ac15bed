// The playground channel: a web chat and a small JSON API on the same engine, for trying Hồ sơ without any account.
import { randomBytes } from 'node:crypto';
import express, { Router, type ErrorRequestHandler } from 'express';
import { z } from 'zod';
import type { Engine, InboundEvent, Reply } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';
import { describeError } from '../shared/describe-error.js';
import { createKeyedSerializer } from '../shared/keyed-serializer.js';
import { parseSlashCommand } from '../shared/slash-command.js';
import { playgroundPage } from './page.js';

/** Every playground guest talks to this one "account", the way Telegram guests talk to one bot. */
export const PLAYGROUND_ACCOUNT = 'playground';
/** Same ceiling as a Telegram message, so the playground never accepts what the real channel could not. */
export const MAX_TEXT = 4096;

const id = (min: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${min},64}$`), 'letters, digits, _ or -');

export const messageBody = z
  .strictObject({
    /** Random, kept by the page in localStorage: it is the guest's address, so it must be hard to guess. */
    sessionId: id(16),
    /** Random per message: a resent request (flaky network, double click) has one effect. */
    messageId: id(8).optional(),
    text: z.string().min(1).max(MAX_TEXT).optional(),
    choice: z.string().min(1).max(64).optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.choice === undefined), { message: 'send exactly one of text or choice' });

export type MessageBody = z.infer<typeof messageBody>;

export interface PlaygroundOptions {
  engine: Engine;
  log: Logger;
}

/** What the page gets back: the engine's replies as they are (text, choices, a phone request). */
export interface MessageResponse {
  replies: Reply[];
}

export function toInboundEvent(body: MessageBody): InboundEvent {
  if (body.choice !== undefined) return { kind: 'choice', value: body.choice };
  const text = body.text ?? '';
  const cmd = parseSlashCommand(text);
  return cmd ? { kind: 'command', command: cmd.command, args: cmd.args } : { kind: 'text', text };
}

export function createPlaygroundRouter(opts: PlaygroundOptions): Router {
  const { engine, log } = opts;
  const sessions = createKeyedSerializer();
  const router = Router();

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
    const body = parsed.data;
    const event = toInboundEvent(body);
    try {
      // One step at a time per session: a double click must not race the engine on the same conversation.
      const replies = await sessions.run(body.sessionId, () =>
        engine.handle({
          address: { channel: 'playground', account: PLAYGROUND_ACCOUNT, userId: body.sessionId },
          event,
          ...(body.messageId ? { eventId: body.messageId } : {}),
          profile: {},
          chatType: 'private',
        }),
      );
      const response: MessageResponse = { replies };
      res.json(response);
    } catch (e) {
      log.error({ event: event.kind, ...describeError(e) }, 'playground message failed');
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
