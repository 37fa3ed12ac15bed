// Per-channel send pacing: a token bucket for the whole bot and one per chat (Telegram: ~30/s and 1/s per chat).
// Senders reserve a slot and wait for it, so the rate is held by arithmetic, not by luck; a 429 pauses the channel.
// The limiter lives in one process: several dispatchers on one bot would each get the full rate (run one).

export interface ChannelLimit {
  /** Messages per second for the whole channel (bot / OA). */
  perSecond: number;
  /** Messages per second to one chat. */
  perChatPerSecond: number;
  /** Tokens that may accumulate while idle; 1 paces evenly, so no one-second window ever exceeds the rate. */
  burst?: number;
}

/** A token bucket whose clock may run ahead of now: a reservation takes a token at the future moment it will be used. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly ratePerMs: number, private readonly capacity: number, nowMs: number) {
    this.tokens = capacity;
    this.last = nowMs;
  }

  private balanceAt(t: number): number {
    return Math.min(this.capacity, this.tokens + (t - this.last) * this.ratePerMs);
  }

  /** The earliest moment at or after `nowMs` at which a token is there. */
  availableAt(nowMs: number): number {
    const t = Math.max(nowMs, this.last);
    const balance = this.balanceAt(t);
    return balance >= 1 ? t : t + Math.ceil((1 - balance) / this.ratePerMs);
  }

  /** Takes a token at `atMs` (not before availableAt). */
  takeAt(atMs: number): void {
    const t = Math.max(atMs, this.last);
    this.tokens = this.balanceAt(t) - 1;
    this.last = t;
  }

  /** True when the bucket is full again and can be forgotten. */
  idle(nowMs: number): boolean {
    return nowMs >= this.last && this.balanceAt(nowMs) >= this.capacity;
  }
}

export class RateLimiter {
  private readonly channels = new Map<string, TokenBucket>();
  private readonly chats = new Map<string, TokenBucket>();
  private readonly pausedUntil = new Map<string, number>();

  constructor(private readonly limits: Record<string, ChannelLimit>, private readonly fallback: ChannelLimit = { perSecond: 1, perChatPerSecond: 1 }) {}

  private limitOf(channel: string): ChannelLimit {
    return this.limits[channel] ?? this.fallback;
  }

  private bucket(map: Map<string, TokenBucket>, key: string, perSecond: number, burst: number, nowMs: number): TokenBucket {
    let b = map.get(key);
    if (!b) {
      b = new TokenBucket(perSecond / 1000, burst, nowMs);
      map.set(key, b);
    }
    return b;
  }

  private buckets(channel: string, chat: string, nowMs: number): TokenBucket[] {
    const l = this.limitOf(channel);
    if (this.chats.size > 10_000) this.prune(nowMs);
    return [this.bucket(this.channels, channel, l.perSecond, l.burst ?? 1, nowMs), this.bucket(this.chats, `${channel}\u0000${chat}`, l.perChatPerSecond, 1, nowMs)];
  }

  /** The moment a send to this chat may go, counting a 429 pause (nothing is reserved). */
  private slot(channel: string, chat: string, nowMs: number): { at: number; buckets: TokenBucket[] } {
    const buckets = this.buckets(channel, chat, nowMs);
    const at = Math.max(nowMs, this.pausedUntil.get(channel) ?? 0, ...buckets.map((b) => b.availableAt(nowMs)));
    return { at, buckets };
  }

  /** How long a send to this chat would have to wait now. */
  waitMs(channel: string, chat: string, nowMs: number): number {
    return this.slot(channel, chat, nowMs).at - nowMs;
  }

  /** Reserves the next slot for this chat; the caller sleeps for the returned milliseconds, then sends. */
  reserve(channel: string, chat: string, nowMs: number): number {
    const { at, buckets } = this.slot(channel, chat, nowMs);
    // Both tokens are taken at the moment of sending, so a chat that must wait does not waste a channel slot.
    for (const b of buckets) b.takeAt(at);
    return at - nowMs;
  }

  /** The platform said "too many requests": nothing more goes to this channel until then. */
  pause(channel: string, untilMs: number): void {
    this.pausedUntil.set(channel, Math.max(untilMs, this.pausedUntil.get(channel) ?? 0));
  }

  private prune(nowMs: number): void {
    for (const [k, b] of this.chats) if (b.idle(nowMs)) this.chats.delete(k);
  }
}
