// ChannelSender for Zalo consultation messages: window check first, then numbered, split text via /v3.0/oa/message/cs.
import type { ChannelAddress, Reply } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';
import type { ChannelSender, SendResult } from '../../src/outbound/types.js';
import type { ZaloClient } from './client.js';
import { errorToSendResult, ZaloApiError } from './errors.js';
import { splitText } from '../shared/split-text.js';
import { renderReplyText } from './render.js';
import type { ZaloTokenManager } from './tokens.js';
import type { ZaloWindow } from './window.js';

export interface ZaloSenderDeps {
  oaId: string;
  client: Pick<ZaloClient, 'sendCsText'>;
  tokens: Pick<ZaloTokenManager, 'withToken'>;
  window: Pick<ZaloWindow, 'status'>;
  textLimit: number;
  log: Logger;
}

export function createZaloSender(d: ZaloSenderDeps): ChannelSender {
  return {
    channel: 'zalo',
    async send(address: ChannelAddress, reply: Reply): Promise<SendResult> {
      // Loop guard: this sender only ever writes to users of its own OA.
      if (address.channel !== 'zalo' || address.account !== d.oaId) {
        return { ok: false, kind: 'permanent', reason: 'not an address of this Zalo OA' };
      }
      // Outside the window Zalo answers -230; not trying at all lets the jobs pick a template at once.
      const w = await d.window.status(address);
      if (w.state === 'closed') return { ok: false, kind: 'outside_window', reason: `zalo window ${w.reason}` };

      const parts = splitText(renderReplyText(reply), d.textLimit);
      let messageId: string | undefined;
      for (const [i, part] of parts.entries()) {
        try {
          const sent = await d.tokens.withToken((token) => d.client.sendCsText(token, address.userId, part));
          messageId = sent.messageId;
        } catch (e) {
          const result = errorToSendResult(e);
          d.log.warn(
            { oaId: d.oaId, code: e instanceof ZaloApiError ? e.code : undefined, result: result.kind, part: i + 1, parts: parts.length },
            'zalo consultation message not sent',
          );
          // Parts already delivered stay delivered, and sending it all again would repeat them: not resent.
          if (i === 0 || result.kind === 'unknown') return result;
          return { ok: false, kind: 'unknown', reason: `${result.reason} after ${i} of ${parts.length} parts` };
        }
      }
      return messageId ? { ok: true, platformMessageId: messageId } : { ok: true };
    },
  };
}
