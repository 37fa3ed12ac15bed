// Engine replies as Zalo text: choices become numbered lines (v3 buttons are unconfirmed, §2.3), long text is split.
import type { Reply } from '../../src/engine/types.js';

/** "1. Label" lines under the text; the engine matches "1", "1." or the label without diacritics. */
export function renderReplyText(reply: Reply): string {
  const text = reply.text.normalize('NFC').trim();
  if (!reply.choices?.length) return text;
  const lines = reply.choices.map((c, i) => `${i + 1}. ${c.label.normalize('NFC').trim()}`);
  return text ? `${text}\n\n${lines.join('\n')}` : lines.join('\n');
}

/**
 * Splits at the platform limit (2,000 characters, §2.1), preferring paragraph, then line, then word
 * boundaries so a numbered choice never breaks in half. Lengths are UTF-16 units, which never undercount.
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text.normalize('NFC').trim();
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

function cutPoint(text: string, limit: number): number {
  const head = text.slice(0, limit + 1);
  const min = Math.floor(limit / 2);
  for (const sep of ['\n\n', '\n', ' ']) {
    const at = head.lastIndexOf(sep);
    if (at >= min) return at;
  }
  // No boundary in sight: cut hard, but never between the halves of a surrogate pair (emoji).
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
