// One conversation per chat address: the flow state, saved after every step so a restart loses nothing.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { CHANNELS } from './identity.js';
export { addressKey } from './identity.js';

export const conversationSchema = new Schema(
  {
    /** addressKey(): loads and saves by `_id` stay fast on FerretDB too. */
    _id: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    account: { type: String, required: true },
    userId: { type: String, required: true },
    /** The engine's state as JSON text: it may hold choice lists, and FerretDB rejects nested arrays (database.md §1). */
    stateJson: { type: String, required: true },
    /** Optimistic concurrency: a save only lands on the version it was read at. */
    version: { type: Number, required: true, default: 0 },
    /** Platform delivery ids already applied (Telegram update_id, Zalo msg_id), newest last, bounded. */
    recentEventIds: { type: [String], default: [] },
    lastInboundAt: Date,
  },
  { collection: 'conversations', timestamps: true, strict: 'throw' },
);
// No secondary index: `_id` is the address, unique by construction, and every index slows each save.

export type ConversationModel = Model<InferSchemaType<typeof conversationSchema>>;

export function conversationModel(conn: Connection): ConversationModel {
  return (conn.models.Conversation as ConversationModel | undefined) ?? conn.model('Conversation', conversationSchema);
}
