// The consultation window: an OA may message a user only within 7 days of their last interaction (§2.5).
import type { ChannelAddress } from '../../src/engine/types.js';
import type { ZaloContactRepository } from '../../src/store/zalo-repositories.js';

export type WindowStatus =
  /** Inside the free-reply period (48 h after the user wrote; 8 free replies, or unlimited since 2026 [U]). */
  | { state: 'free'; lastInboundAt: Date }
  /** Still allowed, but billed as a proactive message. */
  | { state: 'billable'; lastInboundAt: Date }
  | { state: 'closed'; reason: 'never_wrote' | 'expired' | 'unfollowed'; lastInboundAt?: Date };

export interface ZaloWindowOptions {
  contacts: ZaloContactRepository;
  now: () => Date;
  /** Hard limit of consultation messages; 168 h per Zalo, lower to stay clear of billing. */
  windowHours: number;
  freeReplyHours: number;
}

export class ZaloWindow {
  constructor(private readonly o: ZaloWindowOptions) {}

  /** Anything the user does that Zalo counts as an interaction: messages, follows, submitted cards. */
  async recordInbound(oaId: string, userId: string, at: Date): Promise<void> {
    await this.o.contacts.recordInbound(oaId, userId, at);
  }

  async recordFollow(oaId: string, userId: string, following: boolean, at: Date): Promise<void> {
    await this.o.contacts.setFollowing(oaId, userId, following, at);
  }

  /** Unknown users count as closed: a message is never attempted blindly. */
  async status(address: ChannelAddress): Promise<WindowStatus> {
    const c = await this.o.contacts.get(address.account, address.userId);
    if (c?.following === false) return { state: 'closed', reason: 'unfollowed', ...(c.lastInboundAt ? { lastInboundAt: c.lastInboundAt } : {}) };
    if (!c?.lastInboundAt) return { state: 'closed', reason: 'never_wrote' };
    const age = this.o.now().getTime() - c.lastInboundAt.getTime();
    if (age >= this.o.windowHours * 3_600_000) return { state: 'closed', reason: 'expired', lastInboundAt: c.lastInboundAt };
    return { state: age < this.o.freeReplyHours * 3_600_000 ? 'free' : 'billable', lastInboundAt: c.lastInboundAt };
  }
}
