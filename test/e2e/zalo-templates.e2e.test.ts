// Birthday and follow-up templates against the stand-in: by user id, by phone as fallback, never at night.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Engine } from '../../src/engine/types.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

const silent: Engine = { handle: async () => [] };
const TEMPLATES = {
  ZALO_TEMPLATE_BIRTHDAY_ID: '412345',
  ZALO_TEMPLATE_BIRTHDAY_PARAMS: 'customer_name=name,voucher_code=voucher',
  ZALO_TEMPLATE_FOLLOW_UP_ID: '412346',
  ZALO_TEMPLATE_FOLLOW_UP_PARAMS: 'customer_name=name,service_name=service',
};

let db: TestDb;
let clock: TestClock;
let h: ZaloHarness;
const address = { channel: 'zalo' as const, account: ZALO_TEST.oaId, userId: ZALO_TEST.user };
const birthday = { purpose: 'birthday' as const, params: { name: 'Nguyễn Thị Lan', voucher: 'SN2026LAN' }, trackingId: 'birthday:cust-8841:2026' };

async function start(env: Record<string, string> = {}): Promise<void> {
  h = await startZaloHarness(db, clock, silent, { ...TEMPLATES, ...env });
  await h.seedTokens();
}

beforeAll(async () => {
  db = await openTestDb('zalo_templates');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-12T02:00:00Z'); // 09:00 in Vietnam
});
afterEach(async () => h.stop());

describe('Zalo template sender', () => {
  it('sends the birthday template by user id with the configured params', async () => {
    await start();
    const r = await h.zalo.templates.send({ ...birthday, address, phone: '+84912345678' });
    expect(r).toMatchObject({ ok: true, platformMessageId: expect.any(String) });
    expect(h.standin.templates).toEqual([
      { via: 'uid', body: { user_id: ZALO_TEST.user, template_id: '412345', template_data: { customer_name: 'Nguyễn Thị Lan', voucher_code: 'SN2026LAN' } } },
    ]);
  });

  it('puts the user id under recipient when ZALO_TEMPLATE_UID_BODY=recipient', async () => {
    await start({ ZALO_TEMPLATE_UID_BODY: 'recipient' });
    await h.zalo.templates.send({ ...birthday, address });
    expect(h.standin.templates[0]?.body).toMatchObject({ recipient: { user_id: ZALO_TEST.user }, template_id: '412345' });
  });

  it('falls back to the phone when the template cannot go by user id (-249)', async () => {
    await start();
    h.standin.failNext('/v3.0/oa/message/template', -249, 'Template does not support send via UID');
    const r = await h.zalo.templates.send({ ...birthday, address, phone: '+84912345678' });
    expect(r.ok).toBe(true);
    expect(h.standin.templates).toEqual([
      {
        via: 'phone',
        body: { phone: '84912345678', template_id: '412345', template_data: { customer_name: 'Nguyễn Thị Lan', voucher_code: 'SN2026LAN' }, tracking_id: 'birthday:cust-8841:2026' },
      },
    ]);
  });

  it('sends by phone alone for a customer who never wrote on Zalo, in development mode when configured', async () => {
    await start({ ZALO_TEMPLATE_MODE: 'development' });
    const r = await h.zalo.templates.send({ purpose: 'follow_up', phone: '+84912345678', params: { name: 'Lan', service: 'Trị mụn' }, trackingId: 'follow-up:cust-8841:v1' });
    expect(r.ok).toBe(true);
    expect(h.standin.templates[0]).toMatchObject({ via: 'phone', body: { mode: 'development', template_data: { customer_name: 'Lan', service_name: 'Trị mụn' } } });
  });

  it('does not send between 22:00 and 06:00 business time and says when to try again', async () => {
    await start();
    clock.set('2026-03-12T16:00:00Z'); // 23:00 in Vietnam
    const r = await h.zalo.templates.send({ ...birthday, address });
    expect(r).toEqual({ ok: false, kind: 'retry', reason: 'zalo templates are not sent 22:00-06:00', retryAfterMs: 7 * 3_600_000 });
    expect(h.standin.requests).toHaveLength(0);
  });

  it("reschedules to the morning when Zalo itself refuses at night (-133)", async () => {
    await start();
    clock.set('2026-03-12T14:59:00Z'); // 21:59: our check passes, Zalo's clock may not
    h.standin.failNext('/v3.0/oa/message/template', -133, 'Cannot send at night');
    const r = await h.zalo.templates.send({ ...birthday, address });
    expect(r).toMatchObject({ ok: false, kind: 'retry', retryAfterMs: 8 * 3_600_000 + 60_000 }); // until 06:00 tomorrow
  });

  const BIRTHDAY_ONLY = { ZALO_TEMPLATE_BIRTHDAY_ID: '412345', ZALO_TEMPLATE_BIRTHDAY_PARAMS: 'customer_name=name,voucher_code=voucher' };
  it.each([
    ['no template is configured for the purpose', BIRTHDAY_ONLY, { ...birthday, purpose: 'follow_up' as const, address }, 'no Zalo template configured for follow_up'],
    ['a param is missing', TEMPLATES, { ...birthday, params: { name: 'Lan' }, address }, 'template param missing: voucher'],
    ['there is neither a Zalo user nor a phone', TEMPLATES, birthday, 'no Zalo user id or phone to send the template to'],
  ])('reports a permanent failure when %s', async (_what, env, intent, reason) => {
    h = await startZaloHarness(db, clock, silent, env);
    await h.seedTokens();
    expect(await h.zalo.templates.send(intent)).toEqual({ ok: false, kind: 'permanent', reason });
    expect(h.standin.templates).toHaveLength(0);
  });

  it('marks a user who refused the OA as permanent when no phone is known (-244)', async () => {
    await start();
    h.standin.failNext('/v3.0/oa/message/template', -244);
    expect(await h.zalo.templates.send({ ...birthday, address })).toMatchObject({ ok: false, kind: 'permanent' });
  });
});
