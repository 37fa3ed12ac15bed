// Engine replies as Zalo text: choices become numbered lines (v3 buttons are unconfirmed, §2.3); long text is
// split at the OA's limit (2,000 characters, §2.1) by bots/shared/split-text.ts.
import type { Reply } from '../../src/engine/types.js';

/** "1. Label" lines under the text; the engine matches "1", "1." or the label without diacritics. */
export function renderReplyText(reply: Reply): string {
  const text = reply.text.normalize('NFC').trim();
  if (!reply.choices?.length) return text;
  const lines = reply.choices.map((c, i) => `${i + 1}. ${c.label.normalize('NFC').trim()}`);
  return text ? `${text}\n\n${lines.join('\n')}` : lines.join('\n');
}
