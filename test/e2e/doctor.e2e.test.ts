// `hoso doctor` on the real database and the fake Bot API: every part gets a ✔ line when healthy, and each broken
// part a ✘ line saying what to do, with exit code 1.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { JobRunRepository } from '../../src/store/scheduling.js';
import { createStore, ensureIndexes } from '../../src/store/index.js';
import { runHoso } from '../support/cli.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startFakeBotApi, type FakeBotApi } from '../support/fake-bot-api.js';

let db: TestDb;
let api: FakeBotApi;
const OA = '4000000000000000042';
const zaloEnv = { ZALO_APP_ID: '1234567890123456789', ZALO_OA_ID: OA, ZALO_OA_SECRET_KEY: 'oa-secret-key-for-tests', ZALO_APP_SECRET: 'app-secret-for-tests' };
let env: Record<string, string>;

beforeAll(async () => {
  db = await openTestDb('doctor');
  api = await startFakeBotApi();
});
afterAll(async () => {
  await api?.close();
  await db?.close();
});
beforeEach(async () => {
  await db.clear();
  env = { MONGODB_URI: db.dbUri, LOG_LEVEL: 'silent', TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, ...zaloEnv };
  await createStore(db.conn).zalo.tokens.replace(OA, { accessToken: 'a', refreshToken: 'r', expiresInS: 90_000 }, new Date());
  // What the worker leaves in Agenda's table once it has scheduled the jobs.
  await db.conn.db!.collection('agendaJobs').insertOne({ name: 'dispatch-outbox', type: 'single', nextRunAt: new Date(Date.now() + 30_000) });
});

const doctor = () => runHoso(env, ['doctor']);
const lines = (out: string) => out.trimEnd().split('\n');
/** The line of `area` whose mark and text (without the area's name) match `pattern`. */
const line = (out: string, area: string, pattern: RegExp) =>
  lines(out).find((l) => l.slice(2).startsWith(`${area}: `) && pattern.test(l.replace(`${area}: `, '')));

describe('hoso doctor', () => {
  it('reports every part healthy with ✔ and exits 0', async () => {
    const r = await doctor();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.out);
    expect(out.every((l) => l.startsWith('✔ '))).toBe(true);
    expect(line(r.out, 'Configuration', /valid: NODE_ENV=development/)).toBeDefined();
    expect(line(r.out, 'Database', /^✔ FerretDB.*speaks MongoDB 7\.0.*one app process/)).toBeDefined();
    expect(line(r.out, 'Database', /every index is present/)).toBeDefined();
    expect(line(r.out, 'Telegram', new RegExp(`@${api.me.username}`))).toBeDefined();
    expect(line(r.out, 'Telegram', /long polling/)).toBeDefined();
    expect(line(r.out, 'Zalo', /refresh token good for 89 more day/)).toBeDefined();
    expect(line(r.out, 'Jobs', /no failed run/)).toBeDefined();
    expect(line(r.out, 'Outbox', /lag 0 s/)).toBeDefined();
    expect(api.callsTo('getMe')).toHaveLength(1);
    expect(api.callsTo('getWebhookInfo')).toHaveLength(1);
  });

  it('says what to do about a refused token, a failed job, a lagging outbox and a missing index, and exits 1', async () => {
    env.TELEGRAM_BOT_TOKEN = '999999:not-the-token';
    const runs = new JobRunRepository(db.conn);
    const id = await runs.started('birthday-greetings', '2026-12-02', 'worker', new Date());
    await runs.finished(id, new Date(), { ok: false, error: 'MongoServerError' });
    const now = Date.now();
    await createStore(db.conn).outbox.plan([
      { key: 'staff_digest:doctor:1', purpose: 'staff_digest', audience: 'staff', staffId: 'owner', occasion: 'd1', occasionDate: '2026-12-02', dueAt: new Date(now - 2 * 3_600_000), expiresAt: new Date(now + 3_600_000) },
    ]);
    await db.conn.db!.collection('outbox').dropIndex('digest_key');
    const r = await doctor();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/4 vấn đề \/ problem\(s\) found/);
    expect(line(r.out, 'Telegram', /^✘ .*token is refused \(401.*→ .*@BotFather/)).toBeDefined();
    expect(line(r.out, 'Jobs', /^✘ birthday-greetings failed .*MongoServerError → .*hoso jobs run birthday-greetings/)).toBeDefined();
    expect(line(r.out, 'Outbox', /^✘ .*waited 2 h .*→ is the worker running/)).toBeDefined();
    expect(line(r.out, 'Database', /^✘ 1 index\(es\) missing: outbox\.digest_key → start the app once/)).toBeDefined();
    expect(line(r.out, 'Database', /^✔ FerretDB/)).toBeDefined();
  });

  it('flags a webhook that is not registered and Zalo tokens that need an admin', async () => {
    env.TELEGRAM_WEBHOOK_URL = 'https://spa.example.com/telegram/webhook';
    env.TELEGRAM_WEBHOOK_SECRET = 'a-webhook-secret-for-the-doctor-test';
    await createStore(db.conn).zalo.tokens.setAlert(OA, { reason: 'refresh_refused', code: -14014 }, new Date());
    const r = await doctor();
    expect(r.code).toBe(1);
    expect(line(r.out, 'Telegram', /^✘ webhook is not registered → start the app/)).toBeDefined();
    expect(line(r.out, 'Zalo', /^✘ Zalo refused the refresh token .*→ an OA admin must authorise/)).toBeDefined();
  });

  it('flags missing Zalo tokens, an old refresh token and jobs nobody scheduled', async () => {
    await db.conn.db!.collection('agendaJobs').deleteMany({});
    await db.conn.db!.collection('zalo_tokens').deleteMany({});
    let r = await doctor();
    expect(r.code).toBe(1);
    expect(line(r.out, 'Zalo', /^✘ no tokens for OA .*hoso zalo set-tokens/)).toBeDefined();
    expect(line(r.out, 'Jobs', /^✘ no job is scheduled → start the app/)).toBeDefined();
    await createStore(db.conn).zalo.tokens.replace(OA, { accessToken: 'a', refreshToken: 'r', expiresInS: 90_000 }, new Date(Date.now() - 85 * 86_400_000));
    r = await doctor();
    expect(line(r.out, 'Zalo', /^✘ access token expired .*refresh token expires in 4 day/)).toBeDefined();
  });

  it('flags a job run that never finished and messages whose delivery is unknown', async () => {
    await ensureIndexes(db.conn); // an earlier test drops one
    const runs = new JobRunRepository(db.conn);
    await runs.started('staff-reminders', '2026-12-02', 'worker', new Date(Date.now() - 3 * 3_600_000));
    const now = Date.now();
    const store = createStore(db.conn);
    await store.outbox.plan([
      { key: 'staff_digest:doctor:2', purpose: 'staff_digest', audience: 'staff', staffId: 'owner', occasion: 'd2', occasionDate: '2026-12-02', dueAt: new Date(now + 3_600_000), expiresAt: new Date(now + 7_200_000) },
    ]);
    await db.conn.db!.collection('outbox').updateOne({ key: 'staff_digest:doctor:2' }, { $set: { status: 'unknown' } });
    const r = await doctor();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/2 vấn đề/);
    expect(line(r.out, 'Jobs', /^✘ staff-reminders started on .* and never finished .*→ see the log .*hoso jobs run staff-reminders/)).toBeDefined();
    expect(line(r.out, 'Outbox', /^✘ 1 message\(s\) may or may not have arrived .*→ `hoso jobs list` names them/)).toBeDefined();
    expect(line(r.out, 'Outbox', /^✔ lag 0 s/)).toBeDefined();
  });

  it('lists every configuration problem and stops there', async () => {
    const before = api.callsTo('getMe').length;
    const r = await runHoso({ ...env, PORT: 'x', BIRTHDAY_SEND_TIME: '25:00' }, ['doctor']);
    expect(r.code).toBe(1);
    expect(lines(r.out)).toEqual([expect.stringMatching(/^✘ Configuration: PORT: .*→ fix it in \.env/), expect.stringMatching(/^✘ Configuration: BIRTHDAY_SEND_TIME: /)]);
    expect(api.callsTo('getMe')).toHaveLength(before);
  });
});
