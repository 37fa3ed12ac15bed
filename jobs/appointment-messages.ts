// The words of appointment outbox rows, rendered when sent from the appointment as it is then: a reminder for a
// time that moved or an appointment cancelled is not sent (null), a staff request that was answered is not either.
import { appointmentButtons, appointmentCancelledMessage, appointmentNews, appointmentReminder, appointmentRequestMessage, appointmentUnmarkedMessage, customerAppointmentButtons, formatWhen } from '../src/domain/appointment-messages.js';
import { parseLocalDate } from '../src/domain/business-time.js';
import { addDays, instantAt } from '../src/domain/quiet-hours.js';
import { formatPhoneVn } from '../src/domain/phone.js';
import type { Choice, Reply } from '../src/engine/types.js';
import { AppointmentRepository } from '../src/store/appointments.js';
import type { Customer } from '../src/store/customers.js';
import type { OutboxMessage, OutboxPurpose } from '../src/store/outbox.js';
import { StaffRepository } from '../src/store/staff.js';
import type { JobContext } from './job-deps.js';

export const isAppointmentPurpose = (p: OutboxPurpose): boolean => p.startsWith('appointment_');

/** The customer's text, or null when the appointment no longer is what the row was planned for. */
export async function appointmentCustomerText(ctx: JobContext, row: OutboxMessage, c: Customer): Promise<string | null> {
  const a = await new AppointmentRepository(ctx.conn).findById(row.occasion);
  if (!a || a.status !== 'confirmed' || a.start.getTime() !== row.referenceAt?.getTime()) return null;
  const p = { name: c.name, language: c.language, ...(c.gender ? { gender: c.gender } : {}), spa: ctx.settings.spaName, service: a.service, when: formatWhen(a.start, ctx.settings.timeZone, c.language) };
  if (row.purpose === 'appointment_reminder') return appointmentReminder(row.key.endsWith(':day_before') ? 'day_before' : 'hours_before', p);
  // A time she asked to change and staff confirmed is news of a confirmation; a time staff moved is a change.
  const moved = a.history.at(-1)?.action !== 'confirmed' && a.history.some((h) => h.action === 'moved');
  return appointmentNews(moved ? 'changed' : 'confirmed', p);
}

/** The buttons under a customer's reminder or news (channels with buttons): cancel, or pick another time. */
export function appointmentCustomerChoices(row: OutboxMessage, c: Customer): Choice[] {
  const b = customerAppointmentButtons[c.language];
  return [
    { label: b.cancel, value: `appt_c:cancel:${row.occasion}` },
    { label: b.move, value: `appt_c:move:${row.occasion}` },
  ];
}

/** A staff row's message with its buttons, or null when there is nothing left to ask. */
export async function appointmentStaffReply(ctx: JobContext, row: OutboxMessage): Promise<Reply | null> {
  const lang = ctx.settings.staffLanguage;
  const tz = ctx.settings.timeZone;
  const appointments = new AppointmentRepository(ctx.conn);
  const staff = new StaffRepository(ctx.conn);
  const b = appointmentButtons[lang];
  if (row.purpose === 'appointment_request') {
    const a = await appointments.findById(row.occasion);
    if (!a || a.status !== 'requested' || a.start.getTime() !== row.referenceAt?.getTime()) return null;
    const c = await ctx.customers.findById(a.customerId);
    if (!c) return null;
    const text = appointmentRequestMessage(
      { customer: c.name, phone: c.phone ? formatPhoneVn(c.phone) : '—', service: a.service, when: formatWhen(a.start, tz, lang), technician: (await staff.findById(a.technicianId))?.name ?? '?', moved: a.history.some((h) => h.action === 'moved') },
      lang,
    );
    return { text, choices: [{ label: b.confirm, value: `appt:confirm:${a.id}` }, { label: b.move, value: `appt:move:${a.id}` }] };
  }
  if (row.purpose === 'appointment_cancelled') {
    const a = await appointments.findById(row.occasion);
    if (!a || a.status !== 'cancelled') return null;
    const c = await ctx.customers.findById(a.customerId);
    if (!c) return null;
    return { text: appointmentCancelledMessage({ customer: c.name, service: a.service, when: formatWhen(a.start, tz, lang), technician: (await staff.findById(a.technicianId))?.name ?? '?' }, lang) };
  }
  // appointment_unmarked: the technician's appointments of that day still open once they have started.
  const date = parseLocalDate(row.occasionDate);
  if (!date || !row.staffId) return null;
  const open = (await appointments.between({ from: instantAt(date, '00:00', tz), to: instantAt(addDays(date, 1), '00:00', tz), technicianIds: [row.staffId], statuses: ['requested', 'confirmed'] })).filter((a) => a.start < ctx.clock.now());
  if (open.length === 0) return null;
  const customers = await ctx.customers.findManyById(open.map((a) => a.customerId));
  const shown = open.slice(0, 8);
  const lines = shown.map((a) => `${formatWhen(a.start, tz, lang).slice(0, 5)} ${customers.get(a.customerId)?.name ?? '—'} — ${a.service}`);
  return {
    text: appointmentUnmarkedMessage({ date: `${date.day}/${date.month}`, lines }, lang),
    choices: shown.flatMap((a) => {
      const who = `${formatWhen(a.start, tz, lang).slice(0, 5)}`;
      return [
        { label: `${who} ${b.attended}`, value: `appt:attended:${a.id}` },
        { label: `${who} ${b.noShow}`, value: `appt:no_show:${a.id}` },
        { label: `${who} ${b.cancel}`, value: `appt:cancel:${a.id}` },
      ];
    }),
  };
}
