// Two app processes (`node dist/src/main.js`, Telegram in webhook mode) on one database, as behind a load balancer:
// the same update delivered to both at once is answered once, and two messages of one chat handled at the same
// time by different processes are both answered. What makes it hold is the conversation's version check (a
// second writer re-reads and runs the turn again) and outbox/Agenda claims by filtered atomic updates.
// It holds on MongoDB and on the embedded FerretDB (its patched build runs writes one at a time,
// tools/ferretdb/patches); a stock FerretDB v1 server checks versions on a copy read just before the write
// (database.md §5), so there this test can fail and several processes are not supported (README).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalBotApi, type LocalBotApi } from '../../bench/local-bot-api.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { command, type UpdateBody } from '../support/telegram-updates.js';

const here = dirname(fileURLToPath(import.meta.url));
const MAIN = join(here, '..', '..', 'dist', 'src', 'main.js');
const BOT = '424242';
const SECRET = 'two-processes-webhook-secret-0123456789';
const CHATS = 6;

let db: TestDb;
let api: LocalBotApi;
const apps: { child: ChildProcess; port: number; err: string[] }[] = [];
let updateId = 1;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startApp(): Promise<{ child: ChildProcess; port: number; err: string[] }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MONGODB_URI: db.dbUri,
    HOST: '127.0.0.1',
    PORT: String(port),
    TELEGRAM_BOT_TOKEN: `${BOT}:TEST-token`,
    TELEGRAM_API_ROOT: api.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://hoso.example/telegram/webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    PLAYGROUND: 'false',
    LOG_LEVEL: 'error',
  };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const err: string[] = [];
  child.stderr!.on('data', (b: Buffer) => err.push(b.toString()));
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`app exited: ${err.join('')}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ok) return { child, port, err };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`app did not get ready: ${err.join('')}`);
}

function deliver(app: { port: number }, update: UpdateBody & { update_id: number }): Promise<number> {
  return fetch(`http://127.0.0.1:${app.port}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  }).then((r) => r.status);
}

const guest = (n: number) => ({ id: 77_000 + n, is_bot: false, first_name: `Khách ${n}` });
const numbered = (u: UpdateBody) => ({ ...u, update_id: updateId++ });
const repliesTo = (n: number) => api.received.filter((m) => m.chatId === String(guest(n).id));

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error('run `npm run build` first: the app processes run from dist/');
  db = await openTestDb('two');
  api = await startLocalBotApi();
  apps.push(await startApp(), await startApp());
}, 120_000);

afterAll(async () => {
  await Promise.all(
    apps.map(
      (a) =>
        new Promise<void>((resolve) => {
          if (a.child.exitCode !== null) return resolve();
          a.child.once('exit', () => resolve());
          a.child.kill('SIGTERM');
        }),
    ),
  );
  await api.close();
  await db.close();
});

describe('two app processes on one database', () => {
  it('answers an update delivered to both at once exactly once, and both of two messages handled at once', async () => {
    const [a, b] = apps as [(typeof apps)[0], (typeof apps)[0]];
    // Control: chat 0 alone on one process, one message at a time: how many replies /start and /help give.
    expect(await deliver(a, numbered(command(guest(0), '/start')))).toBe(200);
    const perStart = repliesTo(0).length;
    expect(await deliver(b, numbered(command(guest(0), '/help')))).toBe(200);
    const perHelp = repliesTo(0).length - perStart;
    expect(perStart).toBeGreaterThan(0);
    expect(perHelp).toBeGreaterThan(0);

    // The same /start (one update_id) to both processes at the same moment, for several chats at once.
    const chats = Array.from({ length: CHATS }, (_, i) => i + 1);
    await Promise.all(
      chats.map(async (n) => {
        const once = numbered(command(guest(n), '/start'));
        const statuses = await Promise.all([deliver(a, once), deliver(b, once)]);
        expect(statuses).toEqual([200, 200]);
      }),
    );
    for (const n of chats) {
      const texts = repliesTo(n).map((m) => m.text);
      expect(texts).toHaveLength(perStart); // no duplicate reply, none lost
      expect(new Set(texts).size).toBe(texts.length);
    }

    // Two different messages of one chat at the same moment, one on each process: both are answered.
    await Promise.all(
      chats.map(async (n) => {
        const statuses = await Promise.all([deliver(a, numbered(command(guest(n), '/help'))), deliver(b, numbered(command(guest(n), '/help')))]);
        expect(statuses).toEqual([200, 200]);
      }),
    );
    for (const n of chats) expect(repliesTo(n)).toHaveLength(perStart + 2 * perHelp);

    // Interleaved: each chat's next messages alternate between the processes, all chats at once.
    await Promise.all(
      chats.map(async (n) => {
        for (let k = 0; k < 4; k++) expect(await deliver(k % 2 === 0 ? a : b, numbered(command(guest(n), '/help')))).toBe(200);
      }),
    );
    for (const n of chats) expect(repliesTo(n)).toHaveLength(perStart + 6 * perHelp);
    expect(apps.every((x) => x.child.exitCode === null)).toBe(true);
  }, 180_000);
});
