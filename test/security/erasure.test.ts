// Erasure that erases (issue 12): a fully populated customer erased through /xoa, then EVERY collection of the
// database read over the wire and searched for her name, her phone in every stored format and her birthday.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { BIRTHDAY_JOB } from '../../jobs/birthday-greetings.js';
import { runJob } from '../../jobs/scheduler.js';
import type { Engine } from '../../src/engine/types.js';
import { allModels, type Store } from '../../src/store/index.js';
import { ERASURE_PLAN } from '../../src/store/erasure.js';
import { MERGE_PLAN } from '../../src/store/merges.js';
import { Chat, makeEngine } from '../support/chat.js';
import { runHoso } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { copyPattern, vi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { jobsWorld } from '../support/jobs-fixture.js';
import { deliver, signed, textEvent, ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

let db: TestDb;
let clock: TestClock;
let engine: Engine;
let store: Store;
let h: ZaloHarness;
let seen = 0;

const NAME = 'Phạm Thị Thu Hằng';
/** Every way the phone is stored or typed anywhere in the product (masked forms are not the number). */
const PHONE_FORMS = ['+84912345678', '84912345678', '0912345678', '0912 345 678', '0912.345.678', '912345678', '912 345 678'];
const BIRTHDAY_FORMS: RegExp[] = [/12\/0?3\/1990/, /1990-03-12/, /\b1990\b/, /"day":12,"month":3/, /"birthDay":12\b/];
const NAME_FORMS = [NAME, 'pham thi thu hang', 'Thu Hằng'];
/** What staff wrote about her: the note the issue quotes, the call. */
const HER_TEXTS = ['mang thai', 'hẹn thứ 7', 'lần 2'];

beforeAll(async () => {
  db = await openTestDb('erasure');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  // Her birthday: the birthday job plans her greeting for today.
  clock = new TestClock('2026-03-12T01:00:00Z');
  ({ engine, store } = makeEngine(db, clock));
  h = await startZaloHarness(db, clock, engine);
  await h.seedTokens();
  seen = 0;
});
afterEach(async () => h.stop());

async function zalo(text: string): Promise<string> {
  clock.advance(5_000);
  const res = await deliver(h.webhookUrl, signed(textEvent(text, { at: clock.now() })));
  expect(res.status).toBe(200);
  await h.zalo.idle();
  const texts = h.standin.texts.slice(seen).map((t) => t.text);
  seen = h.standin.texts.length;
  return texts.join('\n');
}
async function zaloChoose(said: string, label: string): Promise<string> {
  const line = said.split('\n').find((l) => l.endsWith(`. ${label}`));
  if (!line) throw new Error(`no numbered choice "${label}" in:\n${said}`);
  return zalo(line.split('.')[0]!);
}

/** Every document of every collection the server lists, as JSON text, by collection. */
async function everything(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const { name } of await db.conn.db!.listCollections().toArray()) {
    const docs = await db.conn.db!.collection(name).find({}).toArray();
    out.set(name, docs.map((d) => JSON.stringify(d)));
  }
  return out;
}

/** Where each needle still appears: `collection: needle`. */
function traces(all: Map<string, string[]>, needles: (string | RegExp)[]): string[] {
  const found: string[] = [];
  for (const [name, docs] of all) {
    for (const needle of needles) {
      if (docs.some((d) => (typeof needle === 'string' ? d.includes(needle) : needle.test(d)))) found.push(`${name}: ${String(needle)}`);
    }
  }
  return found;
}

async function populate(): Promise<{ id: string; owner: Chat; manager: Chat; mai: string }> {
  // She registers on Zalo through the real webhook (conversation, contact, delivery keys, link).
  let said = await zalo('Chào spa');
  said = await zaloChoose(said, vi.consentYes);
  said = await zaloChoose(said, vi.no);
  said = await zaloChoose(said, vi.skip);
  said = await zaloChoose(said, vi.skip);
  said = await zalo(NAME);
  said = await zalo('0912 345 678');
  said = await zalo('12/3/1990');
  said = await zaloChoose(said, 'Trị mụn');
  said = await zaloChoose(said, vi.needsDone);
  await zaloChoose(said, vi.confirmSave);
  const her = (await store.customers.findByPhone('+84912345678'))!;
  expect(her).toMatchObject({ name: NAME, birthday: { day: 12, month: 3, year: 1990 } });

  // Another customer, whose note quotes her phone: the note stays, the number goes.
  const maiRecord = await store.customers.create({ name: 'Lê Thị Mai', phone: '+84987654321' }, { kind: 'cli' });
  if (!maiRecord.ok) throw new Error('fixture');
  const mai = maiRecord.value.id;

  // A stranger on Telegram types her phone: that chat's draft holds it.
  const stranger = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '4401' });
  await stranger.command('start');
  await stranger.press(vi.consentYes);
  await stranger.press(vi.no);
  await stranger.press(vi.skip);
  await stranger.press(vi.skip);
  await stranger.text('Trần Văn Nam');
  await stranger.text('0912345678');

  // Another stranger goes all the way: the answers wait as a pending claim on her record (with her phone).
  const claimant = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '4402' });
  await claimant.command('start');
  await claimant.press(vi.consentYes);
  await claimant.press(vi.no);
  await claimant.press(vi.skip);
  await claimant.press(vi.skip);
  await claimant.text('Trần Văn Bình');
  await claimant.text('0912 345 678');
  await claimant.press(vi.skip);
  await claimant.press(vi.needsDone);
  await claimant.press(vi.confirmSave);
  expect(await store.claims.forCustomer(her.id)).toHaveLength(1);

  const hoa = await store.staff.add({ name: 'Hoa', role: 'owner', chats: [{ channel: 'telegram', userId: '7001' }] });
  const tam = await store.staff.add({ name: 'Tâm', role: 'manager', branchId: 'q1', chats: [{ channel: 'telegram', userId: '7002' }] });
  if (!hoa.ok || !tam.ok) throw new Error('fixture staff');
  const owner = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '7001' }, 'Hoa');
  const manager = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '7002' }, 'Tâm');

  // The owner's note on Mai mentions her phone.
  await owner.command('tim', 'Mai');
  await owner.press('Lê Thị Mai');
  await owner.command('ghichu', 'chị gái của Mai, sđt 0912 345 678');
  // The owner opens her card and logs a note, a call with her phone, a visit, then a second call left unconfirmed.
  await owner.command('tim', 'Hằng');
  await owner.press(NAME);
  expect(owner.said).toContain(NAME);
  await owner.command('ghichu', 'da nhạy cảm, đang mang thai 3 tháng');
  await owner.command('goi', 'đã gọi 0912 345 678, hẹn thứ 7 qua làm da');
  await owner.command('ghe', 'trị mụn 350k nợ');
  await owner.command('goi', 'gọi lại 0912.345.678 lần 2');
  expect(owner.buttons.length).toBeGreaterThan(0);
  // The manager starts adding her again: the draft holds name, phone and birthday, and the duplicate's id.
  await manager.command('kh', `${NAME} 0912345678 12/3/1990`);

  // The birthday job plans her greeting for today.
  await runJob(jobsWorld(db, clock).ctx, BIRTHDAY_JOB);
  expect(await store.outbox.list({ customerId: her.id, purpose: 'birthday' })).toHaveLength(1);
  // Her registration was announced to the owner too (a staff row naming her): erased with the rest.
  expect(await store.outbox.list({ customerId: her.id, purpose: 'new_customer' })).toHaveLength(1);
  // Bot replies that could not be sent yet: to her Zalo chat, and to the stranger, quoting her phone.
  const later = new Date(clock.now().getTime() + 3_600_000);
  await store.outbox.planReplies({ address: { channel: 'zalo', account: ZALO_TEST.oaId, userId: ZALO_TEST.user }, eventId: 'late-1', replies: [{ text: `Chào chị ${NAME}` }], expiresAt: later });
  await store.outbox.planReplies({ address: stranger.address, eventId: 'late-2', replies: [{ text: 'Số 0912 345 678 đúng không ạ?' }], expiresAt: later });
  // A Zalo delivery that failed keeps its raw body (her phone) for a replay.
  await store.zalo.events.record({ oaId: ZALO_TEST.oaId, key: 'failed-1', eventName: 'user_send_text', userId: ZALO_TEST.user, body: JSON.stringify({ message: { text: 'số em 0912345678' } }) }, clock.now());
  await store.zalo.events.markFailed(ZALO_TEST.oaId, 'failed-1', clock.now());
  return { id: her.id, owner, manager, mai };
}

describe('erasing a customer through /xoa', () => {
  it('leaves no trace of her name, phone or birthday in any collection, and audits the erasure with ids only', async () => {
    const { id, owner, manager, mai } = await populate();
    const phone = PHONE_FORMS.filter((f) => f !== '912 345 678');
    const all = await everything();
    const before = traces(all, [...NAME_FORMS, ...phone, ...BIRTHDAY_FORMS]);
    // The scan sees the data where it is stored (a scan that reads nothing would pass anything).
    for (const where of ['customers', 'notes', 'calls', 'conversations', 'customer_phones', 'zalo_events', 'outbox', 'pending_claims']) {
      expect(before.some((t) => t.startsWith(`${where}:`))).toBe(true);
    }
    expect(traces(all, [id]).map((t) => t.split(':')[0])).toEqual(expect.arrayContaining(['channel_identities', 'outbox', 'conversations', 'audit_log']));

    let said = await zalo('/xoa');
    said = await zaloChoose(said, vi.eraseYes);
    expect(said).toMatch(copyPattern((hole) => vi.erased({ you: { pronoun: hole(), named: hole() } })));

    const after = await everything();
    expect(traces(after, [...NAME_FORMS, ...PHONE_FORMS, ...BIRTHDAY_FORMS, ...HER_TEXTS])).toEqual([]);
    // Only the anonymous record, the visits and money entries kept for the accounts and the audit log still carry her id.
    expect(traces(after, [id]).map((t) => t.split(':')[0]).sort()).toEqual(['audit_log', 'customers', 'money_entries', 'visits']);
    // The scan still finds what must stay: Mai, her note (without the number), the visit's amount.
    expect(traces(after, ['Lê Thị Mai', '+84987654321', 'chị gái của Mai, sđt ***'])).toHaveLength(3);
    const visit = await db.conn.db!.collection('visits').findOne({ customerId: new Types.ObjectId(id) });
    expect(visit).toMatchObject({ amountVnd: 350_000, paid: false, service: 'Đã xóa' });
    // Spent counts what was paid (issue 13: points and rank follow payments); the unpaid visit is debt.
    expect(await db.conn.db!.collection('customers').findOne({ _id: new Types.ObjectId(id) })).toMatchObject({ totals: { spentVnd: 0, debtVnd: 350_000 }, visitCount: 1 });
    expect(await store.customers.findById(mai)).toMatchObject({ name: 'Lê Thị Mai' });
    // The consent history stays as proof, without the chat (her account) it was given in.
    const kept = await db.conn.db!.collection('customers').findOne({ _id: new Types.ObjectId(id) });
    expect(kept!.consents.length).toBeGreaterThan(0);
    expect(kept!.consents.every((c: Record<string, unknown>) => c.chat === undefined && c.wordingVersion !== undefined)).toBe(true);

    const audit = await store.audit.forCustomer(id);
    const erase = audit.find((a) => a.action === 'erase');
    expect(erase).toMatchObject({ actor: { kind: 'customer' }, channel: 'zalo', customerId: id });
    expect(erase!.detail).toMatch(/^[a-z_.]+=\d+( [a-z_.]+=\d+)*$/);

    // The staff chats start over: nothing of hers is shown, and her phone is free for a new registration.
    await owner.command('xem');
    expect(owner.said).not.toContain('Hằng');
    await manager.text('Hằng');
    expect(manager.said).not.toContain('Hằng');
    expect((await store.customers.create({ name: 'Khách mới', phone: '+84912345678' }, { kind: 'cli' })).ok).toBe(true);
  });

  it('is what the owner\'s `hoso customers erase` does too, and a second run finds nothing left to do', async () => {
    const { id } = await populate();
    const env = { MONGODB_URI: db.dbUri, LOG_LEVEL: 'silent' };
    const unconfirmed = await runHoso(env, ['customers', 'erase', '0912 345 678']);
    expect(unconfirmed).toMatchObject({ code: 1, err: expect.stringContaining('--yes') });
    expect(await store.customers.findById(id)).toMatchObject({ name: NAME });
    const done = await runHoso(env, ['customers', 'erase', '0912 345 678', '--yes']);
    expect(done.code).toBe(0);
    expect(traces(await everything(), [...NAME_FORMS, ...PHONE_FORMS, ...BIRTHDAY_FORMS, ...HER_TEXTS])).toEqual([]);
    expect((await store.audit.forCustomer(id)).find((a) => a.action === 'erase')).toMatchObject({ actor: { kind: 'cli' }, channel: 'cli' });
    expect((await runHoso(env, ['customers', 'erase', '0912 345 678', '--yes'])).code).toBe(1);
    const second = await store.customers.erase(id, { kind: 'cli' });
    expect(second!.counts).toMatchObject({ notes: 0, calls: 0, outbox: 0, channel_identities: 0, customer_phones: 0, conversations: 0 });
  });
});

describe('staff digests', () => {
  it('lose the erased customer\'s line and keep the others', async () => {
    const a = await store.customers.create({ name: NAME, phone: '+84912345678' }, { kind: 'cli' });
    const b = await store.customers.create({ name: 'Lê Thị Mai', phone: '+84987654321' }, { kind: 'cli' });
    if (!a.ok || !b.ok) throw new Error('fixture');
    const row = (staffId: string, ids: string[]) => ({
      key: `staff_digest:${staffId}:2026-03-12`,
      purpose: 'staff_digest' as const,
      audience: 'staff' as const,
      staffId,
      occasion: '2026-03-12',
      occasionDate: '2026-03-12',
      items: ids.map((customerId) => ({ customerId, section: 'incomplete' as const })),
      dueAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 86_400_000),
    });
    await store.outbox.plan([row('s1', [a.value.id, b.value.id]), row('s2', [a.value.id])]);
    await store.customers.erase(a.value.id, { kind: 'cli' });
    const digests = await store.outbox.list({ purpose: 'staff_digest' });
    expect(digests.map((d) => [d.staffId, d.status, (d.items ?? []).map((i) => i.customerId)])).toEqual([
      ['s1', 'pending', [b.value.id]],
      ['s2', 'cancelled', []],
    ]);
  });
});

describe('the erasure plan', () => {
  it('names every collection of the store, so a new collection cannot be forgotten', () => {
    const collections = allModels(db.conn).map((m) => m.collection.collectionName).sort();
    expect(Object.keys(ERASURE_PLAN).sort()).toEqual(collections);
  });

  // The same rule for merges (src/store/merges.ts): a collection that refers to customers must say what a merge
  // of two records does to it, or a merge would leave its documents pointing at a removed record.
  it('has a twin: the merge plan names every collection too', () => {
    const collections = allModels(db.conn).map((m) => m.collection.collectionName).sort();
    expect(Object.keys(MERGE_PLAN).sort()).toEqual(collections);
  });
});
