// Things that happen to a customer over time and grow without bound live in their own collections:
// calls (seed 003: time, who, content, to avoid duplicate calls), visits (seed 000: the list of sessions) and notes.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { NOTE_KINDS } from '../../domain/note-kinds.js';

export const callSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    staffId: { type: String, required: true },
    at: { type: Date, required: true },
    content: { type: String, required: true, maxlength: 2000 },
    outcome: String,
  },
  { collection: 'calls', strict: 'throw' },
);
callSchema.index({ customerId: 1, at: -1 }, { name: 'customer_time' });
// servedBy (issue 4 visibility: a staff member's customers include those they called).
callSchema.index({ staffId: 1 }, { name: 'staff' });

export const visitSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    service: { type: String, required: true },
    staffId: String,
    branchId: String,
    amountVnd: { type: Number, default: 0, validate: Number.isSafeInteger },
    status: { type: String, enum: ['booked', 'done', 'cancelled', 'no_show'], default: 'done' },
    paid: { type: Boolean, default: false },
    // Issue 13 (services/visits.ts): who typed it when another technician did the work, how it was paid, the
    // package whose session it used (`<package>:<n>`: unique, so session n is used once), the appointment it was.
    recordedBy: String,
    paymentMethod: String,
    packageId: String,
    packageUseKey: String,
    appointmentId: String,
  },
  { collection: 'visits', strict: 'throw' },
);
visitSchema.index({ customerId: 1, at: -1 }, { name: 'customer_time' });
visitSchema.index({ staffId: 1 }, { name: 'staff' });
visitSchema.index({ packageUseKey: 1 }, { unique: true, sparse: true, name: 'package_use_unique' });
visitSchema.index({ packageId: 1 }, { name: 'package' });

export { NOTE_KINDS };
export const noteSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: NOTE_KINDS, default: 'other' },
    text: { type: String, required: true, maxlength: 2000 },
    staffId: String,
    at: { type: Date, required: true },
  },
  { collection: 'notes', strict: 'throw' },
);
noteSchema.index({ customerId: 1, at: -1 }, { name: 'customer_time' });

export type CallModel = Model<InferSchemaType<typeof callSchema>>;
export type VisitModel = Model<InferSchemaType<typeof visitSchema>>;
export type NoteModel = Model<InferSchemaType<typeof noteSchema>>;

export function callModel(conn: Connection): CallModel {
  return (conn.models.Call as CallModel | undefined) ?? conn.model('Call', callSchema);
}
export function visitModel(conn: Connection): VisitModel {
  return (conn.models.Visit as VisitModel | undefined) ?? conn.model('Visit', visitSchema);
}
export function noteModel(conn: Connection): NoteModel {
  return (conn.models.Note as NoteModel | undefined) ?? conn.model('Note', noteSchema);
}
