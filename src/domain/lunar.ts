// Vietnamese lunar calendar (âm lịch) after Hồ Ngọc Đức's published algorithm, computed at the UTC+7 meridian.
// Why not a package: the npm candidates (@dqcai/vn-lunar, vietnamese-lunar-calendar, amlich) are single-release
// and unmaintained, and the Chinese-calendar libraries compute at UTC+8, which moves Tết in 1985 and 2007.
import type { LocalDate } from './business-time.js';

/** Vietnam's calendar is computed for the meridian of UTC+7 (the Chinese one uses UTC+8). */
export const VIETNAM_TIME_ZONE_HOURS = 7;

export interface LunarDate {
  day: number;
  month: number;
  /** The lunar year, numbered like the solar year in which its Tết falls. */
  year: number;
  /** True for the repeated month (tháng nhuận) of a leap year. */
  leap: boolean;
}

/** A lunar birthday as stored on the profile (the year does not matter for greetings). */
export interface LunarBirthday {
  day: number;
  month: number;
  leapMonth?: boolean;
}

const INT = Math.floor;

/** Julian day number of a Gregorian date (Julian calendar before 15 Oct 1582). */
export function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = INT((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  let jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
  if (jd < 2299161) jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - 32083;
  return jd;
}

export function jdToDate(jd: number): LocalDate {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = INT((4 * a + 3) / 146097);
    c = a - INT((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = INT((4 * c + 3) / 1461);
  const e = c - INT((1461 * d) / 4);
  const m = INT((5 * e + 2) / 153);
  return { day: e - INT((153 * m + 2) / 5) + 1, month: m + 3 - 12 * INT(m / 10), year: b * 100 + d - 4800 + INT(m / 10) };
}

/** Julian date (fractional, UTC) of the k-th new moon after 1 Jan 1900 (Meeus, as simplified by Hồ Ngọc Đức). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltat =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + C1 - deltat;
}

/** Sun's ecliptic longitude in radians, normalised to [0, 2π). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L = L - Math.PI * 2 * INT(L / (Math.PI * 2));
  return L;
}

/** Which of the 12 solar-term sectors (0..11) the sun is in at local midnight starting `dayNumber`. */
function sunSector(dayNumber: number, tz: number): number {
  return INT((sunLongitude(dayNumber - 0.5 - tz / 24) / Math.PI) * 6);
}

function newMoonDay(k: number, tz: number): number {
  return INT(newMoon(k) + 0.5 + tz / 24);
}

/** Day number of the start of lunar month 11 (the month containing the winter solstice) of solar year `yy`. */
function lunarMonth11(yy: number, tz: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = INT(off / 29.530588853);
  let nm = newMoonDay(k, tz);
  if (sunSector(nm, tz) >= 9) nm = newMoonDay(k - 1, tz);
  return nm;
}

/** In a 13-month year starting at `a11`, the offset of the leap month: the first month without a principal term. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, tz), tz);
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

export function solarToLunar(d: LocalDate, tz = VIETNAM_TIME_ZONE_HOURS): LunarDate {
  const dayNumber = jdFromDate(d.day, d.month, d.year);
  // The mean-lunation estimate of k can be one too high on a day just before a new moon (2054-05-07 and
  // 2062-04-09 came out as day 0), so step back until the month starts on or before the day.
  let k = INT((dayNumber - 2415021.076998695) / 29.530588853) + 1;
  let monthStart = newMoonDay(k, tz);
  while (monthStart > dayNumber) monthStart = newMoonDay(--k, tz);
  let a11 = lunarMonth11(d.year, tz);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = d.year;
    a11 = lunarMonth11(d.year - 1, tz);
  } else {
    year = d.year + 1;
    b11 = lunarMonth11(d.year + 1, tz);
  }
  const day = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { day, month, year, leap };
}

/** The solar date of a lunar date, or null when that leap month does not exist in that year. */
export function lunarToSolar(l: LunarDate, tz = VIETNAM_TIME_ZONE_HOURS): LocalDate | null {
  let a11: number;
  let b11: number;
  if (l.month < 11) {
    a11 = lunarMonth11(l.year - 1, tz);
    b11 = lunarMonth11(l.year, tz);
  } else {
    a11 = lunarMonth11(l.year, tz);
    b11 = lunarMonth11(l.year + 1, tz);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = l.month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (l.leap && l.month !== leapMonth) return null;
    if (l.leap || off >= leapOff) off += 1;
  } else if (l.leap) {
    return null;
  }
  return jdToDate(newMoonDay(k + off, tz) + l.day - 1);
}

/** The leap month (1..12) of a lunar year, or null in a 12-month year. */
export function leapMonthOf(lunarYear: number, tz = VIETNAM_TIME_ZONE_HOURS): number | null {
  for (let m = 1; m <= 12; m++) if (lunarToSolar({ day: 1, month: m, year: lunarYear, leap: true }, tz)) return m;
  return null;
}

function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/**
 * Is this solar day the customer's lunar birthday this lunar year?
 * - Born on day 30 of a month that has 29 days this year: greeted on day 29, its last day.
 * - Born in a leap month: greeted in the leap month when this year has it, else in the regular month
 *   of that number (the custom most families follow); born in a regular month: the regular month only.
 */
export function isLunarBirthdayOn(b: LunarBirthday, solar: LocalDate, tz = VIETNAM_TIME_ZONE_HOURS): boolean {
  const today = solarToLunar(solar, tz);
  if (today.month !== b.month) return false;
  const lastDayOfMonth = solarToLunar(addDays(solar, 1), tz).day === 1;
  const dayMatches = today.day === b.day || (lastDayOfMonth && today.day === 29 && b.day === 30);
  if (!dayMatches) return false;
  if (today.leap) return Boolean(b.leapMonth);
  if (!b.leapMonth) return true;
  return leapMonthOf(today.year, tz) !== b.month;
}

/** What a planner must query for on this solar day: candidates are then confirmed with isLunarBirthdayOn. */
export function lunarBirthdayCandidates(solar: LocalDate, tz = VIETNAM_TIME_ZONE_HOURS): { month: number; days: number[]; lunarYear: number } {
  const today = solarToLunar(solar, tz);
  const lastDayOfMonth = solarToLunar(addDays(solar, 1), tz).day === 1;
  const days = lastDayOfMonth && today.day === 29 ? [29, 30] : [today.day];
  return { month: today.month, days, lunarYear: today.year };
}
