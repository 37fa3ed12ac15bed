// Sends job messages (greetings, follow-ups) to Telegram and says whether the outbox should retry or give up.
import { Api, GrammyError, HttpError } from 'grammy';
import type { ChannelAddress, Reply } from '../../src/engine/types.js';
import { requestNeverSent } from '../../src/outbound/never-sent.js';
import type { ChannelSender, SendResult } from '../../src/outbound/types.js';
import { telegramAccount } from './config.js';
import { renderReplies } from './render.js';
import { sendOutgoing } from './send-message.js';

export interface TelegramSenderOptions {
  token: string;
  apiRoot?: string;
  /** Seconds before a hanging request counts as a network failure (grammY's default is 500). */
  timeoutSeconds?: number;
}

export function createTelegramSender(opts: TelegramSenderOptions): ChannelSender {
  // A plain Api with no auto-retry on purpose: the outbox paces bulk sends and reschedules on 429
  // (telegram.md), so sleeping here would only hold a dispatcher slot and blur the retry_after it honours.
  const api = new Api(opts.token, { apiRoot: opts.apiRoot, timeoutSeconds: opts.timeoutSeconds ?? 30 });
  const account = telegramAccount(opts.token);
  return {
    channel: 'telegram',
    async send(address: ChannelAddress, reply: Reply): Promise<SendResult> {
      if (address.channel !== 'telegram') return { ok: false, kind: 'permanent', reason: `not a Telegram address (${address.channel})` };
      // A user who talks to another bot has never started this one: Telegram would refuse, so say so now.
      if (address.account !== account) return { ok: false, kind: 'permanent', reason: 'address belongs to another bot' };
      // Private chats have the user's id as chat id. Jobs leave the guest's keyboard alone.
      const { messages } = renderReplies([reply]);
      if (messages.length === 0) return { ok: false, kind: 'permanent', reason: 'empty message' };
      let lastId: number | undefined;
      for (const [i, m] of messages.entries()) {
        try {
          const sent = await sendOutgoing(api, address.userId, m);
          lastId = sent.message_id;
        } catch (e) {
          const result = classifySendError(e);
          // Sending it all again would repeat the parts that arrived: a partial message is not resent either.
          return i === 0 || result.kind === 'unknown' ? result : { ok: false, kind: 'unknown', reason: `${result.reason} after ${i} of ${messages.length} parts` };
        }
      }
      return lastId === undefined ? { ok: true } : { ok: true, platformMessageId: String(lastId) };
    },
  };
}

/** Bot API errors → outbox decisions. Anything that is not a Bot API or network error is a bug and is rethrown. */
export function classifySendError(e: unknown): Exclude<SendResult, { ok: true }> {
  if (e instanceof GrammyError) {
    const reason = `${e.error_code}: ${e.description}`;
    if (e.error_code === 429) {
      const after = e.parameters.retry_after;
      return typeof after === 'number' ? { ok: false, kind: 'retry', reason, retryAfterMs: after * 1000 } : { ok: false, kind: 'retry', reason };
    }
    if (e.error_code >= 500) return { ok: false, kind: 'retry', reason };
    // 401/404: the token itself is refused (revoked, mistyped after a restart): the message is fine, the bot is not.
    if (e.error_code === 401 || e.error_code === 404) return { ok: false, kind: 'retry', reason };
    // 403 blocked / deactivated / kicked, 400 chat not found or bad request: retrying changes nothing.
    return { ok: false, kind: 'permanent', reason };
  }
  // Telegram never answered. Only a request that provably never left may go again; a timeout or a reset
  // connection may follow a delivered message (grammY's own timeout is a plain Error on `e.error`).
  if (e instanceof HttpError) {
    // Never the inner error's message: node-fetch's names the URL, which carries the bot token.
    const timedOut = e.error instanceof Error && /timed out/i.test(e.error.message);
    return requestNeverSent(e) ? { ok: false, kind: 'retry', reason: `network: ${e.message}` } : { ok: false, kind: 'unknown', reason: `no answer (${timedOut ? 'timeout' : 'connection lost'}): ${e.message}` };
  }
  throw e;
}
