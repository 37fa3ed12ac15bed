// The money ledger, treatment packages and the visits that use them (issue 13), without transactions.
// - Each money operation is one document keyed by its idempotency key (models/money.ts): inserting it is the whole
//   write, so a crash leaves it either there or not, and a retry finds it instead of counting twice.
// - A package session is taken by inserting the visit with `packageUseKey = <package>:<n>` (unique): two visits
//   racing for the last session cannot both get it.
// - Operations that lower a balance take the next `outflowKey` number of the customer, so two of them racing each
//   check what the other left (the caller reads, checks, and tries again when the number was taken).
import { createHash } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import type { PaymentMethod } from '../domain/money-rules.js';
import { isDuplicateKey } from './duplicate-key.js';
import { visitModel, type VisitModel } from './models/activity.js';
import { customerModel, type CustomerModel } from './models/customer.js';
import { MONEY_KINDS, moneyEntryModel, treatmentPackageModel, type MoneyEntryModel, type TreatmentPackageModel } from './models/money.js';

export type MoneyKind = (typeof MONEY_KINDS)[number];

export interface InvoiceLine {
  label: string;
  quantity: number;
  unitVnd: number;
  totalVnd: number;
}

export interface MoneyEntry {
  id: string;
  customerId: string;
  kind: MoneyKind;
  at: Date;
  by?: string;
  branchId?: string;
  chargeVnd: number;
  paidVnd: number;
  depositSpentVnd: number;
  depositInVnd: number;
  method?: PaymentMethod;
  pointsEarned: number;
  pointsRedeemed: number;
  lines: InvoiceLine[];
  visitId?: string;
  packageId?: string;
  note?: string;
  /** It lowered a balance and took an outflow number. */
  outflow?: boolean;
  /** That number, when it was taken as this customer: a merge brings in entries numbered as the other record. */
  outflowNo?: number;
}

export type NewMoneyEntry = Omit<MoneyEntry, 'outflow' | 'outflowNo' | 'lines' | 'chargeVnd' | 'paidVnd' | 'depositSpentVnd' | 'depositInVnd' | 'pointsEarned' | 'pointsRedeemed'> &
  Partial<Pick<MoneyEntry, 'lines' | 'chargeVnd' | 'paidVnd' | 'depositSpentVnd' | 'depositInVnd' | 'pointsEarned' | 'pointsRedeemed'>>;

export interface TreatmentPackage {
  id: string;
  customerId: string;
  service: string;
  sessionsTotal: number;
  priceVnd: number;
  soldAt: Date;
  expiresAt: Date;
  soldBy?: string;
  branchId?: string;
  entryId: string;
}

export interface NewVisit {
  id: string;
  customerId: string;
  technicianId: string;
  recordedBy: string;
  service: string;
  amountVnd: number;
  paid: boolean;
  method: PaymentMethod;
  at: Date;
  branchId?: string;
  appointmentId?: string;
}

/** What an insert of a keyed operation did. `taken`: the outflow number was taken by another operation. */
export type Inserted = { kind: 'inserted'; entry: MoneyEntry } | { kind: 'existing'; entry: MoneyEntry } | { kind: 'taken' };

// FerretDB rejects NUL characters in strings (database.md, blockers §3).
const clean = (s: string): string => String(s).replaceAll('\u0000', '');
const int = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) ? v : 0);

/** A stable ObjectId for a record an operation creates (its visit, its package), from the operation's key. */
export function idFromKey(key: string, what: string): string {
  return createHash('sha256').update(`${what}\u0001${key}`).digest('hex').slice(0, 24);
}

function oid(id: string): Types.ObjectId {
  if (!Types.ObjectId.isValid(String(id)) || String(id).length !== 24) throw new RangeError('not an id');
  return new Types.ObjectId(String(id));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toEntry(d: any): MoneyEntry {
  const outflowNo = outflowNumber(d.outflowKey, String(d.customerId));
  return {
    id: String(d._id),
    customerId: String(d.customerId),
    kind: d.kind,
    at: d.at,
    ...(d.by ? { by: d.by } : {}),
    ...(d.branchId ? { branchId: d.branchId } : {}),
    chargeVnd: int(d.chargeVnd),
    paidVnd: int(d.paidVnd),
    depositSpentVnd: int(d.depositSpentVnd),
    depositInVnd: int(d.depositInVnd),
    ...(d.method ? { method: d.method } : {}),
    pointsEarned: int(d.pointsEarned),
    pointsRedeemed: int(d.pointsRedeemed),
    lines: (d.lines ?? []).map((l: InvoiceLine) => ({ label: l.label, quantity: l.quantity, unitVnd: int(l.unitVnd), totalVnd: int(l.totalVnd) })),
    ...(d.visitId ? { visitId: d.visitId } : {}),
    ...(d.packageId ? { packageId: d.packageId } : {}),
    ...(d.note ? { note: d.note } : {}),
    ...(d.outflowKey ? { outflow: true } : {}),
    ...(outflowNo ? { outflowNo } : {}),
  };
}

/** n of an outflow key `<customerId>:<n>` taken as this customer; undefined for another's (merged in) or none. */
function outflowNumber(key: unknown, customerId: string): number | undefined {
  if (typeof key !== 'string' || !key.startsWith(`${customerId}:`)) return undefined;
  const n = Number(key.slice(customerId.length + 1));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toPackage(d: any): TreatmentPackage {
  return {
    id: String(d._id),
    customerId: String(d.customerId),
    service: d.service,
    sessionsTotal: d.sessionsTotal,
    priceVnd: int(d.priceVnd),
    soldAt: d.soldAt,
    expiresAt: d.expiresAt,
    ...(d.soldBy ? { soldBy: d.soldBy } : {}),
    ...(d.branchId ? { branchId: d.branchId } : {}),
    entryId: d.entryId,
  };
}

export class MoneyRepository {
  private readonly entries: MoneyEntryModel;
  private readonly packages: TreatmentPackageModel;
  private readonly visits: VisitModel;
  private readonly customers: CustomerModel;

  constructor(conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.entries = moneyEntryModel(conn);
    this.packages = treatmentPackageModel(conn);
    this.visits = visitModel(conn);
    this.customers = customerModel(conn);
  }

  async findEntry(key: string): Promise<MoneyEntry | null> {
    const d = await this.entries.collection.findOne({ _id: String(key) as never });
    return d ? toEntry(d) : null;
  }

  /**
   * Inserts one operation. `outflow`: the operation lowers a balance and takes the customer's next outflow number
   * (`taken` when another operation got it first: read the balances again and retry).
   */
  async insertEntry(e: NewMoneyEntry, opts: { outflow?: boolean; /** Her highest outflow number (read with her entries); read here when left out. */ lastOutflowNo?: number } = {}): Promise<Inserted> {
    for (const v of [e.chargeVnd, e.paidVnd, e.depositSpentVnd, e.depositInVnd, e.pointsEarned, e.pointsRedeemed]) {
      if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) throw new RangeError('money amounts are non-negative integers');
    }
    const customerId = oid(e.customerId);
    // The next after her highest number, not after her count: a merge brings in entries numbered as the other record
    // and its undo takes them back, so a count could fall back onto a number she already holds, taken for ever.
    const last = opts.outflow ? (opts.lastOutflowNo ?? (await this.entries.find({ customerId }, { outflowKey: 1, customerId: 1 }).lean()).reduce((m, d) => Math.max(m, outflowNumber(d.outflowKey, e.customerId) ?? 0), 0)) : 0;
    const outflowKey = opts.outflow ? `${e.customerId}:${last + 1}` : undefined;
    try {
      const doc = await this.entries.create({
        _id: clean(e.id).slice(0, 300),
        customerId,
        kind: e.kind,
        at: e.at,
        ...(e.by ? { by: String(e.by) } : {}),
        ...(e.branchId ? { branchId: String(e.branchId) } : {}),
        chargeVnd: e.chargeVnd ?? 0,
        paidVnd: e.paidVnd ?? 0,
        depositSpentVnd: e.depositSpentVnd ?? 0,
        depositInVnd: e.depositInVnd ?? 0,
        ...(e.method ? { method: e.method } : {}),
        pointsEarned: e.pointsEarned ?? 0,
        pointsRedeemed: e.pointsRedeemed ?? 0,
        lines: (e.lines ?? []).map((l) => ({ ...l, label: clean(l.label).slice(0, 100) })),
        ...(e.visitId ? { visitId: e.visitId } : {}),
        ...(e.packageId ? { packageId: e.packageId } : {}),
        ...(outflowKey ? { outflowKey } : {}),
        ...(e.note ? { note: clean(e.note).slice(0, 200) } : {}),
        createdAt: this.now(),
      });
      return { kind: 'inserted', entry: toEntry(doc.toObject()) };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.findEntry(e.id);
      if (existing) return { kind: 'existing', entry: existing };
      return { kind: 'taken' };
    }
  }

  /** Every operation of a customer, oldest first (the card's sums and the invoice list). */
  async entriesOf(customerId: string): Promise<MoneyEntry[]> {
    const docs = await this.entries.find({ customerId: oid(customerId) }).sort({ at: 1, _id: 1 }).lean();
    return docs.map(toEntry);
  }

  /** Per customer: charged, paid and deposit spent, over every operation (the debt list). */
  async balancesByCustomer(): Promise<{ customerId: string; chargeVnd: number; paidVnd: number; depositSpentVnd: number }[]> {
    const rows = await this.entries.aggregate<{ _id: Types.ObjectId; c: number; p: number; d: number }>([
      { $group: { _id: '$customerId', c: { $sum: '$chargeVnd' }, p: { $sum: '$paidVnd' }, d: { $sum: '$depositSpentVnd' } } },
    ]);
    return rows.map((r) => ({ customerId: String(r._id), chargeVnd: int(r.c), paidVnd: int(r.p), depositSpentVnd: int(r.d) }));
  }

  // ---- treatment packages ----

  /** Creates the package of a sale; its id comes from the sale's key, so a retried sale finds it. */
  async createPackage(p: Omit<TreatmentPackage, 'id'> & { key: string }): Promise<TreatmentPackage> {
    const _id = oid(idFromKey(p.key, 'package'));
    try {
      await this.packages.create({
        _id,
        customerId: oid(p.customerId),
        service: clean(p.service).slice(0, 100),
        sessionsTotal: p.sessionsTotal,
        priceVnd: p.priceVnd,
        soldAt: p.soldAt,
        expiresAt: p.expiresAt,
        ...(p.soldBy ? { soldBy: p.soldBy } : {}),
        ...(p.branchId ? { branchId: p.branchId } : {}),
        entryId: p.entryId,
        createdAt: this.now(),
      });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    return toPackage(await this.packages.findOne({ _id }).lean());
  }

  async findPackage(id: string): Promise<TreatmentPackage | null> {
    if (!Types.ObjectId.isValid(id) || id.length !== 24) return null;
    const d = await this.packages.findOne({ _id: new Types.ObjectId(id) }).lean();
    return d ? toPackage(d) : null;
  }

  async packagesOf(customerId: string): Promise<TreatmentPackage[]> {
    const docs = await this.packages.find({ customerId: oid(customerId) }).sort({ soldAt: 1, _id: 1 }).lean();
    return docs.map(toPackage);
  }

  /** Packages still in date (expiresAt after `at`), every customer: the idle-package job. */
  async packagesInDate(at: Date): Promise<TreatmentPackage[]> {
    const docs = await this.packages.find({ expiresAt: { $gt: at } }).sort({ _id: 1 }).lean();
    return docs.map(toPackage);
  }

  /** Sessions used per package, counted from the visits that name it. */
  async sessionsUsed(packageIds: string[]): Promise<Map<string, { used: number; lastAt?: Date }>> {
    const out = new Map<string, { used: number; lastAt?: Date }>(packageIds.map((id) => [id, { used: 0 }]));
    if (!packageIds.length) return out;
    const docs = await this.visits.find({ packageId: { $in: packageIds } }, { packageId: 1, at: 1 }).lean();
    for (const d of docs) {
      const o = out.get(String(d.packageId)) ?? { used: 0 };
      o.used++;
      if (!o.lastAt || d.at > o.lastAt) o.lastAt = d.at;
      out.set(String(d.packageId), o);
    }
    return out;
  }

  // ---- visits ----

  /**
   * Inserts a visit (its id from the operation's key). With `pkg`, it takes the package's next session:
   * `used_up` when every session is taken. A retried operation finds its visit (`existing`).
   */
  async insertVisit(v: NewVisit, pkg?: TreatmentPackage): Promise<{ kind: 'inserted' | 'existing'; session?: number } | { kind: 'used_up' }> {
    const _id = oid(v.id);
    const doc = {
      _id,
      customerId: oid(v.customerId),
      staffId: String(v.technicianId),
      recordedBy: String(v.recordedBy),
      service: clean(v.service).slice(0, 100),
      amountVnd: v.amountVnd,
      paid: v.paid,
      paymentMethod: v.method,
      at: v.at,
      status: 'done' as const,
      ...(v.branchId ? { branchId: String(v.branchId) } : {}),
      ...(v.appointmentId ? { appointmentId: String(v.appointmentId) } : {}),
    };
    const mine = async () => this.visits.findOne({ _id }).lean();
    const sessionOf = (d: { packageUseKey?: string | null }) => (d.packageUseKey ? { session: Number(String(d.packageUseKey).split(':')[1]) } : {});
    const before = await mine();
    if (before) return { kind: 'existing', ...sessionOf(before) };
    if (!pkg) {
      try {
        await this.visits.create(doc);
        return { kind: 'inserted' };
      } catch (e) {
        if (isDuplicateKey(e) && (await mine())) return { kind: 'existing' };
        throw e;
      }
    }
    for (let tries = 0; tries < pkg.sessionsTotal + 2; tries++) {
      const used = (await this.sessionsUsed([pkg.id])).get(pkg.id)!.used;
      if (used >= pkg.sessionsTotal) return { kind: 'used_up' };
      try {
        await this.visits.create({ ...doc, packageId: pkg.id, packageUseKey: `${pkg.id}:${used + 1}` });
        return { kind: 'inserted', session: used + 1 };
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        const existing = await mine();
        if (existing) return { kind: 'existing', ...sessionOf(existing) };
        // Another visit took session used+1 meanwhile: count again.
      }
    }
    return { kind: 'used_up' };
  }

  /** One read of a customer's visits: how many, the last, and the sessions used per package. */
  async visitsOf(customerId: string): Promise<{ count: number; lastAt?: Date; byPackage: Map<string, { used: number; lastAt?: Date }> }> {
    const docs = await this.visits.find({ customerId: oid(customerId) }, { at: 1, packageId: 1 }).lean();
    let lastAt: Date | undefined;
    const byPackage = new Map<string, { used: number; lastAt?: Date }>();
    for (const d of docs) {
      if (!lastAt || d.at > lastAt) lastAt = d.at;
      if (!d.packageId) continue;
      const o = byPackage.get(String(d.packageId)) ?? { used: 0 };
      o.used++;
      if (!o.lastAt || d.at > o.lastAt) o.lastAt = d.at;
      byPackage.set(String(d.packageId), o);
    }
    return { count: docs.length, ...(lastAt ? { lastAt } : {}), byPackage };
  }

  async visitCountOf(customerId: string): Promise<{ count: number; lastAt?: Date }> {
    const docs = await this.visits.find({ customerId: oid(customerId) }, { at: 1 }).lean();
    let lastAt: Date | undefined;
    for (const d of docs) if (!lastAt || d.at > lastAt) lastAt = d.at;
    return { count: docs.length, ...(lastAt ? { lastAt } : {}) };
  }

  /** The card's cached counters, SET (never $inc) from a fresh recomputation, so a crash leaves them stale at worst. */
  async cacheCounters(customerId: string, c: { spentVnd: number; debtVnd: number; depositBalanceVnd: number; points: number; rank: string; visitCount: number; lastVisitAt?: Date }): Promise<void> {
    await this.customers.updateOne(
      { _id: oid(customerId) },
      { $set: { 'totals.spentVnd': c.spentVnd, 'totals.debtVnd': c.debtVnd, depositBalanceVnd: c.depositBalanceVnd, points: c.points, rank: c.rank, visitCount: c.visitCount, ...(c.lastVisitAt ? { lastVisitAt: c.lastVisitAt } : {}) } },
    );
  }
}
