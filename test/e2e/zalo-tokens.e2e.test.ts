// Zalo tokens against the stand-in: expiry mid-conversation, concurrent sends, refresh failure, seeding by CLI.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ZaloTokenManager } from '../../bots/zalo/tokens.js';
import { runCli } from '../../src/cli/hoso.js';
import type { Engine, Inbound, Reply } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { deliver, signed, textEvent, ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

const echo: Engine = {
  async handle(inbound: Inbound): Promise<Reply[]> {
    return [{ text: `Dạ em nhận được: ${inbound.event.kind === 'text' ? inbound.event.text : inbound.event.kind}` }];
  },
};

let db: TestDb;
let clock: TestClock;
let h: ZaloHarness;
const address = { channel: 'zalo' as const, account: ZALO_TEST.oaId, userId: ZALO_TEST.user };
const csPath = '/v3.0/oa/message/cs';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), write: (c) => out.push(c) }, h.env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  db = await openTestDb('zalo_tokens');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-12T02:00:00Z');
  h = await startZaloHarness(db, clock, echo);
  await h.seedTokens();
  await h.zalo.window.recordInbound(ZALO_TEST.oaId, ZALO_TEST.user, clock.now());
});
afterEach(async () => h.stop());

describe('Zalo token manager', () => {
  it('refreshes once when the token expires mid-conversation, and the message is still delivered', async () => {
    await deliver(h.webhookUrl, signed(textEvent('Chào spa', { at: clock.now() })));
    await h.zalo.idle();
    h.standin.expireAccessToken(-220);
    await deliver(h.webhookUrl, signed(textEvent('Tôi muốn gội đầu', { at: clock.now() })));
    await h.zalo.idle();

    expect(h.standin.refreshCalls).toBe(1);
    expect(h.standin.texts.map((t) => t.text)).toEqual(['Dạ em nhận được: Chào spa', 'Dạ em nhận được: Tôi muốn gội đầu']);
    // The rotated pair was stored before it was used: the database holds exactly what Zalo issued.
    const stored = await h.store.zalo.tokens.get(ZALO_TEST.oaId);
    expect(stored).toMatchObject({ ...h.standin.currentPair(), rotations: 1 });
    expect(h.standin.requests.filter((r) => r.path === csPath).at(-1)?.accessToken).toBe(h.standin.currentPair().accessToken);
  });

  it('calls refresh exactly once for two concurrent sends during expiry', async () => {
    const old = h.standin.currentPair().accessToken;
    h.standin.expireAccessToken(-216);
    const release = h.standin.holdRefreshes();
    const sends = Promise.all([h.zalo.sender.send(address, { text: 'Tin thứ nhất' }), h.zalo.sender.send(address, { text: 'Tin thứ hai' })]);
    await h.standin.refreshRequested(1);
    release();
    expect(await sends).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })]);
    expect(h.standin.refreshCalls).toBe(1);
    // Both sends really hit the expired token before the one refresh answered.
    expect(h.standin.requests.filter((r) => r.path === csPath && r.accessToken === old)).toHaveLength(2);
    expect(h.standin.texts.map((t) => t.text).sort()).toEqual(['Tin thứ hai', 'Tin thứ nhất']);
  });

  it('refreshes once, ahead of expiry, when several sends find the token about to expire', async () => {
    clock.advanceHours(24); // 25 h token, refreshed within its last 2 h
    const results = await Promise.all([1, 2, 3].map((i) => h.zalo.sender.send(address, { text: `Tin ${i}` })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(h.standin.refreshCalls).toBe(1);
    expect((await h.store.zalo.tokens.get(ZALO_TEST.oaId))?.accessExpiresAt).toEqual(new Date(clock.now().getTime() + 90_000_000));
  });

  it('uses a pair another process already rotated instead of burning the refresh token again', async () => {
    const other = new ZaloTokenManager({
      oaId: ZALO_TEST.oaId,
      repo: h.store.zalo.tokens,
      oauth: { refreshAccessToken: () => Promise.reject(new Error('must not be called')) },
      now: clock.now,
      log: createLogger('silent'),
    });
    const stale = (await h.store.zalo.tokens.get(ZALO_TEST.oaId))!.accessToken;
    h.standin.expireAccessToken(-216);
    expect((await h.zalo.sender.send(address, { text: 'Tin một' })).ok).toBe(true);
    // The other process still holds the old token when Zalo refuses it: it must pick up the stored pair.
    await expect(other.refresh(stale)).resolves.toBe(h.standin.currentPair().accessToken);
    expect(h.standin.refreshCalls).toBe(1);
  });

  it('raises an alert in the log and /readyz when the refresh token is refused, without crashing or retrying in a loop', async () => {
    expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
    h.standin.refuseRefresh(-14014, 'Invalid refresh token');
    h.standin.expireAccessToken(-220);

    const first = await h.zalo.sender.send(address, { text: 'Dạ chị ơi' });
    expect(first).toMatchObject({ ok: false, kind: 'retry' });
    const second = await h.zalo.sender.send(address, { text: 'Dạ chị ơi' });
    expect(second).toMatchObject({ ok: false, kind: 'retry' });
    expect(h.standin.refreshCalls).toBe(1); // the dead refresh token is not tried again

    const alert = h.logLines.find((l) => l.includes('zalo_reauthorize'));
    expect(alert).toContain('"level":50');
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('authorise the app again');

    // An admin consents again and seeds the new pair: everything works, the alert is gone.
    const pair = h.standin.issuePair();
    const seeded = await cli('zalo', 'set-tokens', '--access-token', pair.accessToken, '--refresh-token', pair.refreshToken);
    expect(seeded.code).toBe(0);
    expect(seeded.out).not.toContain(pair.accessToken);
    expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
    expect(await h.zalo.sender.send(address, { text: 'Dạ chị ơi' })).toMatchObject({ ok: true });
  });

  it('reports missing tokens in /readyz and as a retry, never as a crash', async () => {
    await db.conn.db!.collection('zalo_tokens').deleteMany({});
    expect(await h.zalo.sender.send(address, { text: 'Dạ' })).toMatchObject({ ok: false, kind: 'retry', reason: 'zalo no_tokens' });
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('hoso zalo set-tokens');
  });

  it('keeps the refresh token alive with the periodic check even when nobody writes', async () => {
    await h.zalo.tokens.refreshIfDue();
    expect(h.standin.refreshCalls).toBe(0);
    clock.advanceHours(23.5);
    await h.zalo.tokens.refreshIfDue();
    expect(h.standin.refreshCalls).toBe(1);
  });
});

describe('hoso zalo', () => {
  it('set-tokens stores the pair for the configured OA and status shows it without printing tokens', async () => {
    const r = await cli('zalo', 'set-tokens', '--access-token', 'a'.repeat(40), '--refresh-token', 'r'.repeat(40), '--expires-in', '3600');
    expect(r.code).toBe(0);
    const stored = await h.store.zalo.tokens.get(ZALO_TEST.oaId);
    expect(stored).toMatchObject({ accessToken: 'a'.repeat(40), refreshToken: 'r'.repeat(40), rotations: 0 });
    const s = await cli('zalo', 'status');
    expect(s.code).toBe(0);
    expect(s.out).toContain(ZALO_TEST.oaId);
    expect(s.out).not.toContain('a'.repeat(40));
  });

  it('refuses a missing refresh token with a one-line reason', async () => {
    const r = await cli('zalo', 'set-tokens', '--access-token', 'a'.repeat(40));
    expect(r.code).toBe(1);
    expect(r.err).toContain('--refresh-token');
  });
});

describe('Zalo consultation sender', () => {
  it('splits a long reply at 2,000 characters and sends every part', async () => {
    const para = 'Dạ spa có nhiều gói chăm sóc da phù hợp với chị. '.repeat(40).trim();
    const r = await h.zalo.sender.send(address, { text: `${para}\n\n${para}\n\n${para}` });
    expect(r.ok).toBe(true);
    expect(h.standin.texts.length).toBeGreaterThanOrEqual(3);
    for (const t of h.standin.texts) expect(t.text.length).toBeLessThanOrEqual(2000);
  });

  it.each([
    [-230, 'outside_window'],
    [-213, 'outside_window'],
    [-244, 'permanent'],
    [-32, 'retry'],
  ] as const)('maps Zalo error %i returned with HTTP 200 to %s', async (code, kind) => {
    h.standin.failNext(csPath, code);
    expect(await h.zalo.sender.send(address, { text: 'Dạ' })).toMatchObject({ ok: false, kind });
  });
});
