// A chat's answers that name an existing customer's phone without proving it (typed, or Zalo's shared info):
// kept apart from the customer until staff confirm it or the chat verifies the phone (issue 12).
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { channelField } from './identity.js';

const birthdaySchema = new Schema({ day: { type: Number, required: true }, month: { type: Number, required: true }, year: Number }, { _id: false });
const needSchema = new Schema({ service: { type: String, required: true }, note: String }, { _id: false });
/** The consent the chat gave, as it gave it; who applied it is recorded on the customer when it is applied. */
const givenConsentSchema = new Schema(
  {
    purpose: { type: String, enum: ['care', 'marketing', 'photo', 'health'], required: true },
    granted: { type: Boolean, required: true },
    at: { type: Date, required: true },
    wordingVersion: { type: String, required: true },
  },
  { _id: false },
);

export const pendingClaimSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    /** The chat's address key (domain/address-key.ts). */
    chat: { type: String, required: true },
    channel: channelField,
    account: { type: String, required: true },
    userId: { type: String, required: true },
    name: { type: String, required: true, maxlength: 100 },
    phone: { type: String, required: true },
    birthday: { type: birthdaySchema, default: undefined },
    needs: { type: [needSchema], default: [] },
    homeAddress: { type: String, maxlength: 200 },
    language: { type: String, enum: ['vi', 'en'], default: 'vi' },
    consents: { type: [givenConsentSchema], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'pending_claims', strict: 'throw' },
);
// One pending claim per chat and customer: a second registration from the same chat replaces its answers.
pendingClaimSchema.index({ customerId: 1, chat: 1 }, { unique: true, name: 'customer_chat' });
// The chat's own claims, when it later shares a verified phone.
pendingClaimSchema.index({ chat: 1 }, { name: 'chat' });
// No TTL index on FerretDB v1 (database.md): old claims are removed by `removeOlderThan`, by a job when one needs it.
pendingClaimSchema.index({ createdAt: 1 }, { name: 'created' });

export type PendingClaimModel = Model<InferSchemaType<typeof pendingClaimSchema>>;

export function pendingClaimModel(conn: Connection): PendingClaimModel {
  return (conn.models.PendingClaim as PendingClaimModel | undefined) ?? conn.model('PendingClaim', pendingClaimSchema);
}
