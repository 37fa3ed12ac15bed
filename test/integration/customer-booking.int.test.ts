// A customer's /datlich on the real engine and database (issue 13): service, day in Vietnamese forms or a button, a
// time from the free slots; the request reaches staff with confirm / change buttons and the customer hears back
// through the outbox. Only trusted, registered customers with care consent book. Abuse: a forged time button, a
// forged booking button from an unregistered chat, a customer chat pressing the staff's confirm button, another
// branch's manager confirming.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dispatchDue } from '../../jobs/dispatch.js';
import { appointmentNews, appointmentRequestMessage } from '../../src/domain/appointment-messages.js';
import { appointmentCustomerVi as b, appointmentStaffVi as t } from '../../src/engine/copy/appointments-vi.js';
import type { Store } from '../../src/store/index.js';
import { Chat, makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { copyPattern, SPA, vi, you } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { BOT, jobsWorld } from '../support/jobs-fixture.js';

const LAN = you('Nguyễn Thị Lan');

describe('customer booking (/datlich)', () => {
  let db: TestDb;
  let store: Store;
  let clock: TestClock;
  let engine: ReturnType<typeof makeEngine>['engine'];
  let mai: Chat;
  let thu: Chat;
  let lan: Chat;
  let ids: Record<string, string>;
  let lanId: string;

  beforeAll(async () => {
    db = await openTestDb('customer_booking');
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    // Wednesday 2 December 2026, 10:00 in Hanoi.
    clock = new TestClock('2026-12-02T03:00:00Z');
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
    mai = await add('Lễ Tân Mai', 'manager', 'q1', '7101');
    await add('Nguyễn Thị Hoa', 'staff', 'q1', '7102');
    thu = await add('Phạm Thị Thu', 'manager', 'q3', '7103');
    lanId = await customer('Nguyễn Thị Lan', '+84912345678', '5001');
    lan = new Chat(engine, { channel: 'telegram', account: BOT, userId: '5001' });
  });

  async function customer(name: string, phone: string, userId: string, opts: { trusted?: boolean; care?: boolean; branch?: string | null } = {}): Promise<string> {
    const c = await store.customers.create(
      { name, phone, ...(opts.branch === null ? {} : { branchId: opts.branch ?? 'q1' }), managerStaffId: ids['Lễ Tân Mai']!, birthday: { day: 12, month: 3 }, needs: [{ service: 'Massage' }] },
      { kind: 'cli' },
      [{ purpose: 'care', granted: opts.care ?? true, at: clock.now(), channel: 'cli', wordingVersion: 'test' }],
    );
    if (!c.ok) throw new Error('setup');
    await store.customers.linkIdentity(c.value.id, { channel: 'telegram', account: BOT, userId }, { trusted: opts.trusted ?? true });
    return c.value.id;
  }
  const appointments = () => db.conn.db!.collection('appointments').find({}).sort({ start: 1, _id: 1 }).toArray();

  it('books from the menu: service, a typed day, a time from the free slots; staff confirm from the outbox message and she is told', async () => {
    await lan.text('chào em');
    expect(lan.buttons[0]).toBe(b.menuBooking);
    await lan.press(b.menuBooking);
    expect(lan.said).toBe(b.askService({ you: LAN }));
    expect(lan.buttons).toEqual(['Chăm sóc da', 'Trị mụn', 'Massage', 'Gội đầu dưỡng sinh']);
    await lan.press('Massage');
    expect(lan.said).toBe(b.askDay({ you: LAN, service: 'Massage' }));
    expect(lan.buttons.slice(0, 3)).toEqual([`${b.today} (thứ 4, 2/12)`, `${b.tomorrow} (thứ 5, 3/12)`, 'thứ 6, 4/12']);
    await lan.text('thứ 6');
    expect(lan.said).toBe(b.askTime({ you: LAN, day: 'thứ 6, 4/12' }));
    expect(lan.buttons.slice(0, 3)).toEqual(['09:00', '09:30', '10:00']);
    await lan.text('3 giờ chiều');
    expect(lan.said).toBe(b.requested({ you: LAN, service: 'Massage', when: '15:00 thứ 6, 4/12' }));
    const [a] = await appointments();
    expect(a).toMatchObject({ status: 'requested', service: 'Massage', branchId: 'q1', start: new Date('2026-12-04T08:00:00Z') });

    // The request reaches her managing staff member with confirm / change buttons.
    const w = jobsWorld(db, clock);
    w.staffChats.set(ids['Lễ Tân Mai']!, mai.address);
    await dispatchDue(w.ctx);
    const request = w.telegram.replies[w.telegram.sent.findIndex((s) => s.address.userId === '7101')];
    expect(request?.text).toBe(appointmentRequestMessage({ customer: 'Nguyễn Thị Lan', phone: '0912 345 678', service: 'Massage', when: '15:00 thứ 6, 4/12', technician: 'Lễ Tân Mai', moved: false }, 'vi'));
    const confirm = request!.choices!.find((c) => c.label === '✅ Xác nhận')!;
    // Another branch's manager and her own chat cannot confirm it.
    await thu.send({ kind: 'choice', value: confirm.value });
    expect(thu.said).toBe(t.notAllowed);
    await lan.send({ kind: 'choice', value: confirm.value });
    expect((await appointments())[0]!.status).toBe('requested');
    await mai.send({ kind: 'choice', value: confirm.value });
    expect(mai.said).toBe(t.confirmed({ customer: 'Nguyễn Thị Lan', when: '15:00 thứ 6, 4/12' }));
    await dispatchDue(w.ctx);
    const told = w.telegram.sent.filter((s) => s.address.userId === '5001').map((s) => s.text);
    expect(told).toEqual([appointmentNews('confirmed', { name: 'Nguyễn Thị Lan', language: 'vi', spa: SPA, service: 'Massage', when: '15:00 thứ 6, 4/12' })]);
  });

  it('offers a customer with no branch the free times of the spa\'s branches and books her at her technician\'s branch', async () => {
    await customer('Lê Thị Tuyết', '+84911222333', '5003', { branch: null });
    const tuyet = new Chat(engine, { channel: 'telegram', account: BOT, userId: '5003' });
    await tuyet.command('datlich');
    await tuyet.text('massage');
    await tuyet.text('thứ 6');
    expect(tuyet.said).toBe(b.askTime({ you: you('Lê Thị Tuyết'), day: 'thứ 6, 4/12' }));
    expect(tuyet.buttons.slice(0, 2)).toEqual(['09:00', '09:30']);
    await tuyet.text('15h');
    expect(tuyet.said).toBe(b.requested({ you: you('Lê Thị Tuyết'), service: 'Massage', when: '15:00 thứ 6, 4/12' }));
    const [a] = await appointments();
    const technician = await store.staff.findById(String(a!.technicianId));
    expect(a).toMatchObject({ status: 'requested', start: new Date('2026-12-04T08:00:00Z') });
    expect(['q1', 'q3']).toContain(a!.branchId);
    expect(a!.branchId).toBe(technician!.branchId);
    // Her card keeps no branch: booking did not decide where she belongs.
    expect((await store.customers.findByPhone('+84911222333'))!.branchId).toBeUndefined();
  });

  it('takes "mai 15h" at once when free, and tells her when staff change the time', async () => {
    await lan.command('datlich');
    await lan.text('massage');
    await lan.text('mai 15h');
    expect(lan.said).toBe(b.requested({ you: LAN, service: 'Massage', when: '15:00 thứ 5, 3/12' }));
    const [a] = await appointments();
    await mai.send({ kind: 'choice', value: `appt:move:${String(a!._id)}` });
    await mai.text('16h');
    expect(mai.said).toMatch(copyPattern((hole) => t.moved({ customer: 'Nguyễn Thị Lan', when: '16:00 thứ 5, 3/12', technician: hole() })));
    const w = jobsWorld(db, clock);
    await dispatchDue(w.ctx);
    expect(w.telegram.sent.filter((s) => s.address.userId === '5001').map((s) => s.text)).toEqual([appointmentNews('changed', { name: 'Nguyễn Thị Lan', language: 'vi', spa: SPA, service: 'Massage', when: '16:00 thứ 5, 3/12' })]);
  });

  it('offers only free times, refuses a forged or taken time, and says when a day is full or too far', async () => {
    const staffBooks = async (name: string, phone: string, technician: string) => {
      await mai.command('hen', `${name} ${phone} thứ 6 15h massage ${technician}`);
      expect(mai.said).toContain('📅');
    };
    // Both technicians and the manager of Q1 hold Friday 15:00.
    await staffBooks('Minh', '0987654321', 'chị Hoa');
    await staffBooks('Hương', '0987654322', 'chị Mai');
    await lan.command('datlich');
    await lan.press('Massage');
    await lan.press('thứ 6, 4/12');
    expect(lan.buttons).not.toContain('15:00');
    expect(lan.buttons).not.toContain('14:30'); // a 60-minute massage at 14:30 runs into 15:00
    await lan.send({ kind: 'choice', value: `book:time:${new Date('2026-12-04T08:00:00Z').getTime()}` });
    expect(lan.said).toBe(b.timeNotFree({ you: LAN }));
    await lan.send({ kind: 'choice', value: `book:time:${new Date('2026-12-04T08:07:00Z').getTime()}` });
    expect(lan.said).toBe(b.timeNotFree({ you: LAN }));
    await lan.text('15h');
    expect(lan.said).toBe(b.timeNotFree({ you: LAN }));
    await lan.text('hôm qua');
    expect(lan.said).toBe(b.timeNotFree({ you: LAN }));
    await lan.text('thứ 2 tuần sau 10h');
    expect(lan.said).toBe(b.requested({ you: LAN, service: 'Massage', when: '10:00 thứ 2, 7/12' }));

    await lan.command('datlich');
    await lan.press('Massage');
    await lan.text('25/12/2027');
    expect(lan.said).toBe(b.dayTooFar({ you: LAN, days: 60 }));
    await lan.text('31/2');
    expect(lan.said).toBe(b.dayNotUnderstood({ you: LAN }));
    // Today after closing: nothing is left.
    clock.set('2026-12-02T13:30:00Z'); // 20:30
    await lan.text('hôm nay');
    expect(lan.said).toBe(b.noTimes({ you: LAN, day: 'thứ 4, 2/12' }));
    expect((await appointments()).filter((a) => a.status === 'requested')).toHaveLength(1);
  });

  it('"hủy" stops a booking under way; with nothing under way it keeps its old meaning', async () => {
    await lan.command('datlich');
    await lan.press('Massage');
    await lan.text('hủy');
    expect(lan.said).toBe(b.bookingStopped({ you: LAN }));
    await lan.text('hủy');
    expect(lan.said).toBe(vi.nothingToCancel);
    await lan.command('datlich');
    await lan.command('huy');
    expect(lan.said).toBe(b.bookingStopped({ you: LAN }));
    expect(await appointments()).toHaveLength(0);
  });

  it('explains to an unregistered chat, an unproven one and one without care consent, and books nothing for their buttons', async () => {
    const guest = new Chat(engine, { channel: 'telegram', account: BOT, userId: '5999' });
    await guest.command('datlich');
    expect(guest.said).toBe(b.needsRegistration({ you: you() }));
    await guest.send({ kind: 'choice', value: 'book:svc:2' });
    await guest.send({ kind: 'choice', value: `book:time:${new Date('2026-12-04T08:00:00Z').getTime()}` });

    await customer('Trần Thị Hương', '+84987654322', '5002', { trusted: false });
    const typed = new Chat(engine, { channel: 'telegram', account: BOT, userId: '5002' });
    await typed.command('booking');
    expect(typed.said).toBe(b.needsVerification({ you: you() }));
    expect(typed.last[0]!.requestPhone).toBeDefined();

    await customer('Lê Thị Thảo', '+84987654323', '5003', { care: false });
    const stopped = new Chat(engine, { channel: 'telegram', account: BOT, userId: '5003' });
    await stopped.command('datlich');
    expect(stopped.said).toBe(b.needsConsent({ you: you('Lê Thị Thảo') }));
    await stopped.send({ kind: 'choice', value: 'book:svc:2' });
    expect(stopped.said).toBe(b.needsConsent({ you: you('Lê Thị Thảo') }));
    expect(await appointments()).toHaveLength(0);
    // Lan herself is still asked nothing she did not start.
    await lan.send({ kind: 'choice', value: 'book:svc:99' });
    expect(lan.said).toBe(b.askService({ you: LAN }));
    expect(lanId).toBeTruthy();
  });
});
