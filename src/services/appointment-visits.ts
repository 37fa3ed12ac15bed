// An attended appointment becomes a visit through recordVisit (the money ledger, a package session, points, rank),
// prefilled with the appointment's service, technician and branch; keyed by the appointment, so it is one visit
// however often the answer is sent again.
import type { PaymentMethod } from '../domain/money-rules.js';
import type { Appointment } from '../store/appointments.js';
import type { StaffMember } from '../store/staff.js';
import { mayManageBranch } from './appointments.js';
import { packageStatuses, type MoneyDeps, type PackageStatus } from './money.js';
import { packageFor, recordVisit, type VisitRecorded, type VisitRefusal } from './visits.js';

export type AppointmentRefusal = { ok: false; reason: 'not_allowed' | 'not_attended' | 'gone' };
export type AppointmentVisit = VisitRecorded | VisitRefusal | AppointmentRefusal;
export const isAppointmentRefusal = (r: AppointmentVisit): r is AppointmentRefusal => !r.ok && (r.reason === 'not_allowed' || r.reason === 'not_attended' || r.reason === 'gone');

/** The visit key of an appointment: one visit per appointment. */
export const appointmentVisitKey = (appointmentId: string): string => `appointment_visit:${appointmentId}`;

/** The package a visit for this appointment would use, if the customer holds one in date with a session left. */
export async function packageForAppointment(d: MoneyDeps, a: Appointment): Promise<PackageStatus | undefined> {
  return packageFor(await packageStatuses(d, a.customerId), a.service).status;
}

export async function recordAppointmentVisit(d: MoneyDeps, p: { member: StaffMember; appointmentId: string; amountVnd?: number; method?: PaymentMethod }): Promise<AppointmentVisit> {
  const a = await d.store.appointments.findById(p.appointmentId);
  if (!a) return { ok: false, reason: 'gone' };
  if (!mayManageBranch(p.member, a.branchId)) return { ok: false, reason: 'not_allowed' };
  if (a.status !== 'attended') return { ok: false, reason: 'not_attended' };
  const customer = await d.store.customers.findById(a.customerId);
  if (!customer) return { ok: false, reason: 'gone' };
  const technician = await d.store.staff.findById(a.technicianId);
  if (!technician?.active) return { ok: false, reason: 'technician_inactive' };
  const r = await recordVisit(d, {
    key: appointmentVisitKey(a.id),
    customer,
    member: p.member,
    technician,
    service: a.service,
    ...(p.amountVnd !== undefined ? { amountVnd: p.amountVnd } : {}),
    ...(p.method ? { method: p.method } : {}),
    appointmentId: a.id,
    ...(a.branchId ? { branchId: a.branchId } : {}),
  });
  if (r.ok) await d.store.appointments.linkVisit(a.id, r.visitId);
  return r;
}
