// Job messages through the Telegram sender: what the outbox is told when Telegram says yes, later, or never.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { createTelegramSender } from '../../bots/telegram/sender.js';
import type { ChannelAddress } from '../../src/engine/types.js';
import type { ChannelSender } from '../../src/outbound/types.js';
import { startFakeBotApi, type FakeBotApi } from '../support/fake-bot-api.js';

describe('Telegram sender', () => {
  let api: FakeBotApi;
  let sender: ChannelSender;
  let guest: ChannelAddress;
  beforeAll(async () => {
    api = await startFakeBotApi();
    sender = createTelegramSender({ token: api.token, apiRoot: api.apiRoot });
    guest = { channel: 'telegram', account: String(api.me.id), userId: '7001' };
  });
  afterAll(async () => api?.close());

  it('sends a greeting with its buttons and returns the message id', async () => {
    const r = await sender.send(guest, { text: 'Chúc mừng sinh nhật chị Lan!', choices: [{ label: 'Đặt lịch', value: 'book' }] });
    expect(r).toEqual({ ok: true, platformMessageId: expect.any(String) });
    expect(api.callsTo('sendMessage').at(-1)).toEqual({
      chat_id: '7001',
      text: 'Chúc mừng sinh nhật chị Lan!',
      reply_markup: { inline_keyboard: [[{ text: 'Đặt lịch', callback_data: 'book' }]] },
    });
  });

  it('hands a 429 back to the outbox with retry_after in milliseconds, without retrying itself', async () => {
    const before = api.callsTo('sendMessage').length;
    api.rateLimitNextSends(1, 7);
    const r = await sender.send(guest, { text: 'Nhắc lịch hẹn' });
    expect(r).toEqual({ ok: false, kind: 'retry', reason: expect.stringContaining('429'), retryAfterMs: 7000 });
    expect(api.callsTo('sendMessage')).toHaveLength(before + 1);
  });

  it('gives up on a guest who blocked the bot', async () => {
    api.block(7002);
    expect(await sender.send({ ...guest, userId: '7002' }, { text: 'Xin chào' })).toMatchObject({ ok: false, kind: 'permanent', reason: expect.stringContaining('blocked') });
  });

  it.each([
    [400, 'Bad Request: chat not found', 'permanent'],
    [500, 'Internal Server Error', 'retry'],
    [502, 'Bad Gateway', 'retry'],
  ] as const)('treats %i %s as %s', async (code, description, kind) => {
    api.failNext('sendMessage', 1, { error_code: code, description });
    expect(await sender.send(guest, { text: 'Xin chào' })).toMatchObject({ ok: false, kind });
  });

  it('retries later when the Bot API cannot be reached', async () => {
    const port = await closedPort();
    const offline = createTelegramSender({ token: api.token, apiRoot: `http://127.0.0.1:${port}`, timeoutSeconds: 5 });
    expect(await offline.send(guest, { text: 'Xin chào' })).toMatchObject({ ok: false, kind: 'retry', reason: expect.stringContaining('network') });
  });

  it('refuses addresses of another channel or another bot without calling Telegram', async () => {
    const before = api.calls.length;
    expect(await sender.send({ ...guest, channel: 'zalo' }, { text: 'x' })).toMatchObject({ ok: false, kind: 'permanent' });
    expect(await sender.send({ ...guest, account: '999' }, { text: 'x' })).toMatchObject({ ok: false, kind: 'permanent' });
    expect(api.calls).toHaveLength(before);
  });
});

/** A port nothing listens on: bind one, note it, release it. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
