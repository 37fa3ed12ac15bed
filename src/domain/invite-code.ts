// Staff invitation codes: Crockford base32, so a code read aloud or typed on a phone survives I/1, O/0 and case.
export const INVITE_CODE_LENGTH = 8;
/** Refused codes a chat may send per hour; then even the right code waits (issue 12: no guessing by volume). */
export const INVITE_ATTEMPTS_PER_HOUR = 5;
/** 5 random bytes = 40 bits = exactly 8 base32 characters, with no modulo bias. */
export const INVITE_CODE_BYTES = 5;
// Crockford's alphabet leaves out I, L, O and U: no letter can be mistaken for a digit or spell a rude word.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Encodes random bytes (5 of them for a standard code) as Crockford base32, most significant bits first. */
export function encodeInviteCode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * What a colleague typed (`/start abcd-efgh`, `ABCD EFGH`, `o` for `0`) in canonical form, or null when it
 * cannot be a code at all. Callers treat null exactly like an unknown code, so nothing hints at the format.
 */
export function normalizeInviteCode(input: string): string | null {
  if (typeof input !== 'string') return null;
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (compact.length !== INVITE_CODE_LENGTH) return null;
  for (const ch of compact) if (!ALPHABET.includes(ch)) return null;
  return compact;
}
