// Dates of packages: an expiry N months on (the last day of a shorter month when the day does not exist), and
// the day shown to people ("31/12/2027") in the spa's time zone.
import { businessToday, type LocalDate } from './business-time.js';

export function addMonthsLocal(d: LocalDate, months: number): LocalDate {
  const total = d.year * 12 + (d.month - 1) + Math.max(0, Math.floor(months));
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: Math.min(d.day, last) };
}

export function formatDay(at: Date, timeZone: string): string {
  const d = businessToday(at, timeZone);
  return `${d.day}/${d.month}/${d.year}`;
}
