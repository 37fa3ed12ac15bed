// Outbound senders for a worker that runs without the bots (`hoso worker`, `hoso jobs run`): Telegram by token.
// Zalo needs its token store and window state from the running channel, so it is wired in the app (src/runtime.ts).
import { createTelegramSender } from '../bots/telegram/sender.js';
import type { Config } from '../src/config.js';
import type { ChannelSender } from '../src/outbound/types.js';

export function standaloneSenders(config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT'>): ChannelSender[] {
  return config.TELEGRAM_BOT_TOKEN ? [createTelegramSender({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT })] : [];
}
