// Appointment reminders through the outbox: the day before and APPOINTMENT_REMINDER_HOURS before, each once,
// never in quiet hours, not at all for a moved or cancelled appointment; staff requests carry their buttons.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dispatchDue } from '../../jobs/dispatch.js';
import { appointmentReminder } from '../../src/domain/appointment-messages.js';
import { bookForStaff, closeAppointment, type AppointmentDeps } from '../../src/services/appointments.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { StaffMember } from '../../src/store/staff.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { addCustomer, jobsWorld } from '../support/jobs-fixture.js';

describe('appointment reminders', () => {
  let db: TestDb;
  let clock: TestClock;
  let store: Store;
  let deps: AppointmentDeps;
  let hoa: StaffMember;
  beforeAll(async () => {
    db = await openTestDb('appointment_reminders');
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    clock = new TestClock('2026-12-02T03:00:00Z'); // Wednesday 10:00
    store = createStore(db.conn, clock.now);
    deps = { store, timeZone: 'Asia/Ho_Chi_Minh', now: clock.now };
    const r = await store.staff.add({ name: 'Nguyễn Thị Hoa', role: 'manager', chats: [{ channel: 'telegram', userId: '7002' }] });
    if (!r.ok) throw new Error('setup');
    hoa = r.value;
  });

  const book = async (customerId: string, start: string) => {
    const customer = (await store.customers.findById(customerId))!;
    const r = await bookForStaff(deps, { member: hoa, customer, service: 'Massage', start: new Date(start), channel: 'telegram' });
    if (r.kind !== 'booked') throw new Error(r.kind);
    return r.appointment;
  };
  const reminder = (kind: 'day_before' | 'hours_before', when: string) => appointmentReminder(kind, { name: 'Nguyễn Thị Lan', language: 'vi', spa: 'Spa Hoa Sen', service: 'Massage', when });

  it('sends the day-before and the hours-before reminder once each, at their times', async () => {
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', telegram: '5001' });
    await book(lan, '2026-12-04T08:00:00Z'); // Friday 15:00
    const w = jobsWorld(db, clock);
    await dispatchDue(w.ctx);
    expect(w.telegram.sent).toHaveLength(0);
    clock.set('2026-12-03T12:00:00Z'); // Thursday 19:00
    await dispatchDue(w.ctx);
    await dispatchDue(w.ctx);
    expect(w.telegram.sent.map((s) => s.text)).toEqual([reminder('day_before', '15:00 thứ 6, 4/12')]);
    clock.set('2026-12-04T06:00:00Z'); // Friday 13:00
    await dispatchDue(w.ctx);
    await dispatchDue(w.ctx);
    expect(w.telegram.sent.map((s) => s.text)).toEqual([reminder('day_before', '15:00 thứ 6, 4/12'), reminder('hours_before', '15:00 thứ 6, 4/12')]);
  });

  it('holds a reminder due in quiet hours until they end, and sends nothing for a cancelled appointment', async () => {
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', telegram: '5001' });
    await book(lan, '2026-12-04T02:30:00Z'); // Friday 09:30: the 2-hours reminder falls at 07:30, in quiet hours
    const w = jobsWorld(db, clock);
    clock.set('2026-12-04T00:30:00Z'); // 07:30
    await dispatchDue(w.ctx);
    // Nothing at all in quiet hours (the day-before one, never dispatched on Thursday evening, waits too).
    expect(w.telegram.sent).toHaveLength(0);
    clock.set('2026-12-04T01:00:00Z'); // 08:00
    await dispatchDue(w.ctx);
    expect(w.telegram.sent.filter((s) => s.text === reminder('hours_before', '09:30 thứ 6, 4/12'))).toHaveLength(1);

    const minh = await addCustomer(db, clock, { name: 'Trần Văn Minh', telegram: '5002' });
    const a = await book(minh, '2026-12-05T08:00:00Z');
    await closeAppointment(deps, { by: { kind: 'staff', id: hoa.id }, member: hoa, id: a.id, status: 'cancelled' });
    clock.set('2026-12-05T06:00:00Z');
    await dispatchDue(w.ctx);
    expect(w.telegram.sent.filter((s) => s.address.userId === '5002')).toHaveLength(0);
    const rows = await store.outbox.list({ purpose: 'appointment_reminder', customerId: minh });
    expect(rows.map((r) => r.statusReason)).toEqual(['appointment_changed', 'appointment_changed']);
  });
});
