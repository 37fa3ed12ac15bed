// /hen and /homnay in staff chats on the real engine and database: booking in one line and on the open customer,
// a double booking refused with who is free instead, the branch rule, marking came / no-show, and the card counters.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { appointmentStaffVi } from '../../src/engine/copy/appointments-vi.js';
import { appointmentCustomerVi } from '../../src/engine/copy/appointments-vi.js';
import { moneyStaffVi } from '../../src/engine/copy/money-vi.js';
import type { Store } from '../../src/store/index.js';
import { Chat, makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { copyPattern, staffVi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';

const t = appointmentStaffVi;

describe('staff appointments', () => {
  let db: TestDb;
  let store: Store;
  let clock: TestClock;
  let reception: Chat;
  let hoa: Chat;
  let other: Chat;
  let ids: Record<string, string>;

  beforeAll(async () => {
    db = await openTestDb('staff_appointments');
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    // Wednesday 2 December 2026, 10:00 in Hanoi.
    clock = new TestClock('2026-12-02T03:00:00Z');
    const made = makeEngine(db, clock);
    store = made.store;
    ids = {};
    const add = async (name: string, role: 'manager' | 'staff', branchId: string, userId: string) => {
      const r = await store.staff.add({ name, role, branchId, chats: [{ channel: 'telegram', userId }] });
      if (!r.ok) throw new Error('setup');
      ids[name] = r.value.id;
      return new Chat(made.engine, { channel: 'telegram', account: 'testbot', userId });
    };
    reception = await add('Lễ Tân Mai', 'manager', 'q1', '7001');
    hoa = await add('Nguyễn Thị Hoa', 'staff', 'q1', '7002');
    await add('Trần Văn Tuấn', 'staff', 'q1', '7003');
    other = await add('Phạm Thị Thu', 'manager', 'q3', '7004');
  });

  it('books in one line, refuses a double booking naming who is free, and books the free colleague with one tap', async () => {
    await reception.command('hen', 'Lan 0912345678 thứ 6 15h massage chị Hoa');
    expect(reception.said).toBe(t.booked({ customer: 'Lan', service: 'Massage', when: '15:00 thứ 6, 4/12', technician: 'Nguyễn Thị Hoa' }));
    await reception.command('hen', 'Minh 0987654321 t6 15h30 massage chị Hoa');
    expect(reception.said).toContain(t.taken({ technician: 'Nguyễn Thị Hoa', from: '15:00', to: '16:00', free: 'Lễ Tân Mai, Trần Văn Tuấn' }));
    await reception.press('Trần Văn Tuấn');
    expect(reception.said).toBe(t.booked({ customer: 'Minh', service: 'Massage', when: '15:30 thứ 6, 4/12', technician: 'Trần Văn Tuấn' }));
    const all = await db.conn.db!.collection('appointments').find({ status: 'confirmed' }).toArray();
    expect(all.map((a) => a.technicianId).sort()).toEqual([ids['Nguyễn Thị Hoa'], ids['Trần Văn Tuấn']].sort());
  });

  it('refuses another branch\'s technician, a time outside opening hours and a time already past', async () => {
    await reception.command('hen', 'Lan 0912345678 thứ 6 15h massage chị Thu');
    expect(reception.said).toBe(t.otherBranch({ technician: 'Phạm Thị Thu' }));
    await reception.command('hen', 'thứ 6 21h massage');
    expect(reception.said).toBe(t.closed({ open: '09:00', close: '20:00' }));
    await reception.command('hen', 'hôm nay 9h massage');
    expect(reception.said).toBe(t.badWhen({ problem: 'past' }));
    expect(await db.conn.db!.collection('appointments').countDocuments()).toBe(0);
  });

  it('lists today per technician; no-show and came are one tap, came records the visit; the card counts from the records', async () => {
    clock.set('2026-12-04T01:00:00Z'); // Friday 08:00
    await reception.command('hen', 'Lan 0912345678 9h massage chị Hoa');
    await reception.command('hen', 'Lan 0912345678 14h trị mụn chị Hoa');
    await reception.command('hen', 'Minh 0987654321 10h massage anh Tuấn');
    await hoa.command('homnay');
    expect(hoa.said).toContain(t.todayTitle({ date: '4/12', count: 3 }));
    expect(hoa.said).toContain(t.todayTechnician({ name: 'Nguyễn Thị Hoa' }));
    expect(hoa.said).toContain(t.todayLine({ time: '14:00', customer: 'Lan', service: 'Trị mụn', status: t.statusNames.confirmed }));
    // Another branch's manager sees none of it.
    await other.command('homnay');
    expect(other.said).toBe(t.todayNone({ date: '4/12' }));

    await hoa.press('09:00 Lan');
    await hoa.press('Đã đến');
    expect(hoa.said).toContain(t.askAmount({ customer: 'Lan', service: 'Massage', technician: 'Nguyễn Thị Hoa' }));
    await hoa.text('350k nợ');
    expect(hoa.said).toBe(moneyStaffVi.visitSaved({ name: 'Lan', service: 'Massage', amount: '350.000 ₫', method: 'chưa trả', technician: 'Nguyễn Thị Hoa', debt: true }));
    const visits = await db.conn.db!.collection('visits').find({}).toArray();
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ service: 'Massage', amountVnd: 350_000, paid: false, staffId: ids['Nguyễn Thị Hoa'], branchId: 'q1', paymentMethod: 'unpaid' });

    await hoa.command('homnay');
    await hoa.press('14:00 Lan');
    await hoa.press('Không đến');
    expect(hoa.said).toBe(t.markedNoShow({ customer: 'Lan' }));
    await reception.command('tim', '5678');
    await reception.press('Lan');
    expect(reception.said).toContain(appointmentCustomerVi.counters({ total: 2, attended: 1, missed: 1, cancelled: 0 }));
  });

  it('refuses a forged or other-branch appointment button and leaves the appointment as it was', async () => {
    await reception.command('hen', 'Lan 0912345678 thứ 6 15h massage chị Hoa');
    const a = await db.conn.db!.collection('appointments').findOne({});
    await other.send({ kind: 'choice', value: `appt:cancel:${String(a!._id)}` });
    expect(other.said).toBe(t.notAllowed);
    await other.send({ kind: 'choice', value: 'appt:cancel:zzz' });
    expect(other.said).toBe(staffVi.notAllowed);
    expect((await db.conn.db!.collection('appointments').findOne({}))!.status).toBe('confirmed');
  });

  it('moves an appointment to a new typed time', async () => {
    await reception.command('hen', 'Lan 0912345678 thứ 6 15h massage chị Hoa');
    const a = await db.conn.db!.collection('appointments').findOne({});
    await reception.send({ kind: 'choice', value: `appt:move:${String(a!._id)}` });
    expect(reception.said).toBe(t.askNewTime({ customer: 'Lan', when: '15:00 thứ 6, 4/12' }));
    await reception.text('thứ 7 10h');
    expect(reception.said).toMatch(copyPattern((hole) => t.moved({ customer: 'Lan', when: '10:00 thứ 7, 5/12', technician: hole() })));
  });
});
