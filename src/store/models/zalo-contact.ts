// What the Zalo channel knows about a follower: when they last wrote (the 7-day window) and whether they still follow.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const zaloContactSchema = new Schema(
  {
    oaId: { type: String, required: true },
    userId: { type: String, required: true },
    lastInboundAt: Date,
    /** Unknown (absent) for users who followed before Hồ sơ listened; false after an unfollow event. */
    following: Boolean,
    followChangedAt: Date,
  },
  { collection: 'zalo_contacts', strict: 'throw' },
);
zaloContactSchema.index({ oaId: 1, userId: 1 }, { unique: true, name: 'contact_unique' });

export type ZaloContactModel = Model<InferSchemaType<typeof zaloContactSchema>>;

export function zaloContactModel(conn: Connection): ZaloContactModel {
  return (conn.models.ZaloContact as ZaloContactModel | undefined) ?? conn.model('ZaloContact', zaloContactSchema);
}
