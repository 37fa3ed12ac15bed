// Staff invitations (`/moi`): only a SHA-256 hash of the code is stored, so a database dump reveals no usable code.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { ROLES } from '../../domain/visibility.js';

export const inviteSchema = new Schema(
  {
    /** Hex SHA-256 of the normalised code: redeeming is an `_id` lookup (database.md §10). */
    _id: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    branchId: String,
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    /** No TTL index on FerretDB v1 (database.md): expiry is checked on redeem. */
    expiresAt: { type: Date, required: true },
    usedAt: Date,
    usedByStaffId: String,
  },
  { collection: 'staff_invites', strict: 'throw' },
);
inviteSchema.index({ expiresAt: 1 }, { name: 'expires' });

/**
 * The single-use claim: inserting `_id = code hash` succeeds exactly once, on FerretDB as on MongoDB (code
 * 11000 on the second insert). An update of `usedAt` would not do: FerretDB updates are read-modify-write
 * without a lock (database.md, "Updates are not atomic"), so two racing redeems could both see it unused.
 */
export const inviteClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { collection: 'staff_invite_claims', strict: 'throw' },
);

/**
 * Invitation codes tried and refused, per chat (issue 12: at most INVITE_ATTEMPTS_PER_HOUR). The chat is kept as a
 * hash of its address, never the user id itself; rows older than a day are pruned by the next failure of that chat
 * (FerretDB v1 has no TTL index, database.md).
 */
export const inviteAttemptSchema = new Schema(
  {
    chat: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'staff_invite_attempts', strict: 'throw' },
);
inviteAttemptSchema.index({ chat: 1, at: -1 }, { name: 'chat_time' });

export type InviteModel = Model<InferSchemaType<typeof inviteSchema>>;
export type InviteClaimModel = Model<InferSchemaType<typeof inviteClaimSchema>>;
export type InviteAttemptModel = Model<InferSchemaType<typeof inviteAttemptSchema>>;

export function inviteModel(conn: Connection): InviteModel {
  return (conn.models.StaffInvite as InviteModel | undefined) ?? conn.model('StaffInvite', inviteSchema);
}
export function inviteClaimModel(conn: Connection): InviteClaimModel {
  return (conn.models.StaffInviteClaim as InviteClaimModel | undefined) ?? conn.model('StaffInviteClaim', inviteClaimSchema);
}
export function inviteAttemptModel(conn: Connection): InviteAttemptModel {
  return (conn.models.StaffInviteAttempt as InviteAttemptModel | undefined) ?? conn.model('StaffInviteAttempt', inviteAttemptSchema);
}
