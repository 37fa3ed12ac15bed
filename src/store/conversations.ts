// Conversation state repository: load, save on the version read (optimistic), and remember applied event ids.
import type { Connection } from 'mongoose';
import { serverFlavor } from './connection.js';
import { isDuplicateKey } from './duplicate-key.js';
import type { ChannelAddress } from './customers.js';
import { addressKey, conversationModel, type ConversationModel } from './models/conversation.js';

export const RECENT_EVENTS_KEPT = 50;

export interface StoredConversation {
  stateJson: string;
  version: number;
  recentEventIds: string[];
  lastInboundAt?: Date;
}

export class ConversationRepository {
  private readonly model: ConversationModel;

  constructor(private readonly conn: Connection) {
    this.model = conversationModel(conn);
  }

  async load(address: ChannelAddress): Promise<StoredConversation | null> {
    // The driver directly: this runs twice per inbound message and the shape is ours (a JSON string + counters).
    const d = await this.model.collection.findOne({ _id: addressKey(address) as never });
    if (!d) return null;
    return { stateJson: String(d.stateJson), version: Number(d.version), recentEventIds: (d.recentEventIds as string[] | undefined) ?? [], ...(d.lastInboundAt ? { lastInboundAt: d.lastInboundAt as Date } : {}) };
  }

  /**
   * Saves if nobody saved since `expectedVersion` was read; returns false on a conflict.
   * (On FerretDB v1 the check and the write are not one atomic step across processes, database.md §5;
   * together with the per-address queue in the engine it still stops the common double delivery.)
   */
  async save(address: ChannelAddress, expectedVersion: number | null, next: { stateJson: string; eventId?: string; lastInboundAt: Date; recentEventIds: string[] }): Promise<boolean> {
    const recent = next.eventId ? [...next.recentEventIds.filter((e) => e !== next.eventId), next.eventId].slice(-RECENT_EVENTS_KEPT) : next.recentEventIds;
    const doc = { stateJson: next.stateJson, recentEventIds: recent, lastInboundAt: next.lastInboundAt, updatedAt: next.lastInboundAt };
    if (expectedVersion === null) {
      try {
        await this.model.collection.insertOne({ _id: addressKey(address) as never, ...filterOf(address), ...doc, createdAt: next.lastInboundAt, version: 1 });
        return true;
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
    }
    // MongoDB checks the version in the same atomic update. FerretDB v1 pushes down only a bare `_id` filter
    // (anything more is a table scan per message) and its updates are not atomic across processes anyway
    // (database.md §5), so there the engine's per-chat queue is what orders writes.
    const _id = addressKey(address);
    if ((await serverFlavor(this.conn)) === 'ferretdb') {
      const res = await this.model.collection.updateOne({ _id: _id as never }, { $set: { ...doc, version: expectedVersion + 1 } });
      return res.matchedCount === 1;
    }
    const res = await this.model.collection.updateOne({ _id: _id as never, version: expectedVersion }, { $set: { ...doc, version: expectedVersion + 1 } });
    return res.matchedCount === 1;
  }

  async remove(address: ChannelAddress): Promise<void> {
    await this.model.deleteOne({ _id: addressKey(address) });
  }
}

function filterOf(a: ChannelAddress): { channel: ChannelAddress['channel']; account: string; userId: string } {
  return { channel: a.channel, account: String(a.account), userId: String(a.userId) };
}
