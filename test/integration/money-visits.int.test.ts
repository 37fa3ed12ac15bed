// /ghe in staff chats on the real engine and database (issue 13): the technician (who typed it, or a colleague of
// the branch named in the line), the payment method, a redelivered message recorded once, and the abuse cases
// (another branch's technician, a removed colleague, negative and absurd amounts, a customer typing money commands).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { moneyStaffVi as m } from '../../src/engine/copy/money-vi.js';
import { DEFAULT_MONEY_SETTINGS } from '../../src/domain/money-rules.js';
import { recordVisit } from '../../src/services/visits.js';
import type { Store } from '../../src/store/index.js';
import { Chat, makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

describe('/ghe records who did the work and how it was paid', () => {
  let db: TestDb;
  let store: Store;
  let clock: TestClock;
  let engine: ReturnType<typeof makeEngine>['engine'];
  let mai: Chat;
  let hoa: Chat;
  let thu: Chat;
  let ids: Record<string, string>;
  let lan: string;

  beforeAll(async () => {
    db = await openTestDb('money_visits');
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    clock = new TestClock('2026-12-02T03:00:00Z');
    const made = makeEngine(db, clock);
    store = made.store;
    engine = made.engine;
    ids = {};
    const add = async (name: string, role: 'manager' | 'staff', branchId: string, userId: string) => {
      const r = await store.staff.add({ name, role, branchId, chats: [{ channel: 'telegram', userId }] });
      if (!r.ok) throw new Error('setup');
      ids[name] = r.value.id;
      return new Chat(engine, { channel: 'telegram', account: 'testbot', userId });
    };
    mai = await add('Lễ Tân Mai', 'manager', 'q1', '8001');
    hoa = await add('Nguyễn Thị Hoa', 'staff', 'q1', '8002');
    await add('Trần Văn Tuấn', 'staff', 'q1', '8003');
    thu = await add('Phạm Thị Thu', 'manager', 'q2', '8004');
    const c = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1' }, { kind: 'cli' });
    if (!c.ok) throw new Error('setup');
    lan = c.value.id;
    await mai.command('tim', '5678');
    await mai.press('Nguyễn Thị Lan');
  });

  const visits = () => db.conn.db!.collection('visits').find({}).sort({ at: 1, _id: 1 }).toArray();

  it('defaults the technician to who typed it, names a colleague of the branch, and keeps the payment method', async () => {
    await mai.command('ghe', 'trị mụn 350k chuyển khoản');
    expect(mai.said).toBe(m.visitSaved({ name: 'Nguyễn Thị Lan', service: 'Trị mụn', amount: '350.000 ₫', method: 'chuyển khoản', technician: 'Lễ Tân Mai', debt: false }));
    clock.advance(60_000);
    await mai.command('ghe', 'massage 500k thẻ chị Hoa');
    expect(mai.said).toBe(m.visitSaved({ name: 'Nguyễn Thị Lan', service: 'Massage', amount: '500.000 ₫', method: 'thẻ', technician: 'Nguyễn Thị Hoa', debt: false }));
    clock.advance(60_000);
    await mai.command('ghe', 'gội đầu dưỡng sinh 200k nợ anh Tuấn');
    expect(mai.said).toContain('Ghi vào công nợ');
    const v = await visits();
    expect(v.map((x) => [x.service, x.staffId, x.recordedBy, x.paymentMethod, x.branchId, x.amountVnd])).toEqual([
      ['Trị mụn', ids['Lễ Tân Mai'], ids['Lễ Tân Mai'], 'transfer', 'q1', 350_000],
      ['Massage', ids['Nguyễn Thị Hoa'], ids['Lễ Tân Mai'], 'card', 'q1', 500_000],
      ['Gội đầu dưỡng sinh', ids['Trần Văn Tuấn'], ids['Lễ Tân Mai'], 'unpaid', 'q1', 200_000],
    ]);
    // The card: spent and debt from the records.
    await mai.command('xem');
    expect(mai.said).toContain('Đã chi: 850.000 ₫ · Nợ: 200.000 ₫');
    expect(mai.said).toContain('Lượt làm: 3');
  });

  it('records a redelivered message once', async () => {
    const event = { kind: 'command' as const, command: 'ghe', args: 'massage 500k tiền mặt' };
    await mai.send(event, 'upd-1');
    await mai.send(event, 'upd-1');
    expect(await visits()).toHaveLength(1);
    // The service itself: the same key twice is one visit and one ledger entry.
    const member = (await store.staff.findById(ids['Lễ Tân Mai']!))!;
    const customer = (await store.customers.findById(lan))!;
    const deps = { store, settings: DEFAULT_MONEY_SETTINGS, now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' };
    const first = await recordVisit(deps, { key: 'k1', customer, member, service: 'Massage', amountVnd: 500_000, method: 'cash' });
    const again = await recordVisit(deps, { key: 'k1', customer, member, service: 'Massage', amountVnd: 500_000, method: 'cash' });
    expect(first.ok && !first.repeated && again.ok && again.repeated).toBe(true);
    await store.money.insertEntry({ id: 'k1', customerId: lan, kind: 'visit', at: clock.now(), chargeVnd: 1 });
    expect(await visits()).toHaveLength(2);
    expect(await db.conn.db!.collection('money_entries').countDocuments()).toBe(2);
    const c = await store.customers.findById(lan);
    expect(c!.totals).toEqual({ spentVnd: 1_000_000, debtVnd: 0 });
  });

  it('refuses another branch\'s technician, a removed colleague, a negative or absurd amount', async () => {
    await mai.command('ghe', 'massage 500k chị Thu');
    expect(mai.said).toBe(m.technicianOtherBranch({ technician: 'Phạm Thị Thu' }));
    await store.staff.remove(ids['Nguyễn Thị Hoa']!);
    await mai.command('ghe', 'massage 500k chị Hoa');
    expect(mai.said).toBe(m.technicianInactive);
    await mai.command('ghe', 'massage -500k');
    expect(mai.said).toBe(m.badAmount);
    await mai.command('ghe', 'massage 999999tỷ');
    expect(mai.said).toBe(m.badAmount);
    await mai.command('ghe', 'massage 5 tỷ');
    expect(mai.said).toBe(m.badAmount);
    await mai.command('ghe', 'massage 5');
    expect(mai.said).toBe(m.badAmount);
    await mai.command('ghe', 'massage');
    expect(mai.said).toBe(m.visitNeedsAmount({ service: 'Massage' }));
    expect(await visits()).toHaveLength(0);
    expect(await db.conn.db!.collection('money_entries').countDocuments()).toBe(0);
  });

  it('writes nothing for a removed colleague\'s chat, another branch\'s manager or a customer typing money commands', async () => {
    await hoa.command('tim', '5678');
    await hoa.press('Nguyễn Thị Lan');
    await store.staff.remove(ids['Nguyễn Thị Hoa']!);
    await hoa.command('ghe', 'massage 500k');
    await hoa.command('tra', '100k');
    // Q2's manager has never been shown Lan: no card is open, and a forged open button is refused.
    await thu.send({ kind: 'choice', value: `open:${lan}` });
    await thu.command('ghe', 'massage 500k');
    const guest = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '9999' });
    for (const [c, a] of [['ban', 'kem 200k'], ['tra', '500k'], ['ghe', 'massage 500k'], ['coc', '1tr'], ['doidiem', '10']] as const) await guest.command(c, a);
    expect(await visits()).toHaveLength(0);
    expect(await db.conn.db!.collection('money_entries').countDocuments()).toBe(0);
  });
});
