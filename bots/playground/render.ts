// Engine replies → what the playground page receives: the replies as they are, since the page draws buttons
// itself and shows a phone request as a typed-number hint (the browser cannot vouch for a phone). Only a text
// past the channel's limit is cut, like on a real channel, with the buttons under its last part.
import { builtinCapabilities } from '../../src/domain/channel.js';
import type { Reply } from '../../src/engine/types.js';
import { splitText } from '../shared/split-text.js';

const TEXT_LIMIT = builtinCapabilities('playground').textLimit;

/** What the page gets back: the engine's replies (text, choices, a phone request). */
export interface MessageResponse {
  replies: Reply[];
}

export function renderReply(reply: Reply): Reply[] {
  if (reply.text.length <= TEXT_LIMIT) return [reply];
  const parts = splitText(reply.text, TEXT_LIMIT);
  return parts.map((text, i) => (i === parts.length - 1 ? { ...reply, text } : { text }));
}

export function renderResponse(replies: Reply[]): MessageResponse {
  return { replies: replies.flatMap(renderReply) };
}
