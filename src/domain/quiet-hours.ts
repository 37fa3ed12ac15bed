// Quiet hours (default 21:00–08:00 business local): scheduled messages wait until they end.
import { businessDateTime, businessInstant, type LocalDate } from './business-time.js';

export interface QuietHours {
  /** "HH:MM", business-local; equal start and end means no quiet hours at all. */
  start: string;
  end: string;
  timeZone: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** When the quiet period covering `at` ends, or null when `at` is not in quiet hours. */
export function quietUntil(at: Date, q: QuietHours): Date | null {
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  if (start === end) return null;
  const local = businessDateTime(at, q.timeZone);
  const now = local.hour * 60 + local.minute;
  const wraps = start > end; // 21:00–08:00 spans midnight
  const quiet = wraps ? now >= start || now < end : now >= start && now < end;
  if (!quiet) return null;
  const today: LocalDate = { year: local.year, month: local.month, day: local.day };
  // Past midnight-spanning start (e.g. 22:00) the quiet period ends tomorrow morning.
  const endDay = wraps && now >= start ? nextDay(today) : today;
  return businessInstant(endDay, Math.floor(end / 60), end % 60, q.timeZone);
}

export function isQuietAt(at: Date, q: QuietHours): boolean {
  return quietUntil(at, q) !== null;
}

export function nextDay(d: LocalDate): LocalDate {
  return addDays(d, 1);
}

export function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** "HH:MM" → the instant it happens on a business-local date. */
export function instantAt(d: LocalDate, hhmm: string, timeZone: string): Date {
  const m = minutesOf(hhmm);
  return businessInstant(d, Math.floor(m / 60), m % 60, timeZone);
}
