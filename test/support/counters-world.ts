// The card-counter property test's world (issue 13): a small spa without branches on the real database, the
// operations staff and customers do through the service layer (the same functions chat and CLI call), a plain
// model of the rules next to it, and the check that every counter on the card equals (1) the model, (2) a recount
// from the raw collections over the wire and (3) the copy cached on the customer document, where there is one.
import { expect } from '@jest/globals';
import fc from 'fast-check';
import { Types } from 'mongoose';
import { DEFAULT_MONEY_SETTINGS, rankFor, type PaymentMethod } from '../../src/domain/money-rules.js';
import { recordAppointmentVisit } from '../../src/services/appointment-visits.js';
import { bookForStaff, closeAppointment, confirmRequest, moveAppointment, requestForCustomer } from '../../src/services/appointments.js';
import { addDeposit, moneySummary, payDebt, redeemPoints, sellProducts } from '../../src/services/money.js';
import { recordVisit, sellPackage } from '../../src/services/visits.js';
import { DEFAULT_APPOINTMENT_SETTINGS } from '../../src/domain/appointment-times.js';
import { slotKeys } from '../../src/store/appointments.js';
import type { Store } from '../../src/store/index.js';
import type { StaffMember } from '../../src/store/staff.js';
import { AppointmentModel, isActive, slotStart, type ModelAppointment } from './counters-appointments.js';
import { entryAt, modelPackageVisit, modelPaidVisit, newModelCustomer, paidWith, sums, type ModelCustomer } from './counters-money.js';
import type { TestClock } from './clock.js';
import type { TestDb } from './db.js';

const S = DEFAULT_MONEY_SETTINGS;
export const CUSTOMERS = 4;
const SERVICES = ['Trị mụn', 'Massage'];
const PAY: PaymentMethod[] = ['cash', 'transfer', 'card', 'deposit', 'unpaid'];
/** Sorted by name as the spa lists its members: the team's order for "the first free technician". */
const STAFF = [
  { name: 'Lê Thị An', role: 'staff' as const },
  { name: 'Nguyễn Thị Hoa', role: 'owner' as const },
  { name: 'Trần Thị Bích', role: 'staff' as const },
];
const OWNER = 1;

type VisitAnswer = { amount: number; method: PaymentMethod } | { method: 'package' };
export type Op =
  | { t: 'visit'; c: number; service: number; amount: number; method: PaymentMethod }
  | { t: 'package_visit'; c: number; service: number }
  | { t: 'sell_package'; c: number; service: number; sessions: number; price: number; paidShare: number; method: PaymentMethod; months: number }
  | { t: 'deposit'; c: number; amount: number }
  | { t: 'sale'; c: number; units: number; price: number; method: PaymentMethod }
  | { t: 'pay'; c: number; share: number; method: PaymentMethod }
  | { t: 'redeem'; c: number; points: number }
  | { t: 'retry'; back: number }
  | { t: 'wait'; hours: number }
  // Appointments: `days`/`slot` from slotStart; `pick` chooses among the model's appointments (`open`: active ones).
  | { t: 'book'; c: number; service: number; days: number; slot: number; tech: number }
  | { t: 'request'; c: number; service: number; days: number; slot: number }
  | { t: 'confirm'; pick: number; open: boolean }
  | { t: 'close'; pick: number; open: boolean; status: 'no_show' | 'cancelled' }
  | { t: 'customer_cancel'; pick: number; open: boolean; c: number }
  | { t: 'attend'; pick: number; open: boolean; answer: VisitAnswer }
  | { t: 'move'; pick: number; open: boolean; days: number; slot: number; by: 'staff' | 'customer' }
  | { t: 'tick'; minutes: number };

const amount = fc.integer({ min: 1, max: 3000 }).map((k) => k * 1000);
const c = fc.integer({ min: 0, max: CUSTOMERS - 1 });
const service = fc.integer({ min: 0, max: SERVICES.length - 1 });
const pick = fc.nat(999);
const open = fc.constantFrom(true, true, true, false);
const days = fc.integer({ min: 0, max: 3 });
const slot = fc.integer({ min: 0, max: 23 });
const rec = <T>(w: number, arb: fc.Arbitrary<T>) => ({ weight: w, arbitrary: arb });

export const moneyOps: fc.WeightedArbitrary<Op>[] = [
  rec(5, fc.record({ t: fc.constant('visit' as const), c, service, amount, method: fc.constantFrom(...PAY) })),
  rec(3, fc.record({ t: fc.constant('package_visit' as const), c, service })),
  rec(1, fc.record({ t: fc.constant('sell_package' as const), c, service, sessions: fc.integer({ min: 1, max: 6 }), price: amount, paidShare: fc.constantFrom(0, 0.5, 1), method: fc.constantFrom(...PAY), months: fc.integer({ min: 0, max: 3 }) })),
  rec(2, fc.record({ t: fc.constant('deposit' as const), c, amount })),
  rec(2, fc.record({ t: fc.constant('sale' as const), c, units: fc.integer({ min: 1, max: 3 }), price: amount, method: fc.constantFrom(...PAY) })),
  rec(3, fc.record({ t: fc.constant('pay' as const), c, share: fc.constantFrom(0.3, 0.5, 1, 1.2), method: fc.constantFrom<PaymentMethod>('cash', 'transfer', 'deposit') })),
  rec(2, fc.record({ t: fc.constant('redeem' as const), c, points: fc.integer({ min: 1, max: 400 }) })),
  rec(1, fc.record({ t: fc.constant('retry' as const), back: fc.integer({ min: 1, max: 20 }) })),
  rec(2, fc.record({ t: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 24 * 20 }) })),
];

const answer: fc.Arbitrary<VisitAnswer> = fc.oneof(fc.record({ amount, method: fc.constantFrom(...PAY) }), fc.constant({ method: 'package' as const }));
export const appointmentOps: fc.WeightedArbitrary<Op>[] = [
  rec(5, fc.record({ t: fc.constant('book' as const), c, service, days, slot, tech: fc.integer({ min: -1, max: STAFF.length - 1 }) })),
  rec(3, fc.record({ t: fc.constant('request' as const), c, service, days, slot })),
  rec(2, fc.record({ t: fc.constant('confirm' as const), pick, open })),
  rec(2, fc.record({ t: fc.constant('close' as const), pick, open, status: fc.constantFrom('no_show' as const, 'cancelled' as const) })),
  rec(1, fc.record({ t: fc.constant('customer_cancel' as const), pick, open, c })),
  rec(3, fc.record({ t: fc.constant('attend' as const), pick, open, answer })),
  rec(2, fc.record({ t: fc.constant('move' as const), pick, open, days, slot, by: fc.constantFrom('staff' as const, 'customer' as const) })),
  rec(3, fc.record({ t: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 12 }).map((k) => k * 30) })),
];

export class CountersWorld {
  private staff: StaffMember[] = [];
  private ids: string[] = [];
  private money: ModelCustomer[] = [];
  private appts = new AppointmentModel([]);
  /** Operations that succeeded and may be delivered again (a redelivered command changes nothing). */
  private done: { op: Op; key: string }[] = [];
  private n = 0;
  /** How often each outcome happened: a sequence that never meets a full day or a refused move proves little. */
  readonly outcomes = new Map<string, number>();
  readonly deps;
  /** The chat's appointment settings (engine/staff/appointments.ts appointmentDeps) at their defaults. */
  readonly apptDeps;

  constructor(private readonly db: TestDb, private readonly store: Store, private readonly clock: TestClock) {
    this.deps = { store, settings: S, now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' };
    this.apptDeps = { ...this.deps, settings: DEFAULT_APPOINTMENT_SETTINGS };
  }

  private get owner(): StaffMember {
    return this.staff[OWNER]!;
  }

  /** A fresh spa: FerretDB scans a whole collection for anything but an _id lookup (database.md §10). */
  async freshSpa(): Promise<void> {
    await this.db.clear();
    this.staff = [];
    for (const [i, m] of STAFF.entries()) {
      const r = await this.store.staff.add({ ...m, chats: [{ channel: 'telegram', userId: String(i + 1) }] });
      if (!r.ok) throw new Error('setup');
      this.staff.push(r.value);
    }
    expect((await this.store.staff.list()).map((m) => m.name)).toEqual(STAFF.map((m) => m.name));
    this.ids = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      const cr = await this.store.customers.create({ name: `Khách ${i}`, phone: `+8491234560${i}` }, { kind: 'cli' });
      if (!cr.ok) throw new Error('setup');
      this.ids.push(cr.value.id);
    }
    this.money = this.ids.map(() => newModelCustomer());
    this.appts = new AppointmentModel(this.staff.map((m) => m.id));
    this.done = [];
    this.n = 0;
  }

  async apply(op: Op): Promise<void> {
    this.n++;
    try {
      if (op.t === 'wait') this.clock.advance(op.hours * 3_600_000);
      else if (op.t === 'tick') this.clock.advance(op.minutes * 60_000);
      else if (op.t === 'retry') {
        const earlier = this.done[this.done.length - op.back];
        if (earlier) await this.run(earlier.op, earlier.key, true);
      } else {
        const key = `op-${this.n}`;
        // Only what succeeded is retried: a refused operation's key was never used.
        if (await this.run(op, key, false)) this.done.push({ op, key });
      }
    } catch (e) {
      throw new Error(`op #${this.n} ${JSON.stringify(op)} at ${this.clock.now().toISOString()}: ${(e as Error).message}`, { cause: e });
    }
  }

  private note(what: string): void {
    this.outcomes.set(what, (this.outcomes.get(what) ?? 0) + 1);
  }

  private pickAppointment(p: { pick: number; open: boolean }): ModelAppointment | undefined {
    const among = p.open ? this.appts.list.filter(isActive) : this.appts.list;
    return among.length ? among[p.pick % among.length] : undefined;
  }

  /** Runs one operation and checks its answer against the model; true when it succeeded (and may be retried). */
  private async run(op: Op, key: string, replay: boolean): Promise<boolean> {
    const now = this.clock.now().getTime();
    const by = { kind: 'staff' as const, id: this.owner.id, channel: 'telegram' };
    switch (op.t) {
      case 'book': {
        const customer = (await this.store.customers.findById(this.ids[op.c]!))!;
        const start = slotStart(now, op.days, op.slot);
        const tech = op.tech >= 0 ? this.staff[op.tech] : undefined;
        const want = this.appts.expectBooking(now, start, tech?.id);
        const r = await bookForStaff(this.apptDeps, { member: this.owner, customer, service: SERVICES[op.service]!, start: new Date(start), ...(tech ? { technician: tech } : {}), channel: 'telegram' });
        const got = r.kind === 'booked' ? { kind: r.kind, technician: r.technician.id } : r.kind === 'taken' ? { kind: r.kind, free: r.free.map((m) => m.id) } : { kind: r.kind };
        expect(got).toEqual(want);
        this.note(`book:${r.kind}`);
        if (r.kind === 'booked') this.added(r.appointment, op.c, op.service, 'confirmed');
        return false;
      }
      case 'request': {
        const customer = (await this.store.customers.findById(this.ids[op.c]!))!;
        const start = slotStart(now, op.days, op.slot);
        const want = this.appts.expectBooking(now, start);
        const r = await requestForCustomer(this.apptDeps, { customer, service: SERVICES[op.service]!, start: new Date(start), channel: 'telegram' });
        // Nobody free is 'taken' for a customer (she is offered other times); who holds it is not hers to hear.
        expect(r.kind === 'requested' ? { kind: 'booked', technician: r.appointment.technicianId } : { kind: r.kind }).toEqual(want.kind === 'full' ? { kind: 'taken' } : want);
        this.note(`request:${r.kind}`);
        if (r.kind === 'requested') this.added(r.appointment, op.c, op.service, 'requested');
        return false;
      }
      case 'confirm': {
        const a = this.pickAppointment(op);
        if (!a) return false;
        const r = await confirmRequest(this.apptDeps, this.owner, a.id, 'telegram');
        expect(r.ok ? 'ok' : r.reason).toBe(a.status === 'requested' ? 'ok' : 'not_open');
        this.note(`confirm:${r.ok ? 'ok' : r.reason}`);
        if (r.ok) a.status = 'confirmed';
        return false;
      }
      case 'close':
      case 'customer_cancel': {
        const a = this.pickAppointment(op);
        if (!a) return false;
        const byCustomer = op.t === 'customer_cancel';
        const status = op.t === 'close' ? op.status : 'cancelled';
        const r = await closeAppointment(this.apptDeps, byCustomer ? { by: { kind: 'customer', id: this.ids[op.c]!, channel: 'telegram' }, customerId: this.ids[op.c]!, id: a.id, status } : { by, member: this.owner, id: a.id, status });
        // A customer may cancel only her own appointment.
        const want = byCustomer && op.c !== a.customer ? 'not_allowed' : isActive(a) ? 'ok' : 'not_open';
        expect(r.ok ? 'ok' : r.reason).toBe(want);
        this.note(`${op.t}:${r.ok ? status : r.reason}`);
        if (r.ok) a.status = status;
        return false;
      }
      case 'attend': {
        // A redelivered answer is about the appointment it was given for (its id is the retry's key): "came" is
        // refused as already closed and the visit, keyed by the appointment, is not recorded twice.
        const a = replay ? this.appts.list.find((x) => x.id === key) : this.pickAppointment(op);
        if (!a) return false;
        const call = () => recordAppointmentVisit(this.deps, { member: this.owner, appointmentId: a.id, ...('amount' in op.answer ? { amountVnd: op.answer.amount } : {}), method: op.answer.method });
        const came = () => closeAppointment(this.apptDeps, { by, member: this.owner, id: a.id, status: 'attended' });
        if (replay) {
          expect((await came()).ok).toBe(false);
          await call();
          this.note('attend:retried');
          return false;
        }
        // "Came" on an open appointment; on an attended one still without its visit, the question is still open.
        if (!(a.status === 'attended' && !a.visited)) {
          const r = await came();
          expect(r.ok ? 'ok' : r.reason).toBe(isActive(a) ? 'ok' : 'not_open');
          if (!r.ok) return false;
          a.status = 'attended';
        }
        const m = this.money[a.customer]!;
        const ok = op.answer.method === 'package' ? modelPackageVisit(m, now, a.service, true) : modelPaidVisit(m, now, op.answer.amount, op.answer.method, S, true);
        expect((await call()).ok).toBe(ok);
        this.note(`attend:${ok ? op.answer.method : 'refused'}`);
        if (!ok) return false;
        a.visited = true;
        // Retried with the appointment's id as its key (see above).
        this.done.push({ op, key: a.id });
        return false;
      }
      case 'move': {
        const a = this.pickAppointment(op);
        if (!a) return false;
        const start = slotStart(now, op.days, op.slot);
        const want = this.appts.expectMove(now, a, start);
        const actor = op.by === 'staff' ? by : { kind: 'customer' as const, id: this.ids[a.customer]!, channel: 'telegram' };
        const r = await moveAppointment(this.apptDeps, { by: actor, ...(op.by === 'staff' ? { member: this.owner } : {}), id: a.id, start: new Date(start), status: op.by === 'staff' ? 'confirmed' : 'requested' });
        expect(r.ok ? { ok: true, technician: r.appointment.technicianId } : { ok: false, reason: r.reason }).toEqual(want);
        this.note(`move:${r.ok ? (r.appointment.technicianId === a.technician ? 'same' : 'other') : r.reason}`);
        if (r.ok) Object.assign(a, { start, end: r.appointment.end.getTime(), technician: r.appointment.technicianId, status: op.by === 'staff' ? 'confirmed' : 'requested' });
        return false;
      }
      default:
        return this.runMoney(op, key, replay, now);
    }
  }

  private added(a: { id: string; technicianId: string; start: Date; end: Date; status: string }, customer: number, service: number, status: 'requested' | 'confirmed'): void {
    expect(a.status).toBe(status);
    expect(a.end.getTime() - a.start.getTime()).toBe(3_600_000);
    this.appts.list.push({ id: a.id, customer, technician: a.technicianId, start: a.start.getTime(), end: a.end.getTime(), status, visited: false, service });
  }

  private async runMoney(op: Op, key: string, replay: boolean, now: number): Promise<boolean> {
    if (!('c' in op)) return false;
    const m = this.money[op.c]!;
    const customer = (await this.store.customers.findById(this.ids[op.c]!))!;
    const member = this.owner;
    const s = sums(m, now);
    const deps = this.deps;
    switch (op.t) {
      case 'visit': {
        const r = await recordVisit(deps, { key, customer, member, service: SERVICES[op.service]!, amountVnd: op.amount, method: op.method });
        const ok = modelPaidVisit(m, now, op.amount, op.method, S, !replay);
        if (!replay) expect({ ok: r.ok, why: r.ok ? null : r.reason, deposit: sums(m, now).deposit }).toEqual({ ok, why: ok ? null : 'money', deposit: sums(m, now).deposit });
        return ok;
      }
      case 'package_visit': {
        const r = await recordVisit(deps, { key, customer, member, service: SERVICES[op.service]!, method: 'package' });
        const ok = modelPackageVisit(m, now, op.service, !replay);
        if (!replay) expect(r.ok).toBe(ok);
        return ok;
      }
      case 'sell_package': {
        const paidNow = op.method === 'unpaid' ? 0 : Math.round((op.price * op.paidShare) / 1000) * 1000;
        const expiresAt = new Date(now + (op.months * 30 + 1) * 86_400_000);
        const r = await sellPackage(deps, { key, customer, member, service: SERVICES[op.service]!, sessions: op.sessions, priceVnd: op.price, paidNowVnd: paidNow, method: op.method, expiresAt });
        const ok = !(op.method === 'deposit' && paidNow > s.deposit);
        if (!replay) expect(r.ok).toBe(ok);
        if (ok && !replay) {
          m.entries.push(entryAt(now, { charge: op.price, ...(paidNow > 0 ? paidWith(paidNow, op.method) : {}), lines: true }, S));
          m.packages.push({ service: op.service, total: op.sessions, used: 0, expiresAt: expiresAt.getTime() });
        }
        return ok;
      }
      case 'deposit': {
        const r = await addDeposit(deps, { key, customer, member, amountVnd: op.amount, method: 'cash' });
        if (!replay) expect(r.ok).toBe(true);
        if (!replay) m.entries.push(entryAt(now, { depIn: op.amount, earned: 0 }, S));
        return true;
      }
      case 'sale': {
        const r = await sellProducts(deps, { key, customer, member, lines: [{ label: 'Kem chống nắng', quantity: op.units, unitVnd: op.price }], method: op.method });
        const total = op.units * op.price;
        const ok = total <= 1_000_000_000 && !(op.method === 'deposit' && total > s.deposit);
        if (!replay) expect(r.ok).toBe(ok);
        if (ok && !replay) m.entries.push(entryAt(now, { charge: total, ...paidWith(total, op.method), units: op.units, lines: true }, S));
        return ok;
      }
      case 'pay': {
        const amt = Math.max(1000, Math.round((s.debt * op.share) / 1000) * 1000);
        const r = await payDebt(deps, { key, customer, member, amountVnd: amt, method: op.method });
        const ok = s.debt > 0 && amt <= s.debt && !(op.method === 'deposit' && amt > s.deposit);
        if (!replay) expect({ ok: r.ok, debt: s.debt, deposit: s.deposit, amt }).toEqual({ ok, debt: s.debt, deposit: s.deposit, amt });
        if (ok && !replay) m.entries.push(entryAt(now, paidWith(amt, op.method), S));
        return ok;
      }
      case 'redeem': {
        const r = await redeemPoints(deps, { key, customer, member, points: op.points });
        const ok = op.points <= s.points;
        if (!replay) expect(r.ok).toBe(ok);
        if (ok && !replay) m.entries.push(entryAt(now, { redeemed: op.points, earned: 0 }, S));
        return ok;
      }
      default:
        return false;
    }
  }

  /** Every counter on every card against the model, a raw recount and the cached copy. */
  async check(): Promise<void> {
    try {
      await this.checkAll();
    } catch (e) {
      throw new Error(`after op #${this.n} at ${this.clock.now().toISOString()}: ${(e as Error).message}`, { cause: e });
    }
  }

  private async checkAll(): Promise<void> {
    const now = this.clock.now().getTime();
    const col = (name: string) => this.db.conn.db!.collection(name);
    for (const [i, id] of this.ids.entries()) {
      const m = this.money[i]!;
      const want = sums(m, now);
      const got = await moneySummary(this.deps, id);
      // (1) The service's money counters against the model of the rules.
      expect({ spent: got.spentVnd, debt: got.debtVnd, deposit: got.depositBalanceVnd, deposits: got.depositCount, points: got.points, rank: got.standing.rank, visits: got.visitCount, units: got.productUnits, invoices: got.invoiceCount }).toEqual({
        spent: want.spent, debt: want.debt, deposit: want.deposit, deposits: want.deposits, points: want.points, rank: rankFor(want.spent12m, S).rank, visits: m.visits, units: want.units, invoices: want.invoices,
      });
      // Packages sold at one instant have no order between them: compared as sets.
      const sorted = (xs: number[][]) => xs.map((x) => x.join('/')).sort();
      expect(sorted(got.packages.map((p) => [p.used, p.pkg.sessionsTotal, p.pkg.expiresAt.getTime()]))).toEqual(sorted(m.packages.map((p) => [p.used, p.total, p.expiresAt])));
      expect(want.debt).toBeGreaterThanOrEqual(0);
      expect(want.deposit).toBeGreaterThanOrEqual(0);
      expect(want.points).toBeGreaterThanOrEqual(0);
      // (2) Recounted from the raw collections, without the services.
      const _id = new Types.ObjectId(id);
      const raw = await col('money_entries').find({ customerId: _id }).toArray();
      const sum = (f: string) => raw.reduce((acc, d) => acc + Number(d[f] ?? 0), 0);
      expect(sum('chargeVnd') - sum('paidVnd') - sum('depositSpentVnd')).toBe(got.debtVnd);
      expect(sum('depositInVnd') - sum('depositSpentVnd')).toBe(got.depositBalanceVnd);
      expect(sum('pointsEarned') - sum('pointsRedeemed')).toBe(got.points);
      expect(await col('visits').countDocuments({ customerId: _id })).toBe(got.visitCount);
      for (const p of got.packages) expect(await col('visits').countDocuments({ packageId: p.pkg.id })).toBe(p.used);
      // (3) The profile's cached copy, set from a recount after each write.
      const cached = (await this.store.customers.findById(id))!;
      const doc = (await col('customers').findOne({ _id }))!;
      expect({ spent: cached.totals.spentVnd, debt: cached.totals.debtVnd, points: cached.points, visits: cached.visitCount, deposit: doc.depositBalanceVnd }).toEqual({ spent: got.spentVnd, debt: got.debtVnd, points: got.points, visits: got.visitCount, deposit: got.depositBalanceVnd });
      await this.checkAppointments(i, id, doc);
    }
    await this.checkSlots();
  }

  private async checkAppointments(i: number, id: string, doc: Record<string, unknown>): Promise<void> {
    const _id = new Types.ObjectId(id);
    // (1) What the card shows (engine/staff/lookup.ts reads countsFor on every /xem) against the model.
    const card = await this.store.appointments.countsFor(id);
    expect(card).toEqual(this.appts.counts(i));
    // (2) Recounted from the raw appointments over the wire, and each one as the model has it.
    const raw = await this.db.conn.db!.collection('appointments').find({ customerId: _id }).toArray();
    const n = (s: string) => raw.filter((d) => d.status === s).length;
    expect({ total: raw.length, attended: n('attended'), noShow: n('no_show'), cancelled: n('cancelled') }).toEqual(card);
    const shape = (a: { id: string; technician: string; start: number; end: number; status: string }) => `${a.id} ${a.technician} ${new Date(a.start).toISOString()} ${new Date(a.end).toISOString()} ${a.status}`;
    expect(raw.map((d) => shape({ id: String(d._id), technician: d.technicianId, start: d.start.getTime(), end: d.end.getTime(), status: d.status })).sort()).toEqual(this.appts.list.filter((a) => a.customer === i).map(shape).sort());
    // An attended appointment's visit is linked both ways; nothing else has one.
    for (const d of raw) {
      const a = this.appts.list.find((x) => x.id === String(d._id))!;
      expect(Boolean(d.visitId)).toBe(a.visited);
      if (d.visitId) expect(await this.db.conn.db!.collection('visits').countDocuments({ _id: new Types.ObjectId(String(d.visitId)), appointmentId: String(d._id) })).toBe(1);
    }
    // (3) No copy on the customer document to drift: the counters are derived on every read (issue 13).
    expect(Object.keys(doc).filter((k) => /appoint|attend|no.?show|cancel/i.test(k))).toEqual([]);
  }

  /** Each open appointment holds exactly its technician's time; a closed one holds nothing. */
  private async checkSlots(): Promise<void> {
    const raw = await this.db.conn.db!.collection('appointment_slots').find({}).toArray();
    const got = raw.map((d) => `${String(d._id)} ${String(d.appointmentId)}`).sort();
    const want = this.appts.list.filter(isActive).flatMap((a) => slotKeys(a.technician, new Date(a.start), new Date(a.end)).map((k) => `${k} ${a.id}`)).sort();
    expect(got).toEqual(want);
  }
}
