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
  | { kind: 'info'; name?: string; phone?: string; birthday?: string; /** The postal address, as one line. */ address?: string }
  /**
   * An image (a Telegram photo or image document, a Zalo image). Only its description travels: the bytes are
   * fetched on demand through `Inbound.media`, so a photo nobody may store (a customer's) is never downloaded.
   */
  | { kind: 'photo'; ref: string; sizeBytes?: number; mimeType?: string; caption?: string }
  /** Anything the engine cannot read (sticker, location…): answered with a gentle hint. */
  | { kind: 'unsupported' };

/**
 * A downloaded image, or why not: too big (the platform's size or the bytes read), not reachable, or not an image by
 * what the server says it sent (a Zalo image URL answering with a web page).
 */
export type FetchedMedia = { ok: true; data: Uint8Array; mimeType?: string } | { ok: false; reason: 'too_large' | 'unavailable' | 'not_image' };

/** How the channel hands over the bytes of a `photo` event; `maxBytes` stops a huge file before it is all read. */
export type MediaFetcher = (ref: string, maxBytes: number) => Promise<FetchedMedia>;

export interface Inbound {
  address: ChannelAddress;
  event: InboundEvent;
  /** Platform id of this delivery (Telegram update_id, Zalo msg_id): a repeat of it has no effect. */
  eventId?: string;
  /** What the platform says about the user; never trusted for anything but suggestions. */
  profile?: { displayName?: string; languageCode?: string };
  /** Group chats get one polite line and nothing else. */
  chatType?: 'private' | 'group';
  /** Set by channels that can hand over a photo's bytes (Telegram getFile, a Zalo image URL). */
  media?: MediaFetcher;
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
  /**
   * An image to show with the text (a QR code, a customer's photo): the text is its caption. Channels that
   * cannot show it send the text alone, so the text must make sense without it.
   */
  photo?: ReplyPhoto;
}

export interface ReplyPhoto {
  data: Uint8Array;
  mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
}

/** A link that opens a chat with the spa on one channel and hands it a /start payload. */
export interface StartLink {
  channel: string;
  url: string;
  /** The payload rides in the URL (Telegram's ?start=); otherwise the guest sends `/start <payload>` herself (Zalo). */
  carriesPayload: boolean;
}

/** The running channels' start links (known only once they run: Telegram's bot username comes from getMe). */
export interface StartLinks {
  linksFor(payload: string): StartLink[];
}

export interface Engine {
  handle(inbound: Inbound): Promise<Reply[]>;
}
