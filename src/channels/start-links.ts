// The start links of whatever channels run, for the engine: created before the channels (the engine is built
// first) and attached once they exist; a channel answers only once it knows its own name (Telegram's getMe).
import type { StartLink, StartLinks } from '../engine/types.js';
import type { RunningChannel } from './contract.js';

export interface LateStartLinks extends StartLinks {
  attach(channels: readonly Pick<RunningChannel, 'startLink'>[]): void;
}

export function lateStartLinks(): LateStartLinks {
  let channels: readonly Pick<RunningChannel, 'startLink'>[] = [];
  return {
    attach(list) {
      channels = list;
    },
    linksFor(payload) {
      return channels.flatMap((c): StartLink[] => {
        const link = c.startLink?.(payload);
        return link ? [link] : [];
      });
    },
  };
}
