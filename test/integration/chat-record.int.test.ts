// The conversation as the chat's one record: what a message costs, the link it carries, the layout before it,
// and how staff chats are told apart without a read per message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import mongoose, { Types, type Connection } from 'mongoose';
import { addressKey } from '../../src/domain/channel.js';
import { createEngine } from '../../src/engine/engine.js';
import type { Engine } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { Chat, makeEngine, reachStep, SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { SPA, staffVi, vi, you } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let clock: TestClock;
let engine: Engine;
let store: Store;

beforeAll(async () => {
  db = await openTestDb('chatrec');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-10T03:00:00Z');
  ({ engine, store } = makeEngine(db, clock));
});

const conversations = () => db.conn.db!.collection('conversations');

describe('what one message costs', () => {
  let monitored: Connection;
  let commands: string[];
  beforeAll(async () => {
    monitored = await mongoose.createConnection(db.dbUri, { monitorCommands: true, autoIndex: false, autoCreate: false }).asPromise();
    monitored.getClient().on('commandStarted', (e) => {
      const target = e.command[e.commandName];
      if (typeof target === 'string') commands.push(`${e.commandName} ${target}`);
    });
  });
  afterAll(async () => monitored.close());

  it('a guest answering a question costs one read and one write of the conversation, nothing else', async () => {
    const watched = createStore(monitored, clock.now, { staffDirectoryMaxAgeMs: 60_000 });
    const chat = new Chat(createEngine({ store: watched, settings: SETTINGS, now: clock.now, log: createLogger('silent') }));
    const perMessage: string[][] = [];
    const step = async (send: () => Promise<unknown>) => {
      commands = [];
      await send();
      perMessage.push(commands);
    };
    await step(() => chat.command('start'));
    await step(() => chat.press(vi.consentYes));
    await step(() => chat.press(vi.no));
    await step(() => chat.press(vi.skip));
    await step(() => chat.press(vi.skip));
    await step(() => chat.text('Nguyễn Thị Lan'));
    await step(() => chat.text('0912345678'));
    await step(() => chat.text('12/3/1990'));
    await step(() => chat.press('Trị mụn'));
    await step(() => chat.press(vi.needsDone));
    await step(() => chat.press(vi.confirmSave));
    await step(() => chat.command('start'));

    // First message of a new chat: nothing stored yet, so the identities and the staff list are asked once.
    expect(perMessage[0]!.sort()).toEqual(['find channel_identities', 'find conversations', 'find staff_chats', 'insert conversations']);
    for (const i of [1, 2, 3, 4, 5, 7, 8, 9]) expect(perMessage[i]).toEqual(['find conversations', 'update conversations']);
    // The phone step checks who owns the number; saving writes the phone claim, the customer, its segment row
    // (from the card alone: a new customer has no records to read) and the link; a registration with a need is then
    // announced to her branch's staff (the staff list read once, one outbox insert for all of them).
    expect(perMessage[6]).toEqual(['find conversations', 'find customer_phones', 'update conversations']);
    expect(perMessage[10]).toEqual(['find conversations', 'insert customer_phones', 'insert customers', 'update customer_segments', 'insert channel_identities', 'find staff', 'insert outbox', 'update conversations']);
    // A registered customer: the conversation names the customer, so only that customer is read.
    expect(perMessage[11]).toEqual(['find conversations', 'find customers', 'update conversations']);
  });
});

describe('the link kept on the conversation', () => {
  it('is saved with the state after registration and matches channel_identities', async () => {
    const chat = new Chat(engine);
    await reachStep(chat, 'confirm');
    await chat.press(vi.confirmSave);
    const doc = await conversations().findOne({ _id: addressKey(chat.address) as never });
    const customer = await store.customers.findByPhone('+84912345678');
    // The chat's own registration: it may read what it stored.
    expect(JSON.parse(String(doc!.chat)).l).toEqual({ c: customer!.id, t: true });
    expect(await store.customers.findLink(chat.address)).toMatchObject({ customer: { id: customer!.id }, trusted: true });
  });

  it('stops counting once the customer is erased from another chat of theirs', async () => {
    const telegram = new Chat(engine);
    await reachStep(telegram, 'confirm');
    await telegram.press(vi.confirmSave);
    // The same guest on a second Telegram account shares her phone: linked to the one customer, not a second one.
    const zalo = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '777' });
    await reachStep(zalo, 'phone');
    await zalo.contact('+84912345678');
    await zalo.press(vi.needsDone);
    await zalo.press(vi.confirmSave);
    expect(await store.customers.count()).toBe(1);
    const [customer] = await store.customers.search('Lan');
    const linkOf = async (chat: Chat) => JSON.parse(String((await conversations().findOne({ _id: addressKey(chat.address) as never }))!.chat)).l;
    expect(await linkOf(zalo)).toEqual({ c: customer!.id, t: true });

    await telegram.command('xoa');
    await telegram.press(vi.eraseYes);
    expect(telegram.said).toContain(vi.erased({ you: you('Nguyễn Thị Lan') }));

    // The Zalo chat's conversation still names the erased customer: the customer read decides, a new guest.
    await zalo.command('start');
    expect(zalo.said).toContain(vi.consentQuestion({ spa: SPA, you: you() }));
    expect(await linkOf(zalo)).toBeNull();
  });
});

describe('a registration whose matched customer is erased before it is saved', () => {
  async function erasedWhileZaloAtConfirm(): Promise<{ zalo: Chat; firstId: string; zaloDraft: Record<string, unknown> }> {
    const telegram = new Chat(engine);
    await reachStep(telegram, 'confirm');
    await telegram.press(vi.confirmSave);
    const first = (await store.customers.findByPhone('+84912345678'))!;
    // Zalo types the same phone (matched, not yet saved) while the Telegram chat erases the record.
    const zalo = new Chat(engine, { channel: 'zalo', account: 'oa1', userId: '778' });
    await reachStep(zalo, 'confirm');
    const zaloDraft = (await conversations().findOne({ _id: addressKey(zalo.address) as never }))!;
    await telegram.command('xoa');
    await telegram.press(vi.eraseYes);
    return { zalo, firstId: first.id, zaloDraft };
  }

  it('drops the other chat\'s draft with that phone: the chat starts over and nothing reaches the erased record', async () => {
    const { zalo, firstId } = await erasedWhileZaloAtConfirm();
    const erasedRecord = () => db.conn.db!.collection('customers').findOne({ _id: new Types.ObjectId(firstId) });
    const atErase = await erasedRecord();
    await zalo.press(vi.confirmSave);
    expect(zalo.said).toContain(vi.consentQuestion({ spa: SPA, you: you() }));
    expect(await store.customers.findByPhone('+84912345678')).toBeNull();
    expect(await erasedRecord()).toEqual(atErase);
  });

  it('becomes a new customer with this chat\'s answers when the draft was saved back after the erasure (a racing save)', async () => {
    const { zalo, firstId, zaloDraft } = await erasedWhileZaloAtConfirm();
    // FerretDB orders writes to one chat only within a process: a save that read the draft before the erasure
    // can land after it. Simulated by writing the draft back.
    await conversations().replaceOne({ _id: zaloDraft._id as never }, zaloDraft);
    const erasedRecord = () => db.conn.db!.collection('customers').findOne({ _id: new Types.ObjectId(firstId) });
    const consentsAtErase = (await erasedRecord())!.consents.length;
    await zalo.press(vi.confirmSave);

    const now = (await store.customers.findByPhone('+84912345678'))!;
    expect(now.id).not.toBe(firstId);
    expect(now).toMatchObject({ name: 'Nguyễn Thị Lan', consent: { care: true } });
    expect((await store.customers.findByIdentity(zalo.address))?.id).toBe(now.id);
    const erased = await erasedRecord();
    expect(erased).toMatchObject({ name: 'Đã xóa', consent: { care: false, marketing: false } });
    expect(erased!.consents).toHaveLength(consentsAtErase);
  });
});

describe('a conversation saved in the layout before the envelope', () => {
  const legacyState = (step: string, extra: object = {}) =>
    JSON.stringify({ v: 1, lang: 'vi', step, history: ['consent', 'marketing'], tries: 0, offered: [], returnToConfirm: false, data: { consentAt: '2026-03-10T02:59:00.000Z', marketing: false, marketingAt: '2026-03-10T02:59:30.000Z', edited: [], ...extra }, staff: { step: null, draft: { needs: [] } } });

  it('continues where the guest was, keeps its delivery ids, and is rewritten in the new layout', async () => {
    const chat = new Chat(engine);
    const at = clock.now();
    await conversations().insertOne({ _id: addressKey(chat.address) as never, ...chat.address, stateJson: legacyState('name'), version: 3, recentEventIds: ['u-9'], lastInboundAt: at, createdAt: at, updatedAt: at });

    expect(await chat.text('Nguyễn Thị Lan', 'u-9')).toEqual([]);
    await chat.text('Nguyễn Thị Lan', 'u-10');
    // A state of flow version 1 (before the health and photo questions): it goes on, and what it has not
    // answered yet, the two questions of version 2, comes next.
    expect(chat.said).toContain(vi.healthQuestion({ spa: SETTINGS.spaName, you: you('Nguyễn Thị Lan') }));

    const doc = await conversations().findOne({ _id: addressKey(chat.address) as never });
    expect(Object.keys(doc!).sort()).toEqual(['_id', 'chat', 'version']);
    expect(doc!.version).toBe(4);
    expect(JSON.parse(String(doc!.chat)).r).toEqual(['u-9', 'u-10']);
    expect(await chat.text('Nguyễn Thị Lan', 'u-10')).toEqual([]);
  });

  it('asks channel_identities who the chat is, once, and keeps the answer', async () => {
    const created = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3 }, needs: [{ service: 'Trị mụn' }] }, { kind: 'cli' }, [
      { purpose: 'care', granted: true, at: clock.now(), channel: 'telegram', wordingVersion: 'test' },
    ]);
    expect(created.ok).toBe(true);
    const id = created.ok ? created.value.id : '';
    const chat = new Chat(engine);
    await store.customers.linkIdentity(id, chat.address, { trusted: true });
    await conversations().insertOne({ _id: addressKey(chat.address) as never, ...chat.address, stateJson: legacyState('', {}).replace('"step":""', '"step":null'), version: 1, recentEventIds: [] });

    await chat.command('toi');
    expect(chat.said).toContain('0912 345 678');
    const doc = await conversations().findOne({ _id: addressKey(chat.address) as never });
    expect(JSON.parse(String(doc!.chat)).l).toEqual({ c: id, t: true });
  });
});

describe('telling staff chats apart', () => {
  const staffHelp = staffVi.help({ name: 'Hoa', canInvite: false });
  const hoaChat = () => new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '4242' }, 'Hoa');

  it('recognises a member added through this process at once', async () => {
    const chat = hoaChat();
    await chat.command('start');
    expect(chat.said).toContain(vi.consentQuestion({ spa: SPA, you: you() }));
    await store.staff.add({ name: 'Hoa', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: '4242' }] });
    await chat.command('help');
    expect(chat.said).toContain(staffHelp);
  });

  it('recognises a member added by another process once the snapshot ages, and drops a removed one at once', async () => {
    store = createStore(db.conn, clock.now, { staffDirectoryMaxAgeMs: 150 });
    engine = createEngine({ store, settings: SETTINGS, now: clock.now, log: createLogger('silent') });
    const elsewhere = createStore(db.conn, clock.now);
    const chat = hoaChat();
    await chat.command('help');
    expect(chat.said).toContain(vi.help({ you: you() }));
    expect(chat.said).not.toContain(staffHelp);

    const added = await elsewhere.staff.add({ name: 'Hoa', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: '4242' }] });
    expect(added.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    await chat.command('help');
    expect(chat.said).toContain(staffHelp);

    // The snapshot still lists the chat; the member is confirmed in the database on every message.
    await elsewhere.staff.remove(added.ok ? added.value.id : '');
    await chat.command('help');
    expect(chat.said).toContain(vi.help({ you: you() }));
    expect(chat.said).not.toContain(staffHelp);
  });
});
