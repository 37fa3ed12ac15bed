// Customer lists for any viewer: search, missing fields, coming birthdays, the export. Each list is filtered
// by the viewer's access and audited once; front ends (chat, CLI, web) only phrase the rows.
import { birthdayQueryFor, celebratesOn } from '../domain/birthday-calendar.js';
import type { LocalDate } from '../domain/business-time.js';
import { profileCompleteness, type KeyField } from '../domain/completeness.js';
import { addDays } from '../domain/quiet-hours.js';
import type { Customer } from '../store/customers.js';
import type { CustomerAccess } from './customer-access.js';

export type Visible = { customer: Customer; access: 'full' | 'masked' };

/** Name words (without diacritics) or the last 3–4 digits; at most `shown` visible results of `scanned` found. */
export async function searchCustomers(access: CustomerAccess, text: string, opts: { shown?: number; scanned?: number } = {}): Promise<Visible[]> {
  const found = text.trim() ? await access.store.customers.search(text, opts.scanned ?? 50) : [];
  const visible = await access.visible(found, opts.shown ?? 8);
  await access.record('search', undefined, `results=${visible.length}`);
  return visible;
}

export interface MissingRow {
  customer: Customer;
  missing: KeyField[];
  percent: number;
}

/**
 * The viewer's customers with key fields missing, least complete first (seed 003: collect gradually). Only
 * customers the viewer sees in full: a masked card does not show what is missing.
 */
export async function customersMissingFields(access: CustomerAccess, limit = 15): Promise<MissingRow[]> {
  const rows: MissingRow[] = [];
  for await (const customer of access.store.customers.all()) {
    if ((await access.accessTo(customer)) !== 'full') continue;
    const { missing, percent } = profileCompleteness(customer);
    if (missing.length > 0) rows.push({ customer, missing, percent });
  }
  rows.sort((a, b) => a.percent - b.percent || a.customer.name.localeCompare(b.customer.name, 'vi'));
  const shown = rows.slice(0, limit);
  await access.record('search', undefined, `missing=${shown.length}`);
  return shown;
}

export type BirthdayRow = Visible & { date: LocalDate };

/**
 * Birthdays celebrated on `from` and the `days - 1` days after it, by the same rule as the greeting planner
 * (src/domain/birthday-calendar.ts: 29 Feb on 28 Feb in common years, lunar birthdays on their lunar day).
 */
export async function comingBirthdays(access: CustomerAccess, from: LocalDate, days = 7): Promise<BirthdayRow[]> {
  const dates = Array.from({ length: days }, (_, i) => addDays(from, i));
  const found = await access.store.customers.celebratingOn(dates.map(birthdayQueryFor));
  const rows: BirthdayRow[] = [];
  for (const date of dates) {
    const celebrating = found.filter((c) => celebratesOn(c, date));
    for (const v of await access.visible(celebrating)) rows.push({ ...v, date });
  }
  await access.record('search', undefined, `birthdays=${rows.length}`);
  return rows;
}

/**
 * Every customer the viewer sees in full, streamed to `write`, and one `export` audit entry with the count.
 * `detail` says how it was exported (ids and words only, e.g. `format=csv branch=q1`).
 */
export async function exportCustomers(access: CustomerAccess, write: (c: Customer) => void, detail?: string): Promise<number> {
  let count = 0;
  for await (const customer of access.store.customers.all()) {
    if ((await access.accessTo(customer)) !== 'full') continue;
    write(customer);
    count++;
  }
  await access.record('export', undefined, `${detail ? `${detail} ` : ''}count=${count}`);
  return count;
}
