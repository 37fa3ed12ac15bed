// Issue 12: an owner listed in OWNER_TELEGRAM_IDS cannot be removed by `hoso staff remove` (their next message
// would make them an owner again, silently undoing it); the refusal says what to do instead.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createEngine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { SETTINGS } from '../support/chat.js';
import { runHoso } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, GUEST } from '../support/telegram-updates.js';

const OWNER_ID = String(GUEST.id);
let db: TestDb;
let store: Store;
let h: TelegramHarness | undefined;

beforeAll(async () => {
  db = await openTestDb('owner_removal');
});
afterAll(async () => db?.close());
beforeEach(async () => db.clear());
afterEach(async () => h?.stop());

async function startBot(ownerTelegramIds: string[]): Promise<void> {
  await h?.stop();
  const clock = new TestClock('2026-03-10T03:00:00Z');
  store = createStore(db.conn, clock.now);
  const engine = createEngine({ store, settings: { ...SETTINGS, owners: ownerTelegramIds.map((userId) => ({ channel: 'telegram', userId })) }, now: clock.now, log: createLogger('silent') });
  h = await startTelegramHarness('webhook', engine);
}

async function helpText(): Promise<string> {
  const before = h!.api.callsTo('sendMessage').length;
  await h!.deliver(command(GUEST, '/help'));
  return h!.api.callsTo('sendMessage').slice(before).map((p) => String(p.text)).join('\n');
}

describe('removing a configured owner', () => {
  it('is refused with the reason while the id is in OWNER_TELEGRAM_IDS, and sticks once it is taken out', async () => {
    await startBot([OWNER_ID]);
    expect(await helpText()).toContain('/moi'); // the configured owner became an owner on their first message
    const [owner] = await store.staff.list();
    expect(owner).toMatchObject({ role: 'owner', chats: [{ channel: 'telegram', userId: OWNER_ID }] });

    const env = { MONGODB_URI: db.dbUri, LOG_LEVEL: 'silent', OWNER_TELEGRAM_IDS: `${OWNER_ID},42` };
    const refused = await runHoso(env, ['staff', 'remove', owner!.id]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('OWNER_TELEGRAM_IDS');
    expect((await store.staff.findById(owner!.id))?.active).toBe(true);
    expect(await helpText()).toContain('/moi');

    const removed = await runHoso({ ...env, OWNER_TELEGRAM_IDS: '42' }, ['staff', 'remove', owner!.id]);
    expect(removed.code).toBe(0);
    await startBot(['42']); // restarted with the new configuration
    expect(await helpText()).not.toContain('/moi');
    expect(await store.staff.list()).toEqual([]);
  });

  it('still removes an owner added by hand who is not in OWNER_TELEGRAM_IDS', async () => {
    store = createStore(db.conn);
    const added = await store.staff.add({ name: 'Chủ cũ', role: 'owner', chats: [{ channel: 'telegram', userId: '99887766' }] });
    const r = await runHoso({ MONGODB_URI: db.dbUri, LOG_LEVEL: 'silent', OWNER_TELEGRAM_IDS: OWNER_ID }, ['staff', 'remove', added.ok ? added.value.id : '']);
    expect(r.code).toBe(0);
  });
});
