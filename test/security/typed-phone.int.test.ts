// Issue 12, "someone types another person's phone number": through the real engine on the real database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { addressKey } from '../../src/domain/channel.js';
import { ownCardVi } from '../../src/engine/copy/own-card-vi.js';
import type { Engine } from '../../src/engine/types.js';
import type { Store } from '../../src/store/index.js';
import { Chat, makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { SPA, staffVi, vi, you } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let clock: TestClock;
let engine: Engine;
let store: Store;

beforeAll(async () => {
  db = await openTestDb('sec_typed_phone');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-10T07:02:00Z'); // 14:02 in Hồ Chí Minh City
  ({ engine, store } = makeEngine(db, clock));
});

const LAN_PHONE = '+84912345678';
const rawCustomer = (id: string) => db.conn.db!.collection('customers').findOne({ _id: new Types.ObjectId(id) });
const claimDocs = () => db.conn.db!.collection('pending_claims').find({}).toArray();

/** Lan registers from her own Telegram chat (shared contact), leaves birthday and needs empty, then sends /stop. */
async function lanWhoStopped(): Promise<{ lan: Chat; id: string }> {
  const lan = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '700001' }, 'Lan');
  await lan.command('start');
  await lan.press(vi.consentYes);
  await lan.press(vi.yes);
  await lan.press(vi.skip);
  await lan.press(vi.skip);
  await lan.text('Nguyễn Thị Lan');
  await lan.contact(LAN_PHONE);
  await lan.press(vi.skip);
  await lan.press(vi.needsDone);
  await lan.press(vi.confirmSave);
  await lan.command('stop');
  await lan.press(vi.stopYes);
  const c = await store.customers.findByPhone(LAN_PHONE);
  if (!c || c.consent.care) throw new Error('setup: Lan should be registered and opted out');
  return { lan, id: c.id };
}

/** A stranger types Lan's number and answers everything, agreeing to care and marketing messages. */
async function strangerTypes(phone: string, chat = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '700099' }, 'Kẻ Lạ')): Promise<{ chat: Chat; transcript: string[] }> {
  const transcript: string[] = [];
  const note = () => transcript.push(...chat.last.map((r) => `${r.text} [${(r.choices ?? []).map((c) => c.label).join('|')}]${r.requestPhone ? ' [phone]' : ''}`));
  await chat.command('start');
  note();
  for (const step of [() => chat.press(vi.consentYes), () => chat.press(vi.yes), () => chat.press(vi.skip), () => chat.press(vi.skip), () => chat.text('Người Lạ'), () => chat.text(phone), () => chat.text('1/1/2000'), () => chat.press('Massage'), () => chat.press(vi.needsDone), () => chat.press(vi.confirmSave)]) {
    await step();
    note();
  }
  return { chat, transcript };
}

describe('a typed phone that matches an existing customer', () => {
  it('changes nothing on her record (no consent, no need, no field) and keeps the answers as a pending claim', async () => {
    const { id } = await lanWhoStopped();
    const before = await rawCustomer(id);
    clock.advance(60_000);
    const { chat } = await strangerTypes('0912 345 678');

    // Nothing on Lan's record moved: a customer who sent /stop is not opted back in by a stranger.
    expect(await rawCustomer(id)).toEqual(before);
    expect(await store.customers.findByIdentity(chat.address)).toBeNull();
    // The stranger's answers wait apart, for staff to confirm or reject.
    const claims = await claimDocs();
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ customerId: new Types.ObjectId(id), chat: addressKey(chat.address), name: 'Người Lạ', phone: LAN_PHONE, birthday: { day: 1, month: 1, year: 2000 }, needs: [{ service: 'Massage' }] });
    expect(claims[0]!.consents.map((c: { purpose: string; granted: boolean }) => [c.purpose, c.granted])).toEqual([['care', true], ['marketing', true]]);
    // And the stranger reads nothing of hers.
    await chat.command('toi');
    expect(chat.said).not.toMatch(/Nguyễn Thị Lan|Lan\b/);
    expect(chat.last[0]!.requestPhone).toBeDefined();
  });

  it('a chat linked by a typed phone before pending claims existed still changes nothing when it fills the gaps', async () => {
    const { id } = await lanWhoStopped();
    const stranger = new Chat(engine, { channel: 'zalo', account: 'oa1', userId: '88001' });
    // How the first version linked a typed phone: untrusted.
    await store.customers.linkIdentity(id, stranger.address, { trusted: false });
    const before = await rawCustomer(id);
    await stranger.command('start');
    const saved = vi.saved({ spa: SPA, you: you('Người Lạ') });
    const askingBirthday = vi.askBirthday({ spa: SPA, you: you('Người Lạ') });
    for (let turn = 0; turn < 10 && !stranger.said.includes(saved); turn++) {
      if (stranger.buttons.includes(vi.consentYes)) await stranger.press(vi.consentYes);
      else if (stranger.buttons.includes('Massage')) await stranger.press('Massage').then(() => stranger.press(vi.needsDone));
      else if (stranger.buttons.some((b) => b.includes(vi.confirmSave))) await stranger.press(vi.confirmSave);
      else if (stranger.buttons.includes(vi.yes)) await stranger.press(vi.yes);
      else if (stranger.said.includes(askingBirthday)) await stranger.text('2/2/2002');
      else await stranger.text('Người Lạ');
    }
    expect(stranger.said).toContain(saved);
    expect(await rawCustomer(id)).toEqual(before);
    expect(await claimDocs()).toHaveLength(1);
  });
});

describe('the reply to a typed phone', () => {
  it('is word for word the same whether the number is on file or not', async () => {
    await lanWhoStopped();
    const known = await strangerTypes('0912 345 678', new Chat(engine, { channel: 'zalo', account: 'oa1', userId: '1' }, 'Kẻ Lạ'));
    const unknown = await strangerTypes('0987 654 321', new Chat(engine, { channel: 'zalo', account: 'oa1', userId: '2' }, 'Kẻ Lạ'));
    const normalise = (lines: string[]) => lines.map((l) => l.replace(/0912 345 678|0987 654 321/g, '<phone>'));
    expect(normalise(known.transcript)).toEqual(normalise(unknown.transcript));
    expect(known.transcript.join('\n')).not.toContain('đã có');
  });
});

describe('staff on the card', () => {
  async function ownerChat(): Promise<Chat> {
    const added = await store.staff.add({ name: 'Chủ', role: 'owner', chats: [{ channel: 'telegram', userId: '900' }] });
    if (!added.ok) throw new Error('setup owner');
    return new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '900' }, 'Chủ');
  }

  it('see who registered with the number, and confirming applies the answers as gap-fills and trusts the chat', async () => {
    const { id } = await lanWhoStopped();
    const { chat: stranger } = await strangerTypes('0912345678');
    const owner = await ownerChat();
    await owner.command('tim', '5678');
    await owner.press('Nguyễn Thị Lan');
    expect(owner.said).toContain(staffVi.claimLine({ who: 'chị Lan', channel: staffVi.channelNames.telegram!, time: '14:02', claimedName: 'Người Lạ' }));
    expect(owner.buttons).toEqual([staffVi.claimConfirm, staffVi.claimReject]);
    await owner.press(staffVi.claimConfirm);
    expect(owner.said).toContain(staffVi.claimConfirmed({ name: 'Nguyễn Thị Lan' }));

    const lan = (await store.customers.findById(id))!;
    // Gaps filled, nothing overwritten: the stored name stays.
    expect(lan).toMatchObject({ name: 'Nguyễn Thị Lan', birthday: { day: 1, month: 1, year: 2000 }, consent: { care: true, marketing: true } });
    expect(lan.needs.map((n) => n.service)).toEqual(['Massage']);
    const owners = await store.staff.list();
    const byStaff = lan.consents.filter((c) => c.by?.kind === 'staff');
    expect(byStaff.map((c) => [c.purpose, c.granted, c.by?.id, c.chat])).toEqual([
      ['care', true, owners[0]!.id, addressKey(stranger.address)],
      ['marketing', true, owners[0]!.id, addressKey(stranger.address)],
    ]);
    expect(await store.customers.findLink(stranger.address)).toMatchObject({ customer: { id }, trusted: true });
    expect(await claimDocs()).toEqual([]);
    expect((await store.audit.forCustomer(id)).map((e) => e.action)).toContain('claim_confirm');
    // The chat hears it at once on its next message: it now speaks for Lan.
    await stranger.command('toi');
    expect(stranger.said).toContain('0912 345 678');
  });

  it('rejecting discards the claim, changes nothing and is audited', async () => {
    const { id } = await lanWhoStopped();
    const before = await rawCustomer(id);
    const { chat: stranger } = await strangerTypes('0912345678');
    const owner = await ownerChat();
    await owner.command('tim', '5678');
    await owner.press('Nguyễn Thị Lan');
    await owner.press(staffVi.claimReject);
    expect(owner.said).toContain(staffVi.claimRejected);
    expect(await claimDocs()).toEqual([]);
    const after = await rawCustomer(id);
    expect(after).toEqual(before);
    expect(await store.customers.findLink(stranger.address)).toBeNull();
    expect((await store.audit.forCustomer(id)).filter((e) => e.actor.kind === 'staff').map((e) => e.action)).toEqual(expect.arrayContaining(['claim_reject', 'read_card']));
    // A replayed confirm for the discarded claim does nothing.
    await owner.send({ kind: 'choice', value: `claim:yes:${new Types.ObjectId().toHexString()}` });
    expect(await rawCustomer(id)).toEqual(before);
  });

  it('a forged confirm button from a member who was never shown the claim writes nothing', async () => {
    const { id } = await lanWhoStopped();
    const before = await rawCustomer(id);
    await strangerTypes('0912345678');
    const [claim] = await claimDocs();
    const added = await store.staff.add({ name: 'Hoa', role: 'staff', branchId: 'q3', chats: [{ channel: 'telegram', userId: '901' }] });
    if (!added.ok) throw new Error('setup staff');
    const hoa = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '901' }, 'Hoa');
    await hoa.send({ kind: 'choice', value: `claim:yes:${String(claim!._id)}` });
    expect(await rawCustomer(id)).toEqual(before);
    expect(await claimDocs()).toHaveLength(1);
  });
});

describe('consent entries', () => {
  it('say who recorded them and in which chat, from registration to /stop', async () => {
    const { lan, id } = await lanWhoStopped();
    const c = (await store.customers.findById(id))!;
    expect(c.consents.map((e) => [e.purpose, e.granted, e.by, e.chat])).toEqual([
      ['care', true, { kind: 'customer', id }, addressKey(lan.address)],
      ['marketing', true, { kind: 'customer', id }, addressKey(lan.address)],
      ['care', false, { kind: 'customer', id }, addressKey(lan.address)],
      ['marketing', false, { kind: 'customer', id }, addressKey(lan.address)],
    ]);
  });

  it('are not re-granted by opening the card with /sua after /stop: consent is asked again', async () => {
    const { lan, id } = await lanWhoStopped();
    await lan.command('sua');
    // The registration card (phone, needs) is where consent would be assumed: it asks again instead.
    await lan.press(ownCardVi.pickCard);
    expect(lan.buttons).toContain(vi.consentYes);
    expect((await store.customers.findById(id))!.consent.care).toBe(false);
  });
});
