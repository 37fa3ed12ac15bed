// A segment's spend in its window comes from what was paid (the issue 13 ledger), when it was paid: a debt counts the
// day it is paid off, a debt never paid does not count, a visit with a ledger entry is not counted twice, and a
// visit logged before the ledger keeps its amount. The nightly pass and the one-customer recompute agree.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_MONEY_SETTINGS } from '../../src/domain/money-rules.js';
import { addDeposit, payDebt, sellProducts, type MoneyDeps } from '../../src/services/money.js';
import { recomputeAllSegments, recomputeSegment } from '../../src/services/segments.js';
import { recordVisit, sellPackage } from '../../src/services/visits.js';
import type { Customer } from '../../src/store/customers.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { StaffMember } from '../../src/store/staff.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

const DAY = 86_400_000;
const NOW = new Date('2026-12-02T03:00:00Z');

let db: TestDb;
let store: Store;
let clock: TestClock;
let deps: MoneyDeps;
let mai: StaffMember;

beforeAll(async () => {
  db = await openTestDb('segment_spend');
});
afterAll(async () => db.close());

let seq = 0;
const at = (daysAgo: number): void => clock.set(new Date(NOW.getTime() - daysAgo * DAY));
const key = (): string => `test:${++seq}`;
async function newCustomer(name: string): Promise<Customer> {
  const r = await store.customers.create({ name, phone: `+8491300${String(++seq).padStart(4, '0')}`, branchId: 'q1' }, { kind: 'cli' });
  if (!r.ok) throw new Error('seed');
  return r.value;
}
const visit = async (customer: Customer, amountVnd: number, method: 'cash' | 'unpaid' | 'deposit'): Promise<void> => {
  const r = await recordVisit(deps, { key: key(), customer, member: mai, service: 'Trị mụn', amountVnd, method });
  if (!r.ok) throw new Error(`visit: ${r.reason}`);
};
const ok = (r: { ok: boolean }): void => {
  if (!r.ok) throw new Error(`money: ${JSON.stringify(r)}`);
};

/** Each case: what happens to one customer, days before NOW, and the spend in the 12-month window it must give. */
const cases: { name: string; story: (c: Customer) => Promise<void>; spend: number; visits: number }[] = [
  { name: 'a visit paid in cash: its ledger entry counts, not its amount as well', spend: 300_000, visits: 1, story: async (c) => {
      at(20);
      await visit(c, 300_000, 'cash');
    },
  },
  {
    name: 'a visit on credit 400 days ago, paid off 10 days ago: counted when paid',
    spend: 400_000,
    visits: 0,
    story: async (c) => {
      at(400);
      await visit(c, 400_000, 'unpaid');
      at(10);
      ok(await payDebt(deps, { key: key(), customer: c, member: mai, amountVnd: 400_000, method: 'cash' }));
    },
  },
  { name: 'a visit on credit never paid: nothing spent', spend: 0, visits: 1, story: async (c) => {
      at(30);
      await visit(c, 200_000, 'unpaid');
    },
  },
  {
    name: 'a package half paid, the rest paid later, a session used: the package price once',
    spend: 2_000_000,
    visits: 1,
    story: async (c) => {
      at(50);
      ok(await sellPackage(deps, { key: key(), customer: c, member: mai, service: 'Massage', sessions: 10, priceVnd: 2_000_000, paidNowVnd: 500_000, method: 'cash', expiresAt: new Date(NOW.getTime() + 300 * DAY) }));
      at(5);
      ok(await payDebt(deps, { key: key(), customer: c, member: mai, amountVnd: 1_500_000, method: 'transfer' }));
      at(4);
      const r = await recordVisit(deps, { key: key(), customer: c, member: mai, service: 'Massage' });
      if (!r.ok || r.method !== 'package') throw new Error('package visit');
    },
  },
  {
    name: 'a deposit, then a visit paid from it: the deposit counts when spent',
    spend: 600_000,
    visits: 1,
    story: async (c) => {
      at(60);
      ok(await addDeposit(deps, { key: key(), customer: c, member: mai, amountVnd: 1_000_000, method: 'cash' }));
      at(30);
      await visit(c, 600_000, 'deposit');
    },
  },
  {
    name: 'products sold and paid',
    spend: 300_000,
    visits: 0,
    story: async (c) => {
      at(15);
      ok(await sellProducts(deps, { key: key(), customer: c, member: mai, lines: [{ label: 'Kem chống nắng', quantity: 2, unitVnd: 150_000 }], method: 'card' }));
    },
  },
  {
    name: 'a visit logged before the ledger (no entry): its amount counts',
    spend: 350_000,
    visits: 1,
    story: async (c) => {
      await store.activity.logVisit({ customerId: c.id, staffId: mai.id, service: 'Gội đầu', amountVnd: 350_000, paid: true, at: new Date(NOW.getTime() - 20 * DAY) });
    },
  },
];

describe('spend in the segment window, from the ledger', () => {
  const ids: string[] = [];

  beforeEach(async () => {
    await db.clear();
    clock = new TestClock(NOW);
    // Without the segment hook: only the recomputes below write rows.
    store = createStore(db.conn, clock.now);
    deps = { store, settings: DEFAULT_MONEY_SETTINGS, now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' };
    const r = await store.staff.add({ name: 'Lễ Tân Mai', role: 'manager', branchId: 'q1' });
    if (!r.ok) throw new Error('staff');
    mai = r.value;
    ids.length = 0;
    for (const [i, c] of cases.entries()) {
      at(500);
      const customer = await newCustomer(`Khách ${i}`);
      await c.story(customer);
      ids.push(customer.id);
    }
    clock.set(NOW);
  });

  it.each(cases.map((c, i) => [c.name, i] as const))('%s (nightly and one-customer recompute agree)', async (_name, i) => {
    const c = cases[i]!;
    await recomputeAllSegments({ store, now: clock.now });
    const nightly = await store.segments.findById(ids[i]!);
    expect([nightly?.figures.windowSpendVnd, nightly?.figures.windowVisits]).toEqual([c.spend, c.visits]);
    const one = await recomputeSegment({ store, now: clock.now }, ids[i]!);
    expect([one?.figures.windowSpendVnd, one?.figures.windowVisits]).toEqual([c.spend, c.visits]);
  });

  it('a debt paid off later moves the customer to VIP that night, and is then stable', async () => {
    at(100);
    const c = await newCustomer('Khách VIP');
    at(60);
    await visit(c, 12_000_000, 'unpaid');
    at(35);
    await visit(c, 300_000, 'cash');
    clock.set(NOW);
    await recomputeAllSegments({ store, now: clock.now });
    expect((await store.segments.findById(c.id))?.segment).not.toBe('vip');
    ok(await payDebt(deps, { key: key(), customer: c, member: mai, amountVnd: 12_000_000, method: 'transfer' }));
    expect((await recomputeAllSegments({ store, now: clock.now })).written).toBe(1);
    expect((await store.segments.findById(c.id))?.segment).toBe('vip');
    expect((await recomputeAllSegments({ store, now: clock.now })).written).toBe(0);
  });
});
