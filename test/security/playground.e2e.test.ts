// Issue 12: the playground in production. Off unless nothing else is configured (or PLAYGROUND=true says so),
// behind a password and a per-address rate limit, on its own sandbox database: a guest typing a real customer's
// phone there links, changes and learns nothing of the real customer. HOST binds to this machine by default.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { playgroundSettings } from '../../bots/playground/config.js';
import { createRateLimiter } from '../../bots/playground/access.js';
import { loadConfig } from '../../src/config.js';
import type { Reply } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { startHoso, type Hoso } from '../../src/runtime.js';
import { SANDBOX_SUFFIX } from '../../src/store/connection.js';
import { openTestDb, type TestDb } from '../support/db.js';

const TELEGRAM = { TELEGRAM_BOT_TOKEN: '123456:ABC-DEF' };
const ZALO = { ZALO_APP_ID: '1234567890123456789', ZALO_OA_ID: '4000000000000000042', ZALO_OA_SECRET_KEY: 'oa-secret-key-for-tests', ZALO_APP_SECRET: 'app-secret-for-tests' };
const PROD = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.internal:27017/hoso' };
const PASSWORD = 'thu-choi-mat-khau';

describe('when the playground is on, and where the server listens', () => {
  it.each([
    ['nothing configured, development', {}, true],
    ['Telegram configured', TELEGRAM, false],
    ['only Zalo configured', ZALO, false],
    ['production with nothing configured', PROD, false],
    ['PLAYGROUND=true beside Telegram', { ...TELEGRAM, PLAYGROUND: 'true' }, true],
    ['PLAYGROUND=true with its password in production', { ...PROD, PLAYGROUND: 'true', PLAYGROUND_PASSWORD: PASSWORD }, true],
    ['PLAYGROUND=false with nothing configured', { PLAYGROUND: 'false' }, false],
  ])('%s', (_what, env: Record<string, string>, on) => {
    const c = loadConfig(env);
    expect(c.PLAYGROUND).toBe(on);
    expect(playgroundSettings(c) !== null).toBe(on);
  });

  it.each([
    ['nothing configured', {}, '127.0.0.1'],
    ['Telegram by long polling', TELEGRAM, '127.0.0.1'],
    ['a Telegram webhook URL', { ...TELEGRAM, TELEGRAM_WEBHOOK_URL: 'https://spa.example.com/telegram/webhook', TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(32) }, '0.0.0.0'],
    ['Zalo (its webhook must be reachable)', ZALO, '0.0.0.0'],
    ['an explicit HOST', { HOST: '10.0.0.5' }, '10.0.0.5'],
  ])('HOST with %s', (_what, env: Record<string, string>, host) => {
    expect(loadConfig(env).HOST).toBe(host);
  });
});

describe('the per-address rate limiter', () => {
  it('allows the limit per minute per address, then refuses until the window ends', () => {
    let t = 0;
    const limiter = createRateLimiter(3, () => t);
    expect([1, 2, 3, 4].map(() => limiter.take('1.2.3.4'))).toEqual([true, true, true, false]);
    expect(limiter.take('5.6.7.8')).toBe(true);
    expect(limiter.retryAfterS('1.2.3.4')).toBe(60);
    t = 59_999;
    expect(limiter.take('1.2.3.4')).toBe(false);
    t = 60_000;
    expect(limiter.take('1.2.3.4')).toBe(true);
  });

  it('keeps its memory bounded under many addresses', () => {
    const limiter = createRateLimiter(1, () => 0, 100);
    for (let i = 0; i < 1_000; i++) expect(limiter.take(`10.0.${Math.floor(i / 256)}.${i % 256}`)).toBe(true);
  });
});

describe('the playground as npm start serves it', () => {
  let db: TestDb;
  let hoso: Hoso;
  let base: string;
  const auth = { authorization: 'Basic ' + Buffer.from(`khach:${PASSWORD}`).toString('base64') };

  beforeAll(async () => {
    db = await openTestDb('playground_sandbox');
    const config = loadConfig({ MONGODB_URI: db.dbUri, PORT: '0', HOST: '127.0.0.1', WORKER: 'false', ...TELEGRAM, TELEGRAM_API_ROOT: 'http://127.0.0.1:9', PLAYGROUND: 'true', PLAYGROUND_PASSWORD: PASSWORD, PLAYGROUND_RATE_PER_MINUTE: '40' });
    // Telegram is configured but not started here: the channel table is asked for the playground alone.
    hoso = await startHoso({ ...config, TELEGRAM_BOT_TOKEN: undefined }, createLogger('silent'));
    base = `http://127.0.0.1:${hoso.port}/playground`;
  });
  afterAll(async () => {
    await hoso?.stop();
    const sandbox = db.conn.useDb(db.dbName + SANDBOX_SUFFIX);
    await sandbox.db!.dropDatabase().catch(() => undefined);
    await db?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = auth) =>
    fetch(`${base}/api/message`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('asks for the password before serving the page or the API, and compares it exactly', async () => {
    const none = await fetch(base);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const wrong = { authorization: 'Basic ' + Buffer.from(`khach:${PASSWORD}x`).toString('base64') };
    expect((await fetch(base, { headers: wrong })).status).toBe(401);
    expect((await post({ sessionId: 'sandbox-session-000001', text: '/start' }, {})).status).toBe(401);
    expect((await fetch(base, { headers: auth })).status).toBe(200);
  });

  it('links, changes and reveals nothing of a real customer whose phone a guest types', async () => {
    const real = await hoso.store.customers.create({ name: 'Phạm Ngọc Bích', phone: '+84912345678', birthday: { day: 25, month: 11 } }, { kind: 'cli' });
    expect(real.ok).toBe(true);
    const before = await db.conn.db!.collection('customers').findOne({ phone: '+84912345678' });
    const sessionId = 'sandbox-session-000002';
    let last: Reply[] = [];
    const said: string[] = [];
    const send = async (body: { text?: string; choice?: string }): Promise<void> => {
      const r = await post({ sessionId, ...body });
      expect(r.status).toBe(200);
      last = ((await r.json()) as { replies: Reply[] }).replies;
      said.push(...last.map((x) => x.text));
    };
    const press = (label: string) => {
      const choice = last.flatMap((r) => r.choices ?? []).find((c) => c.label.includes(label));
      if (!choice) throw new Error(`no "${label}" in ${JSON.stringify(last)}`);
      return send({ choice: choice.value });
    };
    await send({ text: '/start' });
    await press('Đồng ý');
    await press('Có');
    await press('Bỏ qua'); // health notes
    await press('Bỏ qua'); // photos
    await send({ text: 'Trần Thị Hoa' });
    await send({ text: '0912 345 678' });
    await press('Bỏ qua');
    await press('Massage');
    await press('Xong');
    await press('Đúng rồi');

    // Nothing of the real customer was shown, and nothing on file changed.
    const all = said.join('\n');
    expect(all).not.toContain('Bích');
    expect(all).not.toContain('25/11');
    expect(all).not.toMatch(/đã có|on file/i);
    const after = await db.conn.db!.collection('customers').findOne({ phone: '+84912345678' });
    expect(after).toEqual(before);
    // The real database holds no trace of the playground: no link, no conversation, no claim, no customer.
    for (const col of await db.conn.db!.collections()) {
      const docs = await col.find({}).toArray();
      expect(JSON.stringify(docs)).not.toContain(sessionId);
      expect(JSON.stringify(docs)).not.toContain('playground');
      expect(JSON.stringify(docs)).not.toContain('Trần Thị Hoa');
    }
    // The guest's registration lives in the sandbox database, marked as playground data.
    const sandbox = db.conn.useDb(db.dbName + SANDBOX_SUFFIX);
    const guest = await sandbox.db!.collection('customers').findOne({ name: 'Trần Thị Hoa' });
    expect(guest).toMatchObject({ phone: '+84912345678', source: 'playground' });
  });

  it('answers 429 with Retry-After once one address sends more than the limit in a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await fetch(base, { headers: auth })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await fetch(base, { headers: auth });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
