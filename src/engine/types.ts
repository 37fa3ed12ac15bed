// What channels hand the engine and what they get back: no grammY, express or Zalo types in here.
import type { ChannelAddress } from '../domain/channel.js';

export type { Channel, ChannelAddress } from '../domain/channel.js';

export type InboundEvent =
  /** Free text typed by the user (also numbered answers such as "1" on channels without buttons). */
  | { kind: 'text'; text: string }
  /** A slash command, lower-cased without the slash and without a @botname suffix. */
  | { kind: 'command'; command: string; args: string }
  /** A button press carrying the `value` of a Choice the engine offered. */
  | { kind: 'choice'; value: string }
  /** A shared contact; `verified` only when the platform vouches it is the sender's own (Telegram). */
  | { kind: 'contact'; phone: string; verified: boolean }
  /** Zalo's user_submit_info: several fields handed over in one consented card; its phone counts as typed. */
  | { kind: 'info'; name?: string; phone?: string; birthday?: string }
  /** Anything the engine cannot read (sticker, photo, location…): answered with a gentle hint. */
  | { kind: 'unsupported' };

export interface Inbound {
  address: ChannelAddress;
  event: InboundEvent;
  /** Platform id of this delivery (Telegram update_id, Zalo msg_id): a repeat of it has no effect. */
  eventId?: string;
  /** What the platform says about the user; never trusted for anything but suggestions. */
  profile?: { displayName?: string; languageCode?: string };
  /** Group chats get one polite line and nothing else. */
  chatType?: 'private' | 'group';
}

export interface Choice {
  label: string;
  value: string;
}

export interface Reply {
  text: string;
  /** Buttons (inline on Telegram, a numbered list on Zalo and in plain text). */
  choices?: Choice[];
  /** Ask for the user's own phone number with a platform button (Telegram request_contact). */
  requestPhone?: { label: string };
}

export interface Engine {
  handle(inbound: Inbound): Promise<Reply[]>;
}
