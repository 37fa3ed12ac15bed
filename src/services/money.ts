// Money for every front end (staff chat now, the web page later): the card's counters summed from the ledger, and
// the operations that change them (package sales, deposits, product sales, debt payments, points redeemed).
// Each operation is one keyed ledger document (store/money.ts); after it the customer's cached counters are SET
// from a fresh sum and a rank change is told to her managing staff member through the outbox.
import { businessDateTime, formatLocalDate } from '../domain/business-time.js';
import { isOperationAmount, MONEY_IN_METHODS, pointsFor, rankFor, rankWindowStart, type MoneySettings, type PaymentMethod, type Rank, type RankStanding } from '../domain/money-rules.js';
import type { Customer } from '../store/customers.js';
import type { Store } from '../store/index.js';
import type { InvoiceLine, MoneyEntry, NewMoneyEntry, TreatmentPackage } from '../store/money.js';
import type { StaffMember } from '../store/staff.js';

export interface MoneyDeps {
  store: Store;
  settings: MoneySettings;
  now: () => Date;
  timeZone: string;
}

/** The staff id a message goes to when the customer has no managing staff member (jobs/ports.ts OWNER_STAFF_ID). */
const OWNER_STAFF = 'owner';

export interface PackageStatus {
  pkg: TreatmentPackage;
  used: number;
  left: number;
  expired: boolean;
  /** In date and with a session left: a visit for its service uses it. */
  usable: boolean;
  lastUsedAt?: Date;
}

export interface MoneySummary {
  chargedVnd: number;
  /** Paid toward what was bought (cash, transfer, card and deposit spent): "total spent". */
  spentVnd: number;
  debtVnd: number;
  depositBalanceVnd: number;
  depositCount: number;
  points: number;
  standing: RankStanding;
  visitCount: number;
  lastVisitAt?: Date;
  packages: PackageStatus[];
  /** Products bought (units on sale lines) and invoices (operations with lines). */
  productUnits: number;
  invoiceCount: number;
  invoices: MoneyEntry[];
}

/** Sums the ledger of one customer; the single place the card's money counters come from. */
export function summarize(entries: readonly MoneyEntry[], packages: PackageStatus[], visits: { count: number; lastAt?: Date }, now: Date, s: MoneySettings): MoneySummary {
  let charged = 0, paid = 0, depositIn = 0, depositSpent = 0, depositCount = 0, earned = 0, redeemed = 0, spent12m = 0, units = 0;
  const since = rankWindowStart(now);
  for (const e of entries) {
    charged += e.chargeVnd;
    paid += e.paidVnd;
    depositIn += e.depositInVnd;
    depositSpent += e.depositSpentVnd;
    if (e.depositInVnd > 0) depositCount++;
    earned += e.pointsEarned;
    redeemed += e.pointsRedeemed;
    if (e.at >= since && e.at <= now) spent12m += e.paidVnd + e.depositSpentVnd;
    if (e.kind === 'sale') units += e.lines.reduce((n, l) => n + l.quantity, 0);
  }
  const invoices = entries.filter((e) => e.lines.length > 0);
  return {
    chargedVnd: charged,
    spentVnd: paid + depositSpent,
    debtVnd: charged - paid - depositSpent,
    depositBalanceVnd: depositIn - depositSpent,
    depositCount,
    points: earned - redeemed,
    standing: rankFor(spent12m, s),
    visitCount: visits.count,
    ...(visits.lastAt ? { lastVisitAt: visits.lastAt } : {}),
    packages,
    productUnits: units,
    invoiceCount: invoices.length,
    invoices: invoices.slice(-5).reverse(),
  };
}

export async function packageStatuses(d: Pick<MoneyDeps, 'store' | 'now'>, customerId: string, known?: { pkgs: TreatmentPackage[]; uses: Map<string, { used: number; lastAt?: Date }> }): Promise<PackageStatus[]> {
  const pkgs = known?.pkgs ?? (await d.store.money.packagesOf(customerId));
  const uses = known?.uses ?? (await d.store.money.sessionsUsed(pkgs.map((p) => p.id)));
  const now = d.now();
  return pkgs.map((pkg) => {
    const u = uses.get(pkg.id) ?? { used: 0 };
    const left = Math.max(0, pkg.sessionsTotal - u.used);
    const expired = pkg.expiresAt <= now;
    return { pkg, used: u.used, left, expired, usable: !expired && left > 0, ...(u.lastAt ? { lastUsedAt: u.lastAt } : {}) };
  });
}

/** The card's money counters, from the records. */
export async function moneySummary(d: MoneyDeps, customerId: string): Promise<MoneySummary> {
  return (await readLedger(d, customerId)).summary;
}

/** Three reads (her operations, packages, visits) give every counter; the entries come along for the caller. */
export async function readLedger(d: MoneyDeps, customerId: string): Promise<{ summary: MoneySummary; entries: MoneyEntry[] }> {
  const [entries, pkgs, visits] = await Promise.all([d.store.money.entriesOf(customerId), d.store.money.packagesOf(customerId), d.store.money.visitsOf(customerId)]);
  const packages = await packageStatuses(d, customerId, { pkgs, uses: visits.byPackage });
  return { summary: summarize(entries, packages, visits, d.now(), d.settings), entries };
}

export type MoneyRefusal =
  | { kind: 'bad_amount' }
  | { kind: 'deposit_short'; balanceVnd: number }
  | { kind: 'no_debt' }
  | { kind: 'overpay'; debtVnd: number }
  | { kind: 'points_short'; points: number }
  | { kind: 'busy' };

export type Committed = { ok: true; entry: MoneyEntry; summary: MoneySummary; repeated: boolean; rankChanged?: { from: Rank; to: Rank } } | { ok: false; reason: MoneyRefusal };

/** What a payment of `amountVnd` by `method` puts on an entry. */
export function paymentFields(amountVnd: number, method: PaymentMethod): Pick<NewMoneyEntry, 'paidVnd' | 'depositSpentVnd'> {
  if ((MONEY_IN_METHODS as readonly string[]).includes(method)) return { paidVnd: amountVnd };
  if (method === 'deposit') return { depositSpentVnd: amountVnd };
  return {};
}

/**
 * Writes one operation: a retried key returns what it did the first time; `check` sees the balances as they are
 * and may refuse; an operation that lowers a balance takes the customer's next outflow number and, when another
 * took it first, reads and checks again.
 */
export async function commitEntry(d: MoneyDeps, customer: Customer, entry: NewMoneyEntry, check?: (s: MoneySummary) => MoneyRefusal | null, opts: { /** Runs once the entry is in, before the recount (the visit of a paid visit). */ then?: () => Promise<unknown> } = {}): Promise<Committed> {
  const earlier = await d.store.money.findEntry(entry.id);
  if (earlier) {
    // Finish what a crash may have left undone (the visit after its money), then report the first time's result.
    await opts.then?.();
    return { ok: true, entry: earlier, summary: await moneySummary(d, customer.id), repeated: true };
  }
  const outflow = (entry.depositSpentVnd ?? 0) > 0 || (entry.pointsRedeemed ?? 0) > 0 || entry.kind === 'payment';
  const withPoints = { ...entry, pointsEarned: entry.pointsEarned ?? pointsFor((entry.paidVnd ?? 0) + (entry.depositSpentVnd ?? 0), d.settings) };
  for (let attempt = 0; attempt < 8; attempt++) {
    const ledger = await readLedger(d, customer.id);
    const before = ledger.summary;
    const refused = check?.(before) ?? ((entry.depositSpentVnd ?? 0) > before.depositBalanceVnd ? { kind: 'deposit_short' as const, balanceVnd: before.depositBalanceVnd } : null);
    if (refused) return { ok: false, reason: refused };
    const r = await d.store.money.insertEntry(withPoints, { outflow, lastOutflowNo: ledger.entries.reduce((m, e) => Math.max(m, e.outflowNo ?? 0), 0) });
    if (r.kind === 'taken') continue;
    if (r.kind === 'existing') {
      await opts.then?.();
      return { ok: true, entry: r.entry, summary: await afterWrite(d, customer), repeated: true };
    }
    await opts.then?.();
    const after = await afterWrite(d, customer);
    const saved = r.entry;
    const from = before.standing.rank;
    const to = after.standing.rank;
    if (from !== to) await tellRankChange(d, customer, saved, from, to);
    return { ok: true, entry: saved, summary: after, repeated: false, ...(from !== to ? { rankChanged: { from, to } } : {}) };
  }
  return { ok: false, reason: { kind: 'busy' } };
}

/** Recomputes the customer's counters from the records and caches them on the profile (set, never incremented). */
export async function afterWrite(d: MoneyDeps, customer: Customer): Promise<MoneySummary> {
  const s = await moneySummary(d, customer.id);
  await d.store.money.cacheCounters(customer.id, { spentVnd: s.spentVnd, debtVnd: s.debtVnd, depositBalanceVnd: s.depositBalanceVnd, points: s.points, rank: s.standing.rank, visitCount: s.visitCount, ...(s.lastVisitAt ? { lastVisitAt: s.lastVisitAt } : {}) });
  return s;
}

async function tellRankChange(d: MoneyDeps, customer: Customer, entry: MoneyEntry, from: Rank, to: Rank): Promise<void> {
  const manager = customer.managerStaffId ? await d.store.staff.findById(customer.managerStaffId) : null;
  const staffId = manager?.active ? manager.id : OWNER_STAFF;
  const now = d.now();
  const l = businessDateTime(now, d.timeZone);
  await d.store.outbox.plan([
    {
      // Keyed by the operation that caused it: told once, whoever retries it.
      key: `rank_change:${customer.id}:${entry.id}`,
      purpose: 'rank_change',
      audience: 'staff',
      staffId,
      customerId: customer.id,
      occasion: `${from}>${to}`,
      occasionDate: formatLocalDate({ year: l.year, month: l.month, day: l.day }),
      dueAt: now,
      expiresAt: new Date(now.getTime() + 7 * 86_400_000),
    },
  ]);
}

const by = (m: StaffMember): Pick<NewMoneyEntry, 'by' | 'branchId'> => ({ by: m.id, ...(m.branchId ? { branchId: m.branchId } : {}) });

/** Money received into the deposit balance (tiền cọc). */
export async function addDeposit(d: MoneyDeps, p: { key: string; customer: Customer; member: StaffMember; amountVnd: number; method: PaymentMethod }): Promise<Committed> {
  if (!isOperationAmount(p.amountVnd) || !(MONEY_IN_METHODS as readonly string[]).includes(p.method)) return { ok: false, reason: { kind: 'bad_amount' } };
  return commitEntry(d, p.customer, { id: p.key, customerId: p.customer.id, kind: 'deposit', at: d.now(), ...by(p.member), depositInVnd: p.amountVnd, method: p.method });
}

/** Products sold (sale lines); paid now, from the deposit, or left as debt. */
export async function sellProducts(d: MoneyDeps, p: { key: string; customer: Customer; member: StaffMember; lines: { label: string; quantity: number; unitVnd: number }[]; method: PaymentMethod }): Promise<Committed> {
  const lines: InvoiceLine[] = p.lines.map((l) => ({ label: l.label, quantity: l.quantity, unitVnd: l.unitVnd, totalVnd: l.unitVnd * l.quantity }));
  const total = lines.reduce((n, l) => n + l.totalVnd, 0);
  if (!lines.length || lines.some((l) => !isOperationAmount(l.unitVnd) || !Number.isSafeInteger(l.quantity) || l.quantity < 1 || l.quantity > 1000) || !isOperationAmount(total) || p.method === 'package') return { ok: false, reason: { kind: 'bad_amount' } };
  return commitEntry(d, p.customer, { id: p.key, customerId: p.customer.id, kind: 'sale', at: d.now(), ...by(p.member), chargeVnd: total, ...paymentFields(total, p.method), method: p.method, lines });
}

/** A payment toward the customer's debt: never more than she owes. */
export async function payDebt(d: MoneyDeps, p: { key: string; customer: Customer; member: StaffMember; amountVnd: number; method: PaymentMethod }): Promise<Committed> {
  if (!isOperationAmount(p.amountVnd) || p.method === 'unpaid' || p.method === 'package') return { ok: false, reason: { kind: 'bad_amount' } };
  return commitEntry(d, p.customer, { id: p.key, customerId: p.customer.id, kind: 'payment', at: d.now(), ...by(p.member), ...paymentFields(p.amountVnd, p.method), method: p.method }, (s) => {
    if (s.debtVnd <= 0) return { kind: 'no_debt' };
    if (p.amountVnd > s.debtVnd) return { kind: 'overpay', debtVnd: s.debtVnd };
    if (p.method === 'deposit' && p.amountVnd > s.depositBalanceVnd) return { kind: 'deposit_short', balanceVnd: s.depositBalanceVnd };
    return null;
  });
}

/** Points redeemed by a staff member: never below zero. */
export async function redeemPoints(d: MoneyDeps, p: { key: string; customer: Customer; member: StaffMember; points: number; note?: string }): Promise<Committed> {
  if (!Number.isSafeInteger(p.points) || p.points <= 0 || p.points > 10_000_000) return { ok: false, reason: { kind: 'bad_amount' } };
  return commitEntry(d, p.customer, { id: p.key, customerId: p.customer.id, kind: 'redeem', at: d.now(), ...by(p.member), pointsRedeemed: p.points, pointsEarned: 0, ...(p.note ? { note: p.note } : {}) }, (s) =>
    p.points > s.points ? { kind: 'points_short', points: s.points } : null,
  );
}
