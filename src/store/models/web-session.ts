// The owner's web page (issue 15): one-time login links and browser sessions. Only SHA-256 hashes of the tokens
// are stored, so a database dump opens no session (the same rule as staff invitations).
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const webLoginLinkSchema = new Schema(
  {
    /** Hex SHA-256 of the token in the link. */
    _id: { type: String, required: true },
    staffId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    /** No TTL index on FerretDB v1 (database.md): expiry is checked on use. */
    expiresAt: { type: Date, required: true },
  },
  { collection: 'web_login_links', strict: 'throw' },
);
webLoginLinkSchema.index({ staffId: 1 }, { name: 'staff' });

export const webSessionSchema = new Schema(
  {
    /** Hex SHA-256 of the cookie's token. */
    _id: { type: String, required: true },
    staffId: { type: String, required: true },
    /**
     * The link this session was opened from. Unique: a second use of the same link fails on insert, on FerretDB
     * as on MongoDB, where a "mark the link used" update could be won by two racing requests (database.md).
     */
    fromLink: { type: String, required: true },
    /** Sent back in every form: a write without it is refused (the cookie alone is not enough). */
    csrf: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'web_sessions', strict: 'throw' },
);
webSessionSchema.index({ fromLink: 1 }, { unique: true, name: 'from_link_unique' });
webSessionSchema.index({ staffId: 1 }, { name: 'staff' });

export type WebLoginLinkModel = Model<InferSchemaType<typeof webLoginLinkSchema>>;
export type WebSessionModel = Model<InferSchemaType<typeof webSessionSchema>>;

export function webLoginLinkModel(conn: Connection): WebLoginLinkModel {
  return (conn.models.WebLoginLink as WebLoginLinkModel | undefined) ?? conn.model('WebLoginLink', webLoginLinkSchema);
}
export function webSessionModel(conn: Connection): WebSessionModel {
  return (conn.models.WebSession as WebSessionModel | undefined) ?? conn.model('WebSession', webSessionSchema);
}
