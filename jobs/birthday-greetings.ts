// Plans today's birthday greetings into the outbox: solar and lunar birthdays, 29 Feb on 28 Feb in common years.
import { birthdayQueryFor, celebratesOn } from '../src/domain/birthday-calendar.js';
import { formatLocalDate, type LocalDate } from '../src/domain/business-time.js';
import { addDays, instantAt } from '../src/domain/quiet-hours.js';
import type { NewOutboxMessage } from '../src/store/outbox.js';
import type { JobContext } from './job-deps.js';

export const BIRTHDAY_JOB = 'birthday-greetings';

export interface PlanSummary {
  /** Rows this run added to the outbox. */
  planned: number;
  /** Rows that were already there (an earlier run, another planner): left untouched. */
  existing: number;
}

// The day's rule (29 Feb, lunar birthdays) is src/domain/birthday-calendar.ts, shared with staff's /sinhnhat.
export { solarBirthdayDays } from '../src/domain/birthday-calendar.js';

export async function planBirthdayGreetings(ctx: JobContext, date: LocalDate): Promise<PlanSummary & { solar: number; lunar: number }> {
  const s = ctx.settings;
  const query = birthdayQueryFor(date);
  const candidates = await ctx.scheduling.birthdayCandidates(query.solar, query.lunar);
  const solar = candidates.filter((c) => !c.lunarBirthday).map((c) => c.id);
  const lunar = candidates.filter((c) => c.lunarBirthday && celebratesOn(c, date));

  const occasionDate = formatLocalDate(date);
  const dueAt = instantAt(date, s.birthdaySendTime, s.timeZone);
  // A greeting not sent on the day is never sent: a day late is worse than none (quiet hours end the day at 21:00).
  const expiresAt = instantAt(addDays(date, 1), '00:00', s.timeZone);
  const row = (customerId: string, occasion: string): NewOutboxMessage => ({
    key: `birthday:${customerId}:${occasion}`,
    purpose: 'birthday',
    audience: 'customer',
    customerId,
    occasion,
    occasionDate,
    dueAt,
    expiresAt,
  });
  // One greeting per solar year, or per lunar year ("am" + the year of its Tết) for lunar celebrants.
  const rows = [...solar.map((id) => row(id, String(date.year))), ...lunar.map((c) => row(c.id, `am${query.lunarYear}`))];
  const result = await ctx.outbox.plan(rows);
  ctx.log.info({ job: BIRTHDAY_JOB, date: occasionDate, solar: solar.length, lunar: lunar.length, ...result }, 'birthday greetings planned');
  return { planned: result.inserted, existing: result.existing, solar: solar.length, lunar: lunar.length };
}
