// The playground channel module (src/channels/contract.ts): a web chat at /playground on the same engine.
import type { ChannelModule, RunningChannel, Translated } from '../../src/channels/contract.js';
import { builtinCapabilities } from '../../src/domain/channel.js';
import { PLAYGROUND_ACCOUNT, playgroundSettings, type PlaygroundSettings } from './config.js';
import { messageBody, toInbound } from './inbound.js';
import { renderReply } from './render.js';
import { createPlaygroundRouter } from './webhook.js';

export const playgroundChannel: ChannelModule<PlaygroundSettings> = {
  channel: 'playground',
  capabilities: builtinCapabilities('playground'),
  settings: playgroundSettings,
  account: () => PLAYGROUND_ACCOUNT,
  sendRate: () => ({ perSecond: 30, perChatPerSecond: 1 }),
  translate(raw): Translated {
    const body = messageBody.safeParse(raw);
    return body.success ? { kind: 'inbound', inbound: toInbound(body.data) } : { kind: 'ignore', reason: 'not-a-message' };
  },
  // The page draws choices as buttons and a phone request as a hint; the reply travels as it is.
  render: renderReply,
  create(s, deps): RunningChannel {
    const { log } = deps;
    return {
      channel: 'playground',
      account: PLAYGROUND_ACCOUNT,
      mounts: [{ path: s.path, router: createPlaygroundRouter({ engine: deps.engine, log, ratePerMinute: s.ratePerMinute, ...(s.password ? { password: s.password } : {}) }) }],
      // No sender: the page only ever hears back in answer to a message, so jobs cannot write here first.
      problems: async () => [],
      async start({ port }) {
        log.info({ port, passwordProtected: s.password !== undefined }, `playground (sandbox data, never the real customers): try the intake at http://localhost:${port}${s.path}`);
      },
      stop: async () => undefined,
    };
  },
};
