// Packages, deposits, product sales, debt, points and rank in staff chats on the real engine and database
// (issue 13), with the abuse cases: an expired or used-up package is not used, overpaying and over-redeeming are
// refused, a staff member of Q1 sees no debt list and Q2's manager never sees Q1's debtors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { moneyCustomerVi as mc, moneyStaffVi as m } from '../../src/engine/copy/money-vi.js';
import type { Store } from '../../src/store/index.js';
import { Chat, makeEngine, SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

describe('packages, deposits, sales, debt, points and rank', () => {
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
    db = await openTestDb('money_packages');
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    clock = new TestClock('2026-12-02T03:00:00Z');
    const made = makeEngine(db, clock, { ...SETTINGS, money: { vndPerPoint: 10_000, rankThresholds: { bac: 5_000_000, vang: 10_000_000, kim_cuong: 20_000_000 }, packageIdleDays: 30, packageDefaultMonths: 12 } });
    store = made.store;
    engine = made.engine;
    ids = {};
    const add = async (name: string, role: 'manager' | 'staff', branchId: string, userId: string) => {
      const r = await store.staff.add({ name, role, branchId, chats: [{ channel: 'telegram', userId }] });
      if (!r.ok) throw new Error('setup');
      ids[name] = r.value.id;
      return new Chat(engine, { channel: 'telegram', account: 'testbot', userId });
    };
    mai = await add('Lễ Tân Mai', 'manager', 'q1', '8101');
    hoa = await add('Nguyễn Thị Hoa', 'staff', 'q1', '8102');
    thu = await add('Phạm Thị Thu', 'manager', 'q2', '8103');
    const c = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1', managerStaffId: ids['Lễ Tân Mai']! }, { kind: 'cli' });
    if (!c.ok) throw new Error('setup');
    lan = c.value.id;
    await mai.command('tim', '5678');
    await mai.press('Nguyễn Thị Lan');
  });
  const tick = () => clock.advance(60_000);

  it('sells a package, uses it session by session to the last one, then refuses it; an expired one is not used', async () => {
    await mai.command('goilieutrinh', 'trị mụn 3 buổi 1tr5 chuyển khoản hạn 6 tháng');
    expect(mai.said).toBe(m.packageSold({ name: 'Nguyễn Thị Lan', service: 'Trị mụn', sessions: 3, price: '1.500.000 ₫', paid: '1.500.000 ₫', debt: '0 ₫', expires: '2/6/2027' }));
    for (const left of [2, 1, 0]) {
      tick();
      await mai.command('ghe', 'trị mụn chị Hoa');
      expect(mai.said).toBe(m.visitFromPackage({ name: 'Nguyễn Thị Lan', service: 'Trị mụn', session: 3 - left, total: 3, left, technician: 'Nguyễn Thị Hoa' }));
    }
    tick();
    await mai.command('ghe', 'trị mụn từ gói');
    expect(mai.said).toBe(m.noPackage({ service: 'Trị mụn', why: 'used_up' }));
    await mai.command('ghe', 'trị mụn');
    expect(mai.said).toBe(m.noPackage({ service: 'Trị mụn', why: 'used_up' }));
    // A massage package bought with a deposit of 500k: the rest is debt; once expired it is not used.
    await mai.command('goilieutrinh', 'massage 5 buổi 2tr cọc 500k hạn 10/12/2026');
    expect(mai.said).toContain('Đã trả 500.000 ₫, còn nợ 1.500.000 ₫');
    clock.set('2026-12-11T03:00:00Z');
    await mai.command('ghe', 'massage từ gói');
    expect(mai.said).toBe(m.noPackage({ service: 'Massage', why: 'expired' }));
    await mai.command('xem');
    expect(mai.said).toContain(m.cardPackage({ service: 'Trị mụn', left: 0, total: 3, expires: '2/6/2027', state: 'used_up' }));
    expect(mai.said).toContain(m.cardPackage({ service: 'Massage', left: 5, total: 5, expires: '10/12/2026', state: 'expired' }));
    expect(mai.said).toContain('Nợ: 1.500.000 ₫');
    const visits = await db.conn.db!.collection('visits').countDocuments({ packageId: { $exists: true } });
    expect(visits).toBe(3);
  });

  it('shows the customer what remains on her own /toi', async () => {
    await mai.command('goilieutrinh', 'trị mụn 10 buổi 5tr thẻ');
    tick();
    await mai.command('ghe', 'trị mụn');
    const her = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '555' });
    await store.customers.linkIdentity(lan, her.address, { trusted: true });
    await her.command('toi');
    expect(her.said).toContain(mc.packageLine({ service: 'Trị mụn', left: 9, total: 10, expires: '2/12/2027' }));
    expect(her.said).toContain(mc.points({ points: 500, rank: 'Bạc' }));
  });

  it('takes a deposit, spends from it, sells products, pays off debt without going below zero', async () => {
    await mai.command('coc', '1tr chuyển khoản');
    expect(mai.said).toBe(m.depositAdded({ name: 'Nguyễn Thị Lan', amount: '1.000.000 ₫', balance: '1.000.000 ₫' }));
    tick();
    await mai.command('ghe', 'massage 400k từ cọc');
    expect(mai.said).toContain('(từ cọc)');
    tick();
    await mai.command('ghe', 'massage 700k từ cọc');
    expect(mai.said).toBe(m.depositShort({ balance: '600.000 ₫' }));
    tick();
    await mai.command('ban', 'kem chống nắng 2 x 250k; serum 450k nợ');
    expect(mai.said).toContain('Tổng 950.000 ₫ (chưa trả)');
    tick();
    await mai.command('tra', '2tr');
    expect(mai.said).toBe(m.overpay({ name: 'Nguyễn Thị Lan', debt: '950.000 ₫' }));
    await mai.command('tra', '-500k');
    expect(mai.said).toBe(m.badAmount);
    await mai.command('tra', '500k tiền mặt');
    expect(mai.said).toBe(m.paid({ name: 'Nguyễn Thị Lan', amount: '500.000 ₫', debt: '450.000 ₫' }));
    tick();
    await mai.command('tra', '450k từ cọc');
    expect(mai.said).toBe(m.paid({ name: 'Nguyễn Thị Lan', amount: '450.000 ₫', debt: '0 ₫' }));
    await mai.command('tra', '100k');
    expect(mai.said).toBe(m.noDebt({ name: 'Nguyễn Thị Lan' }));
    await mai.command('xem');
    expect(mai.said).toContain('💰 Đã chi: 1.350.000 ₫ · Nợ: 0 ₫ · Cọc: 150.000 ₫ (1 lần)');
    expect(mai.said).toContain('Sản phẩm: 3 · Hóa đơn: 2');
  });

  it('lists debtors for managers within their branch, never for staff; Q2 does not see Q1', async () => {
    await mai.command('ghe', 'massage 300k nợ');
    const other = await store.customers.create({ name: 'Trần Thị Bích', phone: '+84987654321', branchId: 'q2' }, { kind: 'cli' });
    if (!other.ok) throw new Error('setup');
    await thu.command('tim', '4321');
    await thu.press('Trần Thị Bích');
    await thu.command('ghe', 'massage 200k nợ');
    await mai.command('congno');
    expect(mai.said).toContain(m.debtsTitle({ count: 1, total: '300.000 ₫' }));
    expect(mai.said).toContain('Nguyễn Thị Lan');
    expect(mai.said).not.toContain('Bích');
    await thu.command('congno');
    expect(thu.said).toContain('Trần Thị Bích');
    expect(thu.said).not.toContain('Lan');
    await hoa.command('congno');
    expect(hoa.said).toBe(m.managersOnly);
  });

  it('earns points per amount paid, redeems never below zero, and rises in rank with the managing staff told', async () => {
    await mai.command('ghe', 'massage 4tr tiền mặt');
    await mai.command('xem');
    expect(mai.said).toContain('Đồng: 4 tr₫ trong 12 tháng; còn 1 tr₫ lên Bạc');
    expect(mai.said).toContain('400 điểm');
    tick();
    await mai.command('doidiem', '500');
    expect(mai.said).toBe(m.pointsShort({ points: 400 }));
    await mai.command('doidiem', '-5');
    expect(mai.said).toBe(m.redeemUsage);
    await mai.command('doidiem', '100');
    expect(mai.said).toBe(m.redeemed({ name: 'Nguyễn Thị Lan', points: 100, left: 300 }));
    tick();
    await mai.command('ghe', 'trị mụn 14tr4 chuyển khoản');
    expect(mai.said).toContain(m.rankUp({ name: 'Nguyễn Thị Lan', rank: 'Vàng' }));
    await mai.command('xem');
    expect(mai.said).toContain('Vàng: 18,4 tr₫ trong 12 tháng; còn 1,6 tr₫ lên Kim cương');
    const told = await store.outbox.list({ purpose: 'rank_change' });
    expect(told.map((r) => [r.staffId, r.occasion])).toEqual([[ids['Lễ Tân Mai'], 'dong>vang']]);
    // A year later the spend has left the window: the rank is derived again from the records.
    clock.set('2027-12-10T03:00:00Z');
    await mai.command('xem');
    expect(mai.said).toContain('Đồng: 0₫ trong 12 tháng');
  });
});
