// Issue 12: one long search text cannot tie up the database. 10,000 customers; a 2,000-character query answers,
// only its first words reach the database (the timing comparison is bench/search-bounds.bench.ts).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommandStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import { MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, boundSearchText } from '../../src/domain/search-text.js';
import { createEngine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/log.js';
import { connectDatabase } from '../../src/store/connection.js';
import { createStore, type Store } from '../../src/store/index.js';
import { SETTINGS } from '../support/chat.js';
import { runHoso } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, OTHER_GUEST } from '../support/telegram-updates.js';

const CUSTOMERS = 10_000;
const TARGET = 'Nguyễn Thị Lan Anh Vy';
/** Her five name words, then ~2,000 characters a careless paste or a hostile staff chat could send. */
const LONG_QUERY = `nguyen thi lan anh vy ${Array.from({ length: 500 }, (_, i) => `x${i % 10}y`).join(' ')}`.slice(0, 2_000);

let db: TestDb;
let monitored: Connection;
let store: Store;
const regexes: string[] = [];

async function seed(): Promise<void> {
  const family = ['Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng'];
  const given = ['Hoa', 'Mai', 'Hương', 'Thu', 'Ngọc', 'Linh', 'Trang'];
  const col = db.conn.db!.collection('customers');
  for (let start = 0; start < CUSTOMERS; start += 2_000) {
    const docs = Array.from({ length: 2_000 }, (_, j) => {
      const i = start + j;
      const name = i === 7_777 ? TARGET : `${family[i % family.length]} Thị ${given[i % given.length]} ${i}`;
      return { name, nameKey: name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase(), consent: { care: true, marketing: false }, needs: [], consents: [], createdBy: { kind: 'cli' }, updatedBy: { kind: 'cli' } };
    });
    await col.insertMany(docs);
  }
}

beforeAll(async () => {
  db = await openTestDb('search_bounds');
  await seed();
  monitored = await connectDatabase(db.uri, { dbName: db.dbName, monitorCommands: true });
  monitored.getClient().on('commandStarted', (e: CommandStartedEvent) => {
    const regex = (e.command.filter as { nameKey?: { $regex?: unknown } } | undefined)?.nameKey?.$regex;
    if (e.commandName === 'find' && regex !== undefined) regexes.push(String(regex instanceof RegExp ? regex.source : regex));
  });
  store = createStore(monitored);
}, 120_000);
afterAll(async () => {
  await monitored?.close();
  await db?.close();
});

describe('bounded search text', () => {
  it('keeps the first words of a long text, single-spaced', () => {
    expect(boundSearchText(LONG_QUERY)).toBe('nguyen thi lan anh vy');
    expect(boundSearchText('  lan   ')).toBe('lan');
    expect([...boundSearchText('a'.repeat(2_000))]).toHaveLength(MAX_SEARCH_CHARS);
    expect(boundSearchText(Array.from({ length: 50 }, () => 'longword').join(' ')).split(' ').length).toBeLessThanOrEqual(MAX_SEARCH_WORDS);
  });

  it('answers a 2,000-character query on 10,000 customers, and the database gets only its first words', async () => {
    expect(LONG_QUERY.length).toBeGreaterThanOrEqual(2_000);
    regexes.length = 0;
    const found = await store.customers.search(LONG_QUERY);
    expect(found.map((c) => c.name)).toEqual([TARGET]);
    expect(regexes).toHaveLength(1);
    expect(regexes[0]!.length).toBeLessThan(MAX_SEARCH_CHARS + MAX_SEARCH_WORDS * 8);
    expect(regexes[0]).not.toContain('x0y');
  });

  it('answers staff /tim with 2,000 characters over Telegram, and finds the customer its first words name', async () => {
    const clock = new TestClock('2026-03-10T03:00:00Z');
    const engine = createEngine({ store, settings: SETTINGS, now: clock.now, log: createLogger('silent') });
    const owner = await store.staff.add({ name: 'Chủ spa', role: 'owner', chats: [{ channel: 'telegram', userId: String(OTHER_GUEST.id) }] });
    expect(owner.ok).toBe(true);
    const h: TelegramHarness = await startTelegramHarness('webhook', engine);
    try {
      regexes.length = 0;
      await h.deliver(command(OTHER_GUEST, `/tim ${LONG_QUERY}`));
      const [reply] = await h.sent(1);
      expect(JSON.stringify(reply)).toContain(TARGET);
      expect(regexes.every((r) => r.length < MAX_SEARCH_CHARS + MAX_SEARCH_WORDS * 8)).toBe(true);
    } finally {
      await h.stop();
    }
  });

  it('answers `hoso customers find` with 2,000 characters', async () => {
    const r = await runHoso({ MONGODB_URI: db.dbUri, LOG_LEVEL: 'silent' }, ['customers', 'find', LONG_QUERY]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(TARGET);
  });
});
