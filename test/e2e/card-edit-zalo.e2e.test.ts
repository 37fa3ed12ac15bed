// Staff /sua and /bosung over Zalo (issue 17: "Telegram and Zalo alike"): no buttons there, so the menu and the
// enumerated values are numbered lines answered by their number; signed webhooks in, text out through the stand-in.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { cardEditVi } from '../../src/engine/copy/card-edit-vi.js';
import { profileCompleteness } from '../../src/domain/completeness.js';
import type { Store } from '../../src/store/index.js';
import { makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { deliver, signed, textEvent, ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

const e = cardEditVi;
let db: TestDb;
let clock: TestClock;
let h: ZaloHarness;
let seen = 0;
let lan = '';
let store: Store;

async function say(text: string): Promise<string> {
  clock.advance(5_000);
  const res = await deliver(h.webhookUrl, signed(textEvent(text, { at: clock.now() })));
  expect(res.status).toBe(200);
  await h.zalo.idle();
  const texts = h.standin.texts.slice(seen).map((t) => t.text);
  seen = h.standin.texts.length;
  return texts.join('\n');
}

/** Answers with the number of the offered line "N. label…". */
async function choose(said: string, label: string): Promise<string> {
  const line = said.split('\n').find((l) => /^\d+\. /.test(l) && l.replace(/^\d+\. /, '').startsWith(label));
  if (!line) throw new Error(`no numbered choice "${label}" in:\n${said}`);
  return say(line.split('.')[0]!);
}

beforeAll(async () => {
  db = await openTestDb('card_edit_zalo');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-12-02T03:00:00Z');
  const made = makeEngine(db, clock);
  store = made.store;
  const engine = made.engine;
  const m = await store.staff.add({ name: 'Hoa', role: 'manager', branchId: 'q1', chats: [{ channel: 'zalo', userId: ZALO_TEST.user }] });
  if (!m.ok) throw new Error('staff');
  const c = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1' }, { kind: 'cli' });
  if (!c.ok) throw new Error('customer');
  lan = c.value.id;
  h = await startZaloHarness(db, clock, engine);
  await h.seedTokens();
  seen = 0;
});
afterEach(async () => h.stop());

const card = async () => (await store.customers.findById(lan))!;

describe('staff card edits over Zalo', () => {
  it('edits from the numbered menu and completes the card with /bosung, answering by numbers and text', async () => {
    let said = await say('/tim lan');
    said = await choose(said, 'Nguyễn Thị Lan');
    said = await say('/sua');
    expect(said).toContain(e.menuTitle({ name: 'Nguyễn Thị Lan' }));
    said = await choose(said, e.menuButton({ field: e.fieldNames.email }));
    expect(said).toContain(e.ask({ field: e.fieldNames.email, name: 'Nguyễn Thị Lan', example: e.examples.email }));
    said = await say('lan@gmail.com');
    expect(said).toContain(e.saved({ field: e.fieldNames.email, name: 'Nguyễn Thị Lan', value: 'lan@gmail.com' }));

    said = await say('/bosung');
    expect(said).toContain(e.fillStart({ name: 'Nguyễn Thị Lan', percent: 38, count: 8 }));
    said = await say('âm lịch 15/8');
    said = await choose(said, 'nữ');
    said = await say('12 Lê Lợi, Q1');
    said = await say('kế toán');
    said = await choose(said, 'Massage');
    expect(profileCompleteness(await card()).percent).toBe(100);
    said = await choose(said, e.skipButton);
    said = await choose(said, 'Khách quen');
    said = await choose(said, 'Facebook');
    expect(said).toContain(e.fillDone({ name: 'Nguyễn Thị Lan', percent: 100 }));
    expect(await card()).toMatchObject({ email: 'lan@gmail.com', gender: 'female', address: '12 Lê Lợi, Q1', occupation: 'kế toán', group: 'Khách quen', source: 'Facebook', lunarBirthday: { day: 15, month: 8 } });
  });
});
