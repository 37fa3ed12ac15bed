// Telegram Update → engine Inbound: a pure translation, no business rules and no copy.
import type { Message, Update, User } from 'grammy/types';
import type { Inbound, InboundEvent } from '../../src/engine/types.js';
import { parseSlashCommand } from '../shared/slash-command.js';

/** What translation needs to know about the bot itself (from getMe). */
export interface BotIdentity {
  id: number;
  username: string;
}

/** A button press to acknowledge, whatever happens to the update (else the button keeps spinning). */
export interface CallbackRef {
  id: string;
  /** The message that carried the inline keyboard, so its buttons can be removed after a tap. */
  messageId?: number;
}

export type IgnoreReason =
  | 'unhandled-update' // edited messages, channel posts, reactions…: the customer flow does not read them
  | 'no-sender' // anonymous group admins and channel-signed messages have no user to talk to
  | 'from-bot'
  | 'group-not-addressed'
  | 'group-button';

export type Translation =
  | { kind: 'handle'; inbound: Inbound; chatId: number; callback?: CallbackRef }
  | { kind: 'ignore'; reason: IgnoreReason; callback?: CallbackRef };

export function translateUpdate(update: Update, me: BotIdentity): Translation {
  if (update.callback_query) {
    const cq = update.callback_query;
    const callback: CallbackRef = { id: cq.id };
    if (cq.message) callback.messageId = cq.message.message_id;
    if (cq.from.is_bot) return { kind: 'ignore', reason: 'from-bot', callback };
    const chat = cq.message?.chat;
    // Buttons are only ever sent in private chats; a tap elsewhere is a stale or forwarded keyboard.
    if (chat && chat.type !== 'private') return { kind: 'ignore', reason: 'group-button', callback };
    const event: InboundEvent = cq.data !== undefined && cq.data !== '' ? { kind: 'choice', value: cq.data } : { kind: 'unsupported' };
    return { kind: 'handle', inbound: inbound(update, me, cq.from, event, 'private'), chatId: chat?.id ?? cq.from.id, callback };
  }

  const msg = update.message;
  if (!msg) return { kind: 'ignore', reason: 'unhandled-update' };
  const from = msg.from;
  if (!from || msg.sender_chat) return { kind: 'ignore', reason: 'no-sender' };
  if (from.is_bot) return { kind: 'ignore', reason: 'from-bot' };

  const chatType = msg.chat.type === 'private' ? 'private' : 'group';
  if (chatType === 'group' && !isAddressedToBot(msg, me)) return { kind: 'ignore', reason: 'group-not-addressed' };
  return { kind: 'handle', inbound: inbound(update, me, from, messageEvent(msg, from), chatType), chatId: msg.chat.id };
}

function messageEvent(msg: Message, from: User): InboundEvent {
  if (msg.contact) {
    // Telegram lets anyone share any contact card; only the sender's own card is a verified number
    // (telegram.md). A typed phone arrives as text, so an unverified contact is always someone else's.
    return { kind: 'contact', phone: msg.contact.phone_number, verified: msg.contact.user_id === from.id };
  }
  if (typeof msg.text === 'string') {
    const cmd = parseSlashCommand(msg.text);
    if (cmd) return { kind: 'command', command: cmd.command, args: cmd.args };
    return { kind: 'text', text: msg.text };
  }
  const caption = msg.caption ? { caption: msg.caption } : {};
  // A photo comes in several sizes, smallest first: the largest is the one worth keeping. Telegram re-encodes
  // photos as JPEG; a file sent "as a document" keeps its own bytes and the type Telegram guessed from its name.
  const largest = msg.photo?.at(-1);
  if (largest) return { kind: 'photo', ref: largest.file_id, mimeType: 'image/jpeg', ...(largest.file_size ? { sizeBytes: largest.file_size } : {}), ...caption };
  const doc = msg.document;
  if (doc) return { kind: 'photo', ref: doc.file_id, ...(doc.mime_type ? { mimeType: doc.mime_type } : {}), ...(doc.file_size ? { sizeBytes: doc.file_size } : {}), ...caption };
  return { kind: 'unsupported' };
}

/** In a group the bot speaks only when spoken to: a mention, a command for it, or a reply to its message. */
export function isAddressedToBot(msg: Message, me: BotIdentity): boolean {
  const text = msg.text ?? msg.caption ?? '';
  const username = me.username.toLowerCase();
  const cmd = msg.text !== undefined ? parseSlashCommand(msg.text) : undefined;
  // A bare "/start" in a group is meant for every bot there (Telegram's convention), so it counts.
  if (cmd) return cmd.target === undefined || cmd.target === username;
  if (msg.reply_to_message?.from?.id === me.id) return true;
  const entities = msg.entities ?? msg.caption_entities ?? [];
  for (const e of entities) {
    if (e.type === 'mention' && text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === username) return true;
    if (e.type === 'text_mention' && e.user.id === me.id) return true;
  }
  return false;
}

function inbound(update: Update, me: BotIdentity, from: User, event: InboundEvent, chatType: 'private' | 'group'): Inbound {
  const displayName = [from.first_name, from.last_name]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join(' ');
  const profile: NonNullable<Inbound['profile']> = {};
  if (displayName) profile.displayName = displayName;
  if (from.language_code) profile.languageCode = from.language_code;
  return {
    // The account is the bot's numeric id (also the token's prefix): stable across username changes.
    address: { channel: 'telegram', account: String(me.id), userId: String(from.id) },
    event,
    eventId: String(update.update_id),
    profile,
    chatType,
  };
}
