// The Zalo OA token pair lives here, not in env vars: the refresh token is single-use, so every rotation must be persisted.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const zaloTokenSchema = new Schema(
  {
    oaId: { type: String, required: true },
    accessToken: { type: String, required: true },
    refreshToken: { type: String, required: true },
    accessExpiresAt: { type: Date, required: true },
    /** When the current refresh token was issued: it lives about three months (zalo-platform.md §4.2). */
    refreshObtainedAt: { type: Date, required: true },
    rotations: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
    /** A lease, not a mutex: a crashed holder's lock simply runs out. */
    lock: { owner: String, until: Date },
    /** Set when only an OA admin can fix things (refresh token rejected); cleared by new tokens. */
    alert: { reason: String, code: Number, at: Date },
  },
  { collection: 'zalo_tokens', strict: 'throw' },
);
zaloTokenSchema.index({ oaId: 1 }, { unique: true, name: 'oa_unique' });

export type ZaloTokenModel = Model<InferSchemaType<typeof zaloTokenSchema>>;

export function zaloTokenModel(conn: Connection): ZaloTokenModel {
  return (conn.models.ZaloToken as ZaloTokenModel | undefined) ?? conn.model('ZaloToken', zaloTokenSchema);
}
