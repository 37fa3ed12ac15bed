// What the jobs need from the outside and others implement: staff chats, Zalo templates, a clock that can sleep.
import type { ChannelDirectory } from '../src/channels/contract.js';
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

/** With no staff on record, every reminder goes to the first configured owner on a channel this process runs. */
export function ownerOnlyStaffDirectory(channels: Pick<ChannelDirectory, 'owners' | 'accounts'>): StaffDirectory {
  const owner = channels.owners.find((o) => channels.accounts.has(o.channel));
  const account = owner ? channels.accounts.get(owner.channel) : undefined;
  return {
    async chatOf(staffId) {
      if (staffId !== OWNER_STAFF_ID || !owner || !account) return null;
      return { channel: owner.channel, account, userId: owner.userId };
    },
  };
}
