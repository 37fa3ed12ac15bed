// The customer profile (seed 000: every field of the spa's customer card has a home here).
// FerretDB v1 rules (shared docs, database.md): no nested arrays, no user-provided keys, money as integer VND.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { NEED_STAGES } from '../../domain/needs.js';

const vnd = { type: Number, default: 0, validate: { validator: Number.isSafeInteger, message: 'VND must be an integer' } };
const count = { type: Number, default: 0, min: 0 };

/** Who made a change: a staff member, the customer on a channel, the owner's CLI or a job. */
const actorSchema = new Schema(
  {
    kind: { type: String, enum: ['staff', 'customer', 'cli', 'system'], required: true },
    id: String,
    channel: String,
  },
  { _id: false },
);

const birthdaySchema = new Schema(
  { day: { type: Number, min: 1, max: 31, required: true }, month: { type: Number, min: 1, max: 12, required: true }, year: Number },
  { _id: false },
);

const lunarBirthdaySchema = new Schema(
  { day: { type: Number, min: 1, max: 30, required: true }, month: { type: Number, min: 1, max: 12, required: true }, leapMonth: { type: Boolean, default: false } },
  { _id: false },
);

const consentSchema = new Schema(
  {
    purpose: { type: String, enum: ['care', 'marketing', 'photo', 'health'], required: true },
    granted: { type: Boolean, required: true },
    at: { type: Date, required: true },
    channel: { type: String, required: true },
    wordingVersion: { type: String, required: true },
    /** Who recorded it (issue 12): only the customer's own trusted chat, staff on the card or the CLI. */
    by: { type: new Schema({ kind: { type: String, enum: ['staff', 'customer', 'cli', 'system'], required: true }, id: String }, { _id: false }), default: undefined },
    /** The chat's address key, when the words were agreed in a chat. */
    chat: String,
  },
  { _id: false },
);

/** One dated, staged need (src/domain/needs.ts validates it before it is written; the list only grows). */
const needSchema = new Schema(
  { service: { type: String, required: true }, stage: { type: String, enum: NEED_STAGES, required: true, default: 'interested' }, note: String, at: { type: Date, required: true } },
  { _id: false },
);

const photoSchema = new Schema({ url: { type: String, required: true }, takenAt: Date, visitId: String, caption: String }, { _id: true });

const treatmentPackageSchema = new Schema(
  {
    name: { type: String, required: true },
    sessionsUsed: count,
    sessionsTotal: { type: Number, min: 0, required: true },
    totalVnd: vnd,
    paidVnd: vnd,
    paymentStatus: { type: String, enum: ['unpaid', 'partial', 'paid'], default: 'unpaid' },
    boughtAt: Date,
  },
  { _id: true },
);

const productSchema = new Schema(
  { name: { type: String, required: true }, quantity: { type: Number, min: 1, default: 1 }, priceVnd: vnd, boughtAt: Date },
  { _id: true },
);

const invoiceSchema = new Schema(
  { number: { type: String, required: true }, totalVnd: vnd, paidAt: Date, note: String },
  { _id: true },
);

const depositSchema = new Schema({ amountVnd: vnd, at: { type: Date, required: true }, note: String }, { _id: true });

/** Owner-defined extra fields: stored as k/v pairs because user text must never become a field name. */
const attributeSchema = new Schema({ k: { type: String, required: true }, v: { type: String, default: '' } }, { _id: false });

export const customerSchema = new Schema(
  {
    name: { type: String, required: true, maxlength: 100 },
    /** Lower-case, diacritics folded (đ → d): FerretDB has no collation, so search uses this key. */
    nameKey: { type: String, required: true },
    photoUrl: String,
    /** E.164; one customer per phone (unique + sparse so phone-less drafts never collide, database.md §7). */
    phone: { type: String },
    phoneVerified: { type: Boolean, default: false },
    phoneLast3: String,
    phoneLast4: String,
    birthday: { type: birthdaySchema, default: undefined },
    /** Duplicated as plain numbers: FerretDB has no $month/$dayOfMonth (database.md §9). */
    birthMonth: Number,
    birthDay: Number,
    lunarBirthday: { type: lunarBirthdaySchema, default: undefined },
    email: String,
    gender: { type: String, enum: ['female', 'male', 'other'] },
    branchId: String,
    address: String,
    points: count,
    rank: { type: String, enum: ['dong', 'bac', 'vang', 'kim_cuong'], default: 'dong' },
    source: String,
    /** The customer who referred her (source "giới thiệu"); an id, never a name. */
    referredById: String,
    group: String,
    occupation: String,
    facebook: String,
    /** Prepaid balance (tiền cọc / thẻ liệu trình trả trước). */
    depositBalanceVnd: vnd,
    managerStaffId: String,
    totals: { spentVnd: vnd, debtVnd: vnd },
    visitCount: count,
    lastVisitAt: Date,
    photos: { type: [photoSchema], default: [] },
    treatmentPackages: { type: [treatmentPackageSchema], default: [] },
    products: { type: [productSchema], default: [] },
    invoices: { type: [invoiceSchema], default: [] },
    deposits: { type: [depositSchema], default: [] },
    needs: { type: [needSchema], default: [] },
    consents: { type: [consentSchema], default: [] },
    /** Current state of the consent history above, kept for cheap job queries. */
    consent: { care: { type: Boolean, default: false }, marketing: { type: Boolean, default: false }, photo: { type: Boolean, default: false }, health: { type: Boolean, default: false } },
    language: { type: String, enum: ['vi', 'en'], default: 'vi' },
    attributes: { type: [attributeSchema], default: [] },
    createdBy: { type: actorSchema, required: true },
    updatedBy: { type: actorSchema, required: true },
    erasedAt: Date,
  },
  { timestamps: true, collection: 'customers', strict: 'throw' },
);

customerSchema.index({ phone: 1 }, { unique: true, sparse: true, name: 'phone_unique' });
customerSchema.index({ nameKey: 1 }, { name: 'name_key' });
customerSchema.index({ phoneLast4: 1 }, { name: 'phone_last4' });
customerSchema.index({ phoneLast3: 1 }, { name: 'phone_last3' });
customerSchema.index({ birthMonth: 1, birthDay: 1 }, { name: 'birthday_month_day' });
// With the index above, the birthday planner's one $or query (solar or lunar) can use an index union on MongoDB.
customerSchema.index({ 'lunarBirthday.month': 1, 'lunarBirthday.day': 1 }, { name: 'lunar_birthday_month_day' });
customerSchema.index({ managerStaffId: 1 }, { name: 'manager' });
customerSchema.index({ branchId: 1 }, { name: 'branch' });
// The web list's sorts and its most used filter with the default sort (src/store/customer-listing.ts).
customerSchema.index({ createdAt: -1 }, { name: 'created' });
customerSchema.index({ lastVisitAt: -1 }, { name: 'last_visit' });
customerSchema.index({ branchId: 1, nameKey: 1 }, { name: 'branch_name' });

export type CustomerDoc = InferSchemaType<typeof customerSchema> & { _id: import('mongoose').Types.ObjectId };
export type CustomerModel = Model<InferSchemaType<typeof customerSchema>>;

export function customerModel(conn: Connection): CustomerModel {
  return (conn.models.Customer as CustomerModel | undefined) ?? conn.model('Customer', customerSchema);
}
