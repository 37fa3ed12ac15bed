// The channel table: every channel module this repository ships, and the one loop from configuration to
// running channels that src/runtime.ts (and the test harnesses) use. A new channel is one more row.
import type { AnyChannelModule, ChannelDeps, ChannelDirectory, Mount, RunningChannel, SendRate } from '../src/channels/contract.js';
import type { Config } from '../src/config.js';
import { capabilitiesFrom, type Channel } from '../src/domain/channel.js';
import type { ChannelSender, TemplateSender } from '../src/outbound/types.js';
import { playgroundChannel } from './playground/index.js';
import { telegramChannel } from './telegram/index.js';
import { zaloChannel } from './zalo/index.js';

export { TELEGRAM_WEBHOOK_PATH } from './telegram/config.js';
export { PLAYGROUND_PATH } from './playground/config.js';
export type { ChannelDirectory } from '../src/channels/contract.js';

/** Started in this order and stopped in reverse: Zalo resumes cut-off events before Telegram polls. */
export const CHANNEL_MODULES: readonly AnyChannelModule[] = [zaloChannel, telegramChannel, playgroundChannel];

export function channelDirectory(config: Config, modules: readonly AnyChannelModule[] = CHANNEL_MODULES): ChannelDirectory {
  const accounts = new Map<Channel, string>();
  for (const m of modules) {
    const s: unknown = m.settings(config);
    if (s !== null) accounts.set(m.channel, m.account(s));
  }
  const sendRates = new Map<Channel, SendRate>(modules.flatMap((m) => (m.sendRate ? [[m.channel, m.sendRate(config)] as const] : [])));
  return { capabilities: capabilitiesFrom(modules), owners: modules.flatMap((m) => m.owners?.(config) ?? []), accounts, sendRates };
}

export interface Channels {
  running: RunningChannel[];
  /** Every router to mount, before the HTTP app is created. */
  mounts: Mount[];
  /** One sender per channel jobs can write to first. */
  senders: ChannelSender[];
  templates?: TemplateSender;
  /** For the `retry-inbound` job: channels that retry failed inbound events themselves. */
  inbound: { channel: Channel; retryDue: NonNullable<RunningChannel['retryInbound']> }[];
  problems(): Promise<string[]>;
  /** Starts each channel in table order; if one fails, the ones already started are stopped and it rethrows. */
  start(http: { port: number }): Promise<void>;
  /** Stops every channel in reverse order; errors are passed to `onError` and the rest still stop. */
  stop(onError?: (e: unknown) => void): Promise<void>;
}

export function createChannels(deps: ChannelDeps, modules: readonly AnyChannelModule[] = CHANNEL_MODULES): Channels {
  const running: RunningChannel[] = [];
  for (const m of modules) {
    const s: unknown = m.settings(deps.config);
    const own = deps.engineFor?.[m.channel];
    if (s !== null) running.push(m.create(s, own ? { ...deps, engine: own } : deps));
  }
  const templates = running.find((c) => c.templates)?.templates;
  let started: RunningChannel[] = [];
  const stopAll = async (list: RunningChannel[], onError: (e: unknown) => void): Promise<void> => {
    for (const c of [...list].reverse()) await c.stop().catch(onError);
  };
  return {
    running,
    mounts: running.flatMap((c) => c.mounts),
    senders: running.flatMap((c) => (c.sender ? [c.sender] : [])),
    ...(templates ? { templates } : {}),
    inbound: running.flatMap((c) => (c.retryInbound ? [{ channel: c.channel, retryDue: c.retryInbound.bind(c) }] : [])),
    async problems() {
      return (await Promise.all(running.map((c) => c.problems()))).flat();
    },
    async start(http) {
      if (running.length === 0) deps.log.warn('no channel configured: set TELEGRAM_BOT_TOKEN, or PLAYGROUND=true to try the intake in a browser');
      for (const c of running) {
        try {
          await c.start(http);
          started.push(c);
        } catch (e) {
          await stopAll([...started, c], () => undefined);
          started = [];
          throw e;
        }
      }
    },
    async stop(onError = () => undefined) {
      // Every channel, started or not: a stop is safe to call twice and before start.
      await stopAll(running, onError);
    },
  };
}
