// Birthday greetings on the real database with a virtual clock: the right day, 29 Feb, âm lịch, consent, once only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { BIRTHDAY_JOB, planBirthdayGreetings } from '../../jobs/birthday-greetings.js';
import { dispatchDue } from '../../jobs/dispatch.js';
import { runJob } from '../../jobs/scheduler.js';
import { customerMessage } from '../../src/domain/scheduled-copy.js';
import { CustomerRepository } from '../../src/store/customers.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { addCustomer, BOT, jobsWorld, OWNER_CHAT } from '../support/jobs-fixture.js';
import { windowClosed } from '../support/recording-sender.js';

let db: TestDb;
let clock: TestClock;
const d = (year: number, month: number, day: number) => ({ year, month, day });

beforeAll(async () => {
  db = await openTestDb('birthdays');
});
afterAll(async () => db.close());
// The spa name jobsWorld configures (a setting, not copy).
const SPA = 'Spa Hoa Sen';
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-12T02:00:00Z'); // 09:00 in Hồ Chí Minh City
});

describe('which day is a birthday', () => {
  it('plans by the business-local date: 00:05 on 12/3 in Vietnam is still 11/3 in UTC', async () => {
    const w = jobsWorld(db, clock);
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', birthday: { day: 12, month: 3 }, telegram: '101' });
    await addCustomer(db, clock, { name: 'Trần Văn Minh', birthday: { day: 11, month: 3 }, telegram: '102' });

    clock.set('2026-03-11T17:05:00Z');
    await runJob(w.ctx, BIRTHDAY_JOB);
    const rows = await w.ctx.outbox.list({ purpose: 'birthday' });
    expect(rows.map((r) => r.key)).toEqual([`birthday:${lan}:2026`]);
    expect(rows[0]!.dueAt.toISOString()).toBe('2026-03-12T02:00:00.000Z');

    // Just after midnight is quiet time, and 08:30 is before the greeting hour: nothing goes out.
    expect((await dispatchDue(w.ctx)).quietUntil).toBe('2026-03-12T01:00:00.000Z');
    clock.set('2026-03-12T01:30:00Z');
    expect((await dispatchDue(w.ctx)).sent).toBe(0);
    clock.set('2026-03-12T02:00:00Z');
    expect((await dispatchDue(w.ctx)).sent).toBe(1);
    expect(w.telegram.sent.map((s) => s.address.userId)).toEqual(['101']);
    expect(w.telegram.sent[0]!.text).toBe(customerMessage('birthday', { name: 'Nguyễn Thị Lan', language: 'vi', spa: SPA }));
  });

  it('at 23:59 local it is still the same day, at 00:00 the next', async () => {
    const w = jobsWorld(db, clock);
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', birthday: { day: 12, month: 3 } });
    const mai = await addCustomer(db, clock, { name: 'Lê Thị Mai', birthday: { day: 13, month: 3 } });
    clock.set('2026-03-12T16:59:00Z');
    await runJob(w.ctx, BIRTHDAY_JOB);
    clock.set('2026-03-12T17:00:00Z');
    await runJob(w.ctx, BIRTHDAY_JOB);
    expect((await w.ctx.outbox.list({ purpose: 'birthday' })).map((r) => [r.customerId, r.occasionDate])).toEqual([
      [lan, '2026-03-12'],
      [mai, '2026-03-13'],
    ]);
  });

  it('greets people born on 29 February on 28 February in common years, and on the 29th in leap years', async () => {
    const w = jobsWorld(db, clock);
    const hoa = await addCustomer(db, clock, { name: 'Phạm Thị Hoa', birthday: { day: 29, month: 2, year: 1992 } });
    const on = async (date: { year: number; month: number; day: number }) => (await planBirthdayGreetings(w.ctx, date)).planned;
    expect(await on(d(2027, 2, 28))).toBe(1);
    expect(await on(d(2027, 3, 1))).toBe(0);
    expect(await on(d(2028, 2, 28))).toBe(0);
    expect(await on(d(2028, 2, 29))).toBe(1);
    expect((await w.ctx.outbox.list({ customerId: hoa })).map((r) => r.occasionDate)).toEqual(['2027-02-28', '2028-02-29']);
  });
});

describe('lunar birthdays (âm lịch)', () => {
  it('greets a customer born on mùng 1 Tết on the Vietnamese Tết, which differs from the Chinese one in 1985 and 2007', async () => {
    const w = jobsWorld(db, clock);
    // Her solar birthday is on file too, but she celebrates âm lịch: only the lunar date counts.
    const dao = await addCustomer(db, clock, { name: 'Vũ Thị Đào', birthday: { day: 5, month: 2 }, lunar: { day: 1, month: 1 } });
    const plan = async (date: { year: number; month: number; day: number }) => (await planBirthdayGreetings(w.ctx, date)).planned;
    expect(await plan(d(1985, 1, 21))).toBe(1);
    expect(await plan(d(1985, 2, 20))).toBe(0); // Chinese New Year 1985
    expect(await plan(d(2007, 2, 17))).toBe(1);
    expect(await plan(d(2007, 2, 18))).toBe(0); // Chinese New Year 2007
    expect(await plan(d(2026, 2, 5))).toBe(0); // her solar birthday
    expect(await plan(d(2026, 2, 17))).toBe(1);
    expect((await w.ctx.outbox.list({ customerId: dao })).map((r) => r.key)).toEqual([`birthday:${dao}:am1985`, `birthday:${dao}:am2007`, `birthday:${dao}:am2026`]);
  });

  it('greets a leap-month birthday in the leap month of 2023 and a regular one in the regular month', async () => {
    const w = jobsWorld(db, clock);
    const regular = await addCustomer(db, clock, { name: 'Lê Văn An', lunar: { day: 5, month: 2 } });
    const leap = await addCustomer(db, clock, { name: 'Lê Văn Bình', lunar: { day: 5, month: 2, leapMonth: true } });
    await planBirthdayGreetings(w.ctx, d(2023, 2, 24)); // 5/2 âm lịch
    await planBirthdayGreetings(w.ctx, d(2023, 3, 26)); // 5/2 nhuận
    expect((await w.ctx.outbox.list({ purpose: 'birthday' })).map((r) => [r.customerId, r.occasionDate])).toEqual([
      [regular, '2023-02-24'],
      [leap, '2023-03-26'],
    ]);
  });
});

describe('consent', () => {
  it('plans nothing for a customer without care consent', async () => {
    const w = jobsWorld(db, clock);
    await addCustomer(db, clock, { name: 'Lê Thị Mai', birthday: { day: 12, month: 3 }, care: false, telegram: '103' });
    expect((await runJob(w.ctx, BIRTHDAY_JOB)) as { planned: number }).toMatchObject({ planned: 0 });
    await dispatchDue(w.ctx);
    expect(w.telegram.sent).toEqual([]);
  });

  it('cancels a planned greeting when consent is withdrawn or the data erased before it goes', async () => {
    const w = jobsWorld(db, clock);
    const repo = new CustomerRepository(db.conn, clock.now);
    const mai = await addCustomer(db, clock, { name: 'Lê Thị Mai', birthday: { day: 12, month: 3 }, telegram: '103' });
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', birthday: { day: 12, month: 3 }, telegram: '104' });
    await runJob(w.ctx, BIRTHDAY_JOB);
    await repo.recordConsent(mai, { purpose: 'care', granted: false, at: clock.now(), channel: 'telegram', wordingVersion: 'test' }, { kind: 'customer' });
    await repo.erase(lan, { kind: 'customer' });

    expect(await dispatchDue(w.ctx)).toMatchObject({ sent: 0, cancelled: 1 });
    expect(w.telegram.sent).toEqual([]);
    // Withdrawn consent cancels the row; erasure deletes it (its date would tell her birthday).
    const reasons = (await w.ctx.outbox.list({ purpose: 'birthday' })).map((r) => [r.customerId, r.status, r.statusReason]);
    expect(reasons).toEqual([[mai, 'cancelled', 'consent_withdrawn']]);
    expect(await w.ctx.outbox.list({ customerId: lan })).toEqual([]);
  });

  it('lets the engine cancel everything pending for a customer at once (/stop)', async () => {
    const w = jobsWorld(db, clock);
    const mai = await addCustomer(db, clock, { name: 'Lê Thị Mai', birthday: { day: 12, month: 3 }, telegram: '103' });
    await runJob(w.ctx, BIRTHDAY_JOB);
    expect(await w.ctx.outbox.cancelPendingForCustomer(mai, 'consent_withdrawn')).toBe(1);
    expect((await w.ctx.outbox.list({ customerId: mai }))[0]).toMatchObject({ status: 'cancelled', statusReason: 'consent_withdrawn' });
  });
});

describe('exactly once', () => {
  it('one greeting per customer however often and however many planners run', async () => {
    const w = jobsWorld(db, clock);
    const other = jobsWorld(db, clock);
    for (let i = 0; i < 12; i++) await addCustomer(db, clock, { name: `Khách Số ${i}`, birthday: { day: 12, month: 3 }, telegram: String(200 + i) });
    const first = (await runJob(w.ctx, BIRTHDAY_JOB)) as { planned: number };
    const [a, b] = (await Promise.all([runJob(w.ctx, BIRTHDAY_JOB), runJob(other.ctx, BIRTHDAY_JOB)])) as { planned: number; existing: number }[];
    expect(first.planned).toBe(12);
    expect([a!.planned, b!.planned, a!.existing, b!.existing]).toEqual([0, 0, 12, 12]);
    expect(await w.ctx.outbox.list({ purpose: 'birthday' })).toHaveLength(12);

    await dispatchDue(w.ctx);
    await runJob(w.ctx, BIRTHDAY_JOB);
    await dispatchDue(w.ctx);
    expect(w.telegram.sent).toHaveLength(12);
    expect(new Set(w.telegram.sent.map((s) => s.address.userId)).size).toBe(12);
  });
});

describe('channel choice', () => {
  it('records the chat it used and why', async () => {
    const w = jobsWorld(db, clock);
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', birthday: { day: 12, month: 3 }, telegram: '101', zalo: 'z1' });
    await runJob(w.ctx, BIRTHDAY_JOB);
    await dispatchDue(w.ctx);
    expect((await w.ctx.outbox.list({ customerId: lan }))[0]).toMatchObject({
      status: 'sent',
      route: 'chat',
      routeReason: 'telegram_linked',
      address: { channel: 'telegram', account: BOT, userId: '101' },
    });
  });

  it('uses a Zalo template when the Zalo window is closed and one is configured', async () => {
    const w = jobsWorld(db, clock, { templates: true });
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3 }, zalo: 'z1' });
    w.zalo.always('z1', windowClosed());
    await runJob(w.ctx, BIRTHDAY_JOB);
    await dispatchDue(w.ctx);
    expect((await w.ctx.outbox.list({ customerId: lan }))[0]).toMatchObject({ status: 'sent', route: 'template', routeReason: 'zalo_window_closed' });
    expect(w.templates!.sent).toEqual([
      {
        purpose: 'birthday',
        address: { channel: 'zalo', account: 'oa1', userId: 'z1' },
        phone: '+84912345678',
        params: { name: 'Nguyễn Thị Lan', given_name: 'Lan', spa_name: 'Spa Hoa Sen', date: '12/03/2026' },
        trackingId: `birthday:${lan}:2026`,
      },
    ]);
  });

  it('a customer with no chat becomes a reminder to her managing staff member, with her phone', async () => {
    const w = jobsWorld(db, clock);
    w.staffChats.set('hoa', { channel: 'telegram', account: BOT, userId: '555' });
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3 }, manager: 'hoa' });
    const minh = await addCustomer(db, clock, { name: 'Trần Văn Minh', phone: '+84987654321', birthday: { day: 12, month: 3 }, manager: 'tuan' });
    await runJob(w.ctx, BIRTHDAY_JOB);
    expect(await dispatchDue(w.ctx)).toMatchObject({ handed_off: 2, sent: 2 });

    expect((await w.ctx.outbox.list({ customerId: lan, purpose: 'birthday' }))[0]).toMatchObject({ status: 'handed_off', route: 'staff', routeReason: 'no_chat', staffId: 'hoa' });
    expect(w.telegram.to('555').map((s) => s.text)).toEqual(['🎂 Hôm nay sinh nhật chị Lan (0912 345 678), chưa nhắn được qua chat. Anh/chị gọi chúc mừng giúp em nhé.']);
    // Tuấn has no chat yet: the owner gets it, and the row says so.
    expect(w.telegram.to(OWNER_CHAT.userId).map((s) => s.text)).toEqual(['🎂 Hôm nay sinh nhật anh Minh (0987 654 321), chưa nhắn được qua chat. Anh/chị gọi chúc mừng giúp em nhé.']);
    expect((await w.ctx.outbox.list({ customerId: minh, purpose: 'staff_call' }))[0]).toMatchObject({ status: 'sent', routeReason: 'owner_fallback' });
  });

  it('without a template, a closed Zalo window also goes to staff, and the reason says so', async () => {
    const w = jobsWorld(db, clock);
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3 }, zalo: 'z1' });
    w.zalo.always('z1', windowClosed());
    await runJob(w.ctx, BIRTHDAY_JOB);
    await dispatchDue(w.ctx);
    expect((await w.ctx.outbox.list({ customerId: lan, purpose: 'birthday' }))[0]).toMatchObject({ status: 'handed_off', routeReason: 'zalo_window_closed' });
    expect(w.telegram.to(OWNER_CHAT.userId)).toHaveLength(1);
  });

  it('speaks English to English-speaking customers and "anh" to men', async () => {
    const w = jobsWorld(db, clock);
    await addCustomer(db, clock, { name: 'Trần Thu Hà', birthday: { day: 12, month: 3 }, language: 'en', telegram: '301' });
    await addCustomer(db, clock, { name: 'Lê Hoàng Nam', gender: 'male', birthday: { day: 12, month: 3 }, telegram: '302' });
    await runJob(w.ctx, BIRTHDAY_JOB);
    await dispatchDue(w.ctx);
    expect(w.telegram.to('301')[0]!.text).toBe(customerMessage('birthday', { name: 'Trần Thu Hà', language: 'en', spa: SPA }));
    expect(w.telegram.to('302')[0]!.text).toBe(customerMessage('birthday', { name: 'Lê Hoàng Nam', gender: 'male', language: 'vi', spa: SPA }));
    expect(w.telegram.to('302')[0]!.text).toContain('anh Nam');
  });
});
