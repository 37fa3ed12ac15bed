// The money rules as plainly as possible, kept next to the real thing (services/money.ts, services/visits.ts) for
// the card-counter property test: a ledger of entries per customer, their sums, and which package a session uses.
import { pointsFor, type MoneySettings, type PaymentMethod } from '../../src/domain/money-rules.js';

export const YEAR_MS = 365 * 86_400_000;

export interface ModelEntry { at: number; charge: number; paid: number; depSpent: number; depIn: number; earned: number; redeemed: number; units: number; lines: boolean }
export interface ModelPackage { service: number; total: number; used: number; expiresAt: number }
export interface ModelCustomer { entries: ModelEntry[]; packages: ModelPackage[]; visits: number }

export const newModelCustomer = (): ModelCustomer => ({ entries: [], packages: [], visits: 0 });

export function sums(m: ModelCustomer, now: number) {
  const t = { charge: 0, paid: 0, depSpent: 0, depIn: 0, deposits: 0, points: 0, spent12m: 0, units: 0, invoices: 0 };
  for (const e of m.entries) {
    t.charge += e.charge;
    t.paid += e.paid;
    t.depSpent += e.depSpent;
    t.depIn += e.depIn;
    if (e.depIn > 0) t.deposits++;
    t.points += e.earned - e.redeemed;
    if (e.at >= now - YEAR_MS && e.at <= now) t.spent12m += e.paid + e.depSpent;
    t.units += e.units;
    if (e.lines) t.invoices++;
  }
  return { ...t, debt: t.charge - t.paid - t.depSpent, deposit: t.depIn - t.depSpent, spent: t.paid + t.depSpent };
}

/** A ledger entry at `now`; points are earned on what was paid (money in or from the deposit). */
export function entryAt(now: number, e: Partial<ModelEntry>, s: MoneySettings): ModelEntry {
  const paid = e.paid ?? 0;
  const depSpent = e.depSpent ?? 0;
  return { at: now, charge: 0, depIn: 0, redeemed: 0, units: 0, lines: false, ...e, paid, depSpent, earned: e.earned ?? pointsFor(paid + depSpent, s) };
}

/** How an amount paid with `method` lands in the ledger. */
export const paidWith = (amt: number, method: PaymentMethod): Partial<ModelEntry> => (method === 'deposit' ? { depSpent: amt } : method === 'unpaid' ? {} : { paid: amt });

/** A paid visit: refused only when it is paid from a deposit smaller than the amount. Applies it when accepted. */
export function modelPaidVisit(m: ModelCustomer, now: number, amount: number, method: PaymentMethod, s: MoneySettings, apply: boolean): boolean {
  const ok = !(method === 'deposit' && amount > sums(m, now).deposit);
  if (ok && apply) {
    m.entries.push(entryAt(now, { charge: amount, ...paidWith(amount, method), lines: true }, s));
    m.visits++;
  }
  return ok;
}

/** A session from a package of that service: in date, a session left, the one expiring first (then nearer its end). */
export function modelPackageVisit(m: ModelCustomer, now: number, service: number, apply: boolean): boolean {
  const usable = m.packages
    .filter((p) => p.service === service && p.expiresAt > now && p.used < p.total)
    .sort((a, b) => a.expiresAt - b.expiresAt || a.total - a.used - (b.total - b.used) || a.total - b.total)[0];
  if (usable && apply) {
    usable.used++;
    m.visits++;
  }
  return Boolean(usable);
}
