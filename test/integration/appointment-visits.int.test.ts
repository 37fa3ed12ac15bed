// "Came" on an appointment becomes a visit through the visit service (issue 13): the staff member answers what /ghe
// would ask with the appointment's service, technician and branch filled in; a package session, the deposit and a
// debt go through the money ledger, and the card's counters (appointments and money) agree with the records.
// Abuse: another branch's manager, a forged package button, a customer chat pressing staff buttons, a repeat.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { appointmentCustomerVi, appointmentStaffVi as t } from '../../src/engine/copy/appointments-vi.js';
import { moneyStaffVi as m } from '../../src/engine/copy/money-vi.js';
import { DEFAULT_MONEY_SETTINGS } from '../../src/domain/money-rules.js';
import { recordAppointmentVisit } from '../../src/services/appointment-visits.js';
import { moneySummary } from '../../src/services/money.js';
import type { Store } from '../../src/store/index.js';
import { Chat, makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

describe('an attended appointment becomes a visit', () => {
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
    db = await openTestDb('appointment_visits');
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    // Wednesday 2 December 2026, 08:00 in Hanoi.
    clock = new TestClock('2026-12-02T01:00:00Z');
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
    mai = await add('Lễ Tân Mai', 'manager', 'q1', '8201');
    hoa = await add('Nguyễn Thị Hoa', 'staff', 'q1', '8202');
    thu = await add('Phạm Thị Thu', 'manager', 'q3', '8203');
    const c = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1', managerStaffId: ids['Lễ Tân Mai']! }, { kind: 'cli' });
    if (!c.ok) throw new Error('setup');
    lan = c.value.id;
    await mai.command('tim', '5678');
    await mai.press('Nguyễn Thị Lan');
  });

  const appointments = () => db.conn.db!.collection('appointments').find({}).sort({ start: 1 }).toArray();
  const book = async (line: string): Promise<string> => {
    await mai.command('hen', line);
    expect(mai.said).toContain('📅');
    const all = await appointments();
    return String(all.at(-1)!._id);
  };

  it('asks the /ghe question prefilled, uses her package to the last session, spends the deposit, records a debt; the card agrees with the ledger', async () => {
    await mai.command('goilieutrinh', 'massage 2 buổi 1tr chuyển khoản');
    await mai.command('coc', '500k tiền mặt');
    const ids4 = [await book('9h massage chị Hoa'), await book('10h30 massage chị Hoa'), await book('12h trị mụn chị Hoa'), await book('14h massage chị Hoa')];
    clock.set('2026-12-02T09:00:00Z'); // 16:00

    await mai.send({ kind: 'choice', value: `appt:attended:${ids4[0]}` });
    expect(mai.said).toBe(t.askAmount({ customer: 'Nguyễn Thị Lan', service: 'Massage', technician: 'Nguyễn Thị Hoa' }));
    expect(mai.buttons).toEqual([t.usePackage({ left: 2, total: 2 }), t.skipVisit]);
    await mai.press('Dùng buổi');
    expect(mai.said).toBe(m.visitFromPackage({ name: 'Nguyễn Thị Lan', service: 'Massage', session: 1, total: 2, left: 1, technician: 'Nguyễn Thị Hoa' }));

    await mai.send({ kind: 'choice', value: `appt:attended:${ids4[1]}` });
    expect(mai.buttons).toEqual([t.usePackage({ left: 1, total: 2 }), t.skipVisit]);
    await mai.text('từ gói');
    expect(mai.said).toBe(m.visitFromPackage({ name: 'Nguyễn Thị Lan', service: 'Massage', session: 2, total: 2, left: 0, technician: 'Nguyễn Thị Hoa' }));

    // Another service: no package to offer; paid from the deposit.
    await mai.send({ kind: 'choice', value: `appt:attended:${ids4[2]}` });
    expect(mai.buttons).toEqual([t.skipVisit]);
    await mai.text('300k từ cọc');
    expect(mai.said).toBe(m.visitSaved({ name: 'Nguyễn Thị Lan', service: 'Trị mụn', amount: '300.000 ₫', method: 'từ cọc', technician: 'Nguyễn Thị Hoa', debt: false }));

    // The package is used up: "từ gói" is refused and the question stays open for an amount.
    await mai.send({ kind: 'choice', value: `appt:attended:${ids4[3]}` });
    expect(mai.buttons).toEqual([t.skipVisit]);
    await mai.text('từ gói');
    expect(mai.said).toBe(m.noPackage({ service: 'Massage', why: 'used_up' }));
    await mai.text('vài trăm');
    expect(mai.said).toBe(t.badAmount);
    await mai.text('400k nợ');
    expect(mai.said).toBe(m.visitSaved({ name: 'Nguyễn Thị Lan', service: 'Massage', amount: '400.000 ₫', method: 'chưa trả', technician: 'Nguyễn Thị Hoa', debt: true }));

    // Every attended appointment names its visit, and each visit names its appointment, technician and branch.
    const visits = await db.conn.db!.collection('visits').find({}).toArray();
    expect(visits).toHaveLength(4);
    const appts = await appointments();
    expect(appts.map((a) => a.status)).toEqual(['attended', 'attended', 'attended', 'attended']);
    for (const a of appts) {
      const v = visits.find((x) => String(x._id) === a.visitId);
      expect(v).toMatchObject({ appointmentId: String(a._id), staffId: ids['Nguyễn Thị Hoa'], recordedBy: ids['Lễ Tân Mai'], branchId: 'q1', service: a.service });
    }
    // The ledger: one visit entry per paid visit (none for a package session), summed as the card shows it.
    const entries = await db.conn.db!.collection('money_entries').find({ kind: 'visit' }).toArray();
    expect(entries.map((e) => [e.chargeVnd, e.method]).sort()).toEqual([[300_000, 'deposit'], [400_000, 'unpaid']]);
    const s = await moneySummary({ store, settings: DEFAULT_MONEY_SETTINGS, now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' }, lan);
    expect(s).toMatchObject({ visitCount: 4, spentVnd: 1_300_000, debtVnd: 400_000, depositBalanceVnd: 200_000 });
    expect(s.packages.map((p) => [p.used, p.left])).toEqual([[2, 0]]);
    const cached = await store.customers.findById(lan);
    expect(cached!.totals).toEqual({ spentVnd: 1_300_000, debtVnd: 400_000 });
    await mai.command('xem');
    expect(mai.said).toContain(appointmentCustomerVi.counters({ total: 4, attended: 4, missed: 0, cancelled: 0 }));
    expect(mai.said).toContain('Đã chi: 1.300.000 ₫ · Nợ: 400.000 ₫ · Cọc: 200.000 ₫ (1 lần)');
    expect(mai.said).toContain('Lượt làm: 4');
  });

  it('records one visit per appointment however often it is answered, and nothing for a skipped one', async () => {
    const a = await book('9h massage chị Hoa');
    const b = await book('11h massage chị Hoa');
    clock.set('2026-12-02T09:00:00Z');
    await mai.send({ kind: 'choice', value: `appt:attended:${a}` });
    await mai.text('350k chuyển khoản', 'upd-1');
    await mai.text('350k chuyển khoản', 'upd-1');
    const member = (await store.staff.findById(ids['Lễ Tân Mai']!))!;
    const deps = { store, settings: DEFAULT_MONEY_SETTINGS, now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' };
    const again = await recordAppointmentVisit(deps, { member, appointmentId: a, amountVnd: 350_000, method: 'transfer' });
    expect(again.ok && again.repeated).toBe(true);
    await hoa.send({ kind: 'choice', value: `appt:attended:${a}` });
    expect(hoa.said).toBe(t.notOpen({ status: t.statusNames.attended }));

    await mai.send({ kind: 'choice', value: `appt:attended:${b}` });
    await mai.press(t.skipVisit);
    expect(await db.conn.db!.collection('visits').countDocuments()).toBe(1);
    expect(await db.conn.db!.collection('money_entries').countDocuments()).toBe(1);
    expect((await appointments()).map((x) => [x.status, Boolean(x.visitId)])).toEqual([['attended', true], ['attended', false]]);
  });

  it('refuses another branch\'s manager, a forged package button and a customer chat pressing staff buttons', async () => {
    await mai.command('goilieutrinh', 'massage 2 buổi 1tr chuyển khoản');
    const a = await book('9h massage chị Hoa');
    clock.set('2026-12-02T09:00:00Z');
    await thu.send({ kind: 'choice', value: `appt:attended:${a}` });
    expect(thu.said).toBe(t.notAllowed);
    await thu.send({ kind: 'choice', value: `appt:package:${a}` });
    expect(thu.said).toBe(t.notAllowed);
    const guest = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '9901' });
    await guest.send({ kind: 'choice', value: `appt:attended:${a}` });
    await guest.send({ kind: 'choice', value: `appt:package:${a}` });
    expect((await appointments())[0]!.status).toBe('confirmed');

    await mai.send({ kind: 'choice', value: `appt:attended:${a}` });
    // Hoa never was asked about this appointment in her chat: her forged package button is refused.
    await hoa.send({ kind: 'choice', value: `appt:package:${a}` });
    expect(hoa.said).toBe(t.notAllowed);
    // Nor may another branch record it through the service.
    const other = (await store.staff.findById(ids['Phạm Thị Thu']!))!;
    const r = await recordAppointmentVisit({ store, settings: DEFAULT_MONEY_SETTINGS, now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' }, { member: other, appointmentId: a, method: 'package' });
    expect(r).toEqual({ ok: false, reason: 'not_allowed' });
    expect(await db.conn.db!.collection('visits').countDocuments()).toBe(0);
  });
});
