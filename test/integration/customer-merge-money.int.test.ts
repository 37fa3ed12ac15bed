// Money after a merge and its undo (issue 17): an operation that lowers a balance takes the customer's next outflow
// number (`<customer>:<n>`, unique), and the numbers a merge brings in or an undo takes away must never leave her
// unable to pay.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_MONEY_SETTINGS } from '../../src/domain/money-rules.js';
import { customerAccess } from '../../src/services/customer-access.js';
import { mergeCustomers, undoLatestMerge } from '../../src/services/merge-customers.js';
import { moneySummary, payDebt, sellProducts, type MoneyDeps } from '../../src/services/money.js';
import { recordVisit } from '../../src/services/visits.js';
import { createStore, type Store } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let store: Store;
const clock = new TestClock('2026-03-12T02:00:00Z');
const cli = { kind: 'cli' as const, channel: 'cli' };
const money = (): MoneyDeps => ({ store, settings: DEFAULT_MONEY_SETTINGS, now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' });

beforeAll(async () => {
  db = await openTestDb('merge_money');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  store = createStore(db.conn, clock.now);
});

describe('paying after a merge and its undo', () => {
  it('records every payment on the kept record after the merge and after the undo (never "busy")', async () => {
    const staff = await store.staff.add({ name: 'Lễ Tân Mai', role: 'manager', branchId: 'q1', chats: [{ channel: 'telegram', userId: '8101' }] });
    const a = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1' }, cli);
    const b = await store.customers.create({ name: 'Lan Nguyễn', phone: '+84987654321', branchId: 'q1' }, cli);
    if (!staff.ok || !a.ok || !b.ok) throw new Error('setup');
    const member = staff.value;
    let n = 0;
    const op = async (id: string, what: 'owe' | 'pay') => {
      clock.advance(60_000);
      const customer = (await store.customers.findById(id))!;
      const key = `tg:8101:${++n}`;
      const r = what === 'owe' ? await sellProducts(money(), { key, customer, member, lines: [{ label: 'Serum', quantity: 1, unitVnd: 1_000_000 }], method: 'unpaid' }) : await payDebt(money(), { key, customer, member, amountVnd: 100_000, method: 'cash' });
      return r.ok ? 'ok' : r.reason.kind;
    };
    // A paid once (her outflow 1), B twice (B's 1 and 2).
    expect([await op(a.value.id, 'owe'), await op(b.value.id, 'owe'), await op(a.value.id, 'pay'), await op(b.value.id, 'pay'), await op(b.value.id, 'pay')]).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);

    const done = await store.merges.merge(a.value.id, b.value.id, {}, cli);
    if (!done.ok) throw new Error(done.reason);
    expect(await op(a.value.id, 'pay')).toBe('ok');
    expect((await store.merges.undo(done.value.mergeId, cli)).ok).toBe(true);
    // Back to her own ledger with a payment made while merged: the next numbers must still be free.
    expect([await op(a.value.id, 'pay'), await op(a.value.id, 'pay'), await op(a.value.id, 'pay')]).toEqual(['ok', 'ok', 'ok']);
    expect([await op(b.value.id, 'pay'), await op(b.value.id, 'pay')]).toEqual(['ok', 'ok']);
  });

  it('recounts the kept card after the undo when a visit was recorded on her while merged', async () => {
    const staff = await store.staff.add({ name: 'Lễ Tân Mai', role: 'manager', branchId: 'q1', chats: [{ channel: 'telegram', userId: '8101' }] });
    const a = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1' }, cli);
    const b = await store.customers.create({ name: 'Lan Nguyễn', phone: '+84987654321', branchId: 'q1' }, cli);
    if (!staff.ok || !a.ok || !b.ok) throw new Error('setup');
    const member = staff.value;
    const visit = async (id: string, key: string) => {
      clock.advance(60_000);
      if (!(await recordVisit(money(), { key, customer: (await store.customers.findById(id))!, member, service: 'Massage', amountVnd: 3_000_000, method: 'cash' })).ok) throw new Error('visit');
    };
    await visit(b.value.id, 'tg:8101:1');
    const owner = customerAccess({ store, staffVisibility: 'masked' }, { kind: 'owner-cli' });
    if (!(await mergeCustomers(owner, a.value.id, b.value.id, {}, money())).ok) throw new Error('merge');
    await visit(a.value.id, 'tg:8101:2');
    expect((await undoLatestMerge(owner, a.value.id, money())).ok).toBe(true);
    // The visit made while merged stays with A (the undo restores only what the merge touched): her card counts it.
    for (const [id, visits] of [[a.value.id, 1], [b.value.id, 1]] as const) {
      const card = (await store.customers.findById(id))!;
      const s = await moneySummary(money(), id);
      expect({ id, visits: card.visitCount, spent: card.totals.spentVnd, points: card.points, rank: card.rank }).toEqual({ id, visits, spent: s.spentVnd, points: s.points, rank: s.standing.rank });
    }
  });
});
