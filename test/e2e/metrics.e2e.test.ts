// /metrics on the running app: Prometheus text behind a bearer token, counting real messages through the engine and
// reading the outbox from the real database; no token, a wrong token or no METRICS_TOKEN at all gets nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { Agenda } from 'agenda';
import { loadConfig } from '../../src/config.js';
import { createMetrics, meteredSender, observeJobs } from '../../src/http/metrics.js';
import { createLogger } from '../../src/log.js';
import { startHoso, type Hoso } from '../../src/runtime.js';
import { busyRetries } from '../../src/store/server-busy.js';
import { openTestDb, type TestDb } from '../support/db.js';

const TOKEN = 'metrics-token-0123456789abcdef';
let db: TestDb;
let hoso: Hoso;
let base: string;

beforeAll(async () => {
  db = await openTestDb('metrics');
  const config = loadConfig({ MONGODB_URI: db.dbUri, PORT: '0', METRICS_TOKEN: TOKEN, PLAYGROUND: 'true', WORKER: 'false', LOG_LEVEL: 'silent' });
  hoso = await startHoso(config, createLogger('silent'));
  base = `http://127.0.0.1:${hoso.port}`;
});
afterAll(async () => {
  await hoso?.stop();
  await db?.close();
});

const scrape = (auth?: string) => fetch(`${base}/metrics`, auth === undefined ? {} : { headers: { authorization: auth } });
const value = (body: string, series: string): number | undefined => {
  const line = body.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('/metrics', () => {
  it('refuses a scrape without the token, with a wrong one, or with the token not as a bearer', async () => {
    for (const auth of [undefined, 'Bearer wrong-token-0123456789abcdef', `Bearer ${TOKEN}x`, TOKEN, `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, 'Bearer ']) {
      const res = await scrape(auth);
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain('hoso_');
    }
  });

  it('counts messages in and replies out per channel, and their latency, without any personal data', async () => {
    const sessionId = 'metrics-session-000001';
    const post = (body: object) => fetch(`${base}/playground/api/message`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId, ...body }) });
    expect((await post({ text: '/start' })).status).toBe(200);
    expect((await post({ text: 'Nguyễn Thị Lan' })).status).toBe(200);
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const body = await res.text();
    expect(value(body, 'hoso_messages_in_total{channel="playground"}')).toBe(2);
    expect(value(body, 'hoso_messages_out_total{channel="playground",kind="reply"}')).toBeGreaterThanOrEqual(2);
    expect(value(body, 'hoso_reply_latency_seconds_count{channel="playground"}')).toBe(2);
    expect(value(body, 'hoso_database_retries_total')).toBe(busyRetries.count);
    expect(body).toContain('hoso_process_cpu_user_seconds_total');
    expect(body).not.toContain('Nguyễn');
    expect(body).not.toContain(sessionId);
  });

  it('reads outbox states and the lag of the oldest due message from the database', async () => {
    const now = Date.now();
    await hoso.store.outbox.plan([
      { key: 'staff_digest:metrics:1', purpose: 'staff_digest', audience: 'staff', staffId: 'owner', occasion: 'm1', occasionDate: '2026-12-01', dueAt: new Date(now - 600_000), expiresAt: new Date(now + 3_600_000) },
      { key: 'staff_digest:metrics:2', purpose: 'staff_digest', audience: 'staff', staffId: 'owner', occasion: 'm2', occasionDate: '2026-12-02', dueAt: new Date(now + 600_000), expiresAt: new Date(now + 3_600_000) },
    ]);
    const body = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(value(body, 'hoso_outbox_messages{state="pending"}')).toBe(2);
    expect(value(body, 'hoso_outbox_messages{state="sent"}')).toBe(0);
    const lag = value(body, 'hoso_outbox_lag_seconds')!;
    expect(lag).toBeGreaterThanOrEqual(595);
    expect(lag).toBeLessThan(700);
  });

  it('counts job runs and failures from the worker, and scheduled sends the platform took', async () => {
    const m = createMetrics(async () => ({ counts: {}, lagSeconds: 0 }));
    const agenda = new EventEmitter();
    observeJobs(m)(agenda as unknown as Agenda);
    agenda.emit('success', { attrs: { name: 'birthday-greetings' } });
    agenda.emit('success', { attrs: { name: 'birthday-greetings' } });
    agenda.emit('fail', new Error('x'), { attrs: { name: 'follow-ups' } });
    let ok = true;
    const sender = meteredSender({ channel: 'telegram', send: async () => (ok ? { ok: true } : { ok: false, kind: 'retry', reason: 'network' }) }, m);
    const to = { channel: 'telegram', account: 'bot', userId: '1' } as const;
    await sender.send(to, { kind: 'text', text: 'x' } as never);
    ok = false;
    await sender.send(to, { kind: 'text', text: 'x' } as never);
    const body = await m.registry.metrics();
    expect(value(body, 'hoso_job_runs_total{job="birthday-greetings",result="success"}')).toBe(2);
    expect(value(body, 'hoso_job_runs_total{job="follow-ups",result="failure"}')).toBe(1);
    expect(value(body, 'hoso_messages_out_total{channel="telegram",kind="scheduled"}')).toBe(1);
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('does not exist, with or without a token', async () => {
    const other = await openTestDb('metrics_off');
    const off = await startHoso(loadConfig({ MONGODB_URI: other.dbUri, PORT: '0', PLAYGROUND: 'false', WORKER: 'false', LOG_LEVEL: 'silent' }), createLogger('silent'));
    try {
      for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
        expect((await fetch(`http://127.0.0.1:${off.port}/metrics`, { headers })).status).toBe(404);
      }
    } finally {
      await off.stop();
      await other.close();
    }
  });
});
