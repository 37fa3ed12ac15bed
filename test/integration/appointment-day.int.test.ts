// The appointment side of the staff's day: the morning list names each technician's appointments of today, and
// the end-of-day job asks about those nobody marked, once, with one-tap buttons (abuse: a stranger's tap).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { planUnmarkedForDay } from '../../jobs/appointment-day.js';
import { createJobContext } from '../../jobs/job-deps.js';
import { staffText } from '../../jobs/routing.js';
import { dispatchDue } from '../../jobs/dispatch.js';
import { planStaffReminders } from '../../jobs/staff-reminders.js';
import { bookForStaff, closeAppointment, type AppointmentDeps } from '../../src/services/appointments.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { StaffMember } from '../../src/store/staff.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { addCustomer, BOT, jobsWorld, testConfig } from '../support/jobs-fixture.js';

const TODAY = { year: 2026, month: 12, day: 2 };

describe('appointments in the staff day', () => {
  let db: TestDb;
  let clock: TestClock;
  let store: Store;
  let deps: AppointmentDeps;
  let hoa: StaffMember;
  let mai: StaffMember;
  beforeAll(async () => {
    db = await openTestDb('appointment_day');
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    clock = new TestClock('2026-12-02T00:00:00Z'); // Wednesday 07:00
    store = createStore(db.conn, clock.now);
    deps = { store, timeZone: 'Asia/Ho_Chi_Minh', now: clock.now };
    const r = await store.staff.add({ name: 'Nguyễn Thị Hoa', role: 'manager', chats: [{ channel: 'telegram', userId: '7002' }] });
    const m = await store.staff.add({ name: 'Lê Thị Mai', role: 'staff', chats: [{ channel: 'telegram', userId: '7003' }] });
    if (!r.ok || !m.ok) throw new Error('setup');
    hoa = r.value;
    mai = m.value;
  });

  const book = async (customerId: string, start: string, technician: StaffMember, service = 'Massage') => {
    const customer = (await store.customers.findById(customerId))!;
    const r = await bookForStaff(deps, { member: hoa, customer, service, start: new Date(start), technician, channel: 'telegram' });
    if (r.kind !== 'booked') throw new Error(r.kind);
    return r.appointment;
  };

  it("puts each technician's appointments of today on her morning list, read when it is sent", async () => {
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', telegram: '5001' });
    const minh = await addCustomer(db, clock, { name: 'Trần Văn Minh', telegram: '5002' });
    await book(lan, '2026-12-02T07:00:00Z', hoa); // 14:00
    const w = jobsWorld(db, clock);
    w.staffChats.set(hoa.id, { channel: 'telegram', account: BOT, userId: '7002' });
    w.staffChats.set(mai.id, { channel: 'telegram', account: BOT, userId: '7003' });
    await planStaffReminders(w.ctx, TODAY);
    // Booked after the list was planned: still on it, because the lines are read at send time.
    await book(minh, '2026-12-02T09:00:00Z', hoa, 'Gội đầu'); // 16:00
    const cancelled = await book(minh, '2026-12-02T04:00:00Z', mai); // 11:00, then cancelled
    await closeAppointment(deps, { by: { kind: 'staff', id: hoa.id }, member: hoa, id: cancelled.id, status: 'cancelled' });
    clock.set('2026-12-02T02:00:00Z'); // 09:00
    await dispatchDue(w.ctx);
    const toHoa = w.telegram.sent.filter((s) => s.address.userId === '7002').map((s) => s.text);
    expect(toHoa).toHaveLength(1);
    expect(toHoa[0]).toContain('Lịch hẹn của bạn hôm nay:\n• 14:00 Lan — Massage\n• 16:00 Minh — Gội đầu');
    // Mai's only appointment was cancelled and she had no list planned: nothing goes to her.
    expect(w.telegram.sent.filter((s) => s.address.userId === '7003')).toHaveLength(0);
  });

  it("reads each customer of a technician's morning list once, in one batch, not once per line", async () => {
    // No birthday: both are incomplete profiles and have appointments, so each is named twice on Hoa's list.
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', telegram: '5001' });
    const minh = await addCustomer(db, clock, { name: 'Trần Văn Minh', telegram: '5002' });
    await book(lan, '2026-12-02T07:00:00Z', hoa); // 14:00
    await book(minh, '2026-12-02T09:00:00Z', hoa); // 16:00
    const watched = await mongoose.createConnection(db.dbUri, { monitorCommands: true, autoIndex: false, autoCreate: false }).asPromise();
    try {
      const reads: { at: number; ids: string }[] = [];
      watched.getClient().on('commandStarted', (e) => {
        if (e.commandName === 'find' && e.command.find === 'customers') reads.push({ at: e.requestId, ids: JSON.stringify(e.command.filter) });
      });
      const w = jobsWorld(db, clock);
      const ctx = createJobContext({ conn: watched, config: testConfig(), log: createLogger('silent'), staff: { chatOf: async () => null }, clock: w.ctx.clock, settings: { dispatchConcurrency: 1 } });
      const planned = await planStaffReminders(ctx, TODAY);
      expect(planned.incomplete).toBe(2);
      const message = await store.outbox.findByKey(`staff_digest:${hoa.id}:2026-12-02`);
      expect(message?.items).toHaveLength(2);
      reads.length = 0;
      const text = await staffText(ctx, message!);
      expect(text).toContain('• 14:00 Lan — Massage\n• 16:00 Minh — Massage');
      expect(text).toContain('• chị Lan (chưa có số)');
      expect(text).toContain('• anh Minh (chưa có số)');
      // Two customers, two reads in all (FerretDB: one `_id` find each, sent together; MongoDB: one `$in`).
      expect(reads.length).toBeLessThanOrEqual(2);
      expect(new Set(reads.map((r) => r.ids)).size).toBe(reads.length);
    } finally {
      await watched.close();
    }
  });

  it('asks at the end of the day about the appointments nobody marked, once, with their buttons', async () => {
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', telegram: '5001' });
    const minh = await addCustomer(db, clock, { name: 'Trần Văn Minh', telegram: '5002' });
    const came = await book(lan, '2026-12-02T03:00:00Z', hoa); // 10:00
    const open = await book(minh, '2026-12-02T07:00:00Z', hoa); // 14:00
    const w = jobsWorld(db, clock);
    w.staffChats.set(hoa.id, { channel: 'telegram', account: BOT, userId: '7002' });
    clock.set('2026-12-02T05:00:00Z');
    await closeAppointment(deps, { by: { kind: 'staff', id: hoa.id }, member: hoa, id: came.id, status: 'attended' });
    clock.set('2026-12-02T13:30:00Z'); // 20:30
    expect(await planUnmarkedForDay(w.ctx, TODAY)).toEqual({ date: '2026-12-02', planned: 1 });
    expect((await planUnmarkedForDay(w.ctx, TODAY)).planned).toBe(0);
    await dispatchDue(w.ctx);
    await dispatchDue(w.ctx);
    const asked = w.telegram.replies.filter((_, i) => w.telegram.sent[i]!.address.userId === '7002');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.text).toContain('• 14:00 Trần Văn Minh — Massage');
    expect(asked[0]!.text).not.toContain('Lan');
    expect(asked[0]!.choices?.map((c) => c.value)).toEqual([`appt:attended:${open.id}`, `appt:no_show:${open.id}`, `appt:cancel:${open.id}`]);
  });

  it('asks nothing when every appointment of the day was marked', async () => {
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', telegram: '5001' });
    const a = await book(lan, '2026-12-02T03:00:00Z', hoa);
    clock.set('2026-12-02T05:00:00Z');
    await closeAppointment(deps, { by: { kind: 'staff', id: hoa.id }, member: hoa, id: a.id, status: 'no_show' });
    clock.set('2026-12-02T13:30:00Z');
    const w = jobsWorld(db, clock);
    expect((await planUnmarkedForDay(w.ctx, TODAY)).planned).toBe(0);
  });
});
