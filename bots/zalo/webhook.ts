// Zalo OA webhook: verify the mac over the raw body, record the event durably, answer 200 at once, then work.
import express, { type Request, type Response, type Router } from 'express';
import type { Engine, MediaFetcher } from '../../src/engine/types.js';
import { errorLogFields, type Logger } from '../../src/log.js';
import type { LaterReplyQueue } from '../../src/outbound/later-replies.js';
import type { ChannelSender } from '../../src/outbound/types.js';
import type { ZaloEventRepository } from '../../src/store/zalo-repositories.js';
import { createChatTurns } from '../../src/channels/chat-turns.js';
import { eventTime, mapZaloEvent, ZaloWebhookEvent, type Mapped } from './inbound.js';
import { checkFreshness, verifyZaloSignature, type SignatureKeys } from './signature.js';
import type { ZaloWindow } from './window.js';

export interface ZaloWebhookDeps {
  keys: SignatureKeys;
  /** Refuse deliveries whose signed timestamp is further than this from now (default 5); 0 = off. */
  maxAgeMinutes: number;
  events: ZaloEventRepository;
  window: Pick<ZaloWindow, 'recordInbound' | 'recordFollow'>;
  engine: Engine;
  sender: ChannelSender;
  /** Where replies that could not go now are queued (the outbox); without it they are only logged. */
  later?: LaterReplyQueue;
  /** Downloads a photo event's image URL when the engine asks (bots/zalo/media.ts); without it, none is fetched. */
  media?: MediaFetcher;
  now: () => Date;
  log: Logger;
}

export interface ZaloWebhook {
  router: Router;
  /** Resolves once every accepted event has been handled (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Handles events accepted (200 sent) but never finished, e.g. before a restart. */
  resumePending(olderThanMs?: number): Promise<number>;
  /** Handles again the failed events whose pause is over (the `retry-inbound` job calls it). */
  retryDue(): Promise<{ retried: number; done: number; failed: number; abandoned: number }>;
}

type Work = Extract<Mapped, { kind: 'inbound' | 'unfollow' }>;

export function createZaloWebhook(d: ZaloWebhookDeps): ZaloWebhook {
  // One user's events run in order (a quick "1" after a question must not overtake it); users run in parallel.
  const turns = createChatTurns(d.engine);
  let reportedMatch = false;

  function schedule(m: Work, e: ZaloWebhookEvent): Promise<'done' | 'failed' | 'abandoned'> {
    const address = m.kind === 'inbound' ? m.inbound.address : { channel: 'zalo', account: m.oaId, userId: m.userId };
    return turns.runFor({ address }, () => handle(m, e));
  }

  /** Never throws: one bad event must not stop the channel (conventions.md §2). A failure is retried by the job. */
  async function handle(m: Work, e: ZaloWebhookEvent): Promise<'done' | 'failed' | 'abandoned'> {
    try {
      const at = eventTime(e, d.now());
      let replies = 0;
      if (m.kind === 'unfollow') {
        await d.window.recordFollow(m.oaId, m.userId, false, at);
      } else {
        if (m.following) await d.window.recordFollow(m.oaId, m.userId, true, at);
        // Before the engine runs, so its replies find the window open.
        await d.window.recordInbound(m.oaId, m.userId, at);
        // The fetcher rides with the event (not in the stored body): a retried or resumed event gets it again.
        const inbound = m.inbound.event.kind === 'photo' && d.media ? { ...m.inbound, media: d.media } : m.inbound;
        const out = await d.engine.handle(inbound);
        replies = out.length;
        for (const [i, reply] of out.entries()) {
          const r = await d.sender.send(m.inbound.address, reply);
          if (r.ok) continue;
          if (r.kind === 'retry' && d.later) {
            // This reply and the ones after it go out later through the outbox, in order, never twice. If this
            // write fails, the event fails and is retried; the engine has saved its step and answers nothing.
            await d.later.later(m.inbound.address, m.key, out.slice(i));
            d.log.warn({ oaId: m.oaId, key: m.key, queued: out.length - i, reason: r.reason }, 'zalo reply not delivered: queued in the outbox');
            break;
          }
          // Unknown (may have arrived), refused, or the window closed: not sent again from here.
          d.log.warn({ oaId: m.oaId, key: m.key, result: r.kind, reason: r.reason }, 'zalo reply not delivered');
        }
      }
      await d.events.markDone(m.oaId, m.key, d.now());
      d.log.debug({ oaId: m.oaId, key: m.key, event: e.event_name, replies }, 'zalo event handled');
      return 'done';
    } catch (err) {
      // Ids and the error's type and place only: messages of validation errors can echo customer data.
      const shape = errorLogFields(err);
      d.log.error({ oaId: m.oaId, key: m.key, event: e.event_name, ...shape }, 'zalo event failed');
      // Kept with its body and tried again with a growing pause; if even this write fails, the event stays
      // `pending` and the next start resumes it.
      const error = shape.errCode !== undefined ? `${shape.errType} ${String(shape.errCode)}` : shape.errType;
      return d.events.markFailed(m.oaId, m.key, d.now(), error).catch(() => 'failed' as const);
    }
  }

  async function receive(req: Request, res: Response): Promise<void> {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const screened = screenDelivery(raw, req.get('x-zevent-signature'), { keys: d.keys, maxAgeMinutes: d.maxAgeMinutes, now: d.now() });
    if (screened.kind === 'reject') {
      d.log.warn({ reason: screened.reason }, screened.log);
      res.status(401).json({ error: screened.error });
      return;
    }
    if (d.keys.mode === 'either' && !reportedMatch) {
      reportedMatch = true;
      d.log.info({ matched: screened.matched }, 'zalo signature matched; set ZALO_SIGNATURE_ID to this value');
    }
    if (screened.kind === 'unknown') {
      // Signed by Zalo but not a shape we know: acknowledge, or Zalo retries it for hours.
      d.log.warn('zalo webhook: unrecognised event shape, acknowledged and ignored');
      res.status(200).json({ ok: true });
      return;
    }
    const { mapped: m, event } = screened;
    if (m.kind === 'ignore') {
      d.log.debug({ event: m.eventName, reason: m.reason }, 'zalo event ignored');
      res.status(200).json({ ok: true });
      return;
    }
    let recorded: 'new' | 'duplicate';
    try {
      recorded = await d.events.record({ oaId: m.oaId, key: m.key, eventName: event.event_name, userId: m.userId, body: raw.toString('utf8') }, d.now());
    } catch (err) {
      // Not recorded, so not acknowledged: Zalo's redelivery is our retry.
      d.log.error({ event: event.event_name, ...errorLogFields(err) }, 'zalo event could not be recorded');
      res.status(503).json({ error: 'try again' });
      return;
    }
    res.status(200).json({ ok: true });
    if (recorded === 'duplicate') {
      d.log.info({ oaId: m.oaId, key: m.key }, 'zalo redelivery ignored');
      return;
    }
    void schedule(m, event);
  }

  const router = express.Router();
  // Raw bytes for every content type: the mac is computed over the body exactly as sent.
  router.post('/', express.raw({ type: () => true, limit: '1mb' }), receive);

  return {
    router,
    idle: () => turns.idle(),
    async resumePending(olderThanMs = 60_000) {
      const pending = await d.events.pending(new Date(d.now().getTime() - olderThanMs));
      let resumed = 0;
      for (const p of pending) {
        const parsed = ZaloWebhookEvent.safeParse(safeJson(p.body));
        const m = parsed.success ? mapZaloEvent(parsed.data, d.keys.oaId) : undefined;
        if (!parsed.success || !m || m.kind === 'ignore') {
          await d.events.markFailed(p.oaId, p.key, d.now());
          continue;
        }
        // The engine ignores an eventId it has applied, so resuming an event that did finish is harmless.
        void schedule(m, parsed.data);
        resumed++;
      }
      if (resumed > 0) d.log.info({ resumed }, 'zalo events resumed');
      return resumed;
    },
    async retryDue() {
      const counts = { retried: 0, done: 0, failed: 0, abandoned: 0 };
      const runs: Promise<void>[] = [];
      for (const p of await d.events.dueForRetry(d.now())) {
        const parsed = ZaloWebhookEvent.safeParse(safeJson(p.body));
        const m = parsed.success ? mapZaloEvent(parsed.data, d.keys.oaId) : undefined;
        if (!parsed.success || !m || m.kind === 'ignore') {
          counts[await d.events.markFailed(p.oaId, p.key, d.now(), 'unreadable', { permanent: true })]++;
          continue;
        }
        counts.retried++;
        // In the user's queue like a fresh delivery, so a retry never overtakes the user's newer messages
        // being handled; the engine skips what it already applied (eventId), so nothing happens twice.
        runs.push(schedule(m, parsed.data).then((r) => void counts[r]++));
      }
      await Promise.all(runs);
      if (counts.retried > 0) d.log.info(counts, 'failed zalo events retried');
      return counts;
    },
  };
}

export type Screened =
  | { kind: 'reject'; reason: string; error: string; log: string }
  | { kind: 'unknown'; matched: SignatureMatch }
  | { kind: 'event'; event: ZaloWebhookEvent; mapped: Mapped; matched: SignatureMatch };
type SignatureMatch = Extract<ReturnType<typeof verifyZaloSignature>, { ok: true }>['matched'];

/** The webhook's decisions about one delivery, with no I/O: is it Zalo's, is it fresh, what does it mean. */
export function screenDelivery(raw: Buffer, signature: string | undefined, o: { keys: SignatureKeys; maxAgeMinutes: number; now: Date }): Screened {
  const json = safeJson(raw.toString('utf8'));
  const ts = timestampOf(json);
  const check = verifyZaloSignature(signature, raw, ts, o.keys);
  if (!check.ok) return { kind: 'reject', reason: check.reason, error: 'invalid signature', log: 'zalo webhook rejected: bad signature' };
  // A non-numeric timestamp used to pass this check (NaN compares false); now it is refused like a stale one.
  const fresh = checkFreshness(ts, o.now, o.maxAgeMinutes);
  if (!fresh.ok) return { kind: 'reject', reason: fresh.reason, error: 'stale event', log: 'zalo webhook rejected: timestamp outside ZALO_WEBHOOK_MAX_AGE_MINUTES' };
  const parsed = ZaloWebhookEvent.safeParse(json);
  if (!parsed.success) return { kind: 'unknown', matched: check.matched };
  return { kind: 'event', event: parsed.data, mapped: mapZaloEvent(parsed.data, o.keys.oaId), matched: check.matched };
}

function timestampOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const ts = (json as { timestamp?: unknown }).timestamp;
  return typeof ts === 'string' || typeof ts === 'number' ? String(ts) : undefined;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
