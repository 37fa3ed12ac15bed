// Engine replies → what the playground page receives: the replies as they are, since the page draws buttons
// itself and shows a phone request as a typed-number hint (the browser cannot vouch for a phone).
import type { Reply } from '../../src/engine/types.js';

/** What the page gets back: the engine's replies (text, choices, a phone request). */
export interface MessageResponse {
  replies: Reply[];
}

export function renderResponse(replies: Reply[]): MessageResponse {
  return { replies };
}
