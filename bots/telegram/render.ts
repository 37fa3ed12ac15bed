// Engine Reply → Telegram sendMessage parameters, within the Bot API's limits (text 4096, callback_data 64 bytes).
import type { InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import type { Choice, Reply, ReplyPhoto } from '../../src/engine/types.js';
import { splitText } from '../shared/split-text.js';

export const MAX_TEXT_LENGTH = 4096;
/** sendPhoto takes a caption of at most 1024 characters; a longer text follows the photo as messages. */
export const MAX_CAPTION_LENGTH = 1024;
export const MAX_CALLBACK_DATA_BYTES = 64;
/** Short labels sit two to a row; longer ones get a row each so Telegram does not cut them. */
const SHORT_LABEL = 18;

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;

export interface OutgoingMessage {
  /** The message text, or a photo's caption (possibly empty). */
  text: string;
  /** Sent with sendPhoto, the text as its caption. */
  photo?: ReplyPhoto;
  reply_markup?: ReplyMarkup;
  /**
   * Inline buttons to attach with editMessageReplyMarkup once the message is sent: a message takes one markup,
   * so when it must also take the phone keyboard down it is sent with remove_keyboard and gets its buttons after.
   */
  inlineAfterSend?: InlineKeyboardMarkup;
}

export interface RenderOptions {
  /**
   * Take down a phone-request keyboard left from an earlier step. `when-free`: on the first message that
   * carries no buttons, if any (removing a keyboard that is not shown is harmless, so nobody has to remember
   * it). `now`: the keyboard is certainly up (the guest just shared a contact), so even when every message
   * has buttons the first one removes it and gets its buttons by an edit.
   */
  removeReplyKeyboard?: 'when-free' | 'now';
  /** Groups get plain text: no buttons, no keyboards. */
  plainText?: boolean;
}

export interface Rendered {
  messages: OutgoingMessage[];
  /** For each message, which reply it renders and which part of it (a long reply is several messages). */
  sources: { reply: number; part: number }[];
  /** Engine-side mistakes worth a log line (a value too long for a button, an empty reply). */
  warnings: string[];
}

export function renderReplies(replies: Reply[], opts: RenderOptions = {}): Rendered {
  const messages: OutgoingMessage[] = [];
  const sources: Rendered['sources'] = [];
  const warnings: string[] = [];
  for (const [index, reply] of replies.entries()) {
    const markup = opts.plainText ? undefined : replyMarkup(reply, warnings);
    if (reply.photo && !opts.plainText) {
      // A short text rides as the caption (with the buttons); a long one follows the photo as messages.
      const fits = reply.text.length <= MAX_CAPTION_LENGTH && !reply.requestPhone;
      const caption = fits ? reply.text : '';
      messages.push(markup && fits ? { text: caption, photo: reply.photo, reply_markup: markup } : { text: caption, photo: reply.photo });
      sources.push({ reply: index, part: 0 });
      if (fits) continue;
    }
    const parts = splitText(reply.text, MAX_TEXT_LENGTH);
    if (parts.length === 0) {
      warnings.push('empty reply text dropped');
      continue;
    }
    const first = reply.photo && !opts.plainText ? 1 : 0;
    parts.forEach((text, i) => {
      // Buttons go under the last part, right where the guest's eyes end up.
      messages.push(markup && i === parts.length - 1 ? { text, reply_markup: markup } : { text });
      sources.push({ reply: index, part: i + first });
    });
  }
  const asksForPhone = replies.some((r) => r.requestPhone);
  if (opts.removeReplyKeyboard && !opts.plainText && !asksForPhone) {
    const free = messages.find((m) => m.reply_markup === undefined && !m.photo);
    const first = messages[0];
    if (free) free.reply_markup = { remove_keyboard: true };
    else if (opts.removeReplyKeyboard === 'now' && first?.reply_markup && 'inline_keyboard' in first.reply_markup) {
      first.inlineAfterSend = first.reply_markup;
      first.reply_markup = { remove_keyboard: true };
    }
    // Otherwise the one-time keyboard has folded away already and the next plain message takes it down.
  }
  return { messages, sources, warnings };
}

function replyMarkup(reply: Reply, warnings: string[]): ReplyMarkup | undefined {
  const choices = reply.choices ?? [];
  if (reply.requestPhone) {
    // request_contact exists only on a reply keyboard, and a message has one markup: the choices join it as
    // plain buttons, which send their label as text (the engine reads typed answers anyway).
    const rows: KeyboardButton[][] = [[{ text: reply.requestPhone.label, request_contact: true }]];
    for (const row of layout(choices.map((c) => c.label))) rows.push(row.map((text) => ({ text })));
    return { keyboard: rows, one_time_keyboard: true, resize_keyboard: true };
  }
  if (choices.length === 0) return undefined;
  const buttons: InlineKeyboardButton[] = [];
  for (const c of choices) {
    const b = inlineButton(c, warnings);
    if (b) buttons.push(b);
  }
  if (buttons.length === 0) return undefined;
  return { inline_keyboard: layout(buttons, (b) => b.text) };
}

function inlineButton(choice: Choice, warnings: string[]): InlineKeyboardButton | undefined {
  const fitted = fitCallbackData(choice.value);
  if (!fitted.ok) {
    warnings.push('choice with an empty value dropped');
    return undefined;
  }
  if (fitted.truncated) warnings.push(`choice value longer than ${MAX_CALLBACK_DATA_BYTES} bytes truncated`);
  return { text: choice.label.trim() === '' ? fitted.data : choice.label, callback_data: fitted.data };
}

function layout<T>(items: T[], labelOf: (item: T) => string = (i) => String(i)): T[][] {
  const perRow = items.every((i) => labelOf(i).length <= SHORT_LABEL) ? 2 : 1;
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += perRow) rows.push(items.slice(i, i + perRow));
  return rows;
}

/**
 * callback_data must be 1–64 bytes. The engine's values are short keys; one that is too long is cut at a
 * character boundary (never mid-character, which Telegram would reject) and reported, so a tap still
 * reaches the engine as an unknown choice it can re-prompt for instead of the whole reply failing.
 */
export function fitCallbackData(value: string): { ok: true; data: string; truncated: boolean } | { ok: false } {
  if (value === '') return { ok: false };
  if (Buffer.byteLength(value, 'utf8') <= MAX_CALLBACK_DATA_BYTES) return { ok: true, data: value, truncated: false };
  let data = '';
  let bytes = 0;
  for (const ch of value) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > MAX_CALLBACK_DATA_BYTES) break;
    data += ch;
    bytes += n;
  }
  return { ok: true, data, truncated: true };
}
