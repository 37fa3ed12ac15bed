// One-time links that tie a customer's chat to the card staff made for her at the counter (issue 17).
// Only the SHA-256 of the token is kept: someone reading the database cannot rebuild a working link.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const linkTokenSchema = new Schema(
  {
    /** Hex SHA-256 of the token: `_id` lookups are what FerretDB pushes down (database.md §10). */
    _id: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: Date,
    /** A hash of the chat that used it (never the user id). */
    usedBy: String,
  },
  { collection: 'customer_link_tokens', strict: 'throw' },
);
linkTokenSchema.index({ customerId: 1 }, { name: 'customer' });

export type LinkTokenModel = Model<InferSchemaType<typeof linkTokenSchema>>;

export function linkTokenModel(conn: Connection): LinkTokenModel {
  return (conn.models.LinkToken as LinkTokenModel | undefined) ?? conn.model('LinkToken', linkTokenSchema);
}
