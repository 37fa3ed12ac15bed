// Zalo webhook deliveries: recorded before the 200 so a redelivery is a no-op and a crash can be resumed.
import type { Connection } from 'mongoose';
import { zaloEventModel, type ZaloEventModel } from './models/zalo-event.js';
import { isDuplicateKey } from './duplicate-key.js';

export interface NewZaloEvent {
  oaId: string;
  key: string;
  eventName: string;
  userId?: string;
  body: string;
}

export interface PendingZaloEvent {
  oaId: string;
  key: string;
  body: string;
}

/** Seen by the owner in `hoso jobs list`: an event out of tries, ids and the error's name only. */
export interface AbandonedZaloEvent {
  oaId: string;
  key: string;
  eventName: string;
  receivedAt: Date;
  attempts: number;
  lastError?: string;
}

/** Tries of a failed event and the pause before each next one: 1 min, 5 min, 15 min, 1 h (Zalo's own rhythm, §3.1). */
export const ZALO_EVENT_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000] as const;
/** The first handling plus one retry per delay. */
export const ZALO_EVENT_MAX_ATTEMPTS = ZALO_EVENT_RETRY_DELAYS_MS.length + 1;

export class ZaloEventRepository {
  private readonly model: ZaloEventModel;

  constructor(conn: Connection) {
    this.model = zaloEventModel(conn);
  }

  /** 'duplicate' when this key was seen before: the unique index decides, not a read-then-write. */
  async record(e: NewZaloEvent, now: Date): Promise<'new' | 'duplicate'> {
    try {
      await this.model.create({ ...e, status: 'pending', receivedAt: now });
      return 'new';
    } catch (err) {
      if (isDuplicateKey(err)) return 'duplicate';
      throw err;
    }
  }

  /** Done: the raw body (customer text) is dropped, only the key stays for deduplication. */
  async markDone(oaId: string, key: string, now: Date): Promise<void> {
    await this.model.updateOne({ oaId, key }, { $set: { status: 'done', doneAt: now }, $unset: { body: 1 } });
  }

  /**
   * One more failed handling: tried again after a growing pause, then `abandoned` (visible in `hoso jobs list`).
   * Failed events keep their body so the retry, or an operator after a fix, can replay them. `permanent`: an
   * event that can never be handled (a stored body we cannot read) is abandoned at once.
   */
  async markFailed(oaId: string, key: string, now: Date, error = 'error', opts: { permanent?: boolean } = {}): Promise<'failed' | 'abandoned'> {
    const d = await this.model.findOne({ oaId, key }).lean();
    const attempts = (d?.attempts ?? 0) + 1;
    const delay = ZALO_EVENT_RETRY_DELAYS_MS[attempts - 1];
    const status = opts.permanent || delay === undefined ? 'abandoned' : 'failed';
    const set = { status, doneAt: now, attempts, lastError: error.slice(0, 100), ...(status === 'failed' ? { nextAttemptAt: new Date(now.getTime() + delay!) } : {}) };
    await this.model.updateOne({ oaId, key }, { $set: set, ...(status === 'abandoned' ? { $unset: { nextAttemptAt: 1 } } : {}) });
    return status;
  }

  /** Failed events whose pause is over, oldest first, for the retry job. */
  async dueForRetry(now: Date, limit = 50): Promise<PendingZaloEvent[]> {
    const docs = await this.model.find({ status: 'failed', nextAttemptAt: { $lte: now } }).sort({ nextAttemptAt: 1, _id: 1 }).limit(limit).lean();
    return docs.filter((d) => typeof d.body === 'string').map((d) => ({ oaId: d.oaId, key: d.key, body: d.body! }));
  }

  /** Events per status (pending, done, failed, abandoned), for `hoso jobs list`. */
  async countByStatus(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const s of ['pending', 'failed', 'abandoned'] as const) counts[s] = await this.model.countDocuments({ status: s });
    return counts;
  }

  async abandoned(limit = 10): Promise<AbandonedZaloEvent[]> {
    const docs = await this.model.find({ status: 'abandoned' }).sort({ receivedAt: -1, _id: -1 }).limit(limit).lean();
    return docs.map((d) => ({ oaId: d.oaId, key: d.key, eventName: d.eventName, receivedAt: d.receivedAt, attempts: d.attempts ?? 0, ...(d.lastError ? { lastError: d.lastError } : {}) }));
  }

  /** Accepted but never finished (the process stopped after the 200). */
  async pending(receivedBefore: Date, limit = 100): Promise<PendingZaloEvent[]> {
    const docs = await this.model.find({ status: 'pending', receivedAt: { $lt: receivedBefore } }).sort({ receivedAt: 1, _id: 1 }).limit(limit).lean();
    return docs.filter((d) => typeof d.body === 'string').map((d) => ({ oaId: d.oaId, key: d.key, body: d.body! }));
  }

  async status(oaId: string, key: string): Promise<string | null> {
    const d = await this.model.findOne({ oaId, key }).lean();
    return d?.status ?? null;
  }

  /** Zalo redelivers for hours at most (zalo-platform.md §3.1), so keys older than a week can go. */
  async prune(receivedBefore: Date): Promise<number> {
    const r = await this.model.deleteMany({ status: { $in: ['done', 'failed', 'abandoned'] }, receivedAt: { $lt: receivedBefore } });
    return r.deletedCount;
  }
}
