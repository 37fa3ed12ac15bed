// What an owner can do about a message that did not go: the dispatcher's reasons are written for logs
// ("permanent: 403: Forbidden: bot was blocked by the user"), so the page names the kind in plain words and
// keeps the raw text beside it for whoever debugs.
export const OUTBOX_REASON_KINDS = ['blocked', 'chat_gone', 'no_chat', 'no_staff_chat', 'channel_down', 'zalo_window', 'zalo_auth', 'opted_out', 'gave_up', 'other'] as const;
export type OutboxReasonKind = (typeof OUTBOX_REASON_KINDS)[number];

// Order matters: the first match wins, the more specific patterns first ("gave up after 5 attempts: 403 …" is a
// blocked bot, not only a give-up).
const RULES: [RegExp, OutboxReasonKind][] = [
  [/\b403\b.*\b(blocked|deactivated|kicked)\b/i, 'blocked'],
  [/\b400\b.*\bchat not found\b/i, 'chat_gone'],
  [/^no_chat(_for_appointment)?:/, 'no_chat'],
  [/^no_staff_chat$/, 'no_staff_chat'],
  [/^channel_not_running:/, 'channel_down'],
  [/\b(never_wrote|unfollowed|window_closed|not_follower)\b|^expired$/, 'zalo_window'],
  [/zalo (oauth|no_tokens|reauthorize)/i, 'zalo_auth'],
  [/\b(consent_withdrawn|opted_out)\b/, 'opted_out'],
  [/^gave up after \d+ attempts/, 'gave_up'],
];

export function outboxReasonKind(reason: string | undefined): OutboxReasonKind | undefined {
  if (!reason) return undefined;
  for (const [pattern, kind] of RULES) if (pattern.test(reason)) return kind;
  return 'other';
}
