// Birthday parsing: day-first Vietnamese dates, two-digit years, impossible and implausible dates.
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  parseBirthday,
  formatBirthday,
  isLeapYear,
  type Birthday,
  type BirthdayReason,
} from '../../src/domain/birthday.js';

const today = { year: 2026, month: 5, day: 15 };

describe('parseBirthday', () => {
  it.each<[string, Birthday]>([
    ['12/3', { day: 12, month: 3 }],
    ['12/03', { day: 12, month: 3 }],
    ['1/1', { day: 1, month: 1 }],
    ['12/03/1990', { day: 12, month: 3, year: 1990 }],
    ['12/3/1990', { day: 12, month: 3, year: 1990 }],
    ['12-3-90', { day: 12, month: 3, year: 1990 }],
    ['12.03.1990', { day: 12, month: 3, year: 1990 }],
    ['12 / 3 / 1990', { day: 12, month: 3, year: 1990 }],
    ['12 tháng 3', { day: 12, month: 3 }],
    ['12 Tháng 03', { day: 12, month: 3 }],
    ['12 thang 3', { day: 12, month: 3 }],
    ['12 THANG 3', { day: 12, month: 3 }],
    ['12 thg 3', { day: 12, month: 3 }],
    ['ngày 12 tháng 3 năm 1990', { day: 12, month: 3, year: 1990 }],
    ['Ngày 12 tháng 3 năm 1990', { day: 12, month: 3, year: 1990 }],
    ['ngay 12 thang 3 nam 1990', { day: 12, month: 3, year: 1990 }],
    ['12 tháng 3, 1990', { day: 12, month: 3, year: 1990 }],
    ['12 tháng 3 1990', { day: 12, month: 3, year: 1990 }],
    ['mùng 5 tháng 1', { day: 5, month: 1 }],
    ['sinh nhật: 12/3', { day: 12, month: 3 }],
    ['sn 12/3/1990', { day: 12, month: 3, year: 1990 }],
    ['1990-03-12', { day: 12, month: 3, year: 1990 }],
    ['  12/3  ', { day: 12, month: 3 }],
  ])('understands %j', (input, expected) => {
    expect(parseBirthday(input, today)).toStrictEqual({ ok: true, value: expected });
  });

  it.each<[string, number]>([
    ['12/3/90', 1990],
    ['12/3/05', 2005],
    ['12/3/00', 2000],
    ['15/5/26', 2026],
    ['16/5/26', 1926],
    ['1/1/27', 1927],
  ])('reads the two-digit year in %j as %i so it is not in the future', (input, year) => {
    const r = parseBirthday(input, today);
    expect(r.ok && r.value.year).toBe(year);
  });

  it('accepts 29/2 without a year, since it is a real birthday', () => {
    expect(parseBirthday('29/2', today)).toStrictEqual({ ok: true, value: { day: 29, month: 2 } });
  });

  it('accepts 29/2 in a leap year and rejects it otherwise', () => {
    expect(parseBirthday('29/2/2000', today)).toStrictEqual({ ok: true, value: { day: 29, month: 2, year: 2000 } });
    expect(parseBirthday('29/2/1992', today).ok).toBe(true);
    expect(parseBirthday('29/2/1990', today)).toEqual({ ok: false, reason: 'no_such_date' });
    expect(parseBirthday('29/2/1900', today)).toEqual({ ok: false, reason: 'no_such_date' });
  });

  it.each<[string, BirthdayReason]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['hôm qua', 'not_understood'],
    ['12', 'not_understood'],
    ['12/3/199', 'not_understood'],
    ['12/3/19900', 'not_understood'],
    ['3/12/1990 sáng', 'not_understood'],
    ['12 tháng 31990', 'not_understood'],
    ['31/02', 'no_such_date'],
    ['30/02', 'no_such_date'],
    ['30/2/2000', 'no_such_date'],
    ['31/4', 'no_such_date'],
    ['31/11/1990', 'no_such_date'],
    ['0/3', 'no_such_date'],
    ['12/13', 'no_such_date'],
    ['12/0/1990', 'no_such_date'],
    ['32 tháng 1', 'no_such_date'],
    ['1990-02-30', 'no_such_date'],
    ['16/5/2026', 'in_future'],
    ['1/1/2030', 'in_future'],
    ['2027-01-01', 'in_future'],
    ['1/1/1900', 'too_old'],
    ['14/5/1905', 'too_old'],
    ['0001-01-01', 'too_old'],
  ])('rejects %j as %s', (input, reason) => {
    expect(parseBirthday(input, today)).toEqual({ ok: false, reason });
  });

  it('accepts customers up to 120 years old and a baby born today', () => {
    expect(parseBirthday('15/5/1906', today).ok).toBe(true);
    expect(parseBirthday('16/5/1905', today).ok).toBe(true);
    expect(parseBirthday('15/5/1905', today)).toEqual({ ok: false, reason: 'too_old' });
    expect(parseBirthday('15/5/2026', today).ok).toBe(true);
  });

  it('never throws, whatever is typed', () => {
    for (const s of ['\u0000', '😀/😀', '9'.repeat(5000), '1/'.repeat(3000), '\ud800']) {
      expect(() => parseBirthday(s, today)).not.toThrow();
    }
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => { parseBirthday(s, today); }), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => { parseBirthday(s, today); }), { numRuns: 2000 });
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9/.\- ]{0,14}$/), (s) => {
        const r = parseBirthday(s, today);
        if (r.ok) {
          expect(r.value.month).toBeGreaterThanOrEqual(1);
          expect(r.value.month).toBeLessThanOrEqual(12);
          expect(r.value.day).toBeGreaterThanOrEqual(1);
          expect(r.value.day).toBeLessThanOrEqual(31);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('formatBirthday', () => {
  it('writes day first without zero padding', () => {
    expect(formatBirthday({ day: 12, month: 3 })).toBe('12/3');
    expect(formatBirthday({ day: 5, month: 1, year: 1990 })).toBe('5/1/1990');
  });

  const daysIn = (month: number, year: number | undefined): number =>
    month === 2 ? (year === undefined || isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  const validBirthday: fc.Arbitrary<Birthday> = fc
    .record({
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      year: fc.option(fc.integer({ min: today.year - 120, max: today.year }), { nil: undefined }),
    })
    .filter(({ day, month, year }) => day <= daysIn(month, year))
    .filter(({ day, month, year }) => year !== today.year || month < today.month || (month === today.month && day <= today.day))
    .map(({ day, month, year }) => (year === undefined ? { day, month } : { day, month, year }));

  it('parses every formatted birthday back to the same date', () => {
    fc.assert(
      fc.property(validBirthday, (b) => {
        expect(parseBirthday(formatBirthday(b), today)).toStrictEqual({ ok: true, value: b });
      }),
      { numRuns: 3000 },
    );
  });
});

describe('isLeapYear', () => {
  it.each([
    [2000, true],
    [2024, true],
    [1900, false],
    [2100, false],
    [2023, false],
  ])('knows whether %i is a leap year', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });
});
