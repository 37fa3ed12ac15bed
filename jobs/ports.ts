// What the jobs need from the outside and others implement: staff chats, Zalo templates, a clock that can sleep.
import type { Config } from '../src/config.js';
import type { ChannelAddress } from '../src/engine/types.js';
import type { SendResult } from '../src/outbound/types.js';

/** The staff id reminders go to when a customer has no managing staff member or that person has no chat. */
export const OWNER_STAFF_ID = 'owner';

/** Where a staff member reads reminders. The staff feature implements it; `ownerOnlyStaffDirectory` is the default. */
export interface StaffDirectory {
  chatOf(staffId: string): Promise<ChannelAddress | null>;
}

/** A pre-approved template message (Zalo ZNS/ZBS) for customers no chat can reach; bots/zalo implements it. */
export interface TemplateIntent {
  purpose: 'birthday' | 'follow_up';
  /** The customer's Zalo address when known (the cheaper by-user-id channel). */
  address?: ChannelAddress;
  /** E.164 phone the customer agreed to be contacted on. */
  phone?: string;
  /** Values by our names: name, given_name, spa_name, date, service. */
  params: Record<string, string>;
  /** The outbox key: stable and unique, echoed on delivery receipts. */
  trackingId: string;
}

export interface TemplateSender {
  send(intent: TemplateIntent): Promise<SendResult>;
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
