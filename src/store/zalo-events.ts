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

  /** Failed events keep their body so an operator can replay them after a fix. */
  async markFailed(oaId: string, key: string, now: Date): Promise<void> {
    await this.model.updateOne({ oaId, key }, { $set: { status: 'failed', doneAt: now } });
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
    const r = await this.model.deleteMany({ status: { $in: ['done', 'failed'] }, receivedAt: { $lt: receivedBefore } });
    return r.deletedCount;
  }
}
