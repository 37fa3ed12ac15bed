// The outbox dispatcher on the real database: retry_after, backoff and giving up, quiet hours, pacing, leases.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { BIRTHDAY_JOB } from '../../jobs/birthday-greetings.js';
import { dispatchDue } from '../../jobs/dispatch.js';
import { runJob } from '../../jobs/scheduler.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { addCustomer, jobsWorld, OWNER_CHAT } from '../support/jobs-fixture.js';
import { blocked, retryAfter, transient } from '../support/recording-sender.js';

let db: TestDb;
let clock: TestClock;
const T0 = '2026-03-12T02:00:00Z'; // 09:00 local, the greeting hour
const at = (offsetMs: number) => new Date(Date.parse(T0) + offsetMs);

beforeAll(async () => {
  db = await openTestDb('dispatch');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock(T0);
});

const birthdayGirl = (n: number) => ({ name: `Nguyễn Thị Khách${n}`, birthday: { day: 12, month: 3 }, telegram: String(100 + n) });

describe('Telegram 429', () => {
  it('retries exactly when retry_after says, not before', async () => {
    const w = jobsWorld(db, clock);
    const lan = await addCustomer(db, clock, birthdayGirl(1));
    await runJob(w.ctx, BIRTHDAY_JOB);
    w.telegram.failNext(retryAfter(7_000));

    expect(await dispatchDue(w.ctx)).toMatchObject({ retried: 1, sent: 0 });
    const [row] = await w.ctx.outbox.list({ customerId: lan });
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: '429: Too Many Requests', nextAttemptAt: at(7_000) });

    clock.set(at(6_999));
    expect((await dispatchDue(w.ctx)).sent).toBe(0);
    clock.set(at(7_000));
    expect((await dispatchDue(w.ctx)).sent).toBe(1);
    expect(w.telegram.sent).toHaveLength(1);
  });

  it('holds the whole channel until retry_after has passed', async () => {
    const w = jobsWorld(db, clock);
    await addCustomer(db, clock, birthdayGirl(1));
    await addCustomer(db, clock, birthdayGirl(2));
    await runJob(w.ctx, BIRTHDAY_JOB);
    w.telegram.failNext(retryAfter(3_000));
    await dispatchDue(w.ctx);
    expect(w.telegram.sent).toHaveLength(1);
    expect(w.telegram.sent[0]!.at.getTime()).toBeGreaterThanOrEqual(at(3_000).getTime());
  });
});

describe('transient failures', () => {
  it('backs off exponentially, then gives up into a visible state and hands the greeting to staff', async () => {
    const w = jobsWorld(db, clock, { settings: { maxAttempts: 3, retryBaseMs: 1_000 } });
    const lan = await addCustomer(db, clock, birthdayGirl(1));
    await runJob(w.ctx, BIRTHDAY_JOB);
    w.telegram.failNext(transient(), transient(), transient());

    await dispatchDue(w.ctx);
    expect((await w.ctx.outbox.list({ customerId: lan }))[0]).toMatchObject({ attempts: 1, nextAttemptAt: at(1_000) });
    clock.set(at(1_000));
    await dispatchDue(w.ctx);
    expect((await w.ctx.outbox.list({ customerId: lan }))[0]).toMatchObject({ attempts: 2, nextAttemptAt: at(3_000) });
    clock.set(at(3_000));
    await dispatchDue(w.ctx);

    const [greeting, call] = await w.ctx.outbox.list({ customerId: lan });
    expect(greeting).toMatchObject({ status: 'handed_off', attempts: 3, statusReason: 'gave up after 3 attempts: 502: Bad Gateway' });
    expect(call).toMatchObject({ purpose: 'staff_call', status: 'sent', staffId: 'owner' });
    expect(w.telegram.to(OWNER_CHAT.userId)[0]!.text).toMatch(/^🎂 Hôm nay sinh nhật chị Khách1/);
  });

  it('a blocked chat hands over at once; a staff message that cannot go is failed, never silently dropped', async () => {
    const w = jobsWorld(db, clock);
    const lan = await addCustomer(db, clock, birthdayGirl(1));
    w.telegram.always('101', blocked());
    w.telegram.always(OWNER_CHAT.userId, blocked());
    await runJob(w.ctx, BIRTHDAY_JOB);
    expect(await dispatchDue(w.ctx)).toMatchObject({ handed_off: 1, failed: 1 });
    const rows = await w.ctx.outbox.list({ customerId: lan });
    expect(rows.map((r) => [r.purpose, r.status, r.statusReason])).toEqual([
      ['birthday', 'handed_off', 'permanent: 403: Forbidden: bot was blocked by the user'],
      ['staff_call', 'failed', 'permanent: 403: Forbidden: bot was blocked by the user'],
    ]);
    expect(await w.ctx.outbox.countByStatus()).toMatchObject({ failed: 1, handed_off: 1 });
  });
});

describe('quiet hours', () => {
  it('sends nothing during quiet hours and resumes when they end', async () => {
    const w = jobsWorld(db, clock, { env: { QUIET_HOURS_START: '12:00', QUIET_HOURS_END: '13:30', BIRTHDAY_SEND_TIME: '12:15' } });
    await addCustomer(db, clock, birthdayGirl(1));
    await runJob(w.ctx, BIRTHDAY_JOB);
    clock.set('2026-03-12T05:15:00Z'); // 12:15 local
    expect((await dispatchDue(w.ctx)).quietUntil).toBe('2026-03-12T06:30:00.000Z');
    clock.set('2026-03-12T06:29:59Z');
    expect((await dispatchDue(w.ctx)).sent).toBe(0);
    clock.set('2026-03-12T06:30:00Z');
    expect((await dispatchDue(w.ctx)).sent).toBe(1);
  });

  it('a greeting held past 21:00 by failures is not sent the next morning: it expires', async () => {
    const w = jobsWorld(db, clock, { env: { BIRTHDAY_SEND_TIME: '20:59' } });
    const lan = await addCustomer(db, clock, birthdayGirl(1));
    await runJob(w.ctx, BIRTHDAY_JOB);
    clock.set('2026-03-12T13:59:00Z'); // 20:59 local
    w.telegram.failNext(transient());
    await dispatchDue(w.ctx);
    clock.set('2026-03-12T14:00:00Z'); // 21:00
    expect(await dispatchDue(w.ctx)).toMatchObject({ sent: 0, quietUntil: '2026-03-13T01:00:00.000Z' });
    clock.set('2026-03-13T01:00:00Z'); // 08:00 the next day
    expect(await dispatchDue(w.ctx)).toMatchObject({ sent: 0, expired: 1 });
    expect((await w.ctx.outbox.list({ customerId: lan }))[0]).toMatchObject({ status: 'expired' });
    expect(w.telegram.sent).toEqual([]);
  });
});

describe('pacing', () => {
  it('never exceeds the channel rate in any second, nor one message per second to one chat', async () => {
    const w = jobsWorld(db, clock, { env: { SEND_RATE_TELEGRAM: '10' } });
    for (let i = 0; i < 25; i++) await addCustomer(db, clock, birthdayGirl(i));
    // Three customers without a chat: three reminders to the same owner chat.
    for (let i = 0; i < 3; i++) await addCustomer(db, clock, { name: `Trần Văn Khách${i}`, birthday: { day: 12, month: 3 } });
    await runJob(w.ctx, BIRTHDAY_JOB);
    await dispatchDue(w.ctx);
    const times = w.telegram.sent.map((s) => s.at.getTime());
    expect(times).toHaveLength(28);
    for (let i = 10; i < times.length; i++) expect(times[i]! - times[i - 10]!).toBeGreaterThanOrEqual(1_000);
    const owner = w.telegram.to(OWNER_CHAT.userId).map((s) => s.at.getTime());
    expect(owner).toHaveLength(3);
    for (let i = 1; i < owner.length; i++) expect(owner[i]! - owner[i - 1]!).toBeGreaterThanOrEqual(1_000);
  });
});

describe('after a crash', () => {
  it('a row claimed by a dead dispatcher is sent once its lease runs out; one caught mid-send is marked unknown, not resent', async () => {
    const w = jobsWorld(db, clock);
    const a = await addCustomer(db, clock, birthdayGirl(1));
    const b = await addCustomer(db, clock, birthdayGirl(2));
    await runJob(w.ctx, BIRTHDAY_JOB);
    const [rowA] = await w.ctx.outbox.list({ customerId: a });
    const [rowB] = await w.ctx.outbox.list({ customerId: b });
    const lease = at(5 * 60_000);
    await w.ctx.outbox.claim(rowA!, 'dead-worker', lease);
    const claimedB = await w.ctx.outbox.claim(rowB!, 'dead-worker', lease);
    await w.ctx.outbox.markSending(claimedB!, 'dead-worker', lease, { route: 'chat', routeReason: 'telegram_linked' });

    clock.set(at(60_000));
    expect((await dispatchDue(w.ctx)).sent).toBe(0);
    clock.set(at(5 * 60_000 + 1));
    expect(await dispatchDue(w.ctx)).toMatchObject({ sent: 1, unknown: 1 });
    expect(w.telegram.sent.map((s) => s.address.userId)).toEqual(['101']);
    expect((await w.ctx.outbox.list({ customerId: b }))[0]).toMatchObject({ status: 'unknown' });
  });

  it('a second dispatcher cannot take a row another one holds', async () => {
    const w = jobsWorld(db, clock);
    const a = await addCustomer(db, clock, birthdayGirl(1));
    await runJob(w.ctx, BIRTHDAY_JOB);
    const [row] = await w.ctx.outbox.list({ customerId: a });
    expect(await w.ctx.outbox.claim(row!, 'first', at(60_000))).not.toBeNull();
    expect(await w.ctx.outbox.claim(row!, 'second', at(60_000))).toBeNull();
  });
});
