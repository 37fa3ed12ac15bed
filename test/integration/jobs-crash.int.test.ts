// Planner run twice, dispatcher process killed mid-send and restarted: every customer gets exactly one greeting.
// The dispatcher runs compiled (npm run build) in a child process against the real Telegram sender and a local Bot API.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalBotApi, type LocalBotApi } from '../../bench/local-bot-api.js';
import { BIRTHDAY_JOB } from '../../jobs/birthday-greetings.js';
import { runJob } from '../../jobs/scheduler.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { addCustomer, BOT, jobsWorld } from '../support/jobs-fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, '..', 'support', 'dispatch-child.mjs');
const T0 = '2026-03-12T02:00:00Z';
const CONCURRENCY = 3;
const plus = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

let db: TestDb;
let api: LocalBotApi;

beforeAll(async () => {
  if (!existsSync(join(here, '..', '..', 'dist', 'jobs', 'dispatch.js'))) throw new Error('run `npm run build` first: the child dispatcher runs from dist/');
  db = await openTestDb('crash');
  api = await startLocalBotApi();
});
afterAll(async () => {
  await api.close();
  await db.close();
});

function startDispatcher(now: string) {
  const child = spawn(process.execPath, [CHILD], {
    env: { ...process.env, HOSO_CONCURRENCY: String(CONCURRENCY), HOSO_TEST_URI: db.uri, HOSO_DB: db.dbName, API_ROOT: api.apiRoot, TOKEN: `${BOT}:TEST-token`, HOSO_NOW: now },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, exited };
}

describe('a dispatcher killed mid-batch', () => {
  it('sends each greeting exactly once after a restart, and marks those caught mid-send as unknown', async () => {
    const clock = new TestClock(T0);
    const customers = 8;
    for (let i = 1; i <= customers; i++) await addCustomer(db, clock, { name: `Nguyễn Thị Khách${i}`, birthday: { day: 12, month: 3 }, telegram: String(100 + i) });
    // Planned twice, once by two planners at the same time.
    const a = jobsWorld(db, clock);
    const b = jobsWorld(db, clock);
    await runJob(a.ctx, BIRTHDAY_JOB);
    await Promise.all([runJob(a.ctx, BIRTHDAY_JOB), runJob(b.ctx, BIRTHDAY_JOB)]);
    expect(await a.ctx.outbox.list({ purpose: 'birthday' })).toHaveLength(customers);

    // From the 4th message on, requests reach "Telegram" but no answer comes back. Once every worker of the
    // dispatcher hangs in such a request (3 answered + one per worker), the process is killed.
    api.hangFrom(4);
    const first = startDispatcher(T0);
    await api.waitFor(3 + CONCURRENCY);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const count = async (status: 'sent' | 'sending' | 'claimed') => (await a.ctx.outbox.list({ purpose: 'birthday', status })).length;
    const inFlight = CONCURRENCY;
    const sentBeforeKill = 3;
    // The batch was claimed at once; every row that reached "Telegram" was marked sending first. Outcomes are
    // written in groups, so an answered row whose outcome was still on its way stays `sending` too.
    const [sent, sending, claimed] = [await count('sent'), await count('sending'), await count('claimed')];
    expect(sent + sending).toBe(sentBeforeKill + inFlight);
    expect(sending).toBeGreaterThanOrEqual(inFlight);
    expect(claimed).toBe(customers - sentBeforeKill - inFlight);

    // Restarted after the dead process's lease (5 min) ran out.
    api.hangFrom(null);
    const second = await startDispatcher(plus(6 * 60_000)).exited;
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out.trim().split('\n').pop()!)).toMatchObject({ sent: claimed, unknown: sending });
    const third = await startDispatcher(plus(7 * 60_000)).exited;
    expect(JSON.parse(third.out.trim().split('\n').pop()!)).toMatchObject({ sent: 0, unknown: 0 });

    const perChat = new Map<string, number>();
    for (const m of api.received) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
    expect([...perChat.values()]).toEqual(Array(customers).fill(1));
    expect(perChat.size).toBe(customers);
    expect(await a.ctx.outbox.countByStatus()).toMatchObject({ sent: customers - sending, unknown: sending, pending: 0, claimed: 0, sending: 0 });
  }, 90_000);
});
