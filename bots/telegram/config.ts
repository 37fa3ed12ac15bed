// The Telegram channel's slice of the configuration: null when no bot token is set, so nothing of it starts.
import type { Config } from '../../src/config.js';

/** Where the webhook router is mounted; TELEGRAM_WEBHOOK_URL must reach this path. */
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

export interface TelegramSettings {
  token: string;
  /** Bot API server root; a self-hosted one or a test stand-in. */
  apiRoot: string;
  /** The bot's numeric id, the `account` of every Telegram address. */
  account: string;
  /** Webhook mode when set; long polling otherwise. */
  webhook?: { url: string; secret: string };
}

/** The bot's numeric id is the token's prefix ("123456:ABC…"): stable across username changes, known without a call. */
export function telegramAccount(token: string): string {
  return token.split(':')[0] ?? '';
}

export function telegramSettings(c: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_WEBHOOK_SECRET'>): TelegramSettings | null {
  const token = c.TELEGRAM_BOT_TOKEN;
  if (!token) return null;
  const url = c.TELEGRAM_WEBHOOK_URL;
  const secret = c.TELEGRAM_WEBHOOK_SECRET;
  // loadConfig already refuses a webhook URL without its secret; this keeps the type honest.
  return { token, apiRoot: c.TELEGRAM_API_ROOT, account: telegramAccount(token), ...(url && secret ? { webhook: { url, secret } } : {}) };
}
