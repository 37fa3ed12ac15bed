// The playground channel's slice of the configuration: on with PLAYGROUND=true when no Telegram bot is set.
import type { Config } from '../../src/config.js';

export const PLAYGROUND_PATH = '/playground';
/** Every playground guest talks to this one "account", the way Telegram guests talk to one bot. */
export const PLAYGROUND_ACCOUNT = 'playground';

export interface PlaygroundSettings {
  path: string;
}

export function playgroundSettings(c: Pick<Config, 'PLAYGROUND' | 'TELEGRAM_BOT_TOKEN'>): PlaygroundSettings | null {
  // The embedded default for trying Hồ sơ: a configured bot takes its place.
  return c.PLAYGROUND && !c.TELEGRAM_BOT_TOKEN ? { path: PLAYGROUND_PATH } : null;
}
