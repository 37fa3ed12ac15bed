// Answers to appointment reminders on the real engine, outbox and database (issue 13): "hủy" cancels after a yes
// and the technician hears it, "đổi giờ" and the reminder's buttons pick a new time that staff confirm again. "hủy"
// keeps its old meaning with no recent reminder or with an intake/edit step under way. Abuse: a replayed
// confirmation, another customer's appointment id, a confirmation press without the question, an unregistered chat.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dispatchDue } from '../../jobs/dispatch.js';
import { appointmentCancelledMessage, appointmentNews, appointmentRequestMessage, customerAppointmentButtons } from '../../src/domain/appointment-messages.js';
import { appointmentCustomerVi as b, appointmentStaffVi as t } from '../../src/engine/copy/appointments-vi.js';
import { bookForStaff, type AppointmentDeps } from '../../src/services/appointments.js';
import type { Store } from '../../src/store/index.js';
import { Chat, makeEngine, reachStep } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { SPA, vi, you } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { BOT, jobsWorld, type JobsWorld } from '../support/jobs-fixture.js';

const LAN = you('Nguyễn Thị Lan');
const FRIDAY_15 = '15:00 thứ 6, 4/12';

describe('answers to appointment reminders', () => {
  let db: TestDb;
  let store: Store;
  let clock: TestClock;
  let engine: ReturnType<typeof makeEngine>['engine'];
  let mai: Chat;
  let thu: Chat;
  let lan: Chat;
  let minh: Chat;
  let ids: Record<string, string>;
  let lanId: string;
  let w: JobsWorld;

  beforeAll(async () => {
    db = await openTestDb('reminder_replies');
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    clock = new TestClock('2026-12-02T03:00:00Z'); // Wednesday 10:00
    const made = makeEngine(db, clock);
    store = made.store;
    engine = made.engine;
    ids = {};
    const add = async (name: string, role: 'manager' | 'staff', branchId: string, userId: string) => {
      const r = await store.staff.add({ name, role, branchId, chats: [{ channel: 'telegram', userId }] });
      if (!r.ok) throw new Error('setup');
      ids[name] = r.value.id;
      return new Chat(engine, { channel: 'telegram', account: BOT, userId });
    };
    mai = await add('Lễ Tân Mai', 'manager', 'q1', '7201');
    await add('Nguyễn Thị Hoa', 'staff', 'q1', '7202');
    thu = await add('Phạm Thị Thu', 'manager', 'q3', '7203');
    lanId = await customer('Nguyễn Thị Lan', '+84912345678', '5001');
    await customer('Trần Văn Minh', '+84987654321', '5002');
    lan = new Chat(engine, { channel: 'telegram', account: BOT, userId: '5001' });
    minh = new Chat(engine, { channel: 'telegram', account: BOT, userId: '5002' });
    w = jobsWorld(db, clock);
    for (const name of ['Lễ Tân Mai', 'Nguyễn Thị Hoa']) w.staffChats.set(ids[name]!, { channel: 'telegram', account: BOT, userId: name === 'Lễ Tân Mai' ? '7201' : '7202' });
  });

  async function customer(name: string, phone: string, userId: string): Promise<string> {
    const c = await store.customers.create(
      { name, phone, branchId: 'q1', managerStaffId: ids['Lễ Tân Mai']!, birthday: { day: 12, month: 3 }, needs: [{ service: 'Massage' }] },
      { kind: 'cli' },
      [{ purpose: 'care', granted: true, at: clock.now(), channel: 'cli', wordingVersion: 'test' }],
    );
    if (!c.ok) throw new Error('setup');
    await store.customers.linkIdentity(c.value.id, { channel: 'telegram', account: BOT, userId });
    return c.value.id;
  }
  /** Lan's Friday 15:00 massage with Hoa, booked by Mai; the day-before reminder sent on Thursday at 19:00. */
  async function bookedAndReminded(): Promise<string> {
    const deps: AppointmentDeps = { store, timeZone: 'Asia/Ho_Chi_Minh', now: clock.now };
    const member = (await store.staff.findById(ids['Lễ Tân Mai']!))!;
    const technician = (await store.staff.findById(ids['Nguyễn Thị Hoa']!))!;
    const r = await bookForStaff(deps, { member, technician, customer: (await store.customers.findById(lanId))!, service: 'Massage', start: new Date('2026-12-04T08:00:00Z'), channel: 'telegram' });
    if (r.kind !== 'booked') throw new Error(r.kind);
    clock.set('2026-12-03T12:00:00Z'); // Thursday 19:00
    await dispatchDue(w.ctx);
    return r.appointment.id;
  }
  const status = async (id: string) => (await store.appointments.findById(id))!.status;
  const sentTo = (userId: string) => w.telegram.replies.filter((_, i) => w.telegram.sent[i]!.address.userId === userId);

  it('"hủy" after a reminder asks, cancels on yes, tells the technician once; a replay changes nothing', async () => {
    const id = await bookedAndReminded();
    const reminder = sentTo('5001').at(-1)!;
    expect(reminder.choices?.map((c) => c.label)).toEqual([customerAppointmentButtons.vi.cancel, customerAppointmentButtons.vi.move]);
    await lan.text('Hủy');
    expect(lan.said).toBe(b.cancelAsk({ you: LAN, service: 'Massage', when: FRIDAY_15 }));
    const yes = lan.last[0]!.choices![0]!;
    await lan.press(b.cancelYes);
    expect(lan.said).toBe(b.cancelled({ you: LAN, when: FRIDAY_15 }));
    expect(await status(id)).toBe('cancelled');
    await dispatchDue(w.ctx);
    await dispatchDue(w.ctx);
    expect(sentTo('7202').map((r) => r.text)).toEqual([appointmentCancelledMessage({ customer: 'Nguyễn Thị Lan', service: 'Massage', when: FRIDAY_15, technician: 'Nguyễn Thị Hoa' }, 'vi')]);
    // The same press again, and "hủy" again: nothing more is cancelled, and "hủy" is the old word once more.
    await lan.send({ kind: 'choice', value: yes.value });
    expect(lan.said).toBe(b.nothingOpen({ you: LAN }));
    await lan.text('hủy');
    expect(lan.said).toBe(vi.nothingToCancel);
    const audit = await db.conn.db!.collection('audit_log').countDocuments({ detail: `cancelled=${id}` });
    expect(audit).toBe(1);
  });

  it('"giữ lịch" or a second "hủy" keeps it; the reminder\'s cancel button asks first', async () => {
    const id = await bookedAndReminded();
    await lan.text('hủy');
    await lan.press(b.keep);
    expect(lan.said).toBe(b.kept({ you: LAN }));
    await lan.text('hủy');
    await lan.text('hủy');
    expect(lan.said).toBe(b.kept({ you: LAN }));
    await lan.send({ kind: 'choice', value: sentTo('5001').at(-1)!.choices![0]!.value });
    expect(lan.said).toBe(b.cancelAsk({ you: LAN, service: 'Massage', when: FRIDAY_15 }));
    expect(await status(id)).toBe('confirmed');
  });

  it('keeps the old meaning of "hủy" with no recent reminder and during an intake or edit step', async () => {
    const deps: AppointmentDeps = { store, timeZone: 'Asia/Ho_Chi_Minh', now: clock.now };
    const member = (await store.staff.findById(ids['Lễ Tân Mai']!))!;
    const r = await bookForStaff(deps, { member, customer: (await store.customers.findById(lanId))!, service: 'Massage', start: new Date('2026-12-09T08:00:00Z'), channel: 'telegram' });
    expect(r.kind).toBe('booked');
    // Booked, not reminded yet: "hủy" is the generic word.
    await lan.text('hủy');
    expect(lan.said).toBe(vi.nothingToCancel);
    // Reminded (the day before), but she is editing her details: "hủy" leaves the edit.
    clock.set('2026-12-08T12:00:00Z');
    await dispatchDue(w.ctx);
    await lan.command('sua');
    await lan.text('hủy');
    expect(lan.said).toBe(vi.cancelled({ you: LAN }));
    // A new guest in the middle of registering.
    const guest = new Chat(engine, { channel: 'telegram', account: BOT, userId: '5999' });
    await reachStep(guest, 'name');
    await guest.text('hủy');
    expect(guest.said).toBe(vi.cancelled({ you: you() }));
    if (r.kind === 'booked') expect(await status(r.appointment.id)).toBe('confirmed');
  });

  it('"đổi giờ" and the reminder\'s button pick a new time that staff confirm again; she is told', async () => {
    const id = await bookedAndReminded();
    await lan.text('đổi giờ');
    expect(lan.said).toBe(b.rescheduleAskDay({ you: LAN, service: 'Massage', when: FRIDAY_15 }));
    await lan.text('hủy');
    expect(lan.said).toBe(b.bookingStopped({ you: LAN }));
    await lan.send({ kind: 'choice', value: sentTo('5001').at(-1)!.choices![1]!.value });
    expect(lan.said).toBe(b.rescheduleAskDay({ you: LAN, service: 'Massage', when: FRIDAY_15 }));
    await lan.press('thứ 7, 5/12');
    await lan.press('10:00');
    expect(lan.said).toBe(b.rescheduleRequested({ you: LAN, service: 'Massage', when: '10:00 thứ 7, 5/12' }));
    const moved = (await store.appointments.findById(id))!;
    expect(moved).toMatchObject({ status: 'requested', start: new Date('2026-12-05T03:00:00Z') });

    await dispatchDue(w.ctx);
    const request = sentTo('7201').at(-1)!;
    expect(request.text).toBe(appointmentRequestMessage({ customer: 'Nguyễn Thị Lan', phone: '0912 345 678', service: 'Massage', when: '10:00 thứ 7, 5/12', technician: 'Nguyễn Thị Hoa', moved: true }, 'vi'));
    const confirm = request.choices!.find((c) => c.value.startsWith('appt:confirm:'))!;
    await thu.send({ kind: 'choice', value: confirm.value });
    expect(thu.said).toBe(t.notAllowed);
    await mai.send({ kind: 'choice', value: confirm.value });
    expect(await status(id)).toBe('confirmed');
    await dispatchDue(w.ctx);
    expect(sentTo('5001').at(-1)!.text).toBe(appointmentNews('confirmed', { name: 'Nguyễn Thị Lan', language: 'vi', spa: SPA, service: 'Massage', when: '10:00 thứ 7, 5/12' }));
  });

  it('"đổi giờ" does not count her own appointment as busy: a time overlapping it is offered and taken', async () => {
    const id = await bookedAndReminded(); // Friday 15:00–16:00 with Hoa
    const deps: AppointmentDeps = { store, timeZone: 'Asia/Ho_Chi_Minh', now: clock.now };
    const member = (await store.staff.findById(ids['Lễ Tân Mai']!))!;
    const minhId = (await store.customers.findByPhone('+84987654321'))!;
    // Mai, the branch's only other technician, is busy 15:00–16:00 too: at 15:30 only Lan's own time stands in the way.
    const other = await bookForStaff(deps, { member, technician: member, customer: minhId, service: 'Massage', start: new Date('2026-12-04T08:00:00Z'), channel: 'telegram' });
    expect(other.kind).toBe('booked');
    await lan.text('đổi giờ');
    await lan.text('thứ 6');
    expect(lan.said).toBe(b.askTime({ you: LAN, day: 'thứ 6, 4/12' }));
    expect(lan.buttons).toEqual(expect.arrayContaining(['14:30', '15:00', '15:30']));
    await lan.press('15:30');
    expect(lan.said).toBe(b.rescheduleRequested({ you: LAN, service: 'Massage', when: '15:30 thứ 6, 4/12' }));
    expect(await store.appointments.findById(id)).toMatchObject({ status: 'requested', start: new Date('2026-12-04T08:30:00Z'), technicianId: ids['Nguyễn Thị Hoa'] });
  });

  it('refuses another customer\'s appointment id, a confirmation pressed without the question and an unregistered chat', async () => {
    const id = await bookedAndReminded();
    await minh.send({ kind: 'choice', value: `appt_c:cancel:${id}` });
    expect(minh.said).toBe(b.nothingOpen({ you: you('Trần Văn Minh') }));
    await minh.send({ kind: 'choice', value: `appt_c:cancel_yes:${id}` });
    expect(minh.said).toBe(b.nothingOpen({ you: you('Trần Văn Minh') }));
    await minh.send({ kind: 'choice', value: `appt_c:move:${id}` });
    expect(minh.said).toBe(b.nothingOpen({ you: you('Trần Văn Minh') }));
    // Minh was never reminded: his "hủy" is the generic word, whatever Lan has.
    await minh.text('hủy');
    expect(minh.said).toBe(vi.nothingToCancel);
    const guest = new Chat(engine, { channel: 'telegram', account: BOT, userId: '5999' });
    await guest.send({ kind: 'choice', value: `appt_c:cancel_yes:${id}` });
    expect(guest.said).toBe(b.needsRegistration({ you: you() }));
    // Her own chat, a forged "yes" without having been asked: she is asked, nothing is cancelled.
    await lan.send({ kind: 'choice', value: `appt_c:cancel_yes:${id}` });
    expect(lan.said).toBe(b.cancelAsk({ you: LAN, service: 'Massage', when: FRIDAY_15 }));
    expect(await status(id)).toBe('confirmed');
  });
});
