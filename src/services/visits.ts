// A visit (lượt làm) for every front end: /ghe in a staff chat, an attended appointment (`day` calls
// recordVisit prefilled with its service, technician, branch and appointment id), later the web page.
// Who did the work (default: who records it; another active member of the same branch), how it was paid, and,
// for a service the customer holds a package for, one session of that package instead of money.
import { isOperationAmount, MAX_PACKAGE_SESSIONS, MONEY_IN_METHODS, type PaymentMethod } from '../domain/money-rules.js';
import { foldDiacritics } from '../domain/name.js';
import type { Customer } from '../store/customers.js';
import { idFromKey, type TreatmentPackage } from '../store/money.js';
import type { StaffMember } from '../store/staff.js';
import { afterWrite, commitEntry, packageStatuses, paymentFields, type Committed, type MoneyDeps, type MoneyRefusal, type MoneySummary, type PackageStatus } from './money.js';

export interface VisitInput {
  /** The operation's idempotency key (the chat message, the appointment): a repeat records nothing more. */
  key: string;
  customer: Customer;
  /** Who records it. */
  member: StaffMember;
  /** Who did the work; default `member`. */
  technician?: StaffMember;
  service: string;
  /** Left out: the visit uses a package of that service, or is refused (`need_amount`). */
  amountVnd?: number;
  /** Default: a package when one applies and no amount is given, else cash. */
  method?: PaymentMethod;
  appointmentId?: string;
  branchId?: string;
}

export type VisitRecorded = {
  ok: true;
  visitId: string;
  repeated: boolean;
  technician: StaffMember;
  method: PaymentMethod;
  amountVnd: number;
  /** The package session used: "buổi 7/10, còn 3". */
  package?: { pkg: TreatmentPackage; session: number; left: number };
  summary: MoneySummary;
  rankChanged?: { from: string; to: string };
};
export type VisitRefusal =
  | { ok: false; reason: 'need_amount' | 'bad_amount' | 'technician_inactive' | 'other_branch' }
  /** "từ gói" with no package in date and with a session left for the service (`expired` / `used_up` say why). */
  | { ok: false; reason: 'no_package'; why: 'none' | 'expired' | 'used_up' }
  | { ok: false; reason: 'money'; refusal: MoneyRefusal };

const sameService = (a: string, b: string): boolean => foldDiacritics(a).trim() === foldDiacritics(b).trim();

/** May `member` record work done by `technician` (their own branch; owners anywhere)? */
function mayRecordFor(member: StaffMember, technician: StaffMember): boolean {
  return member.role === 'owner' || (member.branchId ?? undefined) === (technician.branchId ?? undefined);
}

/** The package a visit for `service` would use: in date, a session left, the one expiring first. */
export function packageFor(statuses: PackageStatus[], service: string): { status?: PackageStatus; why: 'none' | 'expired' | 'used_up' } {
  const mine = statuses.filter((s) => sameService(s.pkg.service, service));
  // The one expiring first; then the one nearer its end (one package finished before the next is started).
  const usable = mine.filter((s) => s.usable).sort((a, b) => a.pkg.expiresAt.getTime() - b.pkg.expiresAt.getTime() || a.left - b.left || a.pkg.sessionsTotal - b.pkg.sessionsTotal);
  if (usable[0]) return { status: usable[0], why: 'none' };
  if (!mine.length) return { why: 'none' };
  return { why: mine.some((s) => !s.expired) ? 'used_up' : 'expired' };
}

export async function recordVisit(d: MoneyDeps, v: VisitInput): Promise<VisitRecorded | VisitRefusal> {
  const technician = v.technician ?? v.member;
  const fresh = await d.store.staff.findById(technician.id);
  if (!fresh?.active) return { ok: false, reason: 'technician_inactive' };
  if (!mayRecordFor(v.member, fresh)) return { ok: false, reason: 'other_branch' };
  const visitId = idFromKey(v.key, 'visit');
  const branchId = v.branchId ?? fresh.branchId ?? v.member.branchId;
  const base = { id: visitId, customerId: v.customer.id, technicianId: fresh.id, recordedBy: v.member.id, service: v.service, at: d.now(), ...(branchId ? { branchId } : {}), ...(v.appointmentId ? { appointmentId: v.appointmentId } : {}) };

  const wantsPackage = v.method === 'package' || (v.method === undefined && v.amountVnd === undefined);
  if (wantsPackage) {
    const found = packageFor(await packageStatuses(d, v.customer.id), v.service);
    if (!found.status) return v.amountVnd === undefined && v.method === undefined && found.why === 'none' ? { ok: false, reason: 'need_amount' } : { ok: false, reason: 'no_package', why: found.why };
    const pkg = found.status.pkg;
    const r = await d.store.money.insertVisit({ ...base, amountVnd: 0, paid: true, method: 'package' }, pkg);
    if (r.kind === 'used_up') return { ok: false, reason: 'no_package', why: 'used_up' };
    const summary = await afterWrite(d, v.customer);
    const left = summary.packages.find((p) => p.pkg.id === pkg.id)?.left ?? 0;
    return { ok: true, visitId, repeated: r.kind === 'existing', technician: fresh, method: 'package', amountVnd: 0, package: { pkg, session: r.session ?? pkg.sessionsTotal - left, left }, summary };
  }

  const amount = v.amountVnd;
  if (amount === undefined) return { ok: false, reason: 'need_amount' };
  if (!isOperationAmount(amount)) return { ok: false, reason: 'bad_amount' };
  const method = v.method ?? 'cash';
  // The money first: a crash before the visit leaves the visit count short until the same key is tried again,
  // never a session or a debt counted twice.
  let visit: 'inserted' | 'existing' = 'existing';
  const insert = async () => {
    const r = await d.store.money.insertVisit({ ...base, amountVnd: amount, paid: (MONEY_IN_METHODS as readonly string[]).includes(method) || method === 'deposit', method });
    visit = r.kind === 'inserted' ? 'inserted' : 'existing';
  };
  const money: Committed = await commitEntry(d, v.customer, { id: v.key, customerId: v.customer.id, kind: 'visit', at: base.at, by: v.member.id, ...(branchId ? { branchId } : {}), chargeVnd: amount, ...paymentFields(amount, method), method, visitId, lines: [{ label: v.service, quantity: 1, unitVnd: amount, totalVnd: amount }] }, undefined, { then: insert });
  if (!money.ok) return { ok: false, reason: 'money', refusal: money.reason };
  return { ok: true, visitId, repeated: money.repeated && visit === 'existing', technician: fresh, method, amountVnd: amount, summary: money.summary, ...(money.rankChanged ? { rankChanged: money.rankChanged } : {}) };
}

export interface PackageSale {
  key: string;
  customer: Customer;
  member: StaffMember;
  service: string;
  sessions: number;
  priceVnd: number;
  /** Paid now; default the whole price (with a money-in method or the deposit); the rest becomes debt. */
  paidNowVnd?: number;
  method: PaymentMethod;
  expiresAt: Date;
}

/** Sells a treatment package: the sale (charge and what was paid) first, then the package it names. */
export async function sellPackage(d: MoneyDeps, p: PackageSale): Promise<(Committed & { ok: true; pkg: TreatmentPackage }) | { ok: false; reason: MoneyRefusal | { kind: 'bad_package' } }> {
  if (!Number.isSafeInteger(p.sessions) || p.sessions < 1 || p.sessions > MAX_PACKAGE_SESSIONS || !(p.expiresAt > d.now()) || !p.service.trim()) return { ok: false, reason: { kind: 'bad_package' } };
  if (!isOperationAmount(p.priceVnd) || p.method === 'package') return { ok: false, reason: { kind: 'bad_amount' } };
  const paidNow = p.method === 'unpaid' ? 0 : (p.paidNowVnd ?? p.priceVnd);
  if (!Number.isSafeInteger(paidNow) || paidNow < 0 || paidNow > p.priceVnd) return { ok: false, reason: { kind: 'bad_amount' } };
  const packageId = idFromKey(p.key, 'package');
  let pkg: TreatmentPackage | undefined;
  const create = async () => {
    pkg = await d.store.money.createPackage({ key: p.key, customerId: p.customer.id, service: p.service, sessionsTotal: p.sessions, priceVnd: p.priceVnd, soldAt: d.now(), expiresAt: p.expiresAt, soldBy: p.member.id, ...(p.member.branchId ? { branchId: p.member.branchId } : {}), entryId: p.key });
  };
  const r = await commitEntry(d, p.customer, {
    id: p.key,
    customerId: p.customer.id,
    kind: 'package_sale',
    at: d.now(),
    by: p.member.id,
    ...(p.member.branchId ? { branchId: p.member.branchId } : {}),
    chargeVnd: p.priceVnd,
    ...(paidNow > 0 ? paymentFields(paidNow, p.method) : {}),
    method: p.method,
    packageId,
    lines: [{ label: `${p.service} × ${p.sessions}`, quantity: 1, unitVnd: p.priceVnd, totalVnd: p.priceVnd }],
  }, undefined, { then: create });
  if (!r.ok) return r;
  return { ...r, pkg: pkg! };
}
