// Follow-ups after registration and visits, and the staff's morning list, on the real database with a virtual clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dispatchDue } from '../../jobs/dispatch.js';
import { FOLLOW_UP_JOB, planFollowUps } from '../../jobs/follow-ups.js';
import { runJob } from '../../jobs/scheduler.js';
import { STAFF_REMINDER_JOB } from '../../jobs/staff-reminders.js';
import { customerMessage } from '../../src/domain/scheduled-copy.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { addCustomer, addVisit, BOT, jobsWorld } from '../support/jobs-fixture.js';

let db: TestDb;
let clock: TestClock;
const today = { year: 2026, month: 3, day: 12 };
const localNoon = (day: number) => new Date(Date.UTC(2026, 2, day, 5, 0)); // 12:00 in Vietnam

beforeAll(async () => {
  db = await openTestDb('followups');
});
afterAll(async () => db.close());
// The spa name jobsWorld configures (a setting, not copy).
const SPA = 'Spa Hoa Sen';
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-12T00:30:00Z'); // 07:30 local
});

describe('follow-ups', () => {
  it('asks a day after registration, at the follow-up hour', async () => {
    const w = jobsWorld(db, clock);
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', telegram: '101', createdAt: new Date('2026-03-11T16:59:00Z') }); // 23:59 on 11/3
    await addCustomer(db, clock, { name: 'Lê Thị Mai', telegram: '102', createdAt: new Date('2026-03-11T17:00:00Z') }); // 00:00 on 12/3
    await runJob(w.ctx, FOLLOW_UP_JOB);
    const rows = await w.ctx.outbox.list({ purpose: 'follow_up_registration' });
    expect(rows.map((r) => [r.customerId, r.dueAt.toISOString()])).toEqual([[lan, '2026-03-12T03:00:00.000Z']]);

    clock.set('2026-03-12T03:00:00Z');
    await dispatchDue(w.ctx);
    expect(w.telegram.to('101').map((s) => s.text)).toEqual([customerMessage('follow_up_registration', { name: 'Nguyễn Thị Lan', language: 'vi', spa: SPA })]);
  });

  it('asks three days after a visit, or after the service’s own delay', async () => {
    const w = jobsWorld(db, clock, { env: { FOLLOW_UP_SERVICE_DAYS: 'Trị mụn:7' } });
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', telegram: '101' });
    const mai = await addCustomer(db, clock, { name: 'Lê Thị Mai', telegram: '102' });
    const massage = await addVisit(db, lan, { at: localNoon(9), service: 'Massage' });
    const hoa = await addCustomer(db, clock, { name: 'Phạm Thị Hoa', telegram: '103' });
    await addVisit(db, hoa, { at: localNoon(9), service: 'Trị mụn' }); // acne care waits a week
    const acne = await addVisit(db, mai, { at: localNoon(5), service: 'trị mụn' });

    const first = await planFollowUps(w.ctx, today);
    const again = await planFollowUps(w.ctx, today);
    expect([first.planned, again.planned, again.existing]).toEqual([2, 0, 2]);
    expect((await w.ctx.outbox.list({ purpose: 'follow_up_visit' })).map((r) => r.key).sort()).toEqual([`follow_up_visit:${lan}:${massage}`, `follow_up_visit:${mai}:${acne}`].sort());

    clock.set('2026-03-12T03:00:00Z');
    await dispatchDue(w.ctx);
    expect(w.telegram.to('101')[0]!.text).toBe(customerMessage('follow_up_visit', { name: 'Nguyễn Thị Lan', language: 'vi', spa: SPA, service: 'Massage' }));
    expect(w.telegram.to('102')[0]!.text).toBe(customerMessage('follow_up_visit', { name: 'Lê Thị Mai', language: 'vi', spa: SPA, service: 'trị mụn' }));
  });

  it('is cancelled when the customer has already come back or booked again', async () => {
    const w = jobsWorld(db, clock);
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', telegram: '101', createdAt: localNoon(11) });
    await addVisit(db, lan, { at: localNoon(9), service: 'Massage' });
    await addVisit(db, lan, { at: localNoon(14), service: 'Massage', status: 'booked' });
    await planFollowUps(w.ctx, today);
    clock.set('2026-03-12T03:00:00Z');
    expect(await dispatchDue(w.ctx)).toMatchObject({ cancelled: 2, sent: 0 });
    expect((await w.ctx.outbox.list({ customerId: lan })).map((r) => r.statusReason)).toEqual(['came_back', 'came_back']);
  });
});

describe('staff morning list', () => {
  it('lists follow-ups no chat can carry and incomplete profiles of today’s visitors, once, to the right person', async () => {
    const w = jobsWorld(db, clock);
    const hoa = { channel: 'telegram' as const, account: BOT, userId: '555' };
    w.staffChats.set('hoa', hoa);
    const noChat = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', phone: '+84912345678', manager: 'hoa' });
    const withChat = await addCustomer(db, clock, { name: 'Lê Thị Mai', telegram: '102', manager: 'hoa' });
    const visitor = await addCustomer(db, clock, { name: 'Trần Văn Minh', phone: '+84987654321', birthday: { day: 1, month: 1 } });
    await addVisit(db, noChat, { at: localNoon(9), service: 'Massage' });
    await addVisit(db, withChat, { at: localNoon(9), service: 'Massage' });
    await addVisit(db, visitor, { at: new Date('2026-03-12T08:00:00Z'), service: 'Gội đầu', status: 'booked', staffId: 'hoa' });

    clock.set('2026-03-12T01:30:00Z'); // 08:30
    expect(await runJob(w.ctx, STAFF_REMINDER_JOB)).toMatchObject({ digests: 1, calls: 1, incomplete: 1 });
    expect(await runJob(w.ctx, STAFF_REMINDER_JOB)).toMatchObject({ digests: 1, planned: 0, existing: 1 });
    await dispatchDue(w.ctx);
    expect(w.telegram.to('555').map((s) => s.text)).toEqual([
      [
        '📋 Việc hôm nay (12/3):',
        '',
        'Cần gọi:',
        '• chị Lan (0912 345 678): hỏi thăm sau buổi Massage',
        '',
        'Hồ sơ còn thiếu (khách đến hôm nay):',
        '• anh Minh (0987 654 321): thiếu giới tính, email, địa chỉ, nghề nghiệp, nhu cầu (hồ sơ 38%)',
      ].join('\n'),
    ]);

    // At the follow-up hour only the customer with a chat is messaged; the other call is already on the list.
    clock.set('2026-03-12T03:00:00Z');
    await dispatchDue(w.ctx);
    expect(w.telegram.to('102')).toHaveLength(1);
    expect(w.telegram.to('555')).toHaveLength(1);
    expect((await w.ctx.outbox.list({ customerId: noChat }))[0]).toMatchObject({ status: 'handed_off', routeReason: 'no_chat', digestKey: 'staff_digest:hoa:2026-03-12' });
  });
});
