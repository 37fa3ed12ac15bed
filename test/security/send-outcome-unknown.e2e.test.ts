// At most once: a send whose outcome is unknown (the platform got the request, no answer came back) becomes
// `unknown` and is never sent again, through the real senders, real HTTP and the dispatcher on the real database.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { BIRTHDAY_JOB } from '../../jobs/birthday-greetings.js';
import { createJobContext, type JobContext } from '../../jobs/job-deps.js';
import { dispatchDue } from '../../jobs/dispatch.js';
import { runJob } from '../../jobs/scheduler.js';
import { ZaloClient } from '../../bots/zalo/client.js';
import { errorToSendResult } from '../../bots/zalo/errors.js';
import { createTelegramSender } from '../../bots/telegram/sender.js';
import type { Engine } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import type { ChannelSender } from '../../src/outbound/types.js';
import { CustomerRepository } from '../../src/store/customers.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startFakeBotApi, type FakeBotApi } from '../support/fake-bot-api.js';
import { addCustomer, BOT, OWNER_CHAT, testConfig, virtualClock } from '../support/jobs-fixture.js';
import { ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

const T0 = '2026-03-12T02:00:00Z'; // 09:00 local, the greeting hour
const HOUR = 3_600_000;
let db: TestDb;
let clock: TestClock;

beforeAll(async () => {
  db = await openTestDb('unknown_outcome');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock(T0);
});

function jobs(senders: ChannelSender[]): JobContext {
  return createJobContext({
    conn: db.conn,
    config: testConfig(),
    log: createLogger('silent'),
    senders,
    staff: { chatOf: async () => OWNER_CHAT },
    clock: virtualClock(clock),
    settings: { dispatchConcurrency: 1, maxAttempts: 5, retryBaseMs: 1_000 },
  });
}

describe('Telegram: the Bot API answers after the client gave up', () => {
  let api: FakeBotApi;
  beforeEach(async () => {
    api = await startFakeBotApi();
  });
  afterEach(async () => api.close());

  it('the sender says unknown (not retry) for a timeout and for a connection cut after the request', async () => {
    const sender = createTelegramSender({ token: api.token, apiRoot: api.apiRoot, timeoutSeconds: 0.3 });
    const guest = { channel: 'telegram' as const, account: String(api.me.id), userId: '7001' };
    api.answerLate('sendMessage', 1, 1_500);
    expect(await sender.send(guest, { text: 'Chúc mừng sinh nhật' })).toMatchObject({ ok: false, kind: 'unknown', reason: expect.stringContaining('timeout') });
    api.dropAfterNext('sendMessage', 1);
    expect(await sender.send(guest, { text: 'Chúc mừng sinh nhật' })).toMatchObject({ ok: false, kind: 'unknown' });
    // Both reached Telegram: the guest has both messages even though the sender heard nothing.
    expect(api.callsTo('sendMessage')).toHaveLength(2);
  });

  it('a greeting whose send timed out is marked unknown and never sent again, nor handed to staff', async () => {
    expect(String(api.me.id)).toBe(BOT);
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', birthday: { day: 12, month: 3 }, telegram: '7001' });
    const ctx = jobs([createTelegramSender({ token: api.token, apiRoot: api.apiRoot, timeoutSeconds: 0.3 })]);
    await runJob(ctx, BIRTHDAY_JOB);
    api.answerLate('sendMessage', 1, 1_500);

    expect(await dispatchDue(ctx)).toMatchObject({ unknown: 1, retried: 0, sent: 0 });
    const [row, ...others] = await ctx.outbox.list({ customerId: lan });
    expect(row).toMatchObject({ status: 'unknown', statusReason: expect.stringContaining('timeout') });
    expect(others).toEqual([]);

    // Later runs, well past any backoff: nothing is due, nothing goes out again.
    clock.advance(HOUR);
    expect(await dispatchDue(ctx)).toMatchObject({ sent: 0, retried: 0, unknown: 0 });
    expect(api.callsTo('sendMessage')).toHaveLength(1);
  });

  it('a Bot API that cannot be reached at all is still retried (the request never left)', async () => {
    await addCustomer(db, clock, { name: 'Trần Thị Mai', birthday: { day: 12, month: 3 }, telegram: '7002' });
    await api.close();
    const ctx = jobs([createTelegramSender({ token: api.token, apiRoot: api.apiRoot, timeoutSeconds: 0.3 })]);
    await runJob(ctx, BIRTHDAY_JOB);
    expect(await dispatchDue(ctx)).toMatchObject({ retried: 1, unknown: 0 });
    api = await startFakeBotApi(); // for afterEach
  });
});

describe('Zalo: the OA API gets the message and the answer never comes', () => {
  const echo: Engine = { handle: async () => [] };
  let h: ZaloHarness;
  beforeEach(async () => {
    h = await startZaloHarness(db, clock, echo);
    await h.seedTokens();
  });
  afterEach(async () => h.stop());

  it('a connection cut after the request: the greeting is unknown and never sent again', async () => {
    const repo = new CustomerRepository(db.conn, clock.now);
    const lan = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', birthday: { day: 12, month: 3 } });
    await repo.linkIdentity(lan, { channel: 'zalo', account: ZALO_TEST.oaId, userId: ZALO_TEST.user });
    await h.zalo.window.recordInbound(ZALO_TEST.oaId, ZALO_TEST.user, clock.now());
    const ctx = jobs([h.zalo.sender]);
    await runJob(ctx, BIRTHDAY_JOB);
    h.standin.answerLateNext('/v3.0/oa/message/cs', 'drop');

    expect(await dispatchDue(ctx)).toMatchObject({ unknown: 1, retried: 0 });
    expect((await ctx.outbox.list({ customerId: lan }))[0]).toMatchObject({ status: 'unknown' });
    clock.advance(HOUR);
    await dispatchDue(ctx);
    expect(h.standin.texts).toHaveLength(1);
  });

  it('a consultation message answered after the client timeout is unknown, and was delivered', async () => {
    const client = new ZaloClient({ apiBase: h.standin.url, oauthBase: h.standin.url, znsBase: h.standin.url, appId: h.standin.appId, appSecret: h.standin.appSecret, timeoutMs: 300 });
    h.standin.answerLateNext('/v3.0/oa/message/cs', 1_500);
    const sent = await client.sendCsText(h.standin.currentPair().accessToken, ZALO_TEST.user, 'Chúc mừng sinh nhật').catch((e: unknown) => e);
    expect(errorToSendResult(sent)).toMatchObject({ kind: 'unknown', reason: 'zalo http timeout' });
    expect(h.standin.texts).toHaveLength(1);
  });
});
