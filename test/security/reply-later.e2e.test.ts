// A bot reply the platform did not take is not forgotten: it goes to the outbox and the dispatcher sends it,
// once and in order. Through the real grammY bot (fake Bot API) and the real Zalo webhook (stand-in).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createJobContext } from '../../jobs/job-deps.js';
import { dispatchDue } from '../../jobs/dispatch.js';
import { createTelegramSender } from '../../bots/telegram/sender.js';
import { createLogger } from '../../src/log.js';
import { outboxReplyQueue } from '../../src/outbound/later-replies.js';
import type { ChannelSender } from '../../src/outbound/types.js';
import { outboxModel } from '../../src/store/models/outbox.js';
import { makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { OWNER_CHAT, testConfig, virtualClock } from '../support/jobs-fixture.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, GUEST, withId } from '../support/telegram-updates.js';
import { deliver, signed, textEvent, ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

let db: TestDb;
let clock: TestClock;

beforeAll(async () => {
  db = await openTestDb('reply_later');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-12T03:00:00Z'); // 10:00 local
});

const jobsWith = (sender: ChannelSender) =>
  createJobContext({ conn: db.conn, config: testConfig(), log: createLogger('silent'), senders: [sender], staff: { chatOf: async () => OWNER_CHAT }, clock: virtualClock(clock) });

describe('Telegram: a reply refused by flood control beyond the bot’s bound', () => {
  let h: TelegramHarness;
  afterEach(async () => h?.stop());

  it('is queued in the outbox and sent later by the dispatcher, once, with its buttons', async () => {
    const { engine, store } = makeEngine(db, clock);
    h = await startTelegramHarness('polling', engine, { laterReplies: outboxReplyQueue(store.outbox, clock.now) });
    // retry_after 30 s is beyond auto-retry's 5 s bound: the bot does not wait it out in the handler.
    h.api.rateLimitNextSends(1, 30);
    await h.deliver(withId(command(GUEST, '/start'), 9300));
    expect(h.api.callsTo('sendMessage')).toHaveLength(1); // the refused one
    const [row] = await store.outbox.list({ purpose: 'reply' });
    expect(row).toMatchObject({ status: 'pending', audience: 'chat', address: { channel: 'telegram', userId: String(GUEST.id) } });

    const jobs = jobsWith(createTelegramSender({ token: h.api.token, apiRoot: h.api.apiRoot }));
    expect(await dispatchDue(jobs)).toMatchObject({ sent: 1 });
    const delivered = h.api.callsTo('sendMessage').slice(1);
    expect(delivered.map((p) => String(p.chat_id))).toEqual(delivered.map(() => String(GUEST.id)));
    expect(String(delivered[0]!.text)).toContain('Spa Hoa Sen');
    expect(delivered.some((p) => JSON.stringify(p.reply_markup ?? {}).includes('inline_keyboard'))).toBe(true);

    // Sent means sent: later runs and a redelivery of the update add nothing.
    clock.advance(3_600_000);
    await dispatchDue(jobs);
    await h.deliver(withId(command(GUEST, '/start'), 9300));
    expect(h.api.callsTo('sendMessage')).toHaveLength(1 + delivered.length);
    expect((await outboxModel(db.conn).findOne({ purpose: 'reply' }).lean())?.replies).toBeUndefined();
  });
});

describe('Zalo: a reply refused for a transient reason', () => {
  let h: ZaloHarness;
  afterEach(async () => h?.stop());

  it('is queued in the outbox and sent later, once', async () => {
    const { engine } = makeEngine(db, clock);
    h = await startZaloHarness(db, clock, engine);
    await h.seedTokens();
    h.standin.failNext('/v3.0/oa/message/cs', -32); // rate limited: try again later
    await deliver(h.webhookUrl, signed(textEvent('Chào spa', { at: clock.now(), msgId: 'z-1' })));
    await h.zalo.idle();
    expect(h.standin.texts).toEqual([]);
    expect(await h.store.zalo.events.status(ZALO_TEST.oaId, 'z-1')).toBe('done');

    const jobs = jobsWith(h.zalo.sender);
    expect(await dispatchDue(jobs)).toMatchObject({ sent: 1 });
    expect(h.standin.texts.length).toBeGreaterThan(0);
    expect(h.standin.texts[0]!.text).toContain('Spa Hoa Sen');
    const n = h.standin.texts.length;
    clock.advance(3_600_000);
    await dispatchDue(jobs);
    expect(h.standin.texts).toHaveLength(n);
  });
});
