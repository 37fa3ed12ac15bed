// A newcomer's fourth channel: "messenger" exists only in this file, implements src/channels/contract.ts and
// nothing else, and a guest registers through it with the real engine, the real database and the HTTP app.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express, { Router } from 'express';
import { channelDirectory, createChannels, type Channels } from '../../bots/index.js';
import type { ChannelModule, PlatformMessage, Translated } from '../../src/channels/contract.js';
import { createChatTurns } from '../../src/channels/chat-turns.js';
import { loadConfig } from '../../src/config.js';
import { addressKey, type ChannelCapabilities } from '../../src/domain/channel.js';
import { addressFor } from '../../src/engine/copy/index.js';
import { vi } from '../../src/engine/copy/vi.js';
import { createEngine } from '../../src/engine/engine.js';
import type { Reply } from '../../src/engine/types.js';
import { createApp } from '../../src/http/app.js';
import { listen, type RunningServer } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import type { ChannelSender, SendResult } from '../../src/outbound/types.js';
import { createStore, ensureIndexes, type Store } from '../../src/store/index.js';
import { SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

// ---- the channel, as a newcomer would write it in bots/messenger/ ----------------------------------------
const PAGE = 'page-1';
const capabilities: ChannelCapabilities = { verifiedPhone: false, buttons: false, textLimit: 640, staffChats: false, proactive: 'window', templates: false };
/** What the pretend Graph API received: one entry per message sent to a user. */
const graph: { userId: string; text: string }[] = [];

interface MessengerEvent {
  sender: { id: string };
  message: { mid: string; text: string };
}
const isEvent = (raw: unknown): raw is MessengerEvent => {
  const e = raw as Partial<MessengerEvent> | null;
  return typeof e === 'object' && e !== null && typeof e.sender?.id === 'string' && typeof e.message?.text === 'string' && typeof e.message.mid === 'string';
};

function render(reply: Reply): PlatformMessage[] {
  const lines = (reply.choices ?? []).map((c, i) => `${i + 1}. ${c.label}`);
  return [{ text: [reply.text, ...lines].join('\n').slice(0, capabilities.textLimit) }];
}

function messengerSender(): ChannelSender {
  return {
    channel: 'messenger',
    async send(address, reply): Promise<SendResult> {
      if (address.channel !== 'messenger' || address.account !== PAGE) return { ok: false, kind: 'permanent', reason: 'not this page' };
      for (const m of render(reply)) graph.push({ userId: address.userId, text: m.text });
      return { ok: true };
    },
  };
}

const messenger: ChannelModule<{ path: string }> = {
  channel: 'messenger',
  capabilities,
  settings: () => ({ path: '/messenger/webhook' }),
  account: () => PAGE,
  translate(raw, self): Translated {
    if (!isEvent(raw)) return { kind: 'ignore', reason: 'not-a-message' };
    const text = raw.message.text;
    const event = text.startsWith('/') ? { kind: 'command' as const, command: text.slice(1).split(' ')[0]!.toLowerCase(), args: text.split(' ').slice(1).join(' ') } : { kind: 'text' as const, text };
    return { kind: 'inbound', inbound: { address: { channel: 'messenger', account: self.account, userId: raw.sender.id }, event, eventId: raw.message.mid, chatType: 'private' } };
  },
  render,
  create(s, deps) {
    const sender = messengerSender();
    const turns = createChatTurns(deps.engine);
    const router = Router();
    router.post('/', express.json(), async (req, res) => {
      const t = messenger.translate(req.body, { account: PAGE });
      if (t.kind === 'inbound') {
        await turns.run(t.inbound, async (replies) => {
          for (const r of replies) await sender.send(t.inbound.address, r);
        });
      }
      res.json({ ok: true });
    });
    return { channel: 'messenger', account: PAGE, mounts: [{ path: s.path, router }], sender, problems: async () => [], start: async () => undefined, stop: () => turns.idle() };
  },
};
// ------------------------------------------------------------------------------------------------------------

let db: TestDb;
let store: Store;
let channels: Channels;
let http: RunningServer;
const GUEST = 'psid-778899';

beforeAll(async () => {
  db = await openTestDb('fourth_channel');
  await ensureIndexes(db.conn);
  const clock = new TestClock('2026-03-12T02:00:00Z');
  store = createStore(db.conn, clock.now);
  const config = loadConfig({ PLAYGROUND: 'false' });
  const directory = channelDirectory(config, [messenger]);
  const engine = createEngine({ store, settings: SETTINGS, capabilities: directory.capabilities, now: clock.now, log: createLogger('silent') });
  channels = createChannels({ config, engine, log: createLogger('silent') }, [messenger]);
  http = await listen(createApp({ readiness: async () => ({ ready: true, problems: [] }), mounts: channels.mounts }), 0, '127.0.0.1');
  await channels.start({ port: http.port });
});
afterAll(async () => {
  await http?.close();
  await channels?.stop();
  await db?.close();
});

let mid = 0;
async function say(text: string): Promise<string> {
  const before = graph.length;
  const r = await fetch(`http://127.0.0.1:${http.port}/messenger/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sender: { id: GUEST }, message: { mid: `m${++mid}`, text } }) });
  expect(r.status).toBe(200);
  return graph.slice(before).map((g) => g.text).join('\n');
}

describe('a fourth channel added by implementing the contract only', () => {
  it('is mounted, started and given a sender by the same table loop as the built-ins', () => {
    expect(channels.mounts.map((m) => m.path)).toEqual(['/messenger/webhook']);
    expect(channels.senders.map((s) => s.channel)).toEqual(['messenger']);
  });

  it('registers a guest through the real engine: numbered choices, a typed phone, a customer linked to the chat', async () => {
    const consent = await say('/start');
    expect(consent).toContain(vi.consentQuestion({ spa: SETTINGS.spaName, you: addressFor('vi') }));
    // No buttons on this channel: choices arrive as numbered lines and "1" picks the first.
    expect(consent).toMatch(/^1\. /m);
    await say('1'); // consent: yes
    await say('2'); // marketing: no
    await say('3'); // health notes: skip
    await say('3'); // photos: skip
    const askPhone = await say('Nguyễn Thị Lan');
    // No verified-phone capability: asked to type it, never offered a share button.
    expect(askPhone).toContain(vi.askPhoneTyped({ you: addressFor('vi', 'Nguyễn Thị Lan') }));
    await say('0912345678');
    await say('12/3');
    const confirm = await say('Xong');
    expect(confirm).toMatch(/^1\. /m);
    await say('1');

    const customer = await store.customers.findByIdentity({ channel: 'messenger', account: PAGE, userId: GUEST });
    expect(customer).toMatchObject({ name: 'Nguyễn Thị Lan', phone: '+84912345678', phoneVerified: false });
    const conversation = await db.conn.db!.collection('conversations').findOne({ _id: addressKey({ channel: 'messenger', account: PAGE, userId: GUEST }) as never });
    expect(conversation).not.toBeNull();
    // Jobs would reach this guest through the channel's own sender, found by capabilities, not by name.
    expect(await channels.senders[0]!.send({ channel: 'messenger', account: PAGE, userId: GUEST }, { text: 'Chúc mừng sinh nhật' })).toEqual({ ok: true });
    expect(graph.at(-1)).toEqual({ userId: GUEST, text: 'Chúc mừng sinh nhật' });
  });
});
