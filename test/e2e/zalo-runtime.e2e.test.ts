// Hồ sơ as `npm start` runs it with Zalo configured: the webhook is mounted and /readyz tells what Zalo needs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startHoso, type Hoso } from '../../src/runtime.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { deliver, followEvent, signed, ZALO_TEST } from '../support/zalo-events.js';
import { startZaloStandin, type ZaloStandin } from '../support/zalo-standin.js';

let hoso: Hoso;
let standin: ZaloStandin;
let db: TestDb;

beforeAll(async () => {
  standin = await startZaloStandin();
  db = await openTestDb('zalo_runtime');
  const config = loadConfig({
    MONGODB_URI: db.dbUri,
    PORT: '0',
    HOST: '127.0.0.1',
    WORKER: 'false',
    PLAYGROUND: 'false',
    ZALO_APP_ID: ZALO_TEST.appId,
    ZALO_OA_ID: ZALO_TEST.oaId,
    ZALO_OA_SECRET_KEY: ZALO_TEST.oaSecretKey,
    ZALO_APP_SECRET: standin.appSecret,
    ZALO_API_BASE: standin.url,
    ZALO_OAUTH_BASE: standin.url,
  });
  hoso = await startHoso(config, createLogger('silent'));
});
afterAll(async () => {
  await hoso?.stop();
  await standin?.stop();
  await db?.close();
});

describe('Hồ sơ with Zalo configured', () => {
  const base = () => `http://127.0.0.1:${hoso.port}`;

  it('is not ready until Zalo tokens are stored, and says how to fix it', async () => {
    const r = await fetch(`${base()}/readyz`);
    expect(r.status).toBe(503);
    expect(JSON.stringify(await r.json())).toContain('hoso zalo set-tokens');
    await hoso.store.zalo.tokens.replace(ZALO_TEST.oaId, { ...standin.issuePair(), expiresInS: 90_000 }, new Date());
    expect((await fetch(`${base()}/readyz`)).status).toBe(200);
  });

  it('mounts the signed webhook at /zalo/webhook and greets a new follower through the real engine', async () => {
    expect((await deliver(`${base()}/zalo/webhook`, { body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
    expect((await deliver(`${base()}/zalo/webhook`, signed(followEvent('follow')))).status).toBe(200);
    while (standin.texts.length < 2) await new Promise((r) => setImmediate(r));
    expect(standin.texts[0]?.userId).toBe(ZALO_TEST.user);
  });
});
