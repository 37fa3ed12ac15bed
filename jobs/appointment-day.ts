// The appointment side of a staff member's day: the morning list's "today's appointments" section (read live when
// the list is sent, so a booking made after planning still shows) and the end-of-day question about appointments
// nobody marked (src/services/appointments.ts planUnmarkedQuestions, rendered by jobs/appointment-messages.ts).
import { formatWhen } from '../src/domain/appointment-messages.js';
import { formatLocalDate, type LocalDate } from '../src/domain/business-time.js';
import { givenName } from '../src/domain/name.js';
import { addDays, instantAt } from '../src/domain/quiet-hours.js';
import { planUnmarkedQuestions } from '../src/services/appointments.js';
import { AppointmentRepository, ACTIVE_APPOINTMENT_STATUSES, type Appointment } from '../src/store/appointments.js';
import type { Customer } from '../src/store/customers.js';
import { createStore } from '../src/store/index.js';
import type { JobContext } from './job-deps.js';

export const APPOINTMENT_UNMARKED_JOB = 'appointment-unmarked';

const dayBounds = (ctx: JobContext, date: LocalDate): { from: Date; to: Date } => ({
  from: instantAt(date, '00:00', ctx.settings.timeZone),
  to: instantAt(addDays(date, 1), '00:00', ctx.settings.timeZone),
});

/** Every open appointment of the day (one indexed read), by technician: who gets a morning list for them. */
export async function openAppointmentsOfDay(ctx: JobContext, date: LocalDate, technicianIds?: string[]): Promise<Map<string, Appointment[]>> {
  const list = await new AppointmentRepository(ctx.conn).between({ ...dayBounds(ctx, date), statuses: ACTIVE_APPOINTMENT_STATUSES, ...(technicianIds ? { technicianIds } : {}) });
  const out = new Map<string, Appointment[]>();
  for (const a of list) out.set(a.technicianId, [...(out.get(a.technicianId) ?? []), a]);
  return out;
}

/** One technician's open appointments of that day, in time order (empty when none). */
export async function openAppointmentsOf(ctx: JobContext, staffId: string, date: LocalDate): Promise<Appointment[]> {
  return (await openAppointmentsOfDay(ctx, date, [staffId])).get(staffId) ?? [];
}

/**
 * "15:00 Lan — Massage mặt" lines of those appointments, from customers the caller read together with the rest of
 * the list (jobs/routing.ts staffText: one batched read for the whole message).
 */
export function appointmentLines(ctx: JobContext, mine: readonly Appointment[], customers: ReadonlyMap<string, Customer>): string[] {
  const lang = ctx.settings.staffLanguage;
  // An erased customer's appointment went with her; one whose record is unreadable is left out, not shown as "?".
  return mine.flatMap((a) => {
    const c = customers.get(a.customerId);
    if (!c) return [];
    const pending = a.status === 'requested' ? (lang === 'vi' ? ' (chờ xác nhận)' : ' (to confirm)') : '';
    return [`${formatWhen(a.start, ctx.settings.timeZone, lang).slice(0, 5)} ${givenName(c.name)} — ${a.service}${pending}`];
  });
}

/** The end-of-day job: each technician with an appointment of today still open once it started is asked, once. */
export async function planUnmarkedForDay(ctx: JobContext, date: LocalDate): Promise<{ date: string; planned: number }> {
  const now = (): Date => ctx.clock.now();
  const planned = await planUnmarkedQuestions({ store: createStore(ctx.conn, now), settings: ctx.settings.appointments, timeZone: ctx.settings.timeZone, now }, date);
  const summary = { date: formatLocalDate(date), planned };
  ctx.log.info({ job: APPOINTMENT_UNMARKED_JOB, ...summary }, 'unmarked appointments asked about');
  return summary;
}
