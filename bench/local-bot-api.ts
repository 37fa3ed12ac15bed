// A minimal local Bot API server (sendMessage, and what a webhook bot calls at start) that records what arrives: for the dispatch bench and the
// crash test, which must run from compiled code (dist/), where test/support's fuller stand-in is not built.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedMessage {
  chatId: string;
  text: string;
  /** Wall-clock arrival (ms): what the bench measures the send rate from. */
  at: number;
}

export interface LocalBotApi {
  apiRoot: string;
  received: ReceivedMessage[];
  /** From the n-th sendMessage on (1-based), calls are recorded but never answered: the caller hangs mid-send. */
  hangFrom(n: number | null): void;
  /** Resolves once `n` sendMessage calls have arrived. */
  waitFor(n: number): Promise<void>;
  close(): Promise<void>;
}

/** `/bot<id>:<secret>/<method>` → id. */
const BOT_ID_OF = (url: string | undefined): string => /\/bot(\d+):/.exec(url ?? '')?.[1] ?? '1';

export async function startLocalBotApi(): Promise<LocalBotApi> {
  const received: ReceivedMessage[] = [];
  const hanging: ServerResponse[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let hangAt: number | null = null;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.url?.split('/').pop() ?? '';
      const reply = (body: unknown): void => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      // Enough for a bot to start in webhook mode (the two-process test runs the whole app against this).
      if (method === 'getMe') return reply({ ok: true, result: { id: Number(BOT_ID_OF(req.url)), is_bot: true, first_name: 'Hồ sơ', username: 'hoso_test_bot' } });
      if (method === 'setWebhook' || method === 'deleteWebhook' || method === 'setMyCommands' || method === 'sendChatAction') return reply({ ok: true, result: true });
      if (method !== 'sendMessage') return reply({ ok: false, error_code: 404, description: 'Not Found: method not in the stand-in' });
      let params: { chat_id?: unknown; text?: unknown };
      try {
        params = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof params;
      } catch {
        return reply({ ok: false, error_code: 400, description: 'Bad Request: body is not JSON' });
      }
      received.push({ chatId: String(params.chat_id), text: String(params.text), at: Date.now() });
      for (const w of waiters.filter((x) => received.length >= x.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      if (hangAt !== null && received.length >= hangAt) {
        hanging.push(res);
        return;
      }
      reply({ ok: true, result: { message_id: received.length, date: Math.floor(Date.now() / 1000), chat: { id: Number(params.chat_id), type: 'private' }, text: params.text } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    received,
    hangFrom(n) {
      hangAt = n;
    },
    waitFor(n) {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
