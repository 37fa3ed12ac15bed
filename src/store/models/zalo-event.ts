// Every accepted Zalo webhook delivery, keyed so a redelivery is a duplicate-key no-op (conventions.md §9).
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** failed: its handling threw, tried again by the `retry-zalo-events` job; abandoned: out of tries, for the owner. */
export const ZALO_EVENT_STATUSES = ['pending', 'done', 'failed', 'abandoned'] as const;

export const zaloEventSchema = new Schema(
  {
    oaId: { type: String, required: true },
    /** msg_id, or event_name:user:timestamp for events without a message (follow, submit_info). */
    key: { type: String, required: true },
    eventName: { type: String, required: true },
    userId: String,
    status: { type: String, enum: ZALO_EVENT_STATUSES, required: true },
    /** The raw body, kept only until processed so a crash after the 200 can be resumed; then removed. */
    body: String,
    receivedAt: { type: Date, required: true },
    doneAt: Date,
    /** Handlings that failed so far, the next one's time, and what went wrong (an error name or code, no text). */
    attempts: Number,
    nextAttemptAt: Date,
    lastError: String,
  },
  { collection: 'zalo_events', strict: 'throw' },
);
zaloEventSchema.index({ oaId: 1, key: 1 }, { unique: true, name: 'event_unique' });
// FerretDB v1 has no TTL indexes (database.md), so old keys are pruned by receivedAt explicitly.
zaloEventSchema.index({ status: 1, receivedAt: 1 }, { name: 'status_time' });

export type ZaloEventModel = Model<InferSchemaType<typeof zaloEventSchema>>;

export function zaloEventModel(conn: Connection): ZaloEventModel {
  return (conn.models.ZaloEvent as ZaloEventModel | undefined) ?? conn.model('ZaloEvent', zaloEventSchema);
}
