// Plans today's follow-ups: a day after registration, days after a visit (per-service override), once each.
import { formatLocalDate, type LocalDate } from '../src/domain/business-time.js';
import { foldDiacritics } from '../src/domain/name.js';
import { addDays, instantAt } from '../src/domain/quiet-hours.js';
import type { NewOutboxMessage } from '../src/store/outbox.js';
import type { PlanSummary } from './birthday-greetings.js';
import type { JobContext, JobSettings } from './job-deps.js';

export const FOLLOW_UP_JOB = 'follow-ups';

/** Days after a visit of this service; staff type service names freely, so case and diacritics do not matter. */
export function followUpDaysFor(service: string, s: Pick<JobSettings, 'serviceDays' | 'followUpAfterVisitDays'>): number {
  const key = foldDiacritics(service);
  for (const [name, days] of Object.entries(s.serviceDays)) if (foldDiacritics(name) === key) return days;
  return s.followUpAfterVisitDays;
}

export async function planFollowUps(ctx: JobContext, date: LocalDate): Promise<PlanSummary & { registrations: number; visits: number }> {
  const s = ctx.settings;
  const dayStart = (d: LocalDate): Date => instantAt(d, '00:00', s.timeZone);
  const occasionDate = formatLocalDate(date);
  const base = {
    audience: 'customer' as const,
    occasionDate,
    dueAt: instantAt(date, s.followUpSendTime, s.timeZone),
    // A follow-up may still go a day late (quiet hours, an outage); after that it is stale.
    expiresAt: dayStart(addDays(date, 2)),
  };
  const rows: NewOutboxMessage[] = [];

  const registeredOn = addDays(date, -s.followUpAfterRegistrationDays);
  for (const c of await ctx.scheduling.registeredBetween(dayStart(registeredOn), dayStart(addDays(registeredOn, 1)))) {
    rows.push({ ...base, key: `follow_up_registration:${c.id}:registration`, purpose: 'follow_up_registration', customerId: c.id, occasion: 'registration', referenceAt: c.createdAt });
  }
  const registrations = rows.length;

  // Each distinct delay is one day of visits to look at; a visit counts only under its own service's delay.
  const delays = new Set([s.followUpAfterVisitDays, ...Object.values(s.serviceDays)]);
  for (const n of delays) {
    const visitDay = addDays(date, -n);
    for (const v of await ctx.scheduling.visitsBetween(dayStart(visitDay), dayStart(addDays(visitDay, 1)), 'done')) {
      if (followUpDaysFor(v.service, s) !== n) continue;
      rows.push({ ...base, key: `follow_up_visit:${v.customerId}:${v.id}`, purpose: 'follow_up_visit', customerId: v.customerId, occasion: v.id, service: v.service, referenceAt: v.at });
    }
  }

  const result = await ctx.outbox.plan(rows);
  ctx.log.info({ job: FOLLOW_UP_JOB, date: occasionDate, registrations, visits: rows.length - registrations, ...result }, 'follow-ups planned');
  return { planned: result.inserted, existing: result.existing, registrations, visits: rows.length - registrations };
}
