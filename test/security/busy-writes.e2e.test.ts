// SQLITE_BUSY on the writes of one message: retried like the conversation's own writes, so a registration
// confirmed through the real grammY bot is saved whole; a server that stays busy fails the message instead.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Engine } from '../../src/engine/types.js';
import { customerModel } from '../../src/store/models/customer.js';
import { identityModel } from '../../src/store/models/identity.js';
import { phoneKeyModel } from '../../src/store/models/phone-key.js';
import { conversationModel } from '../../src/store/models/conversation.js';
import { auditModel } from '../../src/store/models/audit.js';
import type { Store } from '../../src/store/index.js';
import { busyNext, type BusyScript } from '../support/busy-server.js';
import { Chat, makeEngine, reachStep } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { copyPattern, SPA, vi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { GUEST, tap } from '../support/telegram-updates.js';

let db: TestDb;
let clock: TestClock;
let engine: Engine;
let store: Store;
let h: TelegramHarness;
let scripts: BusyScript[] = [];

beforeAll(async () => {
  db = await openTestDb('busy_writes');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-12T02:00:00Z');
  ({ engine, store } = makeEngine(db, clock));
  h = await startTelegramHarness('polling', engine);
});
afterEach(async () => {
  for (const s of scripts) s.restore();
  scripts = [];
  await h.stop();
});

/** The guest answers every question (through the engine, on the real database) up to the confirm card. */
async function guestAtConfirm(): Promise<string> {
  const chat = new Chat(engine, { channel: 'telegram', account: String(h.api.me.id), userId: String(GUEST.id) });
  await reachStep(chat, 'confirm');
  const yes = chat.last.flatMap((r) => r.choices ?? []).find((c) => c.label.includes('Đúng rồi'));
  if (!yes) throw new Error(`no confirm button in ${chat.said}`);
  return yes.value;
}

describe('SQLITE_BUSY while a registration is saved', () => {
  it('is tried again on every write of the message: the customer, the phone key, the chat link, the conversation', async () => {
    const confirm = await guestAtConfirm();
    scripts = [
      busyNext(customerModel(db.conn), 'insertOne', 2),
      busyNext(phoneKeyModel(db.conn), 'insertOne', 2),
      busyNext(identityModel(db.conn), 'insertOne', 2),
      busyNext(conversationModel(db.conn), 'updateOne', 2),
      busyNext(auditModel(db.conn), 'insertOne', 2),
    ];
    await h.deliver(tap(GUEST, confirm, 42));

    const [reply] = await h.sent(1);
    expect(String(reply!.text)).toMatch(copyPattern((hole) => vi.saved({ spa: SPA, you: { pronoun: hole(), named: hole() } })));
    const customers = await store.customers.findByPhone('+84912345678');
    expect(customers).toMatchObject({ name: 'Nguyễn Thị Lan' });
    expect(await customerModel(db.conn).countDocuments()).toBe(1);
    expect(await store.customers.findLink({ channel: 'telegram', account: String(h.api.me.id), userId: String(GUEST.id) })).toMatchObject({ customer: { id: customers!.id } });
    // Every refusal that was scripted actually happened (the writes did go through these operations).
    expect(scripts.filter((s) => s.refused > 0).length).toBeGreaterThanOrEqual(4);
  });
});
