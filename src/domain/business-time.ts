// Calendar arithmetic in the business time zone (default Asia/Ho_Chi_Minh), independent of the server's zone.
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}
export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(tz, f);
  }
  return f;
}

export function businessDateTime(at: Date, tz: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute! };
}

export function businessToday(at: Date, tz: string): LocalDate {
  const { year, month, day } = businessDateTime(at, tz);
  return { year, month, day };
}

/** The instant a business-local wall-clock time happens (zones without DST, like Vietnam's, are exact). */
export function businessInstant(d: LocalDate, hour: number, minute: number, tz: string): Date {
  const guess = Date.UTC(d.year, d.month - 1, d.day, hour, minute);
  const seen = businessDateTime(new Date(guess), tz);
  const seenUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
  return new Date(guess - (seenUtc - guess));
}

export function formatLocalDate(d: LocalDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function parseLocalDate(s: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const check = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return check.getUTCMonth() === d.month - 1 && check.getUTCDate() === d.day ? d : null;
}
