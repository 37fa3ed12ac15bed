// A full registration over Zalo with the real engine: signed webhooks in, numbered text out through the stand-in.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Engine } from '../../src/engine/types.js';
import { Chat, makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { SPA, vi, you } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { deliver, followEvent, signed, submitInfoEvent, textEvent, ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

let db: TestDb;
let clock: TestClock;
let engine: Engine;
let h: ZaloHarness;
let seen = 0;
const zaloAddress = { channel: 'zalo', account: ZALO_TEST.oaId, userId: ZALO_TEST.user };

/** What the bot sent since the last turn, joined. */
function lastTurn(): string {
  const texts = h.standin.texts.slice(seen).map((t) => t.text);
  seen = h.standin.texts.length;
  return texts.join('\n');
}

async function turn(event: Record<string, unknown>): Promise<string> {
  clock.advance(5_000);
  const res = await deliver(h.webhookUrl, signed(event));
  expect(res.status).toBe(200);
  await h.zalo.idle();
  return lastTurn();
}

const guest = (text: string): Promise<string> => turn(textEvent(text, { at: clock.now() }));

/** The offered line "N. label" that Zalo shows instead of buttons (the numbering is the renderer's, not copy). */
const numbered = (n: number, label: string): RegExp => new RegExp(`^${n}\\. ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm');

/** Answers with the number of the offered line "N. label", as a guest on Zalo does. */
async function choose(said: string, label: string): Promise<string> {
  const line = said.split('\n').find((l) => new RegExp(`^\\d+\\. ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).test(l));
  if (!line) throw new Error(`no numbered choice "${label}" in:\n${said}`);
  return guest(line.split('.')[0]!);
}

beforeAll(async () => {
  db = await openTestDb('zalo_registration');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-10T03:00:00Z');
  ({ engine } = makeEngine(db, clock));
  h = await startZaloHarness(db, clock, engine);
  await h.seedTokens();
  seen = 0;
});
afterEach(async () => h.stop());

const customers = () => db.conn.db!.collection('customers').find({}).toArray();
const identities = () => db.conn.db!.collection('channel_identities').find({}).toArray();

describe('registration over Zalo', () => {
  it('registers a guest who follows the OA and answers by numbers and text, stored once and linked to the Zalo user', async () => {
    let said = await turn(followEvent('follow', { at: clock.now() }));
    expect(said).toContain(vi.greeting({ spa: SPA, you: you() }));
    expect(said).toContain(vi.consentQuestion({ spa: SPA, you: you() }));
    expect(said).toMatch(numbered(1, vi.consentYes));
    said = await choose(said, vi.consentYes);
    said = await choose(said, vi.no);
    said = await choose(said, vi.skip);
    said = await choose(said, vi.skip);
    expect(said).toContain(vi.askName({ you: you() }));
    said = await guest('nguyễn thị lan');
    said = await guest('0912 345 678');
    said = await guest('12/3/1990');
    said = await choose(said, 'Trị mụn');
    said = await choose(said, vi.needsDone);
    expect(said).toContain(vi.confirmCard({ you: you('Nguyễn Thị Lan'), card: { name: 'Nguyễn Thị Lan', phone: '0912 345 678', birthday: '12/3/1990', needs: 'Trị mụn', health: vi.consentUnanswered, photo: vi.consentUnanswered } }));
    said = await choose(said, vi.confirmSave);

    const all = await customers();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3, year: 1990 }, source: 'zalo' });
    expect(await identities()).toEqual([expect.objectContaining({ ...zaloAddress, customerId: all[0]!._id })]);
    // Every message went out as plain text within Zalo's limit; nothing was lost on the way.
    expect(h.standin.texts.every((t) => t.userId === ZALO_TEST.user && t.text.length <= 2000)).toBe(true);
  });

  it('accepts "1." and the label without diacritics as answers to a numbered choice', async () => {
    const said = await turn(followEvent('follow', { at: clock.now() }));
    expect(said).toMatch(numbered(1, vi.consentYes));
    expect(await guest('1.')).toContain(vi.marketingQuestion({ spa: SPA, you: you() }));
    expect(await guest('khong')).toContain(vi.healthQuestion({ spa: SPA, you: you() }));
    expect(await guest('bo qua')).toContain(vi.photoQuestion({ spa: SPA, you: you() }));
    expect(await guest('3')).toContain(vi.askName({ you: you() }));
  });

  it('takes name, phone and birthday from one consented user_submit_info card and asks only what is missing', async () => {
    let said = await turn(followEvent('follow', { at: clock.now() }));
    said = await choose(said, vi.consentYes);
    said = await choose(said, vi.yes);
    said = await choose(said, vi.skip);
    said = await choose(said, vi.skip);
    said = await turn(submitInfoEvent({ name: 'Nguyễn Thị Lan', phone: '84912345678', user_dob: '12/03/1990', gender: 'Nữ' }, { at: clock.now() }));
    expect(said).not.toContain(vi.askName({ you: you() }));
    expect(said).toContain(vi.askNeeds({ you: you('Nguyễn Thị Lan', 'female') }));
    said = await choose(said, 'Gội đầu dưỡng sinh');
    said = await choose(said, vi.needsDone);
    said = await choose(said, vi.confirmSave);
    // Zalo does not say it checked the number the user put in the form: it is stored as typed (issue 12).
    expect(await customers()).toEqual([expect.objectContaining({ name: 'Nguyễn Thị Lan', phone: '+84912345678', phoneVerified: false })]);
  });

  it('never duplicates a customer who registered on Telegram and types the same phone on Zalo: the answers wait for staff', async () => {
    const telegram = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '777001' });
    await telegram.command('start');
    await telegram.press(vi.consentYes);
    await telegram.press(vi.no);
    await telegram.press(vi.skip);
    await telegram.press(vi.skip);
    await telegram.text('nguyễn thị lan');
    await telegram.text('0912 345 678');
    await telegram.text('12/3/1990');
    await telegram.press('Trị mụn');
    await telegram.press(vi.needsDone);
    await telegram.press(vi.confirmSave);
    const [registered] = await customers();
    expect(registered).toBeDefined();

    let said = await guest('Chào spa');
    said = await choose(said, vi.consentYes);
    said = await choose(said, vi.no);
    said = await choose(said, vi.skip);
    said = await choose(said, vi.skip);
    said = await guest('Nguyễn Thị Lan');
    said = await guest('0912345678');
    // A typed phone is answered the same whether it is on file or not (issue 12). The "đã có" (already on file)
    // literal stays on purpose: no wording of that, catalogue or not, may reach this chat.
    expect(said).toContain(vi.askBirthday({ spa: SPA, you: you('Nguyễn Thị Lan') }));
    expect(said).not.toContain('đã có');
    said = await guest('12/3/1990');
    said = await choose(said, 'Massage');
    said = await choose(said, vi.needsDone);
    said = await choose(said, vi.confirmSave);
    const all = await customers();
    expect(all).toEqual([registered]);
    const links = await identities();
    expect(links.map((l) => l.channel)).toEqual(['telegram']);
    expect(await h.store.claims.forCustomer(String(registered!._id))).toEqual([expect.objectContaining({ address: zaloAddress, needs: [{ service: 'Massage' }] })]);
  });
});
