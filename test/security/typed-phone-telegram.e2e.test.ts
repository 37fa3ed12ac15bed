// Issue 12 over the real grammY bot: a typed phone waits as a pending claim until the chat shares its own contact.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import { Types } from 'mongoose';
import type { Engine } from '../../src/engine/types.js';
import type { Store } from '../../src/store/index.js';
import { makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { copyPattern, SPA, vi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import type { Params } from '../support/fake-bot-api.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, contact, GUEST, OTHER_GUEST, tap, text, type UpdateBody } from '../support/telegram-updates.js';

let db: TestDb;
let engine: Engine;
let store: Store;
let h: TelegramHarness;

beforeAll(async () => {
  db = await openTestDb('sec_typed_phone_tg');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  ({ engine, store } = makeEngine(db, new TestClock('2026-03-10T03:00:00Z')));
  h = await startTelegramHarness('polling', engine);
});
afterEach(async () => h.stop());

type Button = { text: string; callback_data?: string; request_contact?: boolean };

/** Sends an update as `user` and returns what the bot sent to that chat. */
async function send(user: User, update: UpdateBody): Promise<Params[]> {
  const before = h.api.callsTo('sendMessage').length;
  await h.deliver(update);
  return h.api.callsTo('sendMessage').slice(before).filter((p) => String(p.chat_id) === String(user.id));
}
const said = (sent: Params[]) => sent.map((p) => String(p.text)).join('\n');
const buttonsOf = (sent: Params[]): Button[] =>
  sent.flatMap((p) => {
    const m = p.reply_markup as { inline_keyboard?: Button[][]; keyboard?: Button[][] } | undefined;
    return [...(m?.inline_keyboard ?? []), ...(m?.keyboard ?? [])].flat();
  });
async function press(user: User, sent: Params[], label: string): Promise<Params[]> {
  const b = buttonsOf([...sent, ...h.api.callsTo('editMessageReplyMarkup').filter((p) => String(p.chat_id) === String(user.id)).slice(-1)]).find((x) => x.text.includes(label));
  if (!b) throw new Error(`no button "${label}" in ${JSON.stringify(sent)}`);
  return send(user, b.callback_data !== undefined ? tap(user, b.callback_data) : text(user, b.text));
}

/** Registers by typing the phone, as anyone can. */
async function registerTyping(user: User, phone: string): Promise<void> {
  let sent = await send(user, command(user, '/start'));
  sent = await press(user, sent, vi.consentYes);
  sent = await press(user, sent, vi.yes);
  sent = await press(user, sent, vi.skip);
  sent = await press(user, sent, vi.skip);
  sent = await send(user, text(user, 'Lan Nguyễn'));
  sent = await send(user, text(user, phone));
  sent = await send(user, text(user, '14/2/1992'));
  sent = await press(user, sent, 'Trị mụn');
  sent = await press(user, sent, vi.needsDone);
  sent = await press(user, sent, vi.confirmSave);
  expect(said(sent)).toMatch(copyPattern((hole) => vi.saved({ spa: SPA, you: { pronoun: hole(), named: hole() } })));
}

describe('a typed phone on Telegram', () => {
  it('writes nothing to the customer until the chat shares its own contact, then applies the pending answers', async () => {
    const made = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678' }, { kind: 'staff', id: 's1' });
    if (!made.ok) throw new Error('setup');
    const id = made.value.id;
    const raw = () => db.conn.db!.collection('customers').findOne({ _id: new Types.ObjectId(id) });
    const before = await raw();

    await registerTyping(GUEST, '0912 345 678');
    expect(await raw()).toEqual(before);
    let sent = await send(GUEST, command(GUEST, '/toi'));
    expect(said(sent)).not.toContain('Nguyễn Thị Lan');
    expect(buttonsOf(sent).some((b) => b.request_contact)).toBe(true);

    // Someone else's contact card proves nothing.
    await send(GUEST, contact(GUEST, '+84912345678', OTHER_GUEST));
    expect(await raw()).toEqual(before);

    // Her own contact, through the share-my-phone button: the chat is hers, the pending answers fill the gaps.
    sent = await send(GUEST, contact(GUEST, '+84912345678'));
    expect(said(sent)).toContain('0912 345 678');
    const lan = (await store.customers.findById(id))!;
    expect(lan).toMatchObject({ name: 'Nguyễn Thị Lan', birthday: { day: 14, month: 2, year: 1992 }, consent: { care: true, marketing: true } });
    expect(lan.needs.map((n) => n.service)).toEqual(['Trị mụn']);
    expect(lan.consents.every((c) => c.by?.kind === 'customer' && c.by.id === id && c.chat === `telegram:${h.api.me.id}:${GUEST.id}`)).toBe(true);
    expect(await store.customers.findLink({ channel: 'telegram', account: String(h.api.me.id), userId: String(GUEST.id) })).toMatchObject({ customer: { id }, trusted: true });
    expect(await db.conn.db!.collection('pending_claims').countDocuments()).toBe(0);
  });

  it("another person's chat that typed the number cannot prove it with its own contact", async () => {
    const made = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678' }, { kind: 'staff', id: 's1' });
    if (!made.ok) throw new Error('setup');
    const before = await db.conn.db!.collection('customers').findOne({ _id: new Types.ObjectId(made.value.id) });
    await registerTyping(OTHER_GUEST, '0912345678');
    const sent = await send(OTHER_GUEST, contact(OTHER_GUEST, '+84987654321'));
    expect(said(sent)).not.toContain('Nguyễn Thị Lan');
    expect(await db.conn.db!.collection('customers').findOne({ _id: new Types.ObjectId(made.value.id) })).toEqual(before);
    expect(await db.conn.db!.collection('pending_claims').countDocuments()).toBe(1);
  });
});
