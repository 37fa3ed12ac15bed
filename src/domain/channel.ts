// The channel vocabulary: what a channel is called, how a chat on it is addressed, and what it can do.
// The engine and the jobs ask a channel's capabilities; only bots/<channel> knows what the platform is.

/** The channels this repository ships (bots/<name>). */
export const BUILTIN_CHANNELS = ['telegram', 'zalo', 'playground'] as const;
export type BuiltinChannel = (typeof BUILTIN_CHANNELS)[number];

/**
 * A channel's name. Any lower-case word, not only the built-ins: a new channel (Facebook Messenger, a test's
 * fake) is added by implementing src/channels/contract.ts, without editing a list here or a database enum.
 */
export type Channel = string;
export const CHANNEL_NAME = /^[a-z][a-z0-9-]{1,31}$/;

/** A chat address: which channel, which bot/OA on it, which user. */
export interface ChannelAddress {
  channel: Channel;
  account: string;
  userId: string;
}

/** A person on a channel, whichever bot/OA of it they talk to: how staff chats are kept (no account in it). */
export interface ChannelUser {
  channel: Channel;
  userId: string;
}

/** A chat address as one string: the `_id` of every per-chat document and the key of the engine's per-chat queue. */
export function addressKey(a: ChannelAddress): string {
  return `${a.channel}:${a.account}:${a.userId}`;
}

/** A channel user as one string (`channel:userId`): the `_id` of a staff chat document. */
export function channelUserKey(u: ChannelUser): string {
  return `${u.channel}:${u.userId}`;
}

export interface ChannelCapabilities {
  /** The platform can hand over the user's own phone number, vouched for (Telegram's contact button). */
  verifiedPhone: boolean;
  /** Choices show as buttons; without them they are numbered lines the user answers by typing. */
  buttons: boolean;
  /** The longest message text the platform takes, in UTF-16 code units. */
  textLimit: number;
  /** Staff may work from this channel: recognised by their chat, invited by code, reminded there. */
  staffChats: boolean;
  /**
   * Whether jobs can write first: `free` any time (Telegram), `window` only for a while after the user wrote
   * (Zalo's consultation window), `never` (the playground answers requests only). Routing prefers `free`.
   */
  proactive: 'free' | 'window' | 'never';
  /** Pre-approved template messages (Zalo ZNS) can reach a user known by an address on this channel. */
  templates: boolean;
}

const BUILTIN_CAPABILITIES: Record<BuiltinChannel, ChannelCapabilities> = {
  telegram: { verifiedPhone: true, buttons: true, textLimit: 4096, staffChats: true, proactive: 'free', templates: false },
  // Zalo v3 buttons are unconfirmed (zalo-platform.md §2.3), so choices go out as numbered lines.
  zalo: { verifiedPhone: false, buttons: false, textLimit: 2000, staffChats: true, proactive: 'window', templates: true },
  // Same ceiling as a Telegram message, so the playground never accepts what a real channel could not.
  playground: { verifiedPhone: false, buttons: true, textLimit: 4096, staffChats: false, proactive: 'never', templates: false },
};

/** What a channel nobody described can do: the least, so nothing is promised that might not arrive. */
export const MINIMAL_CAPABILITIES: ChannelCapabilities = { verifiedPhone: false, buttons: false, textLimit: 2000, staffChats: false, proactive: 'never', templates: false };

export const isBuiltinChannel = (c: string): c is BuiltinChannel => (BUILTIN_CHANNELS as readonly string[]).includes(c);

/** Looks a channel's capabilities up; the runtime builds one from its channel table (bots/index.ts). */
export type CapabilitiesOf = (channel: Channel) => ChannelCapabilities;

export const builtinCapabilities: CapabilitiesOf = (channel) => (isBuiltinChannel(channel) ? BUILTIN_CAPABILITIES[channel] : MINIMAL_CAPABILITIES);

/** Capabilities of the built-ins plus any channel described by its own module. */
export function capabilitiesFrom(described: Iterable<{ channel: Channel; capabilities: ChannelCapabilities }>): CapabilitiesOf {
  const table = new Map<Channel, ChannelCapabilities>();
  for (const d of described) table.set(d.channel, d.capabilities);
  return (channel) => table.get(channel) ?? builtinCapabilities(channel);
}

const PROACTIVE_RANK: Record<ChannelCapabilities['proactive'], number> = { free: 0, window: 1, never: 2 };

/** Orders chats the way jobs try them: free channels first, then windowed ones; `never` channels are left out. */
export function proactiveOrder<T extends { channel: Channel }>(chats: T[], capabilitiesOf: CapabilitiesOf = builtinCapabilities): T[] {
  return chats
    .map((chat, i) => ({ chat, i, rank: PROACTIVE_RANK[capabilitiesOf(chat.channel).proactive] }))
    .filter((x) => x.rank < PROACTIVE_RANK.never)
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.chat);
}
