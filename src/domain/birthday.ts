// Birthday parsing for the way Vietnamese customers write dates (day first, "tháng", two-digit years).
import { ok, err, type Result } from './result.js';
import { foldDiacritics } from './name.js';

export type Birthday = { day: number; month: number; year?: number };
export type BirthdayReason = 'empty' | 'not_understood' | 'no_such_date' | 'in_future' | 'too_old';
export type CalendarDay = { year: number; month: number; day: number };

const MAX_AGE = 120;

// All patterns run on folded text (lower case, no diacritics), so "Tháng", "thang" and "THÁNG" agree.
const ISO = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$/;
const NUMERIC = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d+))?$/;
// "12 tháng 3", "12 thg 3, 1990", "12 tháng 3 năm 1990".
const WORDS = /^(\d{1,2})\s*(?:thang|thg)\s*(\d{1,2})(?:(?:\s*(?:,|nam)\s*|\s+)(\d+))?$/;
// Lead-ins people type before the date itself: "ngày 12…", "mùng 5…", "sinh nhật: 12/3", "sn 12/3".
const LEAD_IN = /^(?:(?:sinh nhat|ngay sinh|sinh ngay|sn|ngay|mung|mong)(?![a-z])\s*:?\s*)+/;

/** Parses a typed birthday; the year is optional because many customers only share day and month. */
export function parseBirthday(input: string, today: CalendarDay): Result<Birthday, BirthdayReason> {
  if (typeof input !== 'string') return err('not_understood');
  const text = foldDiacritics(input.normalize('NFC'));
  if (text === '') return err('empty');

  const fields = readFields(text.replace(LEAD_IN, ''));
  if (fields === undefined) return err('not_understood');
  return validate(fields.day, fields.month, fields.year, today);
}

type Fields = { day: number; month: number; year?: { value: number; digits: number } };

function readFields(text: string): Fields | undefined {
  const iso = ISO.exec(text);
  if (iso) return { day: Number(iso[3]), month: Number(iso[2]), year: { value: Number(iso[1]), digits: 4 } };
  const m = NUMERIC.exec(text) ?? WORDS.exec(text);
  if (!m) return undefined;
  const fields: Fields = { day: Number(m[1]), month: Number(m[2]) };
  const y = m[3];
  if (y !== undefined) {
    // Only 2- and 4-digit years are a real way of writing a year; "199" is a typo we should not guess at.
    if (y.length !== 2 && y.length !== 4) return undefined;
    fields.year = { value: Number(y), digits: y.length };
  }
  return fields;
}

function validate(
  day: number,
  month: number,
  typedYear: Fields['year'],
  today: CalendarDay,
): Result<Birthday, BirthdayReason> {
  if (month < 1 || month > 12 || day < 1) return err('no_such_date');
  // Without a year, 29/2 is a perfectly good birthday.
  if (day > daysInMonth(month, undefined)) return err('no_such_date');
  if (typedYear === undefined) return ok({ day, month });

  const year = typedYear.digits === 2 ? pivotYear(typedYear.value, month, day, today) : typedYear.value;
  if (day > daysInMonth(month, year)) return err('no_such_date');
  if (compare({ year, month, day }, today) > 0) return err('in_future');
  if (ageOn({ year, month, day }, today) > MAX_AGE) return err('too_old');
  return ok({ day, month, year });
}

/** "90" is 1990 and "05" is 2005: take the latest century that does not put the birthday in the future. */
function pivotYear(yy: number, month: number, day: number, today: CalendarDay): number {
  const thisCentury = Math.floor(today.year / 100) * 100 + yy;
  return compare({ year: thisCentury, month, day }, today) > 0 ? thisCentury - 100 : thisCentury;
}

/** With `year` undefined, the longest the month can be in any year. */
function daysInMonth(month: number, year: number | undefined): number {
  if (month === 2) return year === undefined || isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function compare(a: CalendarDay, b: CalendarDay): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function ageOn(birth: CalendarDay, today: CalendarDay): number {
  const hadBirthday = today.month > birth.month || (today.month === birth.month && today.day >= birth.day);
  return today.year - birth.year - (hadBirthday ? 0 : 1);
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** `12/3` or `12/3/1990`, the unpadded day-first form customers write themselves. */
export function formatBirthday(b: Birthday): string {
  return b.year === undefined ? `${b.day}/${b.month}` : `${b.day}/${b.month}/${b.year}`;
}
