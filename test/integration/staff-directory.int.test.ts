// Reminders reach the right staff chat: a member's own Telegram (or Zalo) chat, "owner" the first owner on record.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { OWNER_STAFF_ID } from '../../jobs/ports.js';
import { storeStaffDirectory } from '../../jobs/staff-directory.js';
import { builtinCapabilities } from '../../src/domain/channel.js';
import { createStore, type Store } from '../../src/store/index.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let store: Store;
// The channel directory as bots/index.ts builds it for a process running a Telegram bot and a Zalo OA.
const config = {
  owners: [{ channel: 'telegram', userId: '42' }],
  accounts: new Map([
    ['telegram', '999'],
    ['zalo', '777'],
  ]),
  capabilities: builtinCapabilities,
};

beforeAll(async () => {
  db = await openTestDb('staffdir');
  store = createStore(db.conn);
});
afterAll(async () => db.close());
beforeEach(async () => db.clear());

describe('storeStaffDirectory', () => {
  it('finds a member by Telegram first, then Zalo, and nothing for a removed member', async () => {
    const tg = await store.staff.add({ name: 'Hoa', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: '501' }, { channel: 'zalo', userId: '601' }] });
    const zl = await store.staff.add({ name: 'Mai', role: 'staff', branchId: 'q1', chats: [{ channel: 'zalo', userId: '602' }] });
    if (!tg.ok || !zl.ok) throw new Error('setup');
    const dir = storeStaffDirectory(store, config);
    expect(await dir.chatOf(tg.value.id)).toEqual({ channel: 'telegram', account: '999', userId: '501' });
    expect(await dir.chatOf(zl.value.id)).toEqual({ channel: 'zalo', account: '777', userId: '602' });
    await store.staff.remove(zl.value.id);
    expect(await dir.chatOf(zl.value.id)).toBeNull();
  });

  it('sends owner reminders to an owner on record, else to OWNER_TELEGRAM_IDS', async () => {
    const dir = storeStaffDirectory(store, config);
    expect(await dir.chatOf(OWNER_STAFF_ID)).toEqual({ channel: 'telegram', account: '999', userId: '42' });
    await store.staff.add({ name: 'Chủ', role: 'owner', chats: [{ channel: 'telegram', userId: '43' }] });
    expect(await dir.chatOf(OWNER_STAFF_ID)).toEqual({ channel: 'telegram', account: '999', userId: '43' });
  });
});
