// One suite, every channel: the same inbound, render and sender tests run against each module of the channel
// table (bots/index.ts), the senders through the real adapters against the fake Bot API and the Zalo stand-in.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Update } from 'grammy/types';
import { CHANNEL_MODULES } from '../../bots/index.js';
import { playgroundChannel } from '../../bots/playground/index.js';
import { telegramAccount } from '../../bots/telegram/config.js';
import { telegramChannel } from '../../bots/telegram/index.js';
import { createTelegramSender } from '../../bots/telegram/sender.js';
import { zaloChannel } from '../../bots/zalo/index.js';
import type { AnyChannelModule, SelfInfo } from '../../src/channels/contract.js';
import type { ChannelAddress } from '../../src/domain/channel.js';
import type { Engine, Reply } from '../../src/engine/types.js';
import type { ChannelSender } from '../../src/outbound/types.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startFakeBotApi } from '../support/fake-bot-api.js';
import { privateChat, text as telegramText, withId } from '../support/telegram-updates.js';
import { textEvent, ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness } from '../support/zalo-harness.js';

/** A sender wired to a local stand-in of its platform, and what that stand-in received. */
interface LiveSender {
  sender: ChannelSender;
  /** The address of a user this sender may write to. */
  address: ChannelAddress;
  delivered(): string[];
  stop(): Promise<void>;
}

/** What the suite needs to drive one channel: its module, how its platform says "user X typed Y", its sender. */
interface Driver {
  module: AnyChannelModule;
  self: SelfInfo;
  userId: string;
  typed(userId: string, text: string): unknown;
  /** Platform payloads the customer flow does not read (a receipt, an edited message…). */
  notForTheEngine: unknown[];
  startSender?: () => Promise<LiveSender>;
}

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb('channel_contract');
});
afterAll(async () => db?.close());

const silent: Engine = { handle: async () => [] };
let updateIds = 100;

const drivers: Driver[] = [
  {
    module: telegramChannel,
    self: { account: '123456', username: 'hoso_test_bot' },
    userId: '5001',
    typed: (userId, body) => withId(telegramText({ id: Number(userId), is_bot: false, first_name: 'Lan' }, body), ++updateIds),
    notForTheEngine: [{ update_id: 1 }, { update_id: 3, message: { text: 'no sender' } }, { update_id: 4, callback_query: {} }, withId({ edited_message: { message_id: 1, date: 0, edit_date: 1, chat: privateChat({ id: 5001, is_bot: false, first_name: 'Lan' }), text: 'x' } } as Omit<Update, 'update_id'>, 2)],
    async startSender() {
      const api = await startFakeBotApi();
      const sender = createTelegramSender({ token: api.token, apiRoot: api.apiRoot });
      return {
        sender,
        address: { channel: 'telegram', account: telegramAccount(api.token), userId: '5001' },
        delivered: () => api.callsTo('sendMessage').map((p) => String(p.text)),
        stop: () => api.close(),
      };
    },
  },
  {
    module: zaloChannel,
    self: { account: ZALO_TEST.oaId },
    userId: ZALO_TEST.user,
    typed: (userId, body) => textEvent(body, { user: userId }),
    notForTheEngine: [{ event_name: 'user_seen_message', sender: { id: ZALO_TEST.user }, recipient: { id: ZALO_TEST.oaId } }, { ...textEvent('hi'), recipient: { id: '999' } }],
    async startSender() {
      await db.clear();
      const clock = new TestClock('2026-03-12T02:00:00Z');
      const h = await startZaloHarness(db, clock, silent);
      await h.seedTokens();
      // Inside the consultation window, as after the user's own message.
      await h.zalo.window.recordInbound(ZALO_TEST.oaId, ZALO_TEST.user, clock.now());
      return {
        sender: h.zalo.sender,
        address: { channel: 'zalo', account: ZALO_TEST.oaId, userId: ZALO_TEST.user },
        delivered: () => h.standin.texts.map((t) => t.text),
        stop: () => h.stop(),
      };
    },
  },
  {
    module: playgroundChannel,
    self: { account: 'playground' },
    userId: 'session-0123456789abcdef',
    typed: (userId, body) => ({ sessionId: userId, text: body }),
    notForTheEngine: [{ sessionId: 'short', text: 'x' }, { sessionId: 'session-0123456789abcdef', text: 'x', choice: 'y' }],
  },
];

it('covers every channel of the table', () => {
  expect(drivers.map((d) => d.module.channel).sort()).toEqual(CHANNEL_MODULES.map((m) => m.channel).sort());
});

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

describe.each(drivers)('the $module.channel channel', (d) => {
  const caps = d.module.capabilities;

  describe('inbound translation', () => {
    it('turns a typed message into a text event from that user, on this channel and account', () => {
      const t = d.module.translate(d.typed(d.userId, 'Dạ em muốn đặt lịch'), d.self);
      expect(t).toMatchObject({ kind: 'inbound', inbound: { address: { channel: d.module.channel, account: d.self.account, userId: d.userId }, event: { kind: 'text', text: 'Dạ em muốn đặt lịch' } } });
    });

    it('turns a typed slash command into a command event', () => {
      const t = d.module.translate(d.typed(d.userId, '/start ads-summer'), d.self);
      expect(t).toMatchObject({ kind: 'inbound', inbound: { event: { kind: 'command', command: 'start', args: 'ads-summer' } } });
    });

    it('ignores with a reason, and never throws on, what the customer flow does not read or cannot parse', () => {
      for (const raw of [...d.notForTheEngine, null, 'not an object', 42, {}, { __proto__: null, $where: '1' }]) {
        const t = d.module.translate(raw, d.self);
        expect(t.kind).toBe('ignore');
        if (t.kind === 'ignore') expect(t.reason).toMatch(/\S/);
      }
    });
  });

  describe('rendering', () => {
    it('cuts a long reply into messages within the text limit and loses no word', () => {
      const long = Array.from({ length: Math.ceil((caps.textLimit * 2.5) / 12) }, (_, i) => `Dịch-vụ ${i}.`).join(' ');
      const messages = d.module.render({ text: long });
      expect(messages.length).toBeGreaterThan(1);
      for (const m of messages) expect(m.text.length).toBeLessThanOrEqual(caps.textLimit);
      expect(words(messages.map((m) => m.text).join(' '))).toEqual(words(long));
    });

    it('never drops a choice: buttons where the channel has them, numbered lines where it does not', () => {
      const reply: Reply = { text: 'Anh/chị chọn giúp em ạ', choices: [{ label: 'Gội đầu', value: 'need:hair' }, { label: 'Massage', value: 'need:massage' }] };
      const messages = d.module.render(reply);
      const payload = JSON.stringify(messages);
      for (const c of reply.choices!) {
        if (caps.buttons) expect(payload).toContain(c.value);
        else expect(messages.map((m) => m.text).join('\n')).toMatch(new RegExp(`\\d\\. ${c.label}`));
      }
    });
  });

  const sender = d.startSender;
  const proactive = caps.proactive !== 'never';
  it(`${proactive ? 'has' : 'has no'} sender for the jobs, as its capabilities say (proactive: ${caps.proactive})`, () => {
    expect(Boolean(sender)).toBe(proactive);
  });
  if (!sender) return;

  describe('sender', () => {
    let live: LiveSender;
    beforeAll(async () => {
      live = await sender();
    });
    afterAll(async () => live?.stop());

    it('delivers a reply and says so', async () => {
      const r = await live.sender.send(live.address, { text: 'Chúc mừng sinh nhật chị Lan ạ' });
      expect(r.ok).toBe(true);
      expect(live.delivered().at(-1)).toContain('Chúc mừng sinh nhật chị Lan ạ');
    });

    it('refuses, for good and without sending, an address of another channel or of another account', async () => {
      const before = live.delivered().length;
      for (const address of [{ ...live.address, channel: live.address.channel === 'zalo' ? 'telegram' : 'zalo' }, { ...live.address, account: `${live.address.account}9` }]) {
        expect(await live.sender.send(address, { text: 'Không được gửi' })).toMatchObject({ ok: false, kind: 'permanent' });
      }
      expect(live.delivered()).toHaveLength(before);
    });

    it('delivers a long reply in order, in parts within the text limit', async () => {
      const before = live.delivered().length;
      const long = Array.from({ length: Math.ceil((caps.textLimit * 1.5) / 8) }, (_, i) => `câu ${i}.`).join(' ');
      expect((await live.sender.send(live.address, { text: long })).ok).toBe(true);
      const parts = live.delivered().slice(before);
      expect(parts.length).toBeGreaterThan(1);
      for (const p of parts) expect(p.length).toBeLessThanOrEqual(caps.textLimit);
      expect(words(parts.join(' '))).toEqual(words(long));
    });
  });
});
