// Reads the day and time a receptionist or a guest types in Vietnamese ("thứ 6 15h", "3 giờ chiều", "mai 9h30",
// "25/12 9h30", "chủ nhật") relative to a given now in the business time zone. Pure: no clock, no I/O.
//
// Rules chosen (and tested at their edges in test/unit/vn-datetime.test.ts):
// - A time alone is today when it is still ahead, else tomorrow ("15h" typed at 16:00 means tomorrow 15:00).
// - A weekday alone is the next such day counting today; on that very day a time already past means next week.
//   "tuần sau"/"tuần tới" with a weekday is that day of next week (weeks start on Monday, thứ 2).
// - "25/12" without a year is this year, or next year once the day has passed. An explicit day (a date, "hôm nay")
//   whose time has passed is refused as `past` rather than moved: the typist meant that day.
// - A bare hour from 1 to 7 means the afternoon or evening ("3h" = 15:00): spas are closed at 3 a.m.; "3h sáng"
//   says the morning. "12h", "12h trưa" are noon; "0h" and "12h đêm" are midnight at the start of the day named.
// - "mai" is tomorrow unless it is someone's name: after chị/anh/em/ktv/c/a, or written "Mai" with a capital
//   when no other day word made it a date ("sáng mai", "ngày mai" are always tomorrow).
import { addDays } from './quiet-hours.js';
import { businessDateTime, type LocalDate } from './business-time.js';
import { foldDiacritics } from './name.js';
import { err, ok, type Result } from './result.js';

export interface ClockTime {
  hour: number;
  minute: number;
}

export interface VnWhen {
  date: LocalDate;
  /** Absent when only a day was named ("thứ 6"): the caller offers times or asks. */
  time?: ClockTime;
}

export type VnWhenReason = 'none' | 'past' | 'bad_time' | 'bad_date' | 'two_days';

export interface VnWhenFound {
  when: VnWhen;
  /** Indexes of the tokens that made the day and time: the rest of the line is the caller's (name, service…). */
  used: number[];
}

type Period = 'sang' | 'trua' | 'chieu' | 'toi' | 'dem';
type DayPart = { kind: 'relative'; days: number; explicit: boolean } | { kind: 'weekday'; weekday: number } | { kind: 'dm'; day: number; month: number; year?: number };

const HONORIFICS = new Set(['chi', 'anh', 'em', 'ktv', 'c', 'a', 'co', 'ban', 'voi']);
const PERIODS: Record<string, Period> = { sang: 'sang', trua: 'trua', chieu: 'chieu', toi: 'toi', dem: 'dem', khuya: 'dem' };
// Accented forms are unambiguous anywhere; folded "toi" is also "tôi" (I), "sang" also "sang" (over), so the
// folded forms count only next to a time or day word.
const ACCENTED_PERIODS = new Set(['sáng', 'trưa', 'chiều', 'tối', 'đêm', 'khuya']);
const WEEKDAY_WORDS: Record<string, number> = { hai: 1, ba: 2, tu: 3, nam: 4, sau: 5, bay: 6 };
const SUNDAY = ['chu nhat', 'cn'];

/** 0 = Sunday … 6 = Saturday, for a business-local date. */
export function weekdayOf(d: LocalDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

const cmp = (a: LocalDate, b: LocalDate): number => Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day);

function validDate(year: number, month: number, day: number): LocalDate | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const t = new Date(Date.UTC(year, month - 1, day));
  return t.getUTCMonth() === month - 1 && t.getUTCDate() === day ? { year, month, day } : null;
}

interface Scan {
  raw: string[];
  folded: string[];
  used: Set<number>;
  day?: DayPart;
  nextWeek: boolean;
  time?: { hour: number; minute: number; at: number };
  period?: { p: Period; at: number };
  problem?: VnWhenReason;
}

/** "15h", "15h30", "15:30", "15g", "9h30p", "15h30'" → hour and minute (no range check yet). */
function timeToken(t: string): { hour: number; minute?: number } | null {
  const m = /^(\d{1,2})(?:h|g|:|gio)(\d{1,2})?(?:p|ph|phut|')?$/.exec(t);
  if (!m) return null;
  return { hour: Number(m[1]), ...(m[2] !== undefined ? { minute: Number(m[2]) } : {}) };
}

function setDay(s: Scan, part: DayPart): void {
  if (s.day && JSON.stringify(s.day) !== JSON.stringify(part)) s.problem ??= 'two_days';
  s.day ??= part;
}

function scan(line: string): Scan {
  const raw = line.normalize('NFC').trim().split(/\s+/).filter(Boolean).slice(0, 60);
  const s: Scan = { raw, folded: raw.map((t) => foldDiacritics(t).replace(/[,;!?]+$/, '')), used: new Set(), nextWeek: false };
  const f = s.folded;
  const use = (from: number, n: number): void => {
    for (let k = from; k < from + n; k++) s.used.add(k);
  };
  for (let i = 0; i < f.length; i++) {
    if (s.used.has(i)) continue;
    const w = f[i]!;
    const next = f[i + 1];
    // Time: "15h30", "15h 30", "3 giờ", "3 giờ 30", "3 giờ rưỡi", "3h rưỡi".
    let t = timeToken(w);
    let len = 1;
    if (!t && /^\d{1,2}$/.test(w) && (next === 'gio' || next === 'h' || next === 'g')) {
      t = { hour: Number(w) };
      len = 2;
    }
    if (t) {
      const after = f[i + len];
      if (t.minute === undefined && after === 'ruoi') {
        t.minute = 30;
        len++;
      } else if (t.minute === undefined && after !== undefined && /^\d{1,2}$/.test(after)) {
        t.minute = Number(after);
        len++;
        if (f[i + len] === 'phut' || f[i + len] === 'p') len++;
      }
      if (s.time) s.problem ??= 'bad_time';
      s.time = { hour: t.hour, minute: t.minute ?? 0, at: i };
      use(i, len);
      i += len - 1;
      continue;
    }
    // Weekdays: "thứ 6", "thứ sáu", "t6", "th6", "thứ6", "chủ nhật", "cn".
    const wd = /^(?:t|th|thu)([2-7])$/.exec(w);
    if (wd) {
      setDay(s, { kind: 'weekday', weekday: Number(wd[1]) - 1 });
      use(i, 1);
      continue;
    }
    if (w === 'thu' && next !== undefined && (/^[2-7]$/.test(next) || next in WEEKDAY_WORDS)) {
      setDay(s, { kind: 'weekday', weekday: /^\d$/.test(next) ? Number(next) - 1 : WEEKDAY_WORDS[next]! });
      use(i, 2);
      i++;
      continue;
    }
    if (SUNDAY.includes(w) || (w === 'chu' && next === 'nhat')) {
      setDay(s, { kind: 'weekday', weekday: 0 });
      use(i, w === 'chu' ? 2 : 1);
      if (w === 'chu') i++;
      continue;
    }
    if (w === 'tuan' && (next === 'sau' || next === 'toi')) {
      s.nextWeek = true;
      use(i, 2);
      i++;
      continue;
    }
    // Relative days: "hôm nay", "nay", "mai", "ngày mai", "mốt", "ngày mốt", "ngày kia".
    if ((w === 'hom' || w === 'ngay') && next === 'nay') {
      setDay(s, { kind: 'relative', days: 0, explicit: true });
      use(i, 2);
      i++;
      continue;
    }
    if (w === 'ngay' && (next === 'mai' || next === 'mot' || next === 'kia')) {
      setDay(s, { kind: 'relative', days: next === 'mai' ? 1 : 2, explicit: false });
      use(i, 2);
      i++;
      continue;
    }
    const prev = f[i - 1];
    const prevIsPeriod = prev !== undefined && prev in PERIODS;
    if (w === 'nay' && prevIsPeriod) {
      setDay(s, { kind: 'relative', days: 0, explicit: true });
      use(i, 1);
      continue;
    }
    if (w === 'mai') {
      const named = prev !== undefined && HONORIFICS.has(prev);
      const capital = s.raw[i]!.startsWith('M');
      if (prevIsPeriod || (!named && !capital)) {
        setDay(s, { kind: 'relative', days: 1, explicit: false });
        use(i, 1);
      }
      continue;
    }
    if (s.raw[i]!.toLowerCase().startsWith('mốt') || (w === 'mot' && s.raw[i] === 'mot' && next !== 'gio' && next !== 'h')) {
      setDay(s, { kind: 'relative', days: 2, explicit: false });
      use(i, 1);
      continue;
    }
    // Dates: "25/12", "25/12/2026", "25-12", "25.12", optionally after "ngày".
    const dm = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$/.exec(w);
    if (dm) {
      const year = dm[3] === undefined ? undefined : dm[3].length === 2 ? 2000 + Number(dm[3]) : Number(dm[3]);
      setDay(s, { kind: 'dm', day: Number(dm[1]), month: Number(dm[2]), ...(year !== undefined ? { year } : {}) });
      use(i, 1);
      if (prev === 'ngay') s.used.add(i - 1);
      continue;
    }
  }
  // Periods last: folded forms need a time or day word beside them.
  for (let i = 0; i < f.length; i++) {
    if (s.used.has(i)) continue;
    if (f[i] === 'luc' && s.used.has(i + 1)) {
      s.used.add(i);
      continue;
    }
    const p = PERIODS[f[i]!];
    if (!p) continue;
    const accented = ACCENTED_PERIODS.has(s.raw[i]!.toLowerCase().replace(/[,;!?]+$/, ''));
    const besideWhen = s.used.has(i - 1) || s.used.has(i + 1);
    if (!accented && !besideWhen) continue;
    s.period ??= { p, at: i };
    s.used.add(i);
  }
  return s;
}

/** Applies "sáng/trưa/chiều/tối/đêm" (or the bare-hour rule) to an hour typed 0–24. */
function clockTime(hour: number, minute: number, period: Period | undefined): ClockTime | null {
  if (minute < 0 || minute > 59 || hour < 0 || hour > 23) return null;
  let h = hour;
  if (h <= 12) {
    switch (period) {
      case 'sang':
        break;
      case 'trua':
        if (h >= 1 && h <= 4) h += 12;
        break;
      case 'chieu':
        if (h >= 1 && h <= 11) h += 12;
        break;
      case 'toi':
        if (h >= 1 && h <= 11) h += 12;
        else if (h === 12) h = 0;
        break;
      case 'dem':
        if (h === 12) h = 0;
        else if (h >= 8 && h <= 11) h += 12;
        break;
      default:
        if (h >= 1 && h <= 7) h += 12;
    }
  } else if (period === 'sang') return null; // "15h sáng" is not a time
  return { hour: h, minute };
}

const minutesOf = (t: ClockTime): number => t.hour * 60 + t.minute;

/**
 * Finds a day and/or time in a line of text. `none` when the line names neither; `past` when it names a moment
 * already gone; `bad_time` / `bad_date` for "25h", "31/2"; `two_days` for "mai thứ 6".
 */
export function findVnWhen(line: string, now: Date, timeZone: string): Result<VnWhenFound, VnWhenReason> {
  const s = scan(line);
  if (s.problem) return err(s.problem);
  if (!s.day && !s.time) return err(s.nextWeek ? 'bad_date' : 'none');
  const local = businessDateTime(now, timeZone);
  const today: LocalDate = { year: local.year, month: local.month, day: local.day };
  const nowMin = local.hour * 60 + local.minute;
  const time = s.time ? clockTime(s.time.hour, s.time.minute, s.period?.p) : undefined;
  if (time === null) return err('bad_time');
  const ahead = (d: LocalDate): boolean => cmp(d, today) > 0 || (cmp(d, today) === 0 && (!time || minutesOf(time) > nowMin));

  let date: LocalDate;
  const day = s.day;
  if (!day) {
    date = time && minutesOf(time) > nowMin ? today : addDays(today, 1);
  } else if (day.kind === 'relative') {
    date = addDays(today, day.days);
    if (!ahead(date)) return err('past');
  } else if (day.kind === 'weekday') {
    const todayWd = weekdayOf(today);
    if (s.nextWeek) {
      // Monday-based weeks: Sunday (0) is the week's last day.
      const mondayNext = addDays(today, 7 - ((todayWd + 6) % 7));
      date = addDays(mondayNext, (day.weekday + 6) % 7);
    } else {
      date = addDays(today, (day.weekday - todayWd + 7) % 7);
      if (!ahead(date)) date = addDays(date, 7);
    }
  } else {
    const year = day.year ?? today.year;
    const d = validDate(year, day.month, day.day);
    if (!d) return err('bad_date');
    date = d;
    if (!ahead(date)) {
      if (day.year !== undefined || cmp(date, today) === 0) return err('past');
      const nextYear = validDate(year + 1, day.month, day.day);
      if (!nextYear) return err('bad_date');
      date = nextYear;
    }
  }
  if (s.nextWeek && day?.kind !== 'weekday') return err('bad_date');
  return ok({ when: { date, ...(time ? { time } : {}) }, used: [...s.used].sort((a, b) => a - b) });
}

/**
 * A day and time typed as the answer to "what time on <day>?": a bare time ("16h", "3 giờ chiều") is on `day`; a
 * line that names its own day ("thứ 7 10h") is read as it stands.
 */
export function findVnWhenOn(line: string, day: LocalDate, now: Date, timeZone: string): Result<VnWhenFound, VnWhenReason> {
  const onDay = findVnWhen(`${day.day}/${day.month}/${day.year} ${line}`, now, timeZone);
  if (!onDay.ok && onDay.reason === 'two_days') return findVnWhen(line, now, timeZone);
  if (!onDay.ok) return onDay;
  // Token indexes of `line` itself: the day written in front took the first one.
  return ok({ when: onDay.value.when, used: onDay.value.used.filter((i) => i > 0).map((i) => i - 1) });
}

/** The tokens of `line` that were not part of the day and time, in order (what findVnWhen split on). */
export function tokensBesides(line: string, used: readonly number[]): string[] {
  const skip = new Set(used);
  return line.normalize('NFC').trim().split(/\s+/).filter(Boolean).slice(0, 60).filter((_, i) => !skip.has(i));
}

/** "15:00", "09:30". */
export function formatClock(t: ClockTime): string {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/** "HH:MM" → a clock time; null when it is not one. */
export function parseClock(hhmm: string): ClockTime | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm.trim());
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}
