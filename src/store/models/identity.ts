// Links a chat address (Telegram user, Zalo follower) to exactly one customer: the unique index enforces it.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

import { CHANNEL_NAME } from '../../domain/channel.js';

// Per-chat documents are keyed by the address: `_id` lookups are the only filter FerretDB's SQLite backend
// pushes down (database.md §10).
export { addressKey } from '../../domain/channel.js';

/** A channel name as src/domain/channel.ts defines it: no enum, so a new channel needs no schema change. */
export const channelField = { type: String, match: CHANNEL_NAME, required: true } as const;

export const identitySchema = new Schema(
  {
    _id: { type: String, required: true },
    channel: channelField,
    /** The bot or OA the user talks to: one database can serve several bots. */
    account: { type: String, required: true },
    userId: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    linkedAt: { type: Date, required: true },
    displayName: String,
    /** False when linked by a typed phone that matched an existing record: this chat may not read that record. */
    trusted: { type: Boolean, default: true },
  },
  { collection: 'channel_identities', strict: 'throw' },
);
identitySchema.index({ customerId: 1 }, { name: 'customer' });

export type IdentityModel = Model<InferSchemaType<typeof identitySchema>>;

export function identityModel(conn: Connection): IdentityModel {
  return (conn.models.ChannelIdentity as IdentityModel | undefined) ?? conn.model('ChannelIdentity', identitySchema);
}
