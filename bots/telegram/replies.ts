// Sending one turn's replies to a Telegram chat: the decisions (groups, keyboards) are made by render.ts and
// the small rules here; this file does the Bot API calls in the order the guest should see them.
import type { Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { ChannelAddress, Reply } from '../../src/engine/types.js';
import type { LaterReplyQueue as LaterReplies } from '../../src/outbound/later-replies.js';
import type { Logger } from '../../src/log.js';
import { describeError } from '../shared/describe-error.js';
import type { CallbackRef } from './inbound.js';
import { renderReplies } from './render.js';
import { classifySendError } from './sender.js';
import { sendOutgoing } from './send-message.js';

/** A group gets at most one reply per `cooldownMs`, however often the bot is addressed there. */
export function createGroupCooldown(cooldownMs: number, now: () => number): (chatId: number) => boolean {
  const repliedAt = new Map<number, number>();
  return (chatId) => {
    const t = now();
    const last = repliedAt.get(chatId);
    if (last !== undefined && t - last < cooldownMs) return false;
    repliedAt.set(chatId, t);
    if (repliedAt.size > 10_000) repliedAt.clear(); // a memory bound; forgetting only allows one more line
    return true;
  };
}

export interface PrivateTurn {
  chatId: number;
  callback?: CallbackRef;
  /** The guest just shared a contact, so the phone keyboard is certainly up and comes down now. */
  sharedContact: boolean;
  updateId: number;
  /** The chat's address, for replies that have to wait for the outbox. */
  address: ChannelAddress;
}

/** Groups get at most one short line (the engine's copy, plain text) and never the customer flow. */
export async function sendGroupLine(api: Api, chatId: number, replies: Reply[]): Promise<void> {
  const [first] = renderReplies(replies, { plainText: true }).messages;
  if (first) await api.sendMessage(chatId, first.text);
}

export async function sendPrivateReplies(api: Api, turn: PrivateTurn, replies: Reply[], log: Logger, later?: LaterReplies): Promise<void> {
  const { chatId, updateId } = turn;
  if (turn.callback?.messageId !== undefined) {
    // Take the tapped buttons away so a second tap on an old card cannot answer twice.
    await api.editMessageReplyMarkup(chatId, turn.callback.messageId).catch((e: unknown) => {
      log.debug({ updateId, ...describeError(e) }, 'could not remove tapped buttons');
    });
  }
  const { messages, sources, warnings } = renderReplies(replies, { removeReplyKeyboard: turn.sharedContact ? 'now' : 'when-free' });
  for (const warning of warnings) log.warn({ updateId, warning }, 'reply adjusted for Telegram limits');
  for (const [i, m] of messages.entries()) {
    try {
      const sent = await sendOutgoing(api, chatId, m);
      if (m.inlineAfterSend) await attachButtons(api, chatId, sent.message_id, m.text, m.inlineAfterSend, updateId, log);
    } catch (e) {
      // auto-retry has already waited out short floods and 5xx answers (bounded); what is left is decided here.
      const result = classifySendError(e);
      const from = sources[i]!;
      if (result.kind === 'unknown') {
        // It may have arrived: never sent again (at most once); the next messages still go.
        log.warn({ updateId, reason: result.reason }, 'Telegram reply outcome unknown: not sent again');
        continue;
      }
      if (result.kind !== 'retry') {
        log.warn({ updateId, result: result.kind, reason: result.reason }, 'Telegram reply refused: not sent');
        return;
      }
      // A reply cut in the middle is not repeated; the replies after it go to the outbox, in order.
      const rest = replies.slice(from.part === 0 ? from.reply : from.reply + 1);
      if (!later || rest.length === 0) {
        log.warn({ updateId, reason: result.reason }, 'Telegram reply not delivered');
        return;
      }
      // If this write fails too, the update fails (webhook 500, polling retry); its effects are saved already.
      // Photos stay out of the outbox (its rows hold JSON text): the later reply carries their text only.
      await later.later(turn.address, String(updateId), rest.map(({ photo: _photo, ...r }) => r));
      log.warn({ updateId, queued: rest.length, reason: result.reason }, 'Telegram reply not delivered: queued in the outbox');
      return;
    }
  }
}

/** Adds buttons to a message just sent; if Telegram refuses the edit, the guest gets the text again with them. */
async function attachButtons(api: Api, chatId: number, messageId: number, text: string, markup: InlineKeyboardMarkup, updateId: number, log: Logger): Promise<void> {
  try {
    await api.editMessageReplyMarkup(chatId, messageId, { reply_markup: markup });
  } catch (e) {
    log.warn({ updateId, ...describeError(e) }, 'could not add buttons after removing the phone keyboard; sending them again');
    await api.sendMessage(chatId, text, { reply_markup: markup });
  }
}
