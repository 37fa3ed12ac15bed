// Each customer's segment as last computed (issue 14): one document per customer, `_id` = the customer's id, so the
// incremental recompute is a key write and FerretDB v1 (no $lookup, database.md) never has to join: the branch,
// manager and slice attributes the lists filter on are copied here when the segment is computed.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { AGE_BANDS } from '../../domain/segment-slices.js';
import { SEGMENTS } from '../../domain/segments.js';

const figuresSchema = new Schema(
  {
    totalVisits: { type: Number, default: 0 },
    windowVisits: { type: Number, default: 0 },
    windowSpendVnd: { type: Number, default: 0, validate: Number.isSafeInteger },
    intervalDays: Number,
    firstVisitAt: Date,
    lastVisitAt: Date,
    registeredAt: { type: Date, required: true },
    nextAppointmentAt: Date,
  },
  { _id: false },
);

const attributesSchema = new Schema(
  {
    branchId: String,
    source: String,
    needs: { type: [String], default: [] },
    services: { type: [String], default: [] },
    rank: String,
    ageBand: { type: String, enum: AGE_BANDS },
    gender: { type: String, enum: ['female', 'male', 'other'] },
    occupation: String,
    group: String,
    /** Folded hobby/family note texts: erased with the row when the customer is erased. */
    notes: { type: [String], default: [] },
  },
  { _id: false },
);

export const customerSegmentSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    segment: { type: String, enum: SEGMENTS, required: true },
    figures: { type: figuresSchema, required: true },
    attributes: { type: attributesSchema, required: true },
    /** Copied from the card for the visibility rule (src/domain/visibility.ts) without reading the customer. */
    branchId: String,
    managerStaffId: String,
    marketing: { type: Boolean, default: false },
    lastService: String,
    lastContactAt: Date,
    /** When the customer entered this segment (kept while it stays the same). */
    since: { type: Date, required: true },
    computedAt: { type: Date, required: true },
    /** Hash of what the nightly pass compares (store/segments.ts segmentSignature): it reads this, not the row. */
    sig: String,
  },
  { collection: 'customer_segments', strict: 'throw' },
);
customerSegmentSchema.index({ segment: 1 }, { name: 'segment' });
customerSegmentSchema.index({ managerStaffId: 1, segment: 1 }, { name: 'manager_segment' });

export type CustomerSegmentDoc = InferSchemaType<typeof customerSegmentSchema>;
export type CustomerSegmentModel = Model<CustomerSegmentDoc>;

export function customerSegmentModel(conn: Connection): CustomerSegmentModel {
  return (conn.models.CustomerSegment as CustomerSegmentModel | undefined) ?? conn.model('CustomerSegment', customerSegmentSchema);
}
