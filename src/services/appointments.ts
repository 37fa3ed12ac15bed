// Appointments for every front end (staff chat, customer chat, later the web page): booking with the overlap rule,
// free technicians and times, confirming, moving, closing, the day's list, and the outbox rows they cause.
// The copy stays in the front ends; the rows' words are rendered when they are sent (jobs/appointment-messages.ts).
import { appointmentsStaffOf, bookableFor } from './appointment-staff.js';
import { DEFAULT_APPOINTMENT_SETTINGS, durationOf, freeSlots, insideOpeningHours, type AppointmentSettings, type FreeSlot } from '../domain/appointment-times.js';
import { businessDateTime, formatLocalDate, type LocalDate } from '../domain/business-time.js';
import { addDays, instantAt } from '../domain/quiet-hours.js';
import type { Appointment, AppointmentStatus, ChangeFailure } from '../store/appointments.js';
import { ACTIVE_APPOINTMENT_STATUSES } from '../store/appointments.js';
import type { Actor, Customer } from '../store/customers.js';
import type { Store } from '../store/index.js';
import type { NewOutboxMessage } from '../store/outbox.js';
import type { StaffMember } from '../store/staff.js';

export { appointmentsStaffOf, matchTechnician, techniciansOf } from './appointment-staff.js';

export interface AppointmentDeps {
  store: Store;
  settings?: AppointmentSettings;
  timeZone: string;
  now: () => Date;
}

/** The staff id a message goes to when nobody more specific is known (jobs/ports.ts OWNER_STAFF_ID). */
export const OWNER_STAFF = 'owner';

export type StaffBooking =
  | { kind: 'booked'; appointment: Appointment; technician: StaffMember }
  /** The technician named is busy then: who holds the time, and who of the branch is free instead. */
  | { kind: 'taken'; technician: StaffMember; conflicts: Appointment[]; free: StaffMember[] }
  /** Nobody of the branch is free then. */
  | { kind: 'full' }
  | { kind: 'past' }
  | { kind: 'closed' }
  | { kind: 'other_branch'; technician: StaffMember };

const settingsOf = (d: AppointmentDeps): AppointmentSettings => d.settings ?? DEFAULT_APPOINTMENT_SETTINGS;
const endOf = (d: AppointmentDeps, service: string, start: Date): Date => new Date(start.getTime() + durationOf(service, settingsOf(d)) * 60_000);

/** May this member book or change appointments of that technician (their own branch; owners anywhere)? */
export function mayManageBranch(member: StaffMember, branchId: string | undefined): boolean {
  if (member.role === 'owner') return true;
  return (member.branchId ?? undefined) === (branchId ?? undefined);
}

/** Technicians free for all of [start, end), among the branch's, in the branch's order. */
export async function freeTechnicians(d: AppointmentDeps, branchId: string | undefined, start: Date, end: Date, except: string[] = []): Promise<StaffMember[]> {
  return freeAmong(d, (await appointmentsStaffOf(d.store, branchId)).filter((m) => !except.includes(m.id)), start, end);
}

async function freeAmong(d: AppointmentDeps, team: StaffMember[], start: Date, end: Date): Promise<StaffMember[]> {
  const busy = new Set((await d.store.appointments.overlapping(team.map((m) => m.id), start, end)).map((a) => a.technicianId));
  return team.filter((m) => !busy.has(m.id));
}

/**
 * A staff member books `service` at `start` for a customer they may write about. With a technician named, only
 * that technician; otherwise the first free one of the branch. The slot keys decide a race (store/appointments.ts).
 */
export async function bookForStaff(d: AppointmentDeps, p: { member: StaffMember; customer: Customer; service: string; start: Date; technician?: StaffMember; channel: string }): Promise<StaffBooking> {
  const s = settingsOf(d);
  const end = endOf(d, p.service, p.start);
  if (p.start <= d.now()) return { kind: 'past' };
  if (!insideOpeningHours(p.start, durationOf(p.service, s), s, d.timeZone)) return { kind: 'closed' };
  const branchId = p.technician ? p.technician.branchId : (p.member.branchId ?? p.customer.branchId);
  if (p.technician && !mayManageBranch(p.member, p.technician.branchId)) return { kind: 'other_branch', technician: p.technician };
  const by: Actor = { kind: 'staff', id: p.member.id, channel: p.channel };
  const candidates = p.technician ? [p.technician] : await freeTechnicians(d, branchId, p.start, end);
  for (const technician of candidates) {
    const booked = await d.store.appointments.book({ customerId: p.customer.id, ...(branchId ? { branchId } : {}), technicianId: technician.id, service: p.service, start: p.start, end, status: 'confirmed', by });
    if (booked.ok) {
      await planReminders(d, booked.value);
      await d.store.audit.record({ actor: { kind: 'staff', id: p.member.id }, action: 'appointment', customerId: p.customer.id, channel: p.channel, detail: `booked=${booked.value.id}` });
      return { kind: 'booked', appointment: booked.value, technician };
    }
    if (p.technician) return { kind: 'taken', technician, conflicts: booked.reason.conflicts, free: await freeTechnicians(d, branchId, p.start, end, [technician.id]) };
  }
  return { kind: 'full' };
}

export type CustomerRequest = { kind: 'requested'; appointment: Appointment } | { kind: 'taken' } | { kind: 'past' } | { kind: 'closed' };

/** A customer's own booking: held with the first free technician, waiting for a staff member's confirmation. */
export async function requestForCustomer(d: AppointmentDeps, p: { customer: Customer; service: string; start: Date; channel: string }): Promise<CustomerRequest> {
  const s = settingsOf(d);
  if (p.start <= d.now()) return { kind: 'past' };
  if (!insideOpeningHours(p.start, durationOf(p.service, s), s, d.timeZone)) return { kind: 'closed' };
  const end = endOf(d, p.service, p.start);
  for (const technician of await freeAmong(d, await bookableFor(d.store, p.customer.branchId), p.start, end)) {
    // A customer with no branch is booked at her technician's branch (bookableFor), whose managers confirm it.
    const branchId = p.customer.branchId ?? technician.branchId;
    const booked = await d.store.appointments.book({ customerId: p.customer.id, ...(branchId ? { branchId } : {}), technicianId: technician.id, service: p.service, start: p.start, end, status: 'requested', by: { kind: 'customer', id: p.customer.id, channel: p.channel } });
    if (booked.ok) {
      await askStaffToConfirm(d, booked.value, p.customer);
      return { kind: 'requested', appointment: booked.value };
    }
  }
  return { kind: 'taken' };
}

/**
 * The start times of a day a customer may pick for a service (some technician of their branch free). `moving`: the
 * appointment being moved, whose own time is not busy for it (moving 15:00 to 15:30 overlaps only itself).
 */
export async function freeSlotsFor(d: AppointmentDeps, p: { branchId: string | undefined; service: string; date: LocalDate; moving?: string }): Promise<FreeSlot[]> {
  const s = settingsOf(d);
  const team = await bookableFor(d.store, p.branchId);
  const from = instantAt(p.date, '00:00', d.timeZone);
  const to = instantAt(addDays(p.date, 1), '00:00', d.timeZone);
  const busy = (await d.store.appointments.between({ from: new Date(from.getTime() - 86_400_000), to, technicianIds: team.map((m) => m.id), statuses: ACTIVE_APPOINTMENT_STATUSES })).filter((a) => a.id !== p.moving);
  return freeSlots({ date: p.date, durationMinutes: durationOf(p.service, s), technicianIds: team.map((m) => m.id), busy, notBefore: d.now(), settings: s, timeZone: d.timeZone });
}

export type Change = { ok: true; appointment: Appointment } | { ok: false; reason: ChangeFailure['kind'] | 'not_allowed' | 'closed' | 'past' | 'not_open'; free?: StaffMember[] };

/** A staff member confirms a customer's request; the customer is told. */
export async function confirmRequest(d: AppointmentDeps, member: StaffMember, id: string, channel: string): Promise<Change> {
  const a = await d.store.appointments.findById(id);
  if (!a) return { ok: false, reason: 'gone' };
  if (!mayManageBranch(member, a.branchId)) return { ok: false, reason: 'not_allowed' };
  if (a.status !== 'requested') return { ok: false, reason: 'not_open' };
  const r = await d.store.appointments.setStatus(a, 'confirmed', { kind: 'staff', id: member.id, channel });
  if (!r.ok) return { ok: false, reason: r.reason.kind };
  await tellCustomer(d, r.value);
  await planReminders(d, r.value);
  return { ok: true, appointment: r.value };
}

/** Moves an appointment to a new start (same service, same technician when free, else another free one). */
export async function moveAppointment(d: AppointmentDeps, p: { by: Actor; member?: StaffMember; id: string; start: Date; status: 'requested' | 'confirmed' }): Promise<Change> {
  const a = await d.store.appointments.findById(p.id);
  if (!a) return { ok: false, reason: 'gone' };
  if (p.member && !mayManageBranch(p.member, a.branchId)) return { ok: false, reason: 'not_allowed' };
  if (!(ACTIVE_APPOINTMENT_STATUSES as readonly string[]).includes(a.status)) return { ok: false, reason: 'not_open' };
  const s = settingsOf(d);
  if (p.start <= d.now()) return { ok: false, reason: 'past' };
  if (!insideOpeningHours(p.start, durationOf(a.service, s), s, d.timeZone)) return { ok: false, reason: 'closed' };
  const end = endOf(d, a.service, p.start);
  const others = await freeTechnicians(d, a.branchId, p.start, end, [a.technicianId]);
  for (const technicianId of [a.technicianId, ...others.map((m) => m.id)]) {
    const r = await d.store.appointments.move(a, { start: p.start, end, technicianId }, p.by, p.status);
    if (r.ok) {
      if (p.status === 'confirmed') {
        await tellCustomer(d, r.value);
        await planReminders(d, r.value);
      } else {
        const customer = await d.store.customers.findById(r.value.customerId);
        if (customer) await askStaffToConfirm(d, r.value, customer);
      }
      return { ok: true, appointment: r.value };
    }
    if (r.reason.kind !== 'taken') return { ok: false, reason: r.reason.kind };
  }
  return { ok: false, reason: 'taken', free: [] };
}

/** Attended, no-show or cancelled, by a staff member of the branch (or the customer cancelling her own). */
export async function closeAppointment(d: AppointmentDeps, p: { by: Actor; member?: StaffMember; customerId?: string; id: string; status: Extract<AppointmentStatus, 'attended' | 'no_show' | 'cancelled'>; visitId?: string }): Promise<Change> {
  const a = await d.store.appointments.findById(p.id);
  if (!a) return { ok: false, reason: 'gone' };
  if (p.member && !mayManageBranch(p.member, a.branchId)) return { ok: false, reason: 'not_allowed' };
  if (p.customerId !== undefined && p.customerId !== a.customerId) return { ok: false, reason: 'not_allowed' };
  if (!p.member && p.customerId === undefined) return { ok: false, reason: 'not_allowed' };
  if (!(ACTIVE_APPOINTMENT_STATUSES as readonly string[]).includes(a.status)) return { ok: false, reason: 'not_open' };
  const r = await d.store.appointments.setStatus(a, p.status, p.by, p.visitId ? { visitId: p.visitId } : {});
  if (!r.ok) return { ok: false, reason: r.reason.kind };
  await d.store.audit.record({ actor: { kind: p.by.kind, ...(p.by.id ? { id: p.by.id } : {}) }, action: 'appointment', customerId: a.customerId, ...(p.by.channel ? { channel: p.by.channel } : {}), detail: `${p.status}=${a.id}` });
  // Staff cancel at the counter and know it; a customer's own cancellation frees a technician who must hear it.
  if (p.by.kind === 'customer' && p.status === 'cancelled') await tellTechnicianCancelled(d, r.value);
  return { ok: true, appointment: r.value };
}

/** The customer's next open appointment (for "hủy" / "đổi giờ" answers). */
export async function nextOpenAppointment(d: AppointmentDeps, customerId: string): Promise<Appointment | null> {
  const list = await d.store.appointments.forCustomer(customerId, { from: d.now(), statuses: ACTIVE_APPOINTMENT_STATUSES, limit: 1 });
  return list[0] ?? null;
}

/** A branch's appointments of one business day, grouped by technician (the /homnay list and the morning list). */
export async function dayList(d: AppointmentDeps, p: { branchId?: string | null; date: LocalDate; technicianId?: string }): Promise<{ byTechnician: Map<string, Appointment[]>; customers: Map<string, Customer> }> {
  const from = instantAt(p.date, '00:00', d.timeZone);
  const to = instantAt(addDays(p.date, 1), '00:00', d.timeZone);
  const list = await d.store.appointments.between({ from, to, ...(p.branchId !== undefined ? { branchId: p.branchId } : {}), ...(p.technicianId ? { technicianIds: [p.technicianId] } : {}) });
  const customers = await d.store.customers.findManyById([...new Set(list.map((a) => a.customerId))]);
  const byTechnician = new Map<string, Appointment[]>();
  for (const a of list) byTechnician.set(a.technicianId, [...(byTechnician.get(a.technicianId) ?? []), a]);
  return { byTechnician, customers };
}

// ---- outbox rows: planned now, rendered when sent (jobs/appointment-messages.ts) ----

const localDay = (d: AppointmentDeps, at: Date): string => {
  const l = businessDateTime(at, d.timeZone);
  return formatLocalDate({ year: l.year, month: l.month, day: l.day });
};

/** The day-before and hours-before reminders of a confirmed appointment; keyed by its start, so a move re-plans. */
export async function planReminders(d: AppointmentDeps, a: Appointment): Promise<number> {
  if (a.status !== 'confirmed') return 0;
  const s = settingsOf(d);
  const now = d.now();
  const l = businessDateTime(a.start, d.timeZone);
  const dayBefore = instantAt(addDays({ year: l.year, month: l.month, day: l.day }, -1), s.dayBeforeTime, d.timeZone);
  const hoursBefore = new Date(a.start.getTime() - s.reminderHours * 3_600_000);
  const rows: NewOutboxMessage[] = [];
  const row = (which: string, dueAt: Date): NewOutboxMessage => ({
    key: `appointment_reminder:${a.id}:${a.start.toISOString()}:${which}`,
    purpose: 'appointment_reminder',
    audience: 'customer',
    customerId: a.customerId,
    occasion: a.id,
    occasionDate: localDay(d, dueAt),
    referenceAt: a.start,
    service: a.service,
    dueAt,
    // A reminder that could not go before the appointment began is no use.
    expiresAt: a.start,
  });
  if (dayBefore > now) rows.push(row('day_before', dayBefore));
  if (s.reminderHours > 0 && hoursBefore > now && hoursBefore.getTime() !== dayBefore.getTime()) rows.push(row('hours_before', hoursBefore));
  return rows.length ? (await d.store.outbox.plan(rows)).inserted : 0;
}

/** The customer hears that her appointment was confirmed or changed (once per change: keyed by the version). */
async function tellCustomer(d: AppointmentDeps, a: Appointment): Promise<void> {
  const last = a.history.at(-1);
  if (last?.by.kind === 'customer') return;
  await d.store.outbox.plan([
    { key: `appointment_update:${a.id}:${a.version}`, purpose: 'appointment_update', audience: 'customer', customerId: a.customerId, occasion: a.id, occasionDate: localDay(d, d.now()), referenceAt: a.start, service: a.service, dueAt: d.now(), expiresAt: a.start },
  ]);
}

async function tellTechnicianCancelled(d: AppointmentDeps, a: Appointment): Promise<void> {
  const tech = await d.store.staff.findById(a.technicianId);
  const staffId = tech?.active ? tech.id : OWNER_STAFF;
  await d.store.outbox.plan([
    { key: `appointment_cancelled:${a.id}`, purpose: 'appointment_cancelled', audience: 'staff', staffId, customerId: a.customerId, occasion: a.id, occasionDate: localDay(d, d.now()), referenceAt: a.start, service: a.service, dueAt: d.now(), expiresAt: new Date(Math.max(a.start.getTime(), d.now().getTime() + 3_600_000)) },
  ]);
}

/** Who confirms a customer's request: her managing staff member, else the branch's managers, else the owner. */
async function confirmersOf(d: AppointmentDeps, a: Appointment, customer: Customer): Promise<string[]> {
  if (customer.managerStaffId) {
    const m = await d.store.staff.findById(customer.managerStaffId);
    if (m?.active && mayManageBranch(m, a.branchId)) return [m.id];
  }
  const managers = (await d.store.staff.list()).filter((m) => m.role === 'manager' && (m.branchId ?? undefined) === (a.branchId ?? undefined));
  return managers.length ? managers.map((m) => m.id) : [OWNER_STAFF];
}

async function askStaffToConfirm(d: AppointmentDeps, a: Appointment, customer: Customer): Promise<void> {
  const staff = await confirmersOf(d, a, customer);
  await d.store.outbox.plan(
    staff.map((staffId) => ({ key: `appointment_request:${a.id}:${a.version}:${staffId}`, purpose: 'appointment_request' as const, audience: 'staff' as const, staffId, customerId: a.customerId, occasion: a.id, occasionDate: localDay(d, d.now()), referenceAt: a.start, service: a.service, dueAt: d.now(), expiresAt: a.start })),
  );
}

/** End of the day: each technician with appointments that started today and nobody marked is asked, once. */
export async function planUnmarkedQuestions(d: AppointmentDeps, date: LocalDate): Promise<number> {
  const s = settingsOf(d);
  const from = instantAt(date, '00:00', d.timeZone);
  const open = (await d.store.appointments.between({ from, to: d.now() < instantAt(addDays(date, 1), '00:00', d.timeZone) ? d.now() : instantAt(addDays(date, 1), '00:00', d.timeZone), statuses: ACTIVE_APPOINTMENT_STATUSES })).filter((a) => a.start < d.now());
  const day = formatLocalDate(date);
  const technicians = [...new Set(open.map((a) => a.technicianId))];
  const rows: NewOutboxMessage[] = technicians.map((staffId) => ({
    key: `appointment_unmarked:${staffId}:${day}`,
    purpose: 'appointment_unmarked',
    audience: 'staff',
    staffId,
    occasion: day,
    occasionDate: day,
    dueAt: instantAt(date, s.endOfDayTime, d.timeZone),
    expiresAt: instantAt(addDays(date, 2), '00:00', d.timeZone),
  }));
  return rows.length ? (await d.store.outbox.plan(rows)).inserted : 0;
}
