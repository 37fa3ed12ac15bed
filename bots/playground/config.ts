// The playground channel's slice of the configuration. PLAYGROUND is resolved by loadConfig: on by itself only
// with no channel configured outside production, otherwise only when set to true (and then, in production,
// behind PLAYGROUND_PASSWORD).
import type { Config } from '../../src/config.js';

export const PLAYGROUND_PATH = '/playground';
/** Every playground guest talks to this one "account", the way Telegram guests talk to one bot. */
export const PLAYGROUND_ACCOUNT = 'playground';

export interface PlaygroundSettings {
  path: string;
  /** Asked with HTTP Basic when set. */
  password?: string;
  /** Requests per minute from one address. */
  ratePerMinute: number;
}

export function playgroundSettings(c: Pick<Config, 'PLAYGROUND' | 'PLAYGROUND_PASSWORD' | 'PLAYGROUND_RATE_PER_MINUTE'>): PlaygroundSettings | null {
  if (!c.PLAYGROUND) return null;
  return { path: PLAYGROUND_PATH, ratePerMinute: c.PLAYGROUND_RATE_PER_MINUTE, ...(c.PLAYGROUND_PASSWORD ? { password: c.PLAYGROUND_PASSWORD } : {}) };
}
