// Staff members (owner, manager, staff) and the chats they use, so the engine can tell staff from customers.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { ROLES } from '../../domain/visibility.js';
import { channelField } from './identity.js';

export const staffSchema = new Schema(
  {
    name: { type: String, required: true, maxlength: 100 },
    role: { type: String, enum: ROLES, required: true },
    branchId: String,
    /** The chats this member works from, in the order reminders try them (a channel user: no bot account). */
    chats: { type: [new Schema({ channel: channelField, userId: { type: String, required: true } }, { _id: false })], default: undefined },
    /** Before chats were one list: read as chats (toMember) and moved into `chats` by ensureIndexes. */
    telegramId: String,
    zaloId: String,
    active: { type: Boolean, default: true },
    removedAt: Date,
  },
  { timestamps: true, collection: 'staff', strict: 'throw' },
);
staffSchema.index({ active: 1 }, { name: 'active' });

/**
 * One document per chat a staff member uses, keyed `channel:userId` (channelUserKey): a chat belongs to at
 * most one staff member by `_id` uniqueness, and the per-message "is this chat staff?" check is an `_id`
 * lookup, the only filter FerretDB's SQLite backend pushes down (database.md §10).
 */
export const staffChatSchema = new Schema(
  {
    _id: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
  },
  { collection: 'staff_chats', strict: 'throw' },
);
staffChatSchema.index({ staffId: 1 }, { name: 'staff' });

export type StaffModel = Model<InferSchemaType<typeof staffSchema>>;
export type StaffChatModel = Model<InferSchemaType<typeof staffChatSchema>>;

export function staffModel(conn: Connection): StaffModel {
  return (conn.models.Staff as StaffModel | undefined) ?? conn.model('Staff', staffSchema);
}
export function staffChatModel(conn: Connection): StaffChatModel {
  return (conn.models.StaffChat as StaffChatModel | undefined) ?? conn.model('StaffChat', staffChatSchema);
}
