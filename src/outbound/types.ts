// How anything that is not a reply (greetings, follow-ups, staff reminders) reaches a chat: one sender per channel.
import type { Channel, ChannelAddress } from '../domain/channel.js';
import type { Reply } from '../engine/types.js';

export type SendResult =
  | { ok: true; platformMessageId?: string }
  /** Try again later; `retryAfterMs` when the platform said how long (Telegram 429 retry_after). */
  | { ok: false; kind: 'retry'; reason: string; retryAfterMs?: number }
  /** Will never work as is (blocked by the user, chat gone, bad request). */
  | { ok: false; kind: 'permanent'; reason: string }
  /** Zalo: the free consultation window is closed; use a template or a staff reminder instead. */
  | { ok: false; kind: 'outside_window'; reason: string }
  /**
   * The request went out but no answer came back (timeout, connection reset, an answer we cannot read): it may
   * have arrived. Never resent, because a second greeting costs the spa more than none (at most once).
   */
  | { ok: false; kind: 'unknown'; reason: string };

export interface ChannelSender {
  readonly channel: Channel;
  send(address: ChannelAddress, reply: Reply): Promise<SendResult>;
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
  /** The channel whose send rate these messages count against (the dispatcher paces them with its chats). */
  readonly channel: string;
  send(intent: TemplateIntent): Promise<SendResult>;
}
