// Issue 12: a signed Zalo delivery captured and replayed later is refused (ZALO_WEBHOOK_MAX_AGE_MINUTES, default 5).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { createScriptedEngine, type ScriptedEngine } from '../support/scripted-engine.js';
import { deliver, signed, textEvent } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

const MINUTE = 60_000;
let db: TestDb;
let clock: TestClock;
let engine: ScriptedEngine;
let h: ZaloHarness;

beforeAll(async () => {
  db = await openTestDb('zalo_replay');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-12T02:00:00Z');
  engine = createScriptedEngine();
  h = await startZaloHarness(db, clock, engine); // the default maximum age: nothing set
  await h.seedTokens();
});
afterEach(async () => h.stop());

const at = (offsetMs: number): Date => new Date(clock.now().getTime() + offsetMs);
const events = () => db.conn.db!.collection('zalo_events').countDocuments();

describe('Zalo webhook freshness', () => {
  it('has a five-minute maximum age unless configured', () => {
    expect(loadConfig({}).ZALO_WEBHOOK_MAX_AGE_MINUTES).toBe(5);
  });

  it('accepts a delivery signed four minutes ago', async () => {
    expect((await deliver(h.webhookUrl, signed(textEvent('Chào spa', { at: at(-4 * MINUTE) })))).status).toBe(200);
    await h.zalo.idle();
    expect(engine.received).toHaveLength(1);
  });

  it.each([
    ['signed six minutes ago (a replay of a captured delivery)', () => textEvent('Chào spa', { at: at(-6 * MINUTE) })],
    ['signed a day ago', () => textEvent('Chào spa', { at: at(-24 * 60 * MINUTE) })],
    ['dated six minutes in the future', () => textEvent('Chào spa', { at: at(6 * MINUTE) })],
    ['whose timestamp is not a number', () => ({ ...textEvent('Chào spa', { at: clock.now() }), timestamp: 'soon' })],
  ])('refuses a correctly signed delivery %s, recording and answering nothing', async (_what, make) => {
    const res = await deliver(h.webhookUrl, signed(make()));
    expect(res.status).toBe(401);
    await h.zalo.idle();
    expect(engine.received).toHaveLength(0);
    expect(await events()).toBe(0);
    expect(h.standin.texts).toHaveLength(0);
    expect(h.logLines.some((l) => l.includes('ZALO_WEBHOOK_MAX_AGE_MINUTES'))).toBe(true);
  });

  it('reads a ten-digit timestamp as seconds', async () => {
    const event = { ...textEvent('Chào spa', { at: clock.now() }), timestamp: String(Math.floor(at(-MINUTE).getTime() / 1000)) };
    expect((await deliver(h.webhookUrl, signed(event))).status).toBe(200);
  });

  it('lets an operator turn the check off with 0', async () => {
    await h.stop();
    h = await startZaloHarness(db, clock, engine, { ZALO_WEBHOOK_MAX_AGE_MINUTES: '0' });
    await h.seedTokens();
    expect((await deliver(h.webhookUrl, signed(textEvent('Chào spa', { at: at(-60 * MINUTE) })))).status).toBe(200);
  });
});
