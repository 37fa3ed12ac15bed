// Issue 12: invitation codes cannot be guessed by volume: at most 5 refused codes per chat per hour, each one
// audited; the 6th try, even with the right code, is told to come back later and joins nobody.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import type { Store } from '../../src/store/index.js';
import { makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { copyPattern, staffVi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, GUEST, OTHER_GUEST } from '../support/telegram-updates.js';

const WRONG = ['ABCD2345', 'QRST6789', 'HJKM2345', 'VWXY6789', 'NPQR2345'];
/** The welcome a colleague gets on a good code, whoever she is. */
const accepted = copyPattern((hole) => staffVi.inviteAccepted({ name: hole(), role: hole() }));

let db: TestDb;
let clock: TestClock;
let store: Store;
let h: TelegramHarness;

beforeAll(async () => {
  db = await openTestDb('invite_attempts');
});
afterAll(async () => db?.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-10T03:00:00Z');
  const made = makeEngine(db, clock);
  store = made.store;
  h = await startTelegramHarness('webhook', made.engine);
});
afterEach(async () => h?.stop());

async function say(user: User, body: string): Promise<string> {
  const before = h.api.callsTo('sendMessage').length;
  await h.deliver(command(user, body));
  return h.api
    .callsTo('sendMessage')
    .slice(before)
    .filter((p) => String(p.chat_id) === String(user.id))
    .map((p) => String(p.text))
    .join('\n');
}

async function newCode(): Promise<string> {
  const owner = await store.staff.add({ name: 'Chủ spa', role: 'owner', chats: [{ channel: 'telegram', userId: '777000111' }] });
  const ownerId = owner.ok ? owner.value.id : (await store.staff.list()).find((m) => m.role === 'owner')!.id;
  return (await store.staff.createInvite({ role: 'staff', branchId: 'q1', createdBy: ownerId })).code;
}

const audits = () => db.conn.db!.collection('audit_log').find({ action: 'invite' }).sort({ at: 1, _id: 1 }).toArray();
const isStaff = async (user: User) => (await store.staff.findByAddress({ channel: 'telegram', account: String(h.api.me.id), userId: String(user.id) })) !== null;

describe('invitation code attempts', () => {
  it('refuses the right code on the 6th try within the hour, audits every refusal, and accepts it after the hour', async () => {
    const code = await newCode();
    for (const wrong of WRONG) {
      expect(await say(GUEST, `/start ${wrong}`)).toContain(staffVi.inviteInvalid);
      clock.advance(60_000);
    }
    const sixth = await say(GUEST, `/start ${code}`);
    expect(sixth).toContain(staffVi.inviteTooMany);
    expect(await isStaff(GUEST)).toBe(false);

    const entries = await audits();
    expect(entries.map((e) => String(e.detail).replace(/chat=\w+ /, ''))).toEqual([
      'redeem=failed attempt=1',
      'redeem=failed attempt=2',
      'redeem=failed attempt=3',
      'redeem=failed attempt=4',
      'redeem=failed attempt=5',
      'redeem=refused_too_many attempt=6',
    ]);
    expect(entries.every((e) => e.channel === 'telegram')).toBe(true);
    // The chat appears as a hash: no Telegram user id and no code in the audit log.
    // Without the ids the database made: a random ObjectId may hold the digits of the user id ('…5150 01c').
    const dump = JSON.stringify(entries.map(({ _id, ...rest }) => rest));
    expect(dump).not.toContain(String(GUEST.id));
    for (const c of [...WRONG, code]) expect(dump).not.toContain(c);

    clock.advanceHours(1);
    expect(await say(GUEST, `/start ${code}`)).toMatch(accepted);
    expect(await isStaff(GUEST)).toBe(true);
  });

  it('counts per chat: another chat redeems its own code while the first is held back', async () => {
    for (const wrong of WRONG) await say(GUEST, `/start ${wrong}`);
    const code = await newCode();
    expect(await say(GUEST, `/start ${code}`)).toContain(staffVi.inviteTooMany);
    expect(await say(OTHER_GUEST, `/start ${code}`)).toMatch(accepted);
    expect(await isStaff(OTHER_GUEST)).toBe(true);
    expect(await isStaff(GUEST)).toBe(false);
  });

  it('leaves a chat that gets the code right within five tries alone', async () => {
    for (const wrong of WRONG.slice(0, 4)) await say(GUEST, `/start ${wrong}`);
    const code = await newCode();
    expect(await say(GUEST, `/start ${code}`)).toMatch(accepted);
  });
});
