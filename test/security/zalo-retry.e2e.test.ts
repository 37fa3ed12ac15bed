// A Zalo event whose handling failed is tried again by the `retry-inbound` job with a growing pause (Zalo does
// not redeliver what we acknowledged); out of tries it is shown to the owner by `hoso jobs list`. Real webhook
// HTTP, real engine, real database.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createJobContext, type JobContext } from '../../jobs/job-deps.js';
import { RETRY_INBOUND_JOB } from '../../jobs/retry-inbound.js';
import { runJob } from '../../jobs/scheduler.js';
import type { Engine } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { conversationModel } from '../../src/store/models/conversation.js';
import { BUSY_ATTEMPTS } from '../../src/store/server-busy.js';
import { ZALO_EVENT_MAX_ATTEMPTS, ZALO_EVENT_RETRY_DELAYS_MS } from '../../src/store/zalo-events.js';
import { busyNext } from '../support/busy-server.js';
import { makeEngine } from '../support/chat.js';
import { runHoso } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { testConfig, virtualClock } from '../support/jobs-fixture.js';
import { deliver, signed, textEvent, ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

let db: TestDb;
let clock: TestClock;
let h: ZaloHarness;

beforeAll(async () => {
  db = await openTestDb('zalo_retry');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-12T03:00:00Z');
});
afterEach(async () => h?.stop());

async function start(engine: Engine): Promise<JobContext> {
  h = await startZaloHarness(db, clock, engine);
  await h.seedTokens();
  return createJobContext({ conn: db.conn, config: testConfig(), log: createLogger('silent'), inbound: [{ channel: 'zalo', retryDue: () => h.zalo.retryDue() }], clock: virtualClock(clock) });
}

describe('failed Zalo events', () => {
  it('are handled again after their pause, exactly once, and the guest gets the answer', async () => {
    const { engine } = makeEngine(db, clock);
    const jobs = await start(engine);
    // The database stays busy through every retry of the conversation's first write: the event fails.
    const busy = busyNext(conversationModel(db.conn), 'insertOne', BUSY_ATTEMPTS);
    expect((await deliver(h.webhookUrl, signed(textEvent('Chào spa', { at: clock.now(), msgId: 'm-1' })))).status).toBe(200);
    await h.zalo.idle();
    busy.restore();
    expect(await h.store.zalo.events.status(ZALO_TEST.oaId, 'm-1')).toBe('failed');
    expect(h.standin.texts).toEqual([]);

    // Not before its pause is over.
    clock.advance(ZALO_EVENT_RETRY_DELAYS_MS[0] - 1_000);
    expect(await runJob(jobs, RETRY_INBOUND_JOB)).toMatchObject({ retried: 0 });
    clock.advance(1_000);
    expect(await runJob(jobs, RETRY_INBOUND_JOB)).toMatchObject({ retried: 1, done: 1 });
    expect(await h.store.zalo.events.status(ZALO_TEST.oaId, 'm-1')).toBe('done');
    const greeting = h.standin.texts.map((t) => t.text).join('\n');
    expect(greeting).toMatch(/Spa Hoa Sen|chào/i);

    // Done means done: the next run and Zalo's own redelivery change nothing.
    const sent = h.standin.texts.length;
    clock.advance(3_600_000);
    expect(await runJob(jobs, RETRY_INBOUND_JOB)).toMatchObject({ retried: 0 });
    await deliver(h.webhookUrl, signed(textEvent('Chào spa', { at: clock.now(), msgId: 'm-1' })));
    await h.zalo.idle();
    expect(h.standin.texts).toHaveLength(sent);
  });

  it('out of tries, an event is given up and the owner sees it in `hoso jobs list`, without its text', async () => {
    const broken: Engine = {
      handle: async () => {
        throw Object.assign(new Error('database unreachable'), { name: 'MongoNetworkError' });
      },
    };
    const jobs = await start(broken);
    await deliver(h.webhookUrl, signed(textEvent('Em tên Lan, số 0912345678', { at: clock.now(), msgId: 'm-lost' })));
    await h.zalo.idle();
    for (const delay of ZALO_EVENT_RETRY_DELAYS_MS) {
      clock.advance(delay);
      await runJob(jobs, RETRY_INBOUND_JOB);
    }
    expect(await h.store.zalo.events.status(ZALO_TEST.oaId, 'm-lost')).toBe('abandoned');
    const doc = await db.conn.db!.collection('zalo_events').findOne({ key: 'm-lost' });
    expect(doc).toMatchObject({ attempts: ZALO_EVENT_MAX_ATTEMPTS, lastError: 'MongoNetworkError' });

    // No more tries after that.
    clock.advance(24 * 3_600_000);
    expect(await runJob(jobs, RETRY_INBOUND_JOB)).toMatchObject({ retried: 0 });

    const listed = await runHoso(h.env, ['jobs', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('retry-inbound');
    expect(listed.out).toMatch(/failed Zalo events: chờ thử lại \/ retrying 0 · bỏ cuộc \/ given up 1/);
    expect(listed.out).toMatch(/GIVEN UP: user_send_text m-lost .*5 lần \/ tries, lỗi \/ error MongoNetworkError/);
    expect(listed.out).not.toMatch(/0912345678|Lan/);
  });
});
