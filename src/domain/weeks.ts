// Weeks for the owner's charts: business-local weeks starting on Monday (as Vietnamese calendars do).
import { businessInstant, businessToday, type LocalDate } from './business-time.js';
import { addDays } from './quiet-hours.js';

export interface Week {
  /** The Monday that starts it. */
  start: LocalDate;
  from: Date;
  to: Date;
}

/** The `n` weeks ending with the current one, oldest first. */
export function lastWeeks(now: Date, tz: string, n: number): Week[] {
  const today = businessToday(now, tz);
  const weekday = (new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() + 6) % 7; // Monday = 0
  const thisMonday = addDays(today, -weekday);
  return Array.from({ length: n }, (_, i) => {
    const start = addDays(thisMonday, -7 * (n - 1 - i));
    return { start, from: businessInstant(start, 0, 0, tz), to: businessInstant(addDays(start, 7), 0, 0, tz) };
  });
}

/** Which of `weeks` an instant falls in, or -1. */
export function weekIndex(weeks: readonly Week[], at: Date): number {
  return weeks.findIndex((w) => at >= w.from && at < w.to);
}
