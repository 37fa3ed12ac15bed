// The audit log (issue 4): every read of a customer card and every change, who, what, when, which channel.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const AUDIT_ACTIONS = ['read_card', 'search', 'create', 'update', 'note', 'call', 'visit', 'export', 'erase', 'invite', 'staff_change', 'probe_phone', 'claim_create', 'claim_confirm', 'claim_reject', 'appointment', 'link_issue', 'link_chat', 'consent', 'photo_add', 'import', 'merge', 'merge_undo', 'web_login', 'outbox_retry', 'outbox_cancel', 'settings_change', 'campaign'] as const;
export const AUDIT_ACTOR_KINDS = ['staff', 'customer', 'cli', 'system'] as const;

export const auditSchema = new Schema(
  {
    at: { type: Date, required: true },
    actor: {
      type: new Schema({ kind: { type: String, enum: AUDIT_ACTOR_KINDS, required: true }, id: String }, { _id: false }),
      required: true,
    },
    action: { type: String, enum: AUDIT_ACTIONS, required: true },
    /** A string, not an ObjectId: entries outlive erasure and may name non-customer subjects later. */
    customerId: String,
    channel: String,
    /** Ids, counts and field names only: never personal data (conventions §7). */
    detail: { type: String, maxlength: 500 },
  },
  { collection: 'audit_log', strict: 'throw' },
);
auditSchema.index({ customerId: 1, at: -1 }, { name: 'customer_time' });
auditSchema.index({ at: -1 }, { name: 'time' });

export type AuditModel = Model<InferSchemaType<typeof auditSchema>>;

export function auditModel(conn: Connection): AuditModel {
  return (conn.models.AuditEntry as AuditModel | undefined) ?? conn.model('AuditEntry', auditSchema);
}
