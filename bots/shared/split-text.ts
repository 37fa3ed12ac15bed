// Splits a message at a platform's text limit (ChannelCapabilities.textLimit), for every channel.

/**
 * Prefers paragraph, then line, then word boundaries so a numbered choice never breaks in half; cuts hard
 * only when no boundary is in the second half, and never between the halves of a surrogate pair (emoji).
 * Lengths are UTF-16 units, what both Telegram and Zalo count. Blank text gives no parts.
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
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
