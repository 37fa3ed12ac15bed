// What the jobs need from the outside and others implement: staff chats, Zalo templates, a clock that can sleep.
import type { Config } from '../src/config.js';
import type { ChannelAddress } from '../src/engine/types.js';

/** The staff id reminders go to when a customer has no managing staff member or that person has no chat. */
export const OWNER_STAFF_ID = 'owner';

/** Where a staff member reads reminders. The staff feature implements it; `ownerOnlyStaffDirectory` is the default. */
export interface StaffDirectory {
  chatOf(staffId: string): Promise<ChannelAddress | null>;
}

// Template messages are part of the channel contract (src/channels/contract.ts); re-exported for the jobs.
export type { TemplateIntent, TemplateSender } from '../src/outbound/types.js';

/** What a channel whose platform does not redeliver on failure (Zalo) offers the retry job. */
export interface InboundRetrier {
  readonly channel: string;
  /** Handles again the failed events whose pause is over; each ends done, failed (later again) or abandoned. */
  retryDue(): Promise<{ retried: number; done: number; failed: number; abandoned: number }>;
}

export interface Clock {
  now(): Date;
  /** The dispatcher waits for rate-limit slots through this, so tests advance a clock instead of sleeping. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Until staff accounts exist, every reminder goes to the first owner's Telegram chat with this bot. */
export function ownerOnlyStaffDirectory(config: Pick<Config, 'OWNER_TELEGRAM_IDS' | 'TELEGRAM_BOT_TOKEN'>): StaffDirectory {
  const owner = config.OWNER_TELEGRAM_IDS[0];
  const account = config.TELEGRAM_BOT_TOKEN?.split(':')[0];
  return {
    async chatOf(staffId) {
      if (staffId !== OWNER_STAFF_ID || !owner || !account) return null;
      return { channel: 'telegram', account, userId: owner };
    },
  };
}
