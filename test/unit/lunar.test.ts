// Vietnamese lunar calendar: Tết dates (incl. the years it differs from the Chinese one), leap months, lunar birthdays.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isLunarBirthdayOn, leapMonthOf, lunarBirthdayCandidates, lunarToSolar, solarToLunar } from '../../src/domain/lunar.js';

const d = (year: number, month: number, day: number) => ({ year, month, day });
const addDays = (x: { year: number; month: number; day: number }, n: number) => {
  const t = new Date(Date.UTC(x.year, x.month - 1, x.day + n));
  return d(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
};

describe('solarToLunar / lunarToSolar', () => {
  it.each([
    [1985, d(1985, 1, 21)],
    [2007, d(2007, 2, 17)],
    [2023, d(2023, 1, 22)],
    [2024, d(2024, 2, 10)],
    [2025, d(2025, 1, 29)],
    [2026, d(2026, 2, 17)],
  ])('puts Vietnamese Tết %i on %j', (year, tet) => {
    expect(lunarToSolar({ day: 1, month: 1, year, leap: false })).toEqual(tet);
    expect(solarToLunar(tet)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it('differs from the Chinese calendar (UTC+8) in 1985 and 2007, as published', () => {
    expect(lunarToSolar({ day: 1, month: 1, year: 1985, leap: false }, 8)).toEqual(d(1985, 2, 20));
    expect(lunarToSolar({ day: 1, month: 1, year: 2007, leap: false }, 8)).toEqual(d(2007, 2, 18));
    // On 21 Jan 1985 Vietnam was already in the new year while China was still in month 12.
    expect(solarToLunar(d(1985, 1, 21), 8).month).toBe(12);
  });

  it.each([
    [2020, 4],
    [2023, 2],
    [2025, 6],
    [2024, null],
  ])('knows the leap month of %i is %p', (year, leap) => {
    expect(leapMonthOf(year)).toBe(leap);
  });

  it('places the Mid-Autumn festival (15/8) correctly', () => {
    expect(lunarToSolar({ day: 15, month: 8, year: 2024, leap: false })).toEqual(d(2024, 9, 17));
    expect(lunarToSolar({ day: 15, month: 8, year: 2025, leap: false })).toEqual(d(2025, 10, 6));
  });

  it('refuses a leap month the year does not have', () => {
    expect(lunarToSolar({ day: 1, month: 3, year: 2023, leap: true })).toBeNull();
    expect(lunarToSolar({ day: 1, month: 2, year: 2024, leap: true })).toBeNull();
  });

  it('round-trips every day from 1900 to 2100', () => {
    // Every day, not a sample: a random sample missed the two days the month-start estimate got wrong.
    const start = Date.UTC(1900, 1, 1);
    const end = Date.UTC(2100, 11, 31);
    const wrong: string[] = [];
    for (let t = start; t <= end; t += 86_400_000) {
      const x = new Date(t);
      const solar = d(x.getUTCFullYear(), x.getUTCMonth() + 1, x.getUTCDate());
      const lunar = solarToLunar(solar);
      const back = lunarToSolar(lunar);
      if (lunar.day < 1 || lunar.day > 30 || !back || back.year !== solar.year || back.month !== solar.month || back.day !== solar.day) {
        wrong.push(`${solar.day}/${solar.month}/${solar.year} -> ${lunar.day}/${lunar.month}/${lunar.year}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('puts the day before a new moon at the end of its month, not on day 0', () => {
    expect(solarToLunar(d(2054, 5, 7)).day).toBeGreaterThanOrEqual(29);
    expect(solarToLunar(d(2062, 4, 9)).day).toBeGreaterThanOrEqual(29);
    expect(solarToLunar(d(2054, 5, 8)).day).toBe(1);
  });
});

describe('isLunarBirthdayOn', () => {
  it('greets a customer born on 1/1 âm lịch on Tết of each year, including 1985 and 2007', () => {
    const b = { day: 1, month: 1 };
    expect(isLunarBirthdayOn(b, d(2007, 2, 17))).toBe(true);
    expect(isLunarBirthdayOn(b, d(2007, 2, 18))).toBe(false);
    expect(isLunarBirthdayOn(b, d(1985, 1, 21))).toBe(true);
    expect(isLunarBirthdayOn(b, d(1985, 2, 20))).toBe(false);
  });

  it('in a leap year, a regular-month birthday falls in the regular month and a leap-month one in the leap month', () => {
    // 2023 has two second months: the regular one starts 20 Feb, the leap one 22 Mar.
    expect(solarToLunar(d(2023, 2, 24))).toEqual({ day: 5, month: 2, year: 2023, leap: false });
    expect(solarToLunar(d(2023, 3, 26))).toEqual({ day: 5, month: 2, year: 2023, leap: true });
    expect(isLunarBirthdayOn({ day: 5, month: 2 }, d(2023, 2, 24))).toBe(true);
    expect(isLunarBirthdayOn({ day: 5, month: 2 }, d(2023, 3, 26))).toBe(false);
    expect(isLunarBirthdayOn({ day: 5, month: 2, leapMonth: true }, d(2023, 2, 24))).toBe(false);
    expect(isLunarBirthdayOn({ day: 5, month: 2, leapMonth: true }, d(2023, 3, 26))).toBe(true);
  });

  it('greets someone born in a leap month in the regular month of years without it', () => {
    const regular = lunarToSolar({ day: 5, month: 2, year: 2024, leap: false })!;
    expect(isLunarBirthdayOn({ day: 5, month: 2, leapMonth: true }, regular)).toBe(true);
  });

  it('greets a day-30 birthday on day 29 when the month has only 29 days', () => {
    // Find a 29-day month in 2026 and check its last day.
    for (let m = 1; m <= 12; m++) {
      const day29 = lunarToSolar({ day: 29, month: m, year: 2026, leap: false })!;
      const next = solarToLunar(addDays(day29, 1));
      const short = next.day === 1;
      expect(isLunarBirthdayOn({ day: 30, month: m }, day29)).toBe(short);
      expect(lunarBirthdayCandidates(day29).days).toEqual(short ? [29, 30] : [29]);
    }
  });

  it('matches exactly one solar day per lunar year for any birthday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 2000, max: 2040 }), (month, day, year) => {
        const from = lunarToSolar({ day: 1, month: 1, year, leap: false })!;
        const to = lunarToSolar({ day: 1, month: 1, year: year + 1, leap: false })!;
        let hits = 0;
        for (let x = from; x.year !== to.year || x.month !== to.month || x.day !== to.day; x = addDays(x, 1)) {
          if (isLunarBirthdayOn({ day, month }, x)) hits++;
        }
        expect(hits).toBe(1);
      }),
      { numRuns: 40 },
    );
  });
});
