// The Zalo webhook over real HTTP: signed deliveries processed once, forged ones refused, replies sent via the stand-in.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Engine, Inbound, Reply } from '../../src/engine/types.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { deliver, echoEvent, followEvent, macFor, signed, submitInfoEvent, textEvent, ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

/** Records what reaches it; answers every text with a question and two numbered choices. */
class RecordingEngine implements Engine {
  received: Inbound[] = [];
  gate: Promise<void> | undefined;
  async handle(inbound: Inbound): Promise<Reply[]> {
    this.received.push(inbound);
    if (this.gate) await this.gate;
    if (inbound.event.kind === 'text' && inbound.event.text === 'boom') throw new Error(`step failed on ${inbound.event.text}`);
    return [{ text: 'Dạ, chị đồng ý để spa lưu thông tin không ạ?', choices: [{ label: 'Đồng ý', value: 'yes' }, { label: 'Không, cảm ơn', value: 'no' }] }];
  }
}

let db: TestDb;
let clock: TestClock;
let engine: RecordingEngine;
let h: ZaloHarness;
const address = { channel: 'zalo' as const, account: ZALO_TEST.oaId, userId: ZALO_TEST.user };
const count = (name: string) => db.conn.db!.collection(name).countDocuments();

beforeAll(async () => {
  db = await openTestDb('zalo_webhook');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-12T02:00:00Z');
  engine = new RecordingEngine();
  h = await startZaloHarness(db, clock, engine);
  await h.seedTokens();
});
afterEach(async () => h.stop());

describe('Zalo webhook', () => {
  it('answers 200 before the engine has finished, then sends the reply with numbered choices', async () => {
    let release!: () => void;
    engine.gate = new Promise((r) => (release = r));
    const res = await deliver(h.webhookUrl, signed(textEvent('Chào spa', { at: clock.now() })));
    expect(res.status).toBe(200);
    expect(h.standin.texts).toHaveLength(0);
    release();
    await h.zalo.idle();
    expect(engine.received).toHaveLength(1);
    expect(engine.received[0]).toMatchObject({ address, event: { kind: 'text', text: 'Chào spa' } });
    expect(h.standin.texts).toEqual([{ userId: ZALO_TEST.user, text: 'Dạ, chị đồng ý để spa lưu thông tin không ạ?\n\n1. Đồng ý\n2. Không, cảm ơn' }]);
  });

  it('processes a message once even when Zalo delivers it three times', async () => {
    const d = signed(textEvent('1', { at: clock.now() }));
    for (let i = 0; i < 3; i++) expect((await deliver(h.webhookUrl, d)).status).toBe(200);
    await h.zalo.idle();
    expect(engine.received).toHaveLength(1);
    expect(h.standin.texts).toHaveLength(1);
  });

  it('processes it once when the three deliveries arrive at the same time', async () => {
    const d = signed(textEvent('2', { at: clock.now() }));
    const statuses = await Promise.all([1, 2, 3].map(async () => (await deliver(h.webhookUrl, d)).status));
    expect(statuses).toEqual([200, 200, 200]);
    await h.zalo.idle();
    expect(engine.received).toHaveLength(1);
    expect(h.standin.texts).toHaveLength(1);
  });

  it.each([
    ['a tampered body', () => {
      const d = signed(textEvent('Tôi muốn đặt lịch', { at: clock.now() }));
      return { ...d, body: d.body.replace('đặt lịch', 'hủy lịch') };
    }],
    ['a signature made with the wrong key', () => signed(textEvent('Tôi muốn đặt lịch', { at: clock.now() }), 'not-the-oa-secret-key')],
    ['no signature header', () => {
      const d = signed(textEvent('Tôi muốn đặt lịch', { at: clock.now() }));
      return { body: d.body, headers: { 'content-type': 'application/json' } };
    }],
    ['a body that is not JSON', () => ({ body: 'not json', headers: { 'content-type': 'application/json', 'x-zevent-signature': 'mac=' + '0'.repeat(64) } })],
  ])('refuses %s with 401 and processes nothing', async (_what, make) => {
    const res = await deliver(h.webhookUrl, make());
    expect(res.status).toBe(401);
    await h.zalo.idle();
    expect(engine.received).toHaveLength(0);
    expect(h.standin.texts).toHaveLength(0);
    expect(await count('zalo_events')).toBe(0);
    expect(await count('zalo_contacts')).toBe(0);
  });

  it("ignores the OA's own echoes (oa_send_text), so staff replies from the OA console are not re-processed", async () => {
    expect((await deliver(h.webhookUrl, signed(echoEvent('Dạ em chào chị', { at: clock.now() })))).status).toBe(200);
    await h.zalo.idle();
    expect(engine.received).toHaveLength(0);
    expect(await count('zalo_events')).toBe(0);
  });

  it('starts the conversation on follow; an unfollow is recorded and closes the window without the engine', async () => {
    await deliver(h.webhookUrl, signed(followEvent('follow', { at: clock.now() })));
    await h.zalo.idle();
    expect(engine.received[0]).toMatchObject({ address, event: { kind: 'command', command: 'start' } });
    expect(h.standin.texts).toHaveLength(1);

    clock.advance(60_000);
    await deliver(h.webhookUrl, signed(followEvent('unfollow', { at: clock.now() })));
    await h.zalo.idle();
    expect(engine.received).toHaveLength(1);
    expect(await h.zalo.window.status(address)).toMatchObject({ state: 'closed', reason: 'unfollowed' });
    expect(await h.zalo.sender.send(address, { text: 'Dạ chị còn đó không ạ?' })).toMatchObject({ ok: false, kind: 'outside_window' });
    expect(h.standin.texts).toHaveLength(1);
  });

  it('hands the consented user_submit_info card to the engine as one info event', async () => {
    await deliver(h.webhookUrl, signed(submitInfoEvent({ name: 'Nguyễn Thị Lan', phone: '84912345678', user_dob: '12/03/1990' }, { at: clock.now() })));
    await h.zalo.idle();
    expect(engine.received[0]?.event).toEqual({ kind: 'info', name: 'Nguyễn Thị Lan', phone: '84912345678', birthday: '12/03/1990' });
  });

  it('remembers when the user last wrote; eight days later a reply is reported outside the window, not attempted', async () => {
    await deliver(h.webhookUrl, signed(textEvent('Chào spa', { at: clock.now() })));
    await h.zalo.idle();
    expect(await h.zalo.window.status(address)).toMatchObject({ state: 'free' });
    clock.advanceHours(72);
    expect(await h.zalo.window.status(address)).toMatchObject({ state: 'billable' });
    clock.advanceHours(24 * 5);
    const csCalls = h.standin.requests.filter((r) => r.path === '/v3.0/oa/message/cs').length;
    const r = await h.zalo.sender.send(address, { text: 'Dạ chị ơi, lịch hẹn của chị thế nào ạ?' });
    expect(r).toEqual({ ok: false, kind: 'outside_window', reason: 'zalo window expired' });
    expect(h.standin.requests.filter((x) => x.path === '/v3.0/oa/message/cs')).toHaveLength(csCalls);
  });

  it('logs a failing step by ids only, keeps the body for a replay, and goes on with the next message', async () => {
    const bad = textEvent('boom', { at: clock.now(), msgId: 'bad-msg-1' });
    await deliver(h.webhookUrl, signed(bad));
    await deliver(h.webhookUrl, signed(textEvent('Chào spa', { at: clock.now() })));
    await h.zalo.idle();
    expect(engine.received).toHaveLength(2);
    expect(h.standin.texts).toHaveLength(1);
    expect(await h.store.zalo.events.status(ZALO_TEST.oaId, 'bad-msg-1')).toBe('failed');
    const failure = h.logLines.find((l) => l.includes('zalo event failed'));
    expect(failure).toContain('bad-msg-1');
    expect(h.logLines.join('\n')).not.toMatch(/boom|Chào spa/);
  });

  it('drops the raw message text once an event is handled, keeping only its key', async () => {
    await deliver(h.webhookUrl, signed(textEvent('Chào spa', { at: clock.now(), msgId: 'done-msg-1' })));
    await h.zalo.idle();
    const doc = await db.conn.db!.collection('zalo_events').findOne({ key: 'done-msg-1' });
    expect(doc).toMatchObject({ status: 'done', eventName: 'user_send_text' });
    expect(doc?.body).toBeUndefined();
  });

  it('resumes an event that was acknowledged but not handled before a restart', async () => {
    const body = JSON.stringify(textEvent('Chào spa', { at: clock.now(), msgId: 'cut-off-1' }));
    await h.store.zalo.events.record({ oaId: ZALO_TEST.oaId, key: 'cut-off-1', eventName: 'user_send_text', userId: ZALO_TEST.user, body }, clock.now());
    clock.advance(2 * 60_000);
    await h.zalo.start();
    await h.zalo.idle();
    expect(engine.received).toHaveLength(1);
    expect(await h.store.zalo.events.status(ZALO_TEST.oaId, 'cut-off-1')).toBe('done');
  });

  it('accepts an oa_id-first signature only when ZALO_SIGNATURE_ID allows it', async () => {
    const body = JSON.stringify(textEvent('Chào spa', { at: clock.now() }));
    const headers = { 'content-type': 'application/json', 'x-zevent-signature': macFor(body, ZALO_TEST.oaSecretKey, ZALO_TEST.oaId) };
    expect((await deliver(h.webhookUrl, { body, headers })).status).toBe(401);
    await h.stop();
    h = await startZaloHarness(db, clock, engine, { ZALO_SIGNATURE_ID: 'either' });
    await h.seedTokens();
    expect((await deliver(h.webhookUrl, { body, headers })).status).toBe(200);
    await h.zalo.idle();
    expect(h.logLines.some((l) => l.includes('"matched":"oa_id"'))).toBe(true);
  });
});
