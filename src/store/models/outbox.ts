// The outbox: one document per scheduled message (customer greeting, follow-up, staff reminder), keyed so it exists once.
// FerretDB v1 (shared docs, database.md): no TTL or partial indexes, no atomic claim, so `version` + `claimOwner` do it.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { channelField } from './identity.js';

export const OUTBOX_PURPOSES = [
  'birthday',
  'follow_up_registration',
  'follow_up_visit',
  'staff_call',
  'staff_digest',
  'reply',
  // Appointments (issue 13): customer reminders and news, staff confirmations and the end-of-day question.
  'appointment_reminder',
  'appointment_update',
  'appointment_request',
  'appointment_unmarked',
  // A customer cancelled her appointment herself (an answer to a reminder): its technician hears it.
  'appointment_cancelled',
  // Money (issue 13): a customer's rank changed; a treatment package with sessions left sits unused.
  'rank_change',
  'package_idle',
  // Segments (issue 14): each staff member's weekly win-back list.
  'staff_win_back',
  // Campaigns (issue 14): one message per customer per campaign (occasion = the campaign id).
  'campaign',
  // Card edits (issue 17): a customer's new managing staff member is told.
  'manager_assigned',
  // A self-registration with a need, announced to the branch's staff at once (issue 17; occasion = the customer id).
  'new_customer',
] as const;
/** `chat`: a bot's answer that could not be sent at once, to whoever wrote (customer, guest or staff). */
export const OUTBOX_AUDIENCES = ['customer', 'staff', 'chat'] as const;
export const OUTBOX_STATUSES = [
  /** Waiting for dueAt / nextAttemptAt. */
  'pending',
  /** Owned by one dispatcher (claimOwner) until claimUntil; nothing has been sent yet. */
  'claimed',
  /** The platform call is under way; if the owner dies here nobody knows whether it arrived. */
  'sending',
  'sent',
  /** Gave up: permanent refusal or too many attempts (statusReason says which). */
  'failed',
  /** No longer wanted: consent withdrawn, data erased, the customer already came back. */
  'cancelled',
  /** Its day passed before it could go (a greeting a day late is worse than none). */
  'expired',
  /** No chat could carry it: a staff member calls instead (a staff_call row or the morning list). */
  'handed_off',
  /**
   * It may or may not have arrived (the dispatcher died mid-send, or the platform never answered: a timeout, a
   * connection lost after the request went out), so it is not sent again (at most once).
   */
  'unknown',
] as const;
export const OUTBOX_ROUTES = ['chat', 'template', 'staff'] as const;

export type OutboxPurpose = (typeof OUTBOX_PURPOSES)[number];
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export type OutboxRoute = (typeof OUTBOX_ROUTES)[number];

const addressSchema = new Schema(
  { channel: channelField, account: { type: String, required: true }, userId: { type: String, required: true } },
  { _id: false },
);

/** One line of a staff digest; rendered from the live profile when sent, so erased data never goes out. */
const digestItemSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    section: { type: String, enum: ['call', 'incomplete', 'win_back'], required: true },
    about: { type: String, enum: OUTBOX_PURPOSES },
    service: String,
  },
  { _id: false },
);

export const outboxSchema = new Schema(
  {
    /** `<purpose>:<subject>:<occasion>`: the unique index makes re-planning a no-op. */
    key: { type: String, required: true },
    purpose: { type: String, enum: OUTBOX_PURPOSES, required: true },
    audience: { type: String, enum: OUTBOX_AUDIENCES, required: true },
    customerId: Schema.Types.ObjectId,
    staffId: String,
    /** What the message is about: "2026", "am2026" (lunar year), a visit id, "registration", a date. */
    occasion: { type: String, required: true },
    /** Business-local date (YYYY-MM-DD) the message belongs to. */
    occasionDate: { type: String, required: true },
    /** For customer follow-ups: the registration or visit time ("came back since?"). */
    referenceAt: Date,
    /** For follow-ups on staff rows: which customer message this is about. */
    about: { type: String, enum: OUTBOX_PURPOSES },
    service: String,
    items: { type: [digestItemSchema], default: undefined },
    /**
     * Reply rows only: the replies still to send, in order, as JSON text (they may carry the guest's own answers,
     * so the text is removed as soon as the row is finished, whatever the outcome).
     */
    replies: String,

    dueAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    status: { type: String, enum: OUTBOX_STATUSES, required: true, default: 'pending' },
    statusReason: String,
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    /** Compare-and-set counter: every state change filters on the version it read. */
    version: { type: Number, default: 0 },
    claimOwner: String,
    claimUntil: Date,

    route: { type: String, enum: OUTBOX_ROUTES },
    /** Why this route: "telegram_linked", "zalo_window_closed", "no_chat", "staff_chat", "owner_fallback"… */
    routeReason: String,
    address: { type: addressSchema, default: undefined },
    lastError: String,
    sentAt: Date,
    platformMessageId: String,
    /** Follow-ups handed to the morning list: the digest row that listed them. */
    digestKey: String,

    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'outbox', strict: 'throw' },
);

outboxSchema.index({ key: 1 }, { unique: true, name: 'key_unique' });
outboxSchema.index({ status: 1, nextAttemptAt: 1 }, { name: 'status_next_attempt' });
outboxSchema.index({ customerId: 1, status: 1 }, { name: 'customer_status' });
// The web page's outbox list and message counts per week (src/store/stats.ts).
outboxSchema.index({ status: 1, updatedAt: -1 }, { name: 'status_updated' });
outboxSchema.index({ occasionDate: 1, purpose: 1 }, { name: 'occasion_date_purpose' });
outboxSchema.index({ digestKey: 1 }, { name: 'digest_key' });

export type OutboxDoc = InferSchemaType<typeof outboxSchema> & { _id: import('mongoose').Types.ObjectId };
export type OutboxModel = Model<InferSchemaType<typeof outboxSchema>>;

export function outboxModel(conn: Connection): OutboxModel {
  return (conn.models.Outbox as OutboxModel | undefined) ?? conn.model('Outbox', outboxSchema);
}

/** What `hoso jobs list` shows as a job's last result: one line per run, from the CLI or the worker. */
export const jobRunSchema = new Schema(
  {
    job: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: Date,
    /** The business date it ran for. */
    date: { type: String, required: true },
    ok: Boolean,
    summary: String,
    error: String,
    by: { type: String, enum: ['worker', 'cli'], required: true },
  },
  { collection: 'job_runs', strict: 'throw' },
);
jobRunSchema.index({ job: 1, startedAt: -1 }, { name: 'job_started' });

export type JobRunModel = Model<InferSchemaType<typeof jobRunSchema>>;

export function jobRunModel(conn: Connection): JobRunModel {
  return (conn.models.JobRun as JobRunModel | undefined) ?? conn.model('JobRun', jobRunSchema);
}
