// The money ledger and treatment packages (issue 13). FerretDB v1 has no transactions (database.md §5), so each
// money operation is ONE document: the sale, what was paid and how, deposit in or out, points earned or spent all
// live on it, and its `_id` is the operation's idempotency key, so a retried or redelivered command is a no-op.
// Every counter on the card is summed from these documents (never a stored number that can drift).
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { PAYMENT_METHODS } from '../../domain/money-rules.js';

export const MONEY_KINDS = ['visit', 'package_sale', 'sale', 'payment', 'deposit', 'redeem'] as const;

const vnd = { type: Number, default: 0, min: 0, validate: { validator: Number.isSafeInteger, message: 'VND must be an integer' } };

/** One line of an invoice: a service, a package or a product. */
const lineSchema = new Schema(
  { label: { type: String, required: true, maxlength: 100 }, quantity: { type: Number, min: 1, default: 1 }, unitVnd: vnd, totalVnd: vnd },
  { _id: false },
);

export const moneyEntrySchema = new Schema(
  {
    /** The operation's idempotency key ("<chat>:<message id>", a job's key…). */
    _id: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: MONEY_KINDS, required: true },
    at: { type: Date, required: true },
    /** Staff member who recorded it. */
    by: String,
    branchId: String,
    /** What the customer owes for this operation (the invoice total). */
    chargeVnd: vnd,
    /** Money received now toward charges (cash, transfer, card). */
    paidVnd: vnd,
    /** Deposit balance used toward charges. */
    depositSpentVnd: vnd,
    /** Money received into the deposit balance. */
    depositInVnd: vnd,
    method: { type: String, enum: PAYMENT_METHODS },
    pointsEarned: { type: Number, default: 0, min: 0, validate: Number.isSafeInteger },
    pointsRedeemed: { type: Number, default: 0, min: 0, validate: Number.isSafeInteger },
    lines: { type: [lineSchema], default: [] },
    visitId: String,
    packageId: String,
    /**
     * `<customer>:<n>` on operations that lower a balance (a debt payment, deposit spent, points redeemed): the
     * unique index lets only one of two racing operations take number n, so each one checks the balance the
     * previous one left (the appointment slot-key idea, store/appointments.ts).
     */
    outflowKey: String,
    note: { type: String, maxlength: 200 },
    createdAt: { type: Date, required: true },
  },
  { collection: 'money_entries', strict: 'throw' },
);
moneyEntrySchema.index({ customerId: 1, at: -1 }, { name: 'customer_time' });
moneyEntrySchema.index({ outflowKey: 1 }, { unique: true, sparse: true, name: 'outflow_unique' });

/** A treatment package (thẻ liệu trình); the sessions used are the visits that name it, counted. */
export const treatmentPackageSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    service: { type: String, required: true, maxlength: 100 },
    sessionsTotal: { type: Number, required: true, min: 1, max: 100 },
    priceVnd: vnd,
    soldAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    soldBy: String,
    branchId: String,
    /** The money entry of the sale. */
    entryId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'treatment_packages', strict: 'throw' },
);
treatmentPackageSchema.index({ customerId: 1, soldAt: -1 }, { name: 'customer_sold' });
treatmentPackageSchema.index({ expiresAt: 1 }, { name: 'expires' });

export type MoneyEntryModel = Model<InferSchemaType<typeof moneyEntrySchema>>;
export type TreatmentPackageModel = Model<InferSchemaType<typeof treatmentPackageSchema>>;

export function moneyEntryModel(conn: Connection): MoneyEntryModel {
  return (conn.models.MoneyEntry as MoneyEntryModel | undefined) ?? conn.model('MoneyEntry', moneyEntrySchema);
}
export function treatmentPackageModel(conn: Connection): TreatmentPackageModel {
  return (conn.models.TreatmentPackage as TreatmentPackageModel | undefined) ?? conn.model('TreatmentPackage', treatmentPackageSchema);
}
