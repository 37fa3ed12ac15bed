// Zalo contacts: last inbound time (drives the consultation window) and follow state per OA user.
import type { Connection } from 'mongoose';
import { zaloContactModel, type ZaloContactModel } from './models/zalo-contact.js';
import { isDuplicateKey } from './duplicate-key.js';

export interface ZaloContact {
  oaId: string;
  userId: string;
  lastInboundAt?: Date;
  following?: boolean;
}

export class ZaloContactRepository {
  private readonly model: ZaloContactModel;

  constructor(conn: Connection) {
    this.model = zaloContactModel(conn);
  }

  async get(oaId: string, userId: string): Promise<ZaloContact | null> {
    const d = await this.model.findOne({ oaId: String(oaId), userId: String(userId) }).lean();
    if (!d) return null;
    return {
      oaId: d.oaId,
      userId: d.userId,
      ...(d.lastInboundAt ? { lastInboundAt: d.lastInboundAt } : {}),
      ...(typeof d.following === 'boolean' ? { following: d.following } : {}),
    };
  }

  /** $max: a late redelivery of an old message never moves the window backwards. */
  async recordInbound(oaId: string, userId: string, at: Date): Promise<void> {
    await this.upsert(oaId, userId, { $max: { lastInboundAt: at } });
  }

  async setFollowing(oaId: string, userId: string, following: boolean, at: Date): Promise<void> {
    await this.upsert(oaId, userId, { $set: { following, followChangedAt: at } });
  }

  private async upsert(oaId: string, userId: string, update: Record<string, unknown>): Promise<void> {
    const filter = { oaId: String(oaId), userId: String(userId) };
    try {
      await this.model.updateOne(filter, update, { upsert: true });
    } catch (e) {
      // Two deliveries for a new user raced to insert: the second becomes a plain update.
      if (!isDuplicateKey(e)) throw e;
      await this.model.updateOne(filter, update);
    }
  }
}
