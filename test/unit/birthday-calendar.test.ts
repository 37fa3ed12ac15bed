// The one birthday-day rule shared by the greeting planner and staff's /sinhnhat.
import { describe, expect, it } from '@jest/globals';
import { birthdayQueryFor, celebratesOn } from '../../src/domain/birthday-calendar.js';
import { solarToLunar } from '../../src/domain/lunar.js';

describe('celebratesOn', () => {
  it.each<[string, { year: number; month: number; day: number }, boolean]>([
    ['28 Feb of a common year', { year: 2027, month: 2, day: 28 }, true],
    ['28 Feb of a leap year', { year: 2028, month: 2, day: 28 }, false],
    ['29 Feb of a leap year', { year: 2028, month: 2, day: 29 }, true],
    ['1 Mar of a common year', { year: 2027, month: 3, day: 1 }, false],
  ])('celebrates a 29 February birthday on %s: %s', (_label, date, expected) => {
    expect(celebratesOn({ birthday: { day: 29, month: 2 } }, date)).toBe(expected);
  });

  it('follows the lunar birthday instead of the solar one when the profile has both', () => {
    const day = { year: 2026, month: 9, day: 25 };
    const l = solarToLunar(day);
    const c = { birthday: { day: 25, month: 9 }, lunarBirthday: { day: l.day, month: l.month, leapMonth: false } };
    expect(celebratesOn(c, day)).toBe(true);
    expect(celebratesOn({ ...c, lunarBirthday: { ...c.lunarBirthday, day: l.day === 1 ? 2 : 1 } }, day)).toBe(false);
  });

  it('never celebrates a profile without a birthday', () => {
    expect(celebratesOn({}, { year: 2026, month: 1, day: 1 })).toBe(false);
  });
});

describe('birthdayQueryFor', () => {
  it('asks for 28 and 29 February on 28 February of a common year, with that day\'s lunar date', () => {
    const q = birthdayQueryFor({ year: 2027, month: 2, day: 28 });
    const l = solarToLunar({ year: 2027, month: 2, day: 28 });
    expect(q.solar).toEqual({ month: 2, days: [28, 29] });
    expect(q.lunar.month).toBe(l.month);
    expect(q.lunar.days).toContain(l.day);
    expect(q.lunarYear).toBe(l.year);
  });
});
