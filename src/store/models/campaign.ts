// A campaign (issue 14): a segment (and slices) of customers, a template, a send time, who made it and where it is.
// The messages themselves are outbox rows (purpose `campaign`, occasion = this id), so a customer gets one per campaign.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { SLICE_KEYS } from '../../domain/segment-slices.js';
import { SEGMENTS } from '../../domain/segments.js';

export const CAMPAIGN_STATES = ['draft', 'scheduled', 'sending', 'done', 'cancelled'] as const;

// Slices as fixed keys (never a typed field name: FerretDB refuses `$` and `.` keys, database.md §2).
const slicesSchema = new Schema(Object.fromEntries(SLICE_KEYS.map((k) => [k, String])), { _id: false });

const creatorSchema = new Schema(
  {
    kind: { type: String, enum: ['staff', 'cli'], required: true },
    staffId: String,
    /** CLI `--as-manager <branch>`: the campaign reaches exactly what that branch's manager sees. */
    asManagerOf: String,
  },
  { _id: false },
);

const countsSchema = new Schema({ eligible: Number, noConsent: Number, noChat: Number }, { _id: false });

export const campaignSchema = new Schema(
  {
    segment: { type: String, enum: SEGMENTS, required: true },
    slices: { type: slicesSchema, default: {} },
    template: { type: String, required: true, maxlength: 1000 },
    sendAt: { type: Date, required: true },
    state: { type: String, enum: CAMPAIGN_STATES, required: true },
    createdBy: { type: creatorSchema, required: true },
    /** The audience as counted when the messages were queued (who was left out, and why). */
    audience: { type: countsSchema, default: undefined },
    /** Set once every message is in the outbox: a later run of the job queues nothing more. */
    enqueuedAt: Date,
    enqueued: Number,
    startedAt: Date,
    doneAt: Date,
    cancelledAt: Date,
    cancelReason: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'campaigns', strict: 'throw' },
);
campaignSchema.index({ state: 1, sendAt: 1 }, { name: 'state_send_at' });
campaignSchema.index({ createdAt: -1 }, { name: 'created' });

export type CampaignModel = Model<InferSchemaType<typeof campaignSchema>>;

export function campaignModel(conn: Connection): CampaignModel {
  return (conn.models.Campaign as CampaignModel | undefined) ?? conn.model('Campaign', campaignSchema);
}
