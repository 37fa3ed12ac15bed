// A bot reply that could not be sent goes to the outbox: retried with backoff (bounded), in order, never twice,
// and even in quiet hours, because it answers someone who just wrote. On the real database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { BIRTHDAY_JOB } from '../../jobs/birthday-greetings.js';
import { dispatchDue } from '../../jobs/dispatch.js';
import { runJob } from '../../jobs/scheduler.js';
import { outboxReplyQueue } from '../../src/outbound/later-replies.js';
import { outboxModel } from '../../src/store/models/outbox.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { addCustomer, BOT, jobsWorld } from '../support/jobs-fixture.js';
import { blocked, transient } from '../support/recording-sender.js';

let db: TestDb;
let clock: TestClock;
const T0 = '2026-03-12T03:00:00Z'; // 10:00 local
const guest = { channel: 'telegram' as const, account: BOT, userId: '5001' };
const card = { text: 'Dạ, em tóm tắt: Nguyễn Thị Lan, 0912 345 678', choices: [{ label: 'Đúng rồi', value: 'confirm:yes' }] };
const thanks = { text: 'Cảm ơn chị!' };

beforeAll(async () => {
  db = await openTestDb('reply_retry');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock(T0);
});

async function rowText(): Promise<unknown> {
  const doc = await outboxModel(db.conn).findOne({ purpose: 'reply' }).lean();
  return doc?.replies;
}

describe('replies the bot could not send', () => {
  it('are sent later, in order, after a transient failure; a redelivery of the same event adds no second row', async () => {
    const w = jobsWorld(db, clock, { settings: { retryBaseMs: 1_000 } });
    const queue = outboxReplyQueue(w.ctx.outbox, clock.now);
    await queue.later(guest, 'tg:77', [card, thanks]);
    await queue.later(guest, 'tg:77', [card, thanks]);
    expect(await w.ctx.outbox.list({ purpose: 'reply' })).toHaveLength(1);

    w.telegram.failNext(transient());
    expect(await dispatchDue(w.ctx)).toMatchObject({ retried: 1 });
    expect(w.telegram.sent).toEqual([]);
    clock.advance(1_000);
    expect(await dispatchDue(w.ctx)).toMatchObject({ sent: 1 });
    expect(w.telegram.to('5001').map((s) => s.text)).toEqual([card.text, thanks.text]);
    const [row] = await w.ctx.outbox.list({ purpose: 'reply' });
    expect(row).toMatchObject({ status: 'sent', audience: 'chat', attempts: 1 });
    // The guest's words are not kept once the row is done.
    expect(await rowText()).toBeUndefined();
  });

  it('a failure after the first reply went out retries only the rest: nothing is sent twice', async () => {
    const w = jobsWorld(db, clock, { settings: { retryBaseMs: 1_000 } });
    await outboxReplyQueue(w.ctx.outbox, clock.now).later(guest, 'tg:78', [card, thanks]);
    w.telegram.failNext({ ok: true }, transient());
    await dispatchDue(w.ctx);
    clock.advance(1_000);
    await dispatchDue(w.ctx);
    expect(w.telegram.to('5001').map((s) => s.text)).toEqual([card.text, thanks.text]);
  });

  it('gives up after OUTBOX_MAX_ATTEMPTS into a visible `failed`, and a blocked chat at once', async () => {
    const w = jobsWorld(db, clock, { settings: { maxAttempts: 2, retryBaseMs: 1_000 } });
    const queue = outboxReplyQueue(w.ctx.outbox, clock.now);
    await queue.later(guest, 'tg:79', [thanks]);
    w.telegram.failNext(transient(), transient());
    await dispatchDue(w.ctx);
    clock.advance(1_000);
    await dispatchDue(w.ctx);
    expect((await w.ctx.outbox.list({ purpose: 'reply' }))[0]).toMatchObject({ status: 'failed', attempts: 2 });
    expect(await rowText()).toBeUndefined();

    await queue.later({ ...guest, userId: '5002' }, 'tg:80', [thanks]);
    w.telegram.always('5002', blocked());
    await dispatchDue(w.ctx);
    expect((await w.ctx.outbox.list({ purpose: 'reply' }))[1]).toMatchObject({ status: 'failed', statusReason: expect.stringContaining('blocked') });
    expect(await w.ctx.outbox.countByStatus()).toMatchObject({ failed: 2 });
  });

  it('an answer whose send outcome is unknown is not sent again', async () => {
    const w = jobsWorld(db, clock, { settings: { retryBaseMs: 1_000 } });
    await outboxReplyQueue(w.ctx.outbox, clock.now).later(guest, 'tg:81', [thanks]);
    w.telegram.failNext({ ok: false, kind: 'unknown', reason: 'no answer (timeout)' });
    expect(await dispatchDue(w.ctx)).toMatchObject({ unknown: 1 });
    clock.advance(3_600_000);
    await dispatchDue(w.ctx);
    expect(w.telegram.sent).toEqual([]);
  });

  it('goes out in quiet hours, when a birthday greeting waits for the morning', async () => {
    clock.set('2026-03-12T15:00:00Z'); // 22:00 local
    const w = jobsWorld(db, clock);
    await addCustomer(db, clock, { name: 'Trần Thị Mai', birthday: { day: 12, month: 3 }, telegram: '6001' });
    await runJob(w.ctx, BIRTHDAY_JOB, { date: { year: 2026, month: 3, day: 12 } });
    await outboxReplyQueue(w.ctx.outbox, clock.now).later(guest, 'tg:82', [thanks]);
    expect(await dispatchDue(w.ctx)).toMatchObject({ sent: 1, quietUntil: expect.any(String) });
    expect(w.telegram.sent.map((s) => s.address.userId)).toEqual(['5001']);
  });

  it('an answer too late to make sense expires instead of arriving an hour later', async () => {
    const w = jobsWorld(db, clock);
    await outboxReplyQueue(w.ctx.outbox, clock.now).later(guest, 'tg:83', [thanks]);
    clock.advance(61 * 60_000);
    expect(await dispatchDue(w.ctx)).toMatchObject({ expired: 1 });
    expect(w.telegram.sent).toEqual([]);
    expect(await rowText()).toBeUndefined();
  });
});
