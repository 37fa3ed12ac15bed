// An update counts as processed only once its effects are saved: a failing step answers 500 (webhook) or is
// tried again (polling), so Telegram's redelivery is handled, not dropped as a duplicate; a redelivery of a
// saved update stays a no-op, also after a restart. Real grammY, real engine, real database.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Update } from 'grammy/types';
import type { Engine } from '../../src/engine/types.js';
import { conversationModel } from '../../src/store/models/conversation.js';
import { customerModel } from '../../src/store/models/customer.js';
import { identityModel } from '../../src/store/models/identity.js';
import { BUSY_ATTEMPTS } from '../../src/store/server-busy.js';
import type { Store } from '../../src/store/index.js';
import { busyNext, type BusyScript } from '../support/busy-server.js';
import { Chat, makeEngine, reachStep } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type Mode, type TelegramHarness } from '../support/telegram-harness.js';
import { command, GUEST, tap, withId } from '../support/telegram-updates.js';

let db: TestDb;
let clock: TestClock;
let engine: Engine;
let store: Store;
let h: TelegramHarness;
let busy: BusyScript | undefined;

beforeAll(async () => {
  db = await openTestDb('tg_redelivery');
});
afterAll(async () => db.close());
afterEach(async () => {
  busy?.restore();
  busy = undefined;
  await h?.stop();
});

const toGuest = () => h.api.callsTo('sendMessage').filter((p) => String(p.chat_id) === String(GUEST.id));

describe.each<Mode>(['webhook', 'polling'])('Telegram (%s): a step that fails', (mode) => {
  beforeEach(async () => {
    await db.clear();
    clock = new TestClock('2026-03-12T03:00:00Z');
    ({ engine, store } = makeEngine(db, clock));
    h = await startTelegramHarness(mode, engine);
  });

  /** Delivers once as Telegram would and says what the webhook answered (polling: 200 once confirmed). */
  async function deliverOnce(update: Update): Promise<number> {
    if (mode === 'polling') {
      await h.deliver(update);
      return 200;
    }
    return (await h.api.postToWebhook(update)).status;
  }

  it('is not marked processed: its redelivery is handled and the guest is answered exactly once', async () => {
    // The database stays busy through every retry of the chat's first write, then recovers.
    busy = busyNext(conversationModel(db.conn), 'insertOne', BUSY_ATTEMPTS);
    const start = withId(command(GUEST, '/start'), 9001);
    if (mode === 'webhook') {
      expect(await deliverOnce(start)).toBe(500);
      expect(toGuest()).toEqual([]);
      expect(await deliverOnce(start)).toBe(200); // Telegram's redelivery
    } else {
      await deliverOnce(start); // tried again inside the bot, then confirmed
    }
    expect(busy.refused).toBe(BUSY_ATTEMPTS);
    const greeted = toGuest().length;
    expect(greeted).toBeGreaterThan(0);
    expect(String(toGuest()[0]!.text)).toContain('Spa Hoa Sen');

    // And now that it is saved, one more redelivery changes nothing.
    expect(await deliverOnce(start)).toBe(200);
    expect(toGuest()).toHaveLength(greeted);
  });

  it('while a registration is saved fails the whole message, and the redelivery saves it once, whole', async () => {
    const chat = new Chat(engine, { channel: 'telegram', account: String(h.api.me.id), userId: String(GUEST.id) });
    await reachStep(chat, 'confirm');
    const yes = chat.last.flatMap((r) => r.choices ?? []).find((c) => c.label.includes('Đúng rồi'))!;
    // The chat link cannot be written, however often the store tries.
    busy = busyNext(identityModel(db.conn), 'insertOne', mode === 'webhook' ? BUSY_ATTEMPTS : BUSY_ATTEMPTS * 2);
    const confirm = withId(tap(GUEST, yes.value, 77), 9002);
    if (mode === 'webhook') {
      expect(await deliverOnce(confirm)).toBe(500);
      // Nothing told the guest it was saved while it was not whole.
      expect(toGuest().filter((p) => String(p.text).includes('đã lưu'))).toEqual([]);
      expect(await deliverOnce(confirm)).toBe(200);
    } else {
      await deliverOnce(confirm);
    }
    expect(toGuest().filter((p) => String(p.text).includes('đã lưu'))).toHaveLength(1);
    const saved = await store.customers.findByPhone('+84912345678');
    expect(saved).toMatchObject({ name: 'Nguyễn Thị Lan', consent: { care: true } });
    expect(await customerModel(db.conn).countDocuments()).toBe(1);
    // The replay found its own record (not "someone's customer with this phone"): one consent entry per answer.
    expect(saved!.consents.map((c) => `${c.purpose}:${String(c.granted)}`)).toEqual(['care:true', 'marketing:false', 'health:false', 'photo:false']);
    expect(await store.customers.findLink(chat.address)).toMatchObject({ customer: { id: saved!.id } });
    expect(await deliverOnce(confirm)).toBe(200);
    expect(toGuest().filter((p) => String(p.text).includes('đã lưu'))).toHaveLength(1);
  });
});

describe('Telegram: a redelivery of an update whose effects were saved', () => {
  beforeEach(async () => {
    await db.clear();
    clock = new TestClock('2026-03-12T03:00:00Z');
  });

  it('is a no-op, even after a restart has emptied the bot’s memory of recent updates', async () => {
    ({ engine } = makeEngine(db, clock));
    h = await startTelegramHarness('webhook', engine);
    const start = withId(command(GUEST, '/start'), 9100);
    expect((await h.api.postToWebhook(start)).status).toBe(200);
    expect(toGuest().length).toBeGreaterThan(0);
    const stored = await conversationModel(db.conn).collection.findOne({});
    await h.stop();

    ({ engine } = makeEngine(db, clock));
    h = await startTelegramHarness('webhook', engine);
    expect((await h.api.postToWebhook(start)).status).toBe(200);
    expect(toGuest()).toEqual([]);
    expect(await conversationModel(db.conn).collection.findOne({})).toEqual(stored);
  });
});
