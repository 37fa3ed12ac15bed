// Conversation state repository: load, save on the version read (optimistic), and remember applied event ids.
import type { Connection } from 'mongoose';
import type { ChannelAddress } from './customers.js';
import { conversationModel, type ConversationModel } from './models/conversation.js';

export const RECENT_EVENTS_KEPT = 50;

export interface StoredConversation {
  stateJson: string;
  version: number;
  recentEventIds: string[];
  lastInboundAt?: Date;
}

export class ConversationRepository {
  private readonly model: ConversationModel;

  constructor(conn: Connection) {
    this.model = conversationModel(conn);
  }

  async load(address: ChannelAddress): Promise<StoredConversation | null> {
    const d = await this.model.findOne(filterOf(address)).lean();
    if (!d) return null;
    return { stateJson: d.stateJson, version: d.version, recentEventIds: d.recentEventIds ?? [], ...(d.lastInboundAt ? { lastInboundAt: d.lastInboundAt } : {}) };
  }

  /**
   * Saves if nobody saved since `expectedVersion` was read; returns false on a conflict.
   * (On FerretDB v1 the check and the write are not one atomic step across processes, database.md §5;
   * together with the per-address queue in the engine it still stops the common double delivery.)
   */
  async save(address: ChannelAddress, expectedVersion: number | null, next: { stateJson: string; eventId?: string; lastInboundAt: Date; recentEventIds: string[] }): Promise<boolean> {
    const recent = next.eventId ? [...next.recentEventIds.filter((e) => e !== next.eventId), next.eventId].slice(-RECENT_EVENTS_KEPT) : next.recentEventIds;
    const doc = { stateJson: next.stateJson, recentEventIds: recent, lastInboundAt: next.lastInboundAt };
    if (expectedVersion === null) {
      try {
        await this.model.create({ ...filterOf(address), ...doc, version: 1 });
        return true;
      } catch (e) {
        if ((e as { code?: number }).code === 11000) return false;
        throw e;
      }
    }
    const res = await this.model.updateOne({ ...filterOf(address), version: expectedVersion }, { $set: { ...doc, version: expectedVersion + 1 } });
    return res.matchedCount === 1;
  }

  async remove(address: ChannelAddress): Promise<void> {
    await this.model.deleteOne(filterOf(address));
  }
}

function filterOf(a: ChannelAddress): { channel: ChannelAddress['channel']; account: string; userId: string } {
  return { channel: a.channel, account: String(a.account), userId: String(a.userId) };
}
