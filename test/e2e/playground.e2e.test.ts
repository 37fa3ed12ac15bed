// The embedded default: with no bot token, a web chat at /playground talks to the same engine over a small JSON API.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createChannels } from '../../bots/index.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { listen, type RunningServer } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { createScriptedEngine, SCRIPT, type ScriptedEngine } from '../support/scripted-engine.js';

describe('playground', () => {
  let http: RunningServer;
  let engine: ScriptedEngine;
  let base: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    engine = createScriptedEngine();
    const log = createLogger('info', { write: (s: string) => void logLines.push(s) });
    const channels = createChannels({ config: loadConfig({}), engine, log });
    http = await listen(createApp({ readiness: async () => ({ ready: true, problems: [] }), mounts: channels.mounts }), 0, '127.0.0.1');
    await channels.start({ port: http.port });
    base = `http://127.0.0.1:${http.port}/playground`;
  });
  afterAll(async () => http?.close());

  const post = (body: unknown, raw?: string) =>
    fetch(`${base}/api/message`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });
  const session = (n: number) => `test-session-${String(n).padStart(6, '0')}`;

  it('says at start-up where to try it', () => {
    expect(logLines.join('\n')).toContain(`try the intake at http://localhost:${http.port}/playground`);
  });

  it('serves a self-contained Vietnamese page that loads nothing from elsewhere', async () => {
    const res = await fetch(base);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('"/playground/api/message"');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('runs a conversation: buttons become choices, a phone request becomes typed text', async () => {
    const sessionId = session(1);
    const start = await post({ sessionId, text: '/start' });
    expect(start.status).toBe(200);
    expect(await start.json()).toEqual({ replies: [SCRIPT.consent] });

    const consent = await (await post({ sessionId, choice: 'consent:yes' })).json();
    expect(consent).toEqual({ replies: [SCRIPT.askName()] });
    const askPhone = await (await post({ sessionId, text: 'Nguyễn Thị Lan' })).json();
    expect(askPhone).toEqual({ replies: [SCRIPT.askPhone] });
    expect(await (await post({ sessionId, text: '0912 345 678' })).json()).toEqual({ replies: [SCRIPT.saved] });

    expect(engine.registrations.get(`playground|playground|${sessionId}`)).toEqual({ name: 'Nguyễn Thị Lan', phone: '0912 345 678', verified: false });
    expect(engine.received[0]).toMatchObject({ address: { channel: 'playground', userId: sessionId }, event: { kind: 'command', command: 'start' }, chatType: 'private' });
  });

  it('gives a resent message (same messageId) one effect', async () => {
    const sessionId = session(2);
    const body = { sessionId, messageId: 'msg-0001', text: '/start' };
    const [a, b] = await Promise.all([post(body), post(body)]);
    const replies = [(await a.json()) as { replies: unknown[] }, (await b.json()) as { replies: unknown[] }].map((r) => r.replies.length).sort();
    expect(replies).toEqual([0, 1]);
    expect(engine.applied.filter((i) => i.address.userId === sessionId)).toHaveLength(1);
  });

  it.each([
    ['no session', { text: 'hi' }],
    ['a short, guessable session id', { sessionId: 'abc', text: 'hi' }],
    ['a session id with odd characters', { sessionId: '../../etc/passwd-xxxxxx', text: 'hi' }],
    ['both text and choice', { sessionId: session(3), text: 'a', choice: 'b' }],
    ['neither text nor choice', { sessionId: session(3) }],
    ['an empty text', { sessionId: session(3), text: '' }],
    ['a text over 4096 characters', { sessionId: session(3), text: 'a'.repeat(4097) }],
    ['a choice over 64 characters', { sessionId: session(3), choice: 'c'.repeat(65) }],
    ['an unknown field', { sessionId: session(3), text: 'a', admin: true }],
    ['an operator instead of a string', { sessionId: { $gt: '' }, text: 'a' }],
  ])('rejects a body with %s (400) and never reaches the engine', async (_label, body) => {
    const before = engine.received.length;
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid request' });
    expect(engine.received).toHaveLength(before);
  });

  it('rejects malformed JSON with 400 and an oversized body with 413', async () => {
    expect((await post(null, '{"sessionId":')).status).toBe(400);
    expect((await post(null, JSON.stringify({ sessionId: session(4), text: 'x'.repeat(40_000) }))).status).toBe(413);
  });

  it('answers 500 without details when a step fails, and keeps serving', async () => {
    const sessionId = session(5);
    const failed = await post({ sessionId, text: engine.poison });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'internal error' });
    expect(logLines.join('\n')).not.toContain(engine.poison);
    expect((await post({ sessionId, text: '/start' })).status).toBe(200);
  });
});
