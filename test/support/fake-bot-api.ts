// A local Bot API stand-in (express on a free port): enough of Telegram for the real grammY bot and the sender.
// It records every call, serves queued updates to long polling, posts them to a webhook, and can be scripted to fail.
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Chat, Update, UserFromGetMe } from 'grammy/types';
import type { UpdateBody } from './telegram-updates.js';

export type Params = Record<string, unknown>;

export interface RecordedCall {
  method: string;
  params: Params;
}

/** A Bot API failure as Telegram sends it (the HTTP status equals error_code). */
export interface ScriptedError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

export interface FakeBotApiOptions {
  token?: string;
  username?: string;
  /** Longest a getUpdates call is held open when nothing is queued (tests stay fast; a push answers at once). */
  maxHoldMs?: number;
}

export interface FakeBotApi {
  /** Pass as grammY's `client.apiRoot` (or TELEGRAM_API_ROOT). */
  readonly apiRoot: string;
  readonly token: string;
  readonly me: UserFromGetMe;
  readonly calls: readonly RecordedCall[];
  callsTo(method: string): Params[];
  /** Queues an update for getUpdates; numbered unless it has an update_id (repeat one to simulate a redelivery). */
  pushUpdate(update: UpdateBody | Update): Update;
  /** The next `times` calls of `method` fail with `error`. */
  failNext(method: string, times: number, error: ScriptedError): void;
  /**
   * The next `times` calls of `method` are carried out (a sendMessage is delivered) but answered only after
   * `delayMs`: longer than the client's timeout, this is Telegram being slow, not Telegram refusing.
   */
  answerLate(method: string, times: number, delayMs: number): void;
  /** The next `times` calls of `method` are carried out, then the connection is cut before any answer. */
  dropAfterNext(method: string, times: number): void;
  /** The next `times` sendMessage calls get 429 with retry_after. */
  rateLimitNextSends(times: number, retryAfterSeconds: number): void;
  /** sendMessage to this chat answers 403 as when the guest blocked the bot. */
  block(chatId: number): void;
  /**
   * A file the bot can fetch with getFile and download from /file/bot<token>/<path>, as a photo a user sent.
   * `reportedSize` is what getFile and the photo say its size is (a lie, to test the download's own bound).
   */
  addFile(bytes: Uint8Array, opts?: { reportedSize?: number }): { file_id: string; file_unique_id: string; file_size: number };
  /** Resolves once a poller asked for updates after this one: grammY does so only when the batch is handled. */
  confirmed(updateId: number, timeoutMs?: number): Promise<void>;
  /** Resolves with the params of the first `count` calls of `method` once that many were made. */
  waitFor(method: string, count: number, timeoutMs?: number): Promise<Params[]>;
  readonly webhook: { url: string; secret?: string } | undefined;
  /**
   * Posts an update as Telegram's webhook delivery would. `secret`: omitted → the one given to setWebhook,
   * null → no header, a string → that header. `url` defaults to the registered webhook.
   */
  postToWebhook(update: UpdateBody | Update, opts?: { secret?: string | null; url?: string }): Promise<{ status: number; body: string; update: Update }>;
  close(): Promise<void>;
}

const ok = (result: unknown) => ({ ok: true, result });
const fail = (error_code: number, description: string, parameters?: ScriptedError['parameters']) => ({
  ok: false,
  error_code,
  description,
  ...(parameters ? { parameters } : {}),
});

export async function startFakeBotApi(opts: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const token = opts.token ?? '123456:TEST-token_for-local-api';
  const botId = Number(token.split(':')[0]);
  const me: UserFromGetMe = {
    id: botId,
    is_bot: true,
    first_name: 'Spa Hồ Sơ',
    username: opts.username ?? 'hoso_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  } as UserFromGetMe;
  const maxHoldMs = opts.maxHoldMs ?? 500;
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const calls: RecordedCall[] = [];
  let queue: Update[] = [];
  let nextUpdateId = 1000;
  let nextMessageId = 1;
  let webhook: { url: string; secret?: string } | undefined;
  const failures = new Map<string, { times: number; error: ScriptedError }[]>();
  const late = new Map<string, { times: number; delayMs: number | 'drop' }[]>();
  const lateTimers = new Set<NodeJS.Timeout>();
  const blocked = new Set<number>();
  const chats = new Map<number, Chat>();
  const files = new Map<string, { bytes: Buffer; path: string; size: number }>();
  let nextFile = 1;

  const number = (u: UpdateBody | Update): Update => {
    const update = ('update_id' in u ? u : { ...u, update_id: nextUpdateId++ }) as Update;
    nextUpdateId = Math.max(nextUpdateId, update.update_id + 1);
    const chat = update.message?.chat ?? update.callback_query?.message?.chat;
    if (chat) chats.set(chat.id, chat);
    return update;
  };

  const failNext = (method: string, times: number, error: ScriptedError): void => {
    const list = failures.get(method) ?? [];
    list.push({ times, error });
    failures.set(method, list);
  };

  const takeLate = (method: string): number | 'drop' | undefined => {
    const list = late.get(method);
    const head = list?.[0];
    if (!list || !head) return undefined;
    if (--head.times <= 0) list.shift();
    return head.delayMs;
  };

  const takeScriptedFailure = (method: string): ScriptedError | undefined => {
    const list = failures.get(method);
    const head = list?.[0];
    if (!list || !head) return undefined;
    if (--head.times <= 0) list.shift();
    return head.error;
  };

  const pending = (offset: unknown, limit: unknown): Update[] => {
    // Telegram forgets every update below the offset: that is how a poller confirms a batch.
    if (typeof offset === 'number' && offset > 0) queue = queue.filter((u) => u.update_id >= offset);
    return queue.slice(0, typeof limit === 'number' && limit > 0 ? limit : 100);
  };

  /** Telegram refuses inline buttons whose callback_data is not 1–64 bytes. */
  const badButtons = (markup: unknown): boolean => {
    const rows = (markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? [];
    return rows.flat().some((b) => {
      const bytes = Buffer.byteLength(b.callback_data ?? '', 'utf8');
      return bytes < 1 || bytes > 64;
    });
  };

  const methods: Record<string, (p: Params) => unknown> = {
    getMe: () => ok(me),
    deleteWebhook: (p) => {
      webhook = undefined;
      if (p.drop_pending_updates === true) queue = [];
      return ok(true);
    },
    setWebhook: (p) => {
      webhook = { url: String(p.url), ...(typeof p.secret_token === 'string' ? { secret: p.secret_token } : {}) };
      return ok(true);
    },
    getWebhookInfo: () => ok({ url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: queue.length }),
    answerCallbackQuery: () => ok(true),
    editMessageReplyMarkup: (p) => {
      if (badButtons(p.reply_markup)) return fail(400, 'Bad Request: BUTTON_DATA_INVALID');
      const chatId = Number(p.chat_id);
      return ok({ message_id: Number(p.message_id), date: 0, edit_date: Math.floor(Date.now() / 1000), chat: chats.get(chatId) ?? { id: chatId, type: 'private' }, from: me });
    },
    getFile: (p) => {
      const f = files.get(String(p.file_id));
      if (!f) return fail(400, 'Bad Request: invalid file_id');
      return ok({ file_id: String(p.file_id), file_unique_id: `u${String(p.file_id)}`, file_size: f.size, file_path: f.path });
    },
    sendPhoto: (p) => {
      const chatId = Number(p.chat_id);
      if (blocked.has(chatId)) return fail(403, 'Forbidden: bot was blocked by the user');
      const photo = p.photo as { bytes?: Buffer } | string | undefined;
      if (!photo || (typeof photo === 'object' && !photo.bytes?.length)) return fail(400, 'Bad Request: there is no photo in the request');
      const caption = typeof p.caption === 'string' ? p.caption : undefined;
      if (caption && caption.length > 1024) return fail(400, 'Bad Request: message caption is too long');
      if (badButtons(p.reply_markup)) return fail(400, 'Bad Request: BUTTON_DATA_INVALID');
      const chat = chats.get(chatId) ?? { id: chatId, type: 'private', first_name: 'Khách' };
      return ok({ message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from: me, photo: [{ file_id: `sent${nextMessageId}`, file_unique_id: `s${nextMessageId}`, width: 1, height: 1 }], ...(caption ? { caption } : {}) });
    },
    sendMessage: (p) => {
      const chatId = Number(p.chat_id);
      if (blocked.has(chatId)) return fail(403, 'Forbidden: bot was blocked by the user');
      const text = typeof p.text === 'string' ? p.text : '';
      if (text.trim() === '') return fail(400, 'Bad Request: message text is empty');
      if (text.length > 4096) return fail(400, 'Bad Request: message is too long');
      if (badButtons(p.reply_markup)) return fail(400, 'Bad Request: BUTTON_DATA_INVALID');
      const chat = chats.get(chatId) ?? { id: chatId, type: 'private', first_name: 'Khách' };
      return ok({ message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from: me, text });
    },
  };

  const app = express();
  // grammY uploads files (sendPhoto with an InputFile) as multipart/form-data: fields are strings (JSON for
  // objects), the photo field says `attach://<part>`, and that part holds the bytes.
  app.use((req, _res, next) => {
    const type = String(req.headers['content-type'] ?? '');
    if (!type.startsWith('multipart/form-data')) return next();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { fields, parts } = parseMultipart(Buffer.concat(chunks), /boundary=("?)([^";]+)\1/.exec(type)?.[2] ?? '');
      for (const [k, v] of Object.entries(fields)) if (typeof v === 'string' && v.startsWith('attach://')) fields[k] = parts.get(v.slice('attach://'.length));
      req.body = fields;
      next();
    });
  });
  app.use(express.json({ limit: '10mb' }));
  app.get('/file/:botToken/:path', (req, res) => {
    if (req.params.botToken !== `bot${token}`) return void res.status(401).end();
    const f = [...files.values()].find((x) => x.path === req.params.path);
    if (!f) return void res.status(404).end();
    calls.push({ method: 'downloadFile', params: { path: f.path } });
    res.setHeader('content-type', 'application/octet-stream');
    res.end(f.bytes);
  });
  app.all('/:botToken/:method', (req, res) => {
    const method = String(req.params.method);
    const params = (req.body ?? {}) as Params;
    const send = (body: { ok: boolean; error_code?: number }) => res.status(body.ok ? 200 : (body.error_code ?? 500)).json(body);
    if (req.params.botToken !== `bot${token}`) return send(fail(401, 'Unauthorized'));
    calls.push({ method, params });
    events.emit('call', method);
    const scripted = takeScriptedFailure(method);
    if (scripted) return send(fail(scripted.error_code, scripted.description, scripted.parameters));
    if (method === 'getUpdates') {
      if (webhook) return send(fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
      const ready = pending(params.offset, params.limit);
      const holdMs = Math.min(maxHoldMs, (typeof params.timeout === 'number' ? params.timeout : 0) * 1000);
      if (ready.length > 0 || holdMs <= 0) return send(ok(ready));
      // Long polling: answer as soon as something is pushed, or empty after the hold.
      const answer = () => {
        clearTimeout(timer);
        events.off('update', answer);
        if (!res.writableEnded && !res.destroyed) send(ok(pending(params.offset, params.limit)));
      };
      const timer = setTimeout(answer, holdMs);
      events.on('update', answer);
      res.on('close', () => {
        clearTimeout(timer);
        events.off('update', answer);
      });
      return;
    }
    const handler = methods[method];
    const answer = handler ? (handler(params) as { ok: boolean }) : fail(404, 'Not Found: method not found');
    const delay = takeLate(method);
    if (delay === 'drop') return void req.socket.destroy();
    if (delay !== undefined) {
      // Done already (the guest has the message); only the answer is late, or never read by a client that gave up.
      const timer = setTimeout(() => {
        lateTimers.delete(timer);
        if (!res.writableEnded && !res.destroyed) send(answer);
      }, delay);
      lateTimers.add(timer);
      return;
    }
    return send(answer);
  });

  /** Resolves when `done()` holds, re-checked on every recorded call; rejects with `why()` after the timeout. */
  const until = (done: () => boolean, timeoutMs: number, why: () => string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(why()));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        events.off('call', check);
      };
      events.on('call', check);
      check();
    });

  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    me,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method).map((c) => c.params),
    pushUpdate(u) {
      const update = number(u);
      queue.push(update);
      events.emit('update');
      return update;
    },
    failNext,
    rateLimitNextSends(times, retryAfterSeconds) {
      failNext('sendMessage', times, {
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfterSeconds}`,
        parameters: { retry_after: retryAfterSeconds },
      });
    },
    answerLate(method, times, delayMs) {
      late.set(method, [...(late.get(method) ?? []), { times, delayMs }]);
    },
    dropAfterNext(method, times) {
      late.set(method, [...(late.get(method) ?? []), { times, delayMs: 'drop' }]);
    },
    block: (chatId) => void blocked.add(chatId),
    addFile(bytes, o = {}) {
      const n = nextFile++;
      const file_id = `file${n}`;
      const size = o.reportedSize ?? bytes.length;
      files.set(file_id, { bytes: Buffer.from(bytes), path: `photos_${n}.jpg`, size });
      return { file_id, file_unique_id: `u${file_id}`, file_size: size };
    },
    confirmed(updateId, timeoutMs = 5000) {
      const done = () => calls.some((c) => c.method === 'getUpdates' && typeof c.params.offset === 'number' && c.params.offset > updateId);
      return until(done, timeoutMs, () => `update ${updateId} was not confirmed by a later getUpdates`).then(() => undefined);
    },
    waitFor(method, count, timeoutMs = 5000) {
      const current = () => calls.filter((c) => c.method === method).map((c) => c.params);
      const seen = () => calls.map((c) => c.method).filter((m) => m !== 'getUpdates').join(', ') || 'none';
      return until(() => current().length >= count, timeoutMs, () => `expected ${count} ${method} call(s), got ${current().length}; calls: ${seen()}`).then(() =>
        current().slice(0, count),
      );
    },
    get webhook() {
      return webhook;
    },
    async postToWebhook(u, o = {}) {
      const url = o.url ?? webhook?.url;
      if (!url) throw new Error('no webhook registered (setWebhook was not called) and no url given');
      const secret = o.secret === undefined ? webhook?.secret : o.secret;
      const update = number(u);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret !== null && secret !== undefined ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}) },
        body: JSON.stringify(update),
      });
      return { status: res.status, body: await res.text(), update };
    },
    close: () =>
      new Promise<void>((resolve) => {
        events.emit('update'); // release held long polls
        for (const t of lateTimers) clearTimeout(t);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A small multipart/form-data reader (undici's refuses grammY's stream): string fields (JSON parsed) and file parts. */
function parseMultipart(body: Buffer, boundary: string): { fields: Params; parts: Map<string, { name: string; bytes: Buffer }> } {
  const fields: Params = {};
  const parts = new Map<string, { name: string; bytes: Buffer }>();
  const sep = Buffer.from(`--${boundary}`);
  let at = body.indexOf(sep);
  while (at !== -1) {
    const next = body.indexOf(sep, at + sep.length);
    if (next === -1) break;
    const chunk = body.subarray(at + sep.length, next);
    const headEnd = chunk.indexOf('\r\n\r\n');
    if (headEnd !== -1) {
      const head = chunk.subarray(0, headEnd).toString('utf8');
      let content = chunk.subarray(headEnd + 4);
      if (content.subarray(-2).toString() === '\r\n') content = content.subarray(0, -2);
      const name = /name="([^"]*)"/.exec(head)?.[1];
      const filename = /filename="?([^"\r\n;]*)/.exec(head)?.[1];
      if (name !== undefined && filename !== undefined) parts.set(name, { name: filename, bytes: Buffer.from(content) });
      else if (name !== undefined) {
        const text = content.toString('utf8');
        fields[name] = /^[[{]/.test(text) ? JSON.parse(text) : text;
      }
    }
    at = next;
  }
  return { fields, parts };
}
