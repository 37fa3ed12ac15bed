// One conversation per chat address: the flow state, saved after every step so a restart loses nothing.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
export { addressKey } from './identity.js';

/**
 * Three fields on purpose. The conversation is the engine's private scratchpad, read and written only by `_id`
 * on every message; FerretDB v1 converts every field and array element on every read and rewrite (about 0.3 ms
 * each per message measured here, more for arrays), and rejects nested arrays (database.md §1). So the state,
 * the recent delivery ids, the chat's link and the last message time travel as one JSON text. Nothing else
 * queries this collection; a field that something must query belongs at the top level.
 */
export const conversationSchema = new Schema(
  {
    /** addressKey(): loads and saves by `_id` stay fast on FerretDB too. */
    _id: { type: String, required: true },
    /** Optimistic concurrency: a save only lands on the version it was read at. */
    version: { type: Number, required: true, default: 0 },
    /** ConversationRepository's envelope (conversations.ts), as JSON text. */
    chat: { type: String, required: true },
  },
  { collection: 'conversations', strict: 'throw' },
);
// No secondary index: `_id` is the address, unique by construction, and every index slows each save.

export type ConversationModel = Model<InferSchemaType<typeof conversationSchema>>;

export function conversationModel(conn: Connection): ConversationModel {
  return (conn.models.Conversation as ConversationModel | undefined) ?? conn.model('Conversation', conversationSchema);
}
