// Plans today's birthday greetings into the outbox: solar and lunar birthdays, 29 Feb on 28 Feb in common years.
import { isLeapYear } from '../src/domain/birthday.js';
import { formatLocalDate, type LocalDate } from '../src/domain/business-time.js';
import { isLunarBirthdayOn, lunarBirthdayCandidates } from '../src/domain/lunar.js';
import { addDays, instantAt } from '../src/domain/quiet-hours.js';
import type { NewOutboxMessage } from '../src/store/outbox.js';
import type { JobContext } from './context.js';

export const BIRTHDAY_JOB = 'birthday-greetings';

export interface PlanSummary {
  /** Rows this run added to the outbox. */
  planned: number;
  /** Rows that were already there (an earlier run, another planner): left untouched. */
  existing: number;
}

/** The solar days whose birthdays are celebrated on `date`: 28 Feb also covers 29 Feb in common years. */
export function solarBirthdayDays(date: LocalDate): number[] {
  return date.month === 2 && date.day === 28 && !isLeapYear(date.year) ? [28, 29] : [date.day];
}

export async function planBirthdayGreetings(ctx: JobContext, date: LocalDate): Promise<PlanSummary & { solar: number; lunar: number }> {
  const s = ctx.settings;
  const lunarDay = lunarBirthdayCandidates(date);
  const candidates = await ctx.scheduling.birthdayCandidates({ month: date.month, days: solarBirthdayDays(date) }, lunarDay);
  const solar = candidates.filter((c) => !c.lunarBirthday).map((c) => c.id);
  const lunar = candidates.filter((c) => c.lunarBirthday && isLunarBirthdayOn(c.lunarBirthday, date));

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
  const rows = [...solar.map((id) => row(id, String(date.year))), ...lunar.map((c) => row(c.id, `am${lunarDay.lunarYear}`))];
  const result = await ctx.outbox.plan(rows);
  ctx.log.info({ job: BIRTHDAY_JOB, date: occasionDate, solar: solar.length, lunar: lunar.length, ...result }, 'birthday greetings planned');
  return { planned: result.inserted, existing: result.existing, solar: solar.length, lunar: lunar.length };
}
