// The one per-chat queue: a chat's turns (the engine's step AND the sending of its replies) run one at a
// time, so two quick messages can neither race on the conversation nor have their answers interleave.
// It lives at the channel boundary rather than in the engine because only here does a turn include the
// send; across processes the conversation's version check (src/store/conversations.ts) decides instead.
import { addressKey } from '../domain/channel.js';
import type { Engine, Inbound, Reply } from '../engine/types.js';
import { createKeyedSerializer } from './keyed-serializer.js';

export interface ChatTurns {
  /** Runs the engine on `inbound`, then `deliver` with its replies, after every earlier turn of that chat. */
  run<T>(inbound: Inbound, deliver: (replies: Reply[]) => Promise<T>): Promise<T>;
  /** Runs any task in the chat's queue (work around a turn, such as recording a platform event). */
  runFor<T>(inbound: Pick<Inbound, 'address'>, task: () => Promise<T>): Promise<T>;
  /** Resolves once every queued turn has settled: graceful stop waits on it. */
  idle(): Promise<void>;
  readonly pending: number;
}

export function createChatTurns(engine: Engine): ChatTurns {
  const queue = createKeyedSerializer();
  return {
    run: (inbound, deliver) => queue.run(addressKey(inbound.address), async () => deliver(await engine.handle(inbound))),
    runFor: (inbound, task) => queue.run(addressKey(inbound.address), task),
    idle: () => queue.idle(),
    get pending() {
      return queue.pending;
    },
  };
}
