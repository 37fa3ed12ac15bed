// Issue 12: Zalo's user_submit_info phone is whatever the user typed into the form, so it counts as unverified.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import type { Engine } from '../../src/engine/types.js';
import type { Store } from '../../src/store/index.js';
import { makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { copyPattern, SPA, vi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { deliver, followEvent, signed, submitInfoEvent, textEvent, ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

let db: TestDb;
let clock: TestClock;
let engine: Engine;
let store: Store;
let h: ZaloHarness;
let seen = 0;

beforeAll(async () => {
  db = await openTestDb('sec_zalo_submit');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-10T03:00:00Z');
  ({ engine, store } = makeEngine(db, clock));
  h = await startZaloHarness(db, clock, engine);
  await h.seedTokens();
  seen = 0;
});
afterEach(async () => h.stop());

async function turn(event: Record<string, unknown>): Promise<string> {
  clock.advance(5_000);
  const res = await deliver(h.webhookUrl, signed(event));
  expect(res.status).toBe(200);
  await h.zalo.idle();
  const texts = h.standin.texts.slice(seen).map((t) => t.text);
  seen = h.standin.texts.length;
  return texts.join('\n');
}
const number = (said: string, label: string) => said.split('\n').find((l) => l.endsWith(`. ${label}`))!.split('.')[0]!;
const guest = (t: string) => turn(textEvent(t, { at: clock.now() }));

describe('user_submit_info with the phone of an existing customer', () => {
  it('reveals nothing, changes nothing, and keeps the answers as a pending claim', async () => {
    const made = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678' }, { kind: 'staff', id: 's1' });
    if (!made.ok) throw new Error('setup');
    const raw = () => db.conn.db!.collection('customers').findOne({ _id: new Types.ObjectId(made.value.id) });
    const before = await raw();

    let said = await turn(followEvent('follow', { at: clock.now() }));
    said = await guest(number(said, vi.consentYes));
    said = await guest(number(said, vi.yes));
    said = await guest(number(said, vi.skip));
    said = await guest(number(said, vi.skip));
    said = await turn(submitInfoEvent({ name: 'Trần Văn Lạ', phone: '84912345678', user_dob: '01/01/2000' }, { at: clock.now() }));
    expect(said).not.toMatch(/Lan|đã có/);
    said = await guest(number(said, 'Massage'));
    said = await guest(number(said, vi.needsDone));
    said = await guest(number(said, vi.confirmSave));
    expect(said).toMatch(copyPattern((hole) => vi.saved({ spa: SPA, you: { pronoun: hole(), named: hole() } })));

    expect(await raw()).toEqual(before);
    const zalo = { channel: 'zalo' as const, account: ZALO_TEST.oaId, userId: ZALO_TEST.user };
    expect(await store.customers.findLink(zalo)).toBeNull();
    expect(await store.claims.forChat(zalo)).toEqual([expect.objectContaining({ customerId: made.value.id, name: 'Trần Văn Lạ', phone: '+84912345678' })]);
    said = await turn(textEvent('/toi', { at: clock.now() }));
    expect(said).not.toContain('Lan');
  });

  it('a new guest who hands over her own card is saved with the phone marked unverified', async () => {
    let said = await turn(followEvent('follow', { at: clock.now() }));
    said = await guest(number(said, vi.consentYes));
    said = await guest(number(said, vi.no));
    said = await guest(number(said, vi.skip));
    said = await guest(number(said, vi.skip));
    said = await turn(submitInfoEvent({ name: 'Nguyễn Thị Lan', phone: '84912345678', user_dob: '12/03/1990' }, { at: clock.now() }));
    said = await guest(number(said, vi.needsDone));
    said = await guest(number(said, vi.confirmSave));
    expect(said).toMatch(copyPattern((hole) => vi.saved({ spa: SPA, you: { pronoun: hole(), named: hole() } })));
    expect(await db.conn.db!.collection('customers').find({}).toArray()).toEqual([expect.objectContaining({ name: 'Nguyễn Thị Lan', phone: '+84912345678', phoneVerified: false })]);
  });
});
