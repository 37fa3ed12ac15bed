// Each morning, each staff member's list: follow-up calls no chat can carry, and incomplete profiles visiting today.
import { randomUUID } from 'node:crypto';
import { formatLocalDate, type LocalDate } from '../src/domain/business-time.js';
import { profileCompleteness } from '../src/domain/completeness.js';
import { addDays, instantAt } from '../src/domain/quiet-hours.js';
import type { DigestItem, NewOutboxMessage } from '../src/store/outbox.js';
import type { JobContext } from './job-deps.js';
import { openAppointmentsOfDay } from './appointment-day.js';
import { planFollowUps } from './follow-ups.js';
import { OWNER_STAFF_ID } from './ports.js';
import { chooseRoute } from './routing.js';

export const STAFF_REMINDER_JOB = 'staff-reminders';

export const digestKeyOf = (staffId: string, date: string): string => `staff_digest:${staffId}:${date}`;

export async function planStaffReminders(ctx: JobContext, date: LocalDate): Promise<{ digests: number; calls: number; incomplete: number; planned: number; existing: number }> {
  const s = ctx.settings;
  const day = formatLocalDate(date);
  // Planning is idempotent, so the list can make sure today's follow-ups exist before it looks at them.
  await planFollowUps(ctx, date);
  await handOffUnreachableFollowUps(ctx, day);

  const byStaff = new Map<string, DigestItem[]>();
  const add = (staffId: string, item: DigestItem): void => {
    const items = byStaff.get(staffId) ?? [];
    if (!items.some((i) => i.customerId === item.customerId && i.section === item.section)) items.push(item);
    byStaff.set(staffId, items);
  };

  const calls = await ctx.outbox.list({ purpose: ['follow_up_registration', 'follow_up_visit'], status: 'handed_off', occasionDate: day });
  for (const r of calls) {
    if (!r.digestKey || !r.customerId) continue; // handed off later by the dispatcher: that one got its own message
    add(r.staffId ?? OWNER_STAFF_ID, { customerId: r.customerId, section: 'call', about: r.purpose, ...(r.service ? { service: r.service } : {}) });
  }

  let incomplete = 0;
  const from = instantAt(date, '00:00', s.timeZone);
  const to = instantAt(addDays(date, 1), '00:00', s.timeZone);
  for (const v of await ctx.scheduling.visitsBetween(from, to, 'booked')) {
    const c = await ctx.customers.findById(v.customerId);
    if (!c || profileCompleteness(c).missing.length === 0) continue;
    // The missing fields are listed when the message is sent, from the profile as it is then.
    add(v.staffId ?? c.managerStaffId ?? OWNER_STAFF_ID, { customerId: c.id, section: 'incomplete' });
    incomplete++;
  }

  // Technicians with appointments today get a list even with nothing else on it; the appointment lines themselves
  // are read when it is sent (jobs/appointment-day.ts), and their customers' incomplete profiles go on it now.
  const booked = await openAppointmentsOfDay(ctx, date);
  const bookedCustomers = await ctx.customers.findManyById([...booked.values()].flat().map((a) => a.customerId));
  for (const [staffId, list] of booked) {
    if (!byStaff.has(staffId)) byStaff.set(staffId, []);
    for (const a of list) {
      const c = bookedCustomers.get(a.customerId);
      if (!c || profileCompleteness(c).missing.length === 0) continue;
      add(staffId, { customerId: c.id, section: 'incomplete' });
      incomplete++;
    }
  }

  const dueAt = instantAt(date, s.staffReminderTime, s.timeZone);
  const rows: NewOutboxMessage[] = [...byStaff].map(([staffId, items]) => ({
    key: digestKeyOf(staffId, day),
    purpose: 'staff_digest',
    audience: 'staff',
    staffId,
    occasion: day,
    occasionDate: day,
    items,
    dueAt,
    expiresAt: to,
  }));
  const result = await ctx.outbox.plan(rows);
  const summary = { digests: rows.length, calls: calls.filter((c) => c.digestKey).length, incomplete, planned: result.inserted, existing: result.existing };
  ctx.log.info({ job: STAFF_REMINDER_JOB, date: day, ...summary }, 'staff reminders planned');
  return summary;
}

/** Today's pending follow-ups that no chat or template can carry go on the manager's list instead of waiting. */
async function handOffUnreachableFollowUps(ctx: JobContext, day: string): Promise<void> {
  const owner = `staff-reminders:${randomUUID()}`;
  const pending = await ctx.outbox.list({ purpose: ['follow_up_registration', 'follow_up_visit'], status: 'pending', occasionDate: day });
  for (const row of pending) {
    const c = row.customerId ? await ctx.customers.findById(row.customerId) : null;
    if (!c || !c.consent.care) continue; // the dispatcher cancels these with the reason
    const visitId = row.purpose === 'follow_up_visit' ? row.occasion : undefined;
    if (row.referenceAt && (await ctx.scheduling.cameBackSince(c.id, row.referenceAt, visitId))) continue;
    const identities = await ctx.customers.identitiesOf(c.id);
    const route = chooseRoute({ identities, capabilities: ctx.capabilities, channels: new Set(ctx.senders.keys()), hasTemplate: Boolean(ctx.templates), ...(c.phone ? { phone: c.phone } : {}) });
    if (route.kind !== 'staff') continue;
    const claimed = await ctx.outbox.claim(row, owner, new Date(ctx.clock.now().getTime() + ctx.settings.leaseMs));
    if (!claimed) continue;
    const staffId = c.managerStaffId ?? OWNER_STAFF_ID;
    await ctx.outbox.finish(claimed, owner, { status: 'handed_off', statusReason: route.reason, route: 'staff', routeReason: route.reason, staffId, digestKey: digestKeyOf(staffId, day) });
  }
}
