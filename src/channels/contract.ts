// What every channel implements, so the runtime, the jobs and a newcomer's fourth channel see one shape.
// Each bots/<channel>/index.ts exports one ChannelModule; bots/index.ts lists them; src/runtime.ts loops.
import type { Router } from 'express';
import type { Config } from '../config.js';
import type { CapabilitiesOf, Channel, ChannelCapabilities, ChannelUser } from '../domain/channel.js';
import type { Engine, Inbound, Reply, StartLink } from '../engine/types.js';
import type { Logger } from '../log.js';
import type { LaterReplyQueue } from '../outbound/later-replies.js';
import type { ChannelSender, TemplateSender } from '../outbound/types.js';
import type { ZaloRepositories } from '../store/zalo-repositories.js';

/** An express router the channel wants at a path of the HTTP server (a webhook, the playground page). */
export interface Mount {
  path: string;
  router: Router;
}

/** A platform payload as the engine should see it, or why it is none of the engine's business. */
export type Translated = { kind: 'inbound'; inbound: Inbound } | { kind: 'ignore'; reason: string };

/** What translation knows about the channel's own account (bot id and username, OA id). */
export interface SelfInfo {
  account: string;
  username?: string;
}

/** One message as the platform will show it: its visible text, plus whatever else the platform takes. */
export interface PlatformMessage {
  text: string;
}

/** How fast jobs may send on a channel: overall and to one chat. */
export interface SendRate {
  perSecond: number;
  perChatPerSecond: number;
}

/** What the configuration says about channels before any of them runs (bots/index.ts builds it). */
export interface ChannelDirectory {
  capabilities: CapabilitiesOf;
  /** Chats the configuration names as owners (OWNER_TELEGRAM_IDS today). */
  owners: ChannelUser[];
  /** The account each configured channel speaks as: staff chats become addresses with it. */
  accounts: Map<Channel, string>;
  /** Each channel's send rate for the outbox dispatcher. */
  sendRates: Map<Channel, SendRate>;
}

/** What the runtime hands every channel it starts. */
export interface ChannelDeps {
  config: Config;
  engine: Engine;
  /**
   * A channel's own engine instead of `engine`: the playground talks to one on the sandbox database, so what is
   * typed there never reaches, links or reveals a real customer (issue 12).
   */
  engineFor?: Partial<Record<Channel, Engine>>;
  log: Logger;
  now?: () => Date;
  /** Channels that keep platform state in the database (Zalo tokens, window, events) get their repositories. */
  repos?: { zalo?: ZaloRepositories };
  /** Where a reply the platform did not take goes, to be sent later (the outbox); without it, only logged. */
  laterReplies?: LaterReplyQueue;
}

/** A channel while it runs: what it mounts, how jobs reach it, whether it is ready, how it starts and stops. */
export interface RunningChannel {
  readonly channel: Channel;
  /** The bot/OA this process speaks as: the `account` of every address it produces. */
  readonly account: string;
  /** Routers to mount before the HTTP app is created. */
  readonly mounts: Mount[];
  /** For the outbox dispatcher; absent when the platform cannot be written to first (the playground). */
  readonly sender?: ChannelSender;
  /** Pre-approved template messages for customers no chat can reach (Zalo ZNS). */
  readonly templates?: TemplateSender;
  /** For /readyz: non-empty when an operator must act. */
  problems(): Promise<string[]>;
  /**
   * Channels whose platform does not redeliver what was acknowledged (Zalo): handles again the inbound events
   * that failed and whose pause is over. The `retry-inbound` job calls it.
   */
  retryInbound?(): Promise<{ retried: number; done: number; failed: number; abandoned: number }>;
  /** A link that opens a chat with this bot/OA carrying `payload` (QR codes at the counter); null before it runs. */
  startLink?(payload: string): StartLink | null;
  /** Called once the HTTP server listens (a webhook must be reachable before the platform is told about it). */
  start(http: { port: number }): Promise<void>;
  /** Stops taking updates and waits for the ones in progress; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * A channel as code: its name and capabilities, the pure translations both ways, and how to start it.
 * `S` is the channel's slice of the configuration (bots/<channel>/config.ts).
 */
export interface ChannelModule<S = unknown> {
  readonly channel: Channel;
  readonly capabilities: ChannelCapabilities;
  /** The channel's settings, or null when the configuration does not turn it on. */
  settings(config: Config): S | null;
  /** The account the channel speaks as, from its settings alone (no network): jobs build addresses with it. */
  account(settings: S): string;
  /** Staff chats the configuration names as owners (OWNER_TELEGRAM_IDS), recognised on their first message. */
  owners?(config: Config): ChannelUser[];
  /** How fast the outbox may send here (SEND_RATE_*); a conservative default when absent. */
  sendRate?(config: Config): SendRate;
  /** Platform payload → Inbound, purely; unknown kinds are ignored with a reason, never thrown. */
  translate(raw: unknown, self: SelfInfo): Translated;
  /** Reply → what the platform is sent, purely; what the platform cannot show degrades, it is never dropped. */
  render(reply: Reply): PlatformMessage[];
  /** Builds the running channel (no I/O until `start`). */
  create(settings: S, deps: ChannelDeps): RunningChannel;
}

/** Lets a table hold modules with different settings types. */
export type AnyChannelModule = ChannelModule<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
