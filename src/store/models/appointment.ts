// Appointments (lịch hẹn, issue 13) and the slot keys that keep one technician from being booked twice.
// FerretDB v1 has no transactions and no atomic read-modify-write (database.md §5), but an insert that violates a
// unique key fails with 11000 on both servers: each 5-minute unit of a technician's time is one document whose
// `_id` is `<technician>:<unit start>`, inserted before the appointment counts, so two bookings racing for one
// unit cannot both win.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const APPOINTMENT_STATUSES = ['requested', 'confirmed', 'attended', 'no_show', 'cancelled'] as const;
export const APPOINTMENT_ACTIONS = ['requested', 'booked', 'confirmed', 'moved', 'technician', 'attended', 'no_show', 'cancelled'] as const;
/** Statuses that still hold the technician's time. */
export const ACTIVE_APPOINTMENT_STATUSES = ['requested', 'confirmed'] as const;

const actorSchema = new Schema({ kind: { type: String, enum: ['staff', 'customer', 'cli', 'system'], required: true }, id: String, channel: String }, { _id: false });

const changeSchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: actorSchema, required: true },
    action: { type: String, enum: APPOINTMENT_ACTIONS, required: true },
    /** For moves: the start it had before; for technician changes: who had it. */
    fromStart: Date,
    fromTechnicianId: String,
  },
  { _id: false },
);

export const appointmentSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    branchId: String,
    technicianId: { type: String, required: true },
    service: { type: String, required: true, maxlength: 100 },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    status: { type: String, enum: APPOINTMENT_STATUSES, required: true },
    bookedBy: { type: actorSchema, required: true },
    history: { type: [changeSchema], default: [] },
    /** The visit an attended appointment became. */
    visitId: String,
    /** Compare-and-set counter: every change filters on the version it read. */
    version: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'appointments', strict: 'throw' },
);
appointmentSchema.index({ branchId: 1, start: 1 }, { name: 'branch_start' });
appointmentSchema.index({ technicianId: 1, start: 1 }, { name: 'technician_start' });
appointmentSchema.index({ customerId: 1, start: -1 }, { name: 'customer_start' });
appointmentSchema.index({ status: 1, start: 1 }, { name: 'status_start' });

/** One unit of one technician's time, held by one appointment (the `_id` is the unique key). */
export const appointmentSlotSchema = new Schema(
  {
    _id: { type: String, required: true },
    appointmentId: { type: String, required: true },
    technicianId: { type: String, required: true },
    at: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'appointment_slots', strict: 'throw' },
);
appointmentSlotSchema.index({ appointmentId: 1 }, { name: 'appointment' });

export type AppointmentDoc = InferSchemaType<typeof appointmentSchema> & { _id: import('mongoose').Types.ObjectId };
export type AppointmentModel = Model<InferSchemaType<typeof appointmentSchema>>;
export type AppointmentSlotModel = Model<InferSchemaType<typeof appointmentSlotSchema>>;

export function appointmentModel(conn: Connection): AppointmentModel {
  return (conn.models.Appointment as AppointmentModel | undefined) ?? conn.model('Appointment', appointmentSchema);
}
export function appointmentSlotModel(conn: Connection): AppointmentSlotModel {
  return (conn.models.AppointmentSlot as AppointmentSlotModel | undefined) ?? conn.model('AppointmentSlot', appointmentSlotSchema);
}
