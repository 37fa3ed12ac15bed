// What a chat's /start carries after a deep link or QR code: a one-time link to a customer's card (`c_<token>`,
// handed out by staff after /kh), or the branch whose link or QR a guest registered from (`b_<branch>`).
// Telegram allows 1–64 characters of A-Z a-z 0-9 _ - in a start parameter (Bot API, deep linking).

export type StartPayload = { kind: 'card_link'; token: string } | { kind: 'branch'; key: string };

/** 18 random bytes in base64url: 24 characters, so `c_` + token stays far below Telegram's 64. */
export const LINK_TOKEN_BYTES = 18;
const TOKEN = /^[A-Za-z0-9_-]{24}$/;
const BRANCH = /^[A-Za-z0-9_-]{1,40}$/;

export function parseStartPayload(args: string): StartPayload | null {
  const a = args.trim();
  if (a.startsWith('c_')) {
    const token = a.slice(2);
    return TOKEN.test(token) ? { kind: 'card_link', token } : null;
  }
  if (a.startsWith('b_')) {
    const key = a.slice(2);
    return BRANCH.test(key) ? { kind: 'branch', key: key.toLowerCase() } : null;
  }
  return null;
}

export const cardLinkPayload = (token: string): string => `c_${token}`;

/** A branch key as a start parameter: diacritics folded, anything else than letters, digits, `_` and `-` dropped. */
export function branchPayload(branch: string): string | null {
  const key = branch
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9_-]/g, '')
    .slice(0, 40);
  return key ? `b_${key}` : null;
}
