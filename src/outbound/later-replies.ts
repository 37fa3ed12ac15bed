// The port a channel adapter uses when a reply could not be sent at once: the outbox sends it later (bounded
// retries with backoff, in order, never twice), instead of the reply being logged and forgotten.
import type { ChannelAddress, Reply } from '../engine/types.js';

/** An answer later than this no longer answers anything: the row expires and the next message is answered anew. */
export const LATER_REPLY_TTL_MS = 60 * 60_000;

export interface LaterReplyQueue {
  /** Stores `replies` (in order) for the dispatcher; the same (address, eventId) twice is one row. */
  later(address: ChannelAddress, eventId: string, replies: Reply[]): Promise<void>;
}

/** The queue on the outbox (src/store/outbox.ts `planReplies`). */
export function outboxReplyQueue(outbox: { planReplies(r: { address: ChannelAddress; eventId: string; replies: unknown[]; expiresAt: Date }): Promise<void> }, now: () => Date = () => new Date()): LaterReplyQueue {
  return {
    later: (address, eventId, replies) => outbox.planReplies({ address, eventId, replies, expiresAt: new Date(now().getTime() + LATER_REPLY_TTL_MS) }),
  };
}
