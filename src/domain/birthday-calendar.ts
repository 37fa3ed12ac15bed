// Whose birthday is celebrated on a given local day: the one rule behind the greeting planner and staff's
// /sinhnhat. 29 Feb is celebrated on 28 Feb in common years; a lunar birthday replaces the solar one.
import { isLeapYear, type Birthday } from './birthday.js';
import type { LocalDate } from './business-time.js';
import { isLunarBirthdayOn, lunarBirthdayCandidates, type LunarBirthday } from './lunar.js';

/** The solar days whose birthdays are celebrated on `date`: 28 Feb also covers 29 Feb in common years. */
export function solarBirthdayDays(date: LocalDate): number[] {
  return date.month === 2 && date.day === 28 && !isLeapYear(date.year) ? [28, 29] : [date.day];
}

/**
 * What a store must look up for one day: solar birthdays on `solar.days` of `solar.month` (of customers
 * without a lunar birthday) and lunar birthdays on `lunar.days` of `lunar.month`, to be confirmed with
 * celebratesOn (leap months). `lunarYear` numbers the lunar year, as its Tết's solar year.
 */
export interface BirthdayQuery {
  solar: { month: number; days: number[] };
  lunar: { month: number; days: number[] };
  lunarYear: number;
}

export function birthdayQueryFor(date: LocalDate): BirthdayQuery {
  const { month, days, lunarYear } = lunarBirthdayCandidates(date);
  return { solar: { month: date.month, days: solarBirthdayDays(date) }, lunar: { month, days }, lunarYear };
}

/** Whether this customer's birthday is celebrated on `date` (their lunar one, when the profile has it). */
export function celebratesOn(c: { birthday?: Pick<Birthday, 'day' | 'month'>; lunarBirthday?: LunarBirthday }, date: LocalDate): boolean {
  if (c.lunarBirthday) return isLunarBirthdayOn(c.lunarBirthday, date);
  return c.birthday !== undefined && c.birthday.month === date.month && solarBirthdayDays(date).includes(c.birthday.day);
}
