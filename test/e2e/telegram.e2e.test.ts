// The real grammY bot against a local Bot API stand-in, in polling and webhook mode, wired as runtime wires it.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createTelegramBot, type TelegramBot } from '../../bots/telegram/bot.js';
import { createLogger } from '../../src/log.js';
import { startFakeBotApi, type FakeBotApi, type Params } from '../support/fake-bot-api.js';
import { createScriptedEngine, SCRIPT, type ScriptedEngine } from '../support/scripted-engine.js';
import { startTelegramHarness, WEBHOOK_SECRET as SECRET, type Mode, type TelegramHarness } from '../support/telegram-harness.js';
import { command, contact, GROUP_CHAT, GUEST, mention, OTHER_GUEST, tap, text, withId, type UpdateBody } from '../support/telegram-updates.js';

const keyboardOf = (p: Params | undefined): unknown => p?.reply_markup;

describe.each<Mode>(['polling', 'webhook'])('Telegram adapter (%s)', (mode) => {
  let h: TelegramHarness<ScriptedEngine>;
  beforeEach(async () => {
    h = await startTelegramHarness(mode, createScriptedEngine());
  });
  afterEach(async () => h?.stop());

  it('completes a registration: consent button, profile name button, shared phone', async () => {
    await h.deliver(command(GUEST, '/start'));
    const [consent] = await h.sent(1);
    expect(consent).toMatchObject({ chat_id: GUEST.id, text: SCRIPT.consent.text });
    expect(keyboardOf(consent)).toEqual({ inline_keyboard: [[{ text: 'Đồng ý', callback_data: 'consent:yes' }, { text: 'Không', callback_data: 'consent:no' }]] });

    await h.deliver(tap(GUEST, 'consent:yes', 11));
    const askName = (await h.sent(2))[1];
    expect(h.api.callsTo('answerCallbackQuery')).toHaveLength(1);
    expect(h.api.callsTo('editMessageReplyMarkup')[0]).toMatchObject({ chat_id: GUEST.id, message_id: 11 });
    expect(keyboardOf(askName)).toEqual({ inline_keyboard: [[{ text: 'Lan Nguyễn', callback_data: 'name:profile' }]] });

    await h.deliver(tap(GUEST, 'name:profile', 12));
    const askPhone = (await h.sent(3))[2];
    expect(keyboardOf(askPhone)).toEqual({ keyboard: [[{ text: 'Chia sẻ số điện thoại', request_contact: true }]], one_time_keyboard: true, resize_keyboard: true });

    await h.deliver(contact(GUEST, '+84912345678'));
    const saved = (await h.sent(4))[3];
    expect(saved).toMatchObject({ text: SCRIPT.saved.text, reply_markup: { remove_keyboard: true } });
    expect(h.engine.registrations.get(`telegram|${h.api.me.id}|${GUEST.id}`)).toEqual({ name: 'Lan Nguyễn', phone: '+84912345678', verified: true });
  });

  it('gives the same update delivered twice one effect', async () => {
    const once = withId(command(GUEST, '/start'), 90_001);
    await h.deliver(once);
    await h.deliver(once);
    await h.deliver(text(GUEST, 'xin chào')); // a later update: when it is answered, the repeat was handled
    await h.sent(2);
    expect(h.engine.received.filter((i) => i.eventId === '90001')).toHaveLength(1);
    expect(h.api.callsTo('sendMessage')).toHaveLength(2);
  });

  it('keeps group chats out of the customer flow: silence unless addressed, then one plain line', async () => {
    await h.deliver(text(GUEST, 'Chiều nay ai đi spa không?', GROUP_CHAT));
    await h.deliver(mention(GUEST, h.api.me.username, 'cho mình đăng ký'));
    await h.deliver(mention(OTHER_GUEST, h.api.me.username, 'mình nữa'));
    await h.deliver(command(GUEST, '/start'));
    const sends = await h.sent(2);
    const toGroup = h.api.callsTo('sendMessage').filter((p) => p.chat_id === GROUP_CHAT.id);
    expect(toGroup).toEqual([{ chat_id: GROUP_CHAT.id, text: SCRIPT.groupNotice.text }]);
    expect(sends[1]).toMatchObject({ chat_id: GUEST.id, text: SCRIPT.consent.text });
    const fromGroup = h.engine.received.filter((i) => i.chatType === 'group');
    expect(fromGroup).toHaveLength(1);
    expect(h.api.callsTo('sendMessage')).toHaveLength(2);
  });

  it('passes a shared contact of someone else as unverified, and the engine refuses it', async () => {
    await h.deliver(command(GUEST, '/start'));
    await h.deliver(tap(GUEST, 'consent:yes'));
    await h.deliver(text(GUEST, 'Lan'));
    await h.sent(3);
    await h.deliver(contact(GUEST, '0987654321', OTHER_GUEST));
    const refusal = (await h.sent(4))[3];
    expect(h.engine.received.at(-1)?.event).toEqual({ kind: 'contact', phone: '0987654321', verified: false });
    expect(refusal).toMatchObject({ text: SCRIPT.notYourPhone.text, reply_markup: { keyboard: [[{ request_contact: true }]] } });
    expect(h.engine.registrations.size).toBe(0);
  });

  it('survives a step that throws, logging the update id but never the message', async () => {
    const poison = withId(text(GUEST, h.engine.poison), 70_707);
    if (mode === 'webhook') {
      // Not acknowledged, so Telegram delivers it again; a step that always throws is refused every time.
      expect((await h.api.postToWebhook(poison)).status).toBe(500);
      expect((await h.api.postToWebhook(poison)).status).toBe(500);
    } else {
      // Polling: tried a bounded number of times, then given up so the next updates are not held.
      await h.deliver(poison);
      expect(h.engine.received.filter((i) => i.eventId?.endsWith('70707'))).toHaveLength(3);
    }
    await h.deliver(command(GUEST, '/start'));
    await h.sent(1);
    const failure = h.logLines.find((l) => l.includes('Telegram update failed'));
    expect(failure).toContain('"updateId":70707');
    expect(h.logLines.join('\n')).not.toContain(h.engine.poison);
  });
});

describe('Telegram adapter (webhook only)', () => {
  let h: TelegramHarness<ScriptedEngine>;
  beforeEach(async () => {
    h = await startTelegramHarness('webhook', createScriptedEngine());
  });
  afterEach(async () => h?.stop());

  it('registers its webhook with the secret and the two update kinds it reads', () => {
    expect(h.api.callsTo('setWebhook')).toEqual([
      { url: `http://127.0.0.1:${h.port}/telegram/webhook`, secret_token: SECRET, allowed_updates: ['message', 'callback_query'] },
    ]);
  });

  it.each([
    ['without the secret header', null],
    ['with a wrong secret', 'webhook_Secret-0123456780'],
    ['with a secret of another length', 'x'],
  ])('answers 401 to a delivery %s and hands nothing to the engine', async (_label, secret) => {
    const r = await h.api.postToWebhook(command(GUEST, '/start'), { secret });
    expect(r.status).toBe(401);
    expect(h.engine.received).toHaveLength(0);
    expect(h.api.callsTo('sendMessage')).toHaveLength(0);
  });

  it('answers 400 to a body that is not an update', async () => {
    const url = `http://127.0.0.1:${h.port}/telegram/webhook`;
    const headers = { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET };
    expect((await fetch(url, { method: 'POST', headers, body: '{"update_id":' })).status).toBe(400);
    expect((await fetch(url, { method: 'POST', headers, body: '{"hello":"world"}' })).status).toBe(400);
    expect(h.engine.received).toHaveLength(0);
  });

  it('gives two concurrent deliveries of one update one effect', async () => {
    const once = withId(command(GUEST, '/start'), 91_000);
    const results = await Promise.all([h.api.postToWebhook(once), h.api.postToWebhook(once)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(h.engine.received).toHaveLength(1);
    expect(h.api.callsTo('sendMessage')).toHaveLength(1);
  });
});

describe('Telegram adapter (polling only)', () => {
  let api: FakeBotApi;
  let bot: TelegramBot | undefined;
  const engine = createScriptedEngine();
  beforeEach(async () => {
    api = await startFakeBotApi();
  });
  afterEach(async () => {
    await bot?.stop();
    await api.close();
  });

  const start = async (extra: Partial<Parameters<typeof createTelegramBot>[0]> = {}) => {
    bot = createTelegramBot({ token: api.token, apiRoot: api.apiRoot, engine, log: createLogger('silent'), pollingTimeoutSeconds: 1, ...extra });
    await bot.start();
    return bot;
  };
  const push = (u: UpdateBody) => api.pushUpdate(u);

  it('retries a reply hit by flood control once Telegram’s retry_after has passed (auto-retry)', async () => {
    await start({ retry: { maxRetryAttempts: 2, maxDelaySeconds: 2 } });
    api.rateLimitNextSends(1, 1);
    push(command({ ...GUEST, id: 6001 }, '/start'));
    const [first, second] = await api.waitFor('sendMessage', 2);
    expect(second).toEqual(first);
  });

  it('does not wait out a retry_after beyond its bound, and keeps serving', async () => {
    await start({ retry: { maxRetryAttempts: 2, maxDelaySeconds: 2 } });
    api.rateLimitNextSends(1, 30);
    push(command({ ...GUEST, id: 6002 }, '/start'));
    push(command({ ...GUEST, id: 6003 }, '/start'));
    const sends = await api.waitFor('sendMessage', 2);
    expect(sends.map((p) => p.chat_id)).toEqual([6002, 6003]);
  });

  it('confirms the last handled update to Telegram when it stops', async () => {
    const b = await start();
    const last = push(command({ ...GUEST, id: 6004 }, '/start'));
    await api.waitFor('sendMessage', 1);
    await b.stop();
    expect(api.callsTo('getUpdates').at(-1)).toMatchObject({ offset: last.update_id + 1 });
  });

  it('refuses to start with a token Telegram rejects, naming the setting', async () => {
    api.failNext('getMe', 1, { error_code: 401, description: 'Unauthorized' });
    await expect(start()).rejects.toThrow('TELEGRAM_BOT_TOKEN');
    bot = undefined;
  });
});
