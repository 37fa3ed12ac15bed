// The Telegram channel module (src/channels/contract.ts): the bot, its webhook when configured, and its sender.
import type { Update } from 'grammy/types';
import type { ChannelModule, PlatformMessage, RunningChannel, Translated } from '../../src/channels/contract.js';
import { builtinCapabilities } from '../../src/domain/channel.js';
import { createTelegramBot } from './bot.js';
import { TELEGRAM_WEBHOOK_PATH, telegramSettings, type TelegramSettings } from './config.js';
import { translateUpdate } from './inbound.js';
import { renderReplies } from './render.js';
import { createTelegramSender } from './sender.js';
import { webhookPathMismatch } from './webhook.js';

export const telegramChannel: ChannelModule<TelegramSettings> = {
  channel: 'telegram',
  capabilities: builtinCapabilities('telegram'),
  settings: telegramSettings,
  account: (s) => s.account,
  sendRate: (c) => ({ perSecond: c.SEND_RATE_TELEGRAM, perChatPerSecond: c.SEND_RATE_TELEGRAM_PER_CHAT }),
  owners: (config) => config.OWNER_TELEGRAM_IDS.map((userId) => ({ channel: 'telegram', userId })),
  translate(raw, self): Translated {
    // grammY hands over parsed updates; anything else (the contract takes any payload) is no update at all.
    if (typeof raw !== 'object' || raw === null || typeof (raw as { update_id?: unknown }).update_id !== 'number') return { kind: 'ignore', reason: 'not-an-update' };
    try {
      const t = translateUpdate(raw as Update, { id: Number(self.account), username: self.username ?? '' });
      return t.kind === 'handle' ? { kind: 'inbound', inbound: t.inbound } : { kind: 'ignore', reason: t.reason };
    } catch {
      return { kind: 'ignore', reason: 'malformed-update' };
    }
  },
  render: (reply): PlatformMessage[] => renderReplies([reply]).messages,
  create(s, deps): RunningChannel {
    const log = deps.log;
    const bot = createTelegramBot({ token: s.token, apiRoot: s.apiRoot, engine: deps.engine, log, ...(s.webhook ? { webhook: s.webhook } : {}), ...(deps.laterReplies ? { laterReplies: deps.laterReplies } : {}) });
    const mounts = bot.webhookRouter ? [{ path: TELEGRAM_WEBHOOK_PATH, router: bot.webhookRouter }] : [];
    if (s.webhook && webhookPathMismatch(s.webhook.url)) {
      log.warn({ path: TELEGRAM_WEBHOOK_PATH }, 'TELEGRAM_WEBHOOK_URL does not end in the webhook path: make sure the proxy forwards it there');
    }
    return {
      channel: 'telegram',
      account: s.account,
      mounts,
      sender: createTelegramSender({ token: s.token, apiRoot: s.apiRoot }),
      problems: async () => [],
      // Telegram deep links (Bot API "Deep linking"): t.me/<bot>?start=<payload>, payload A-Z a-z 0-9 _ - up to 64.
      startLink: (payload) => (bot.username && /^[A-Za-z0-9_-]{1,64}$/.test(payload) ? { channel: 'telegram', url: `https://t.me/${bot.username}?start=${payload}`, carriesPayload: true } : null),
      start: () => bot.start(),
      stop: () => bot.stop(),
    };
  },
};
