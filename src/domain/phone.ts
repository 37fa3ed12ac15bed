// Vietnamese mobile-number parsing and display: the one place that decides what a valid customer phone is.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ok, err, type Result } from './result.js';

export type PhoneReason = 'empty' | 'too_short' | 'too_long' | 'not_a_number' | 'foreign' | 'landline' | 'invalid';

// The 2018 renumbering moved every 11-digit mobile to 10 digits; customers still type the old
// numbers (and old contact lists still hold them), so we translate rather than reject.
// Keys and values are national significant numbers without the trunk 0.
const LEGACY_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
  // Viettel
  '162': '32', '163': '33', '164': '34', '165': '35', '166': '36', '167': '37', '168': '38', '169': '39',
  // MobiFone
  '120': '70', '121': '79', '122': '77', '126': '76', '128': '78',
  // VinaPhone
  '123': '83', '124': '84', '125': '85', '127': '81', '129': '82',
  // Vietnamobile
  '186': '56', '188': '58',
  // Gmobile
  '199': '59',
};

// Users paste numbers from anywhere: keep digits, drop the usual visual separators (including
// typographic dashes and NBSP, which \s covers).
const SEPARATORS = /[\s.\-\u2010-\u2015\u2212()]/gu;
// E.164 allows 15 digits; a little slack lets "0084 …" and a stray trunk 0 reach the length checks.
const MAX_DIGITS = 17;

/** Parses what a customer typed into an E.164 Vietnamese mobile number, or says why it is not one. */
export function parseVnMobile(input: string): Result<{ e164: string }, PhoneReason> {
  if (typeof input !== 'string') return err('not_a_number');
  // NFKC turns full-width digits and plus signs (common from some IMEs) into ASCII.
  const trimmed = input.normalize('NFKC').trim();
  if (trimmed === '') return err('empty');

  const compact = trimmed.replace(SEPARATORS, '');
  const plus = compact.startsWith('+');
  const digits = plus ? compact.slice(1) : compact;
  if (!/^\d+$/.test(digits)) return err('not_a_number');
  if (digits.length > MAX_DIGITS) return err('too_long');

  const nsn = toVietnameseNsn(digits, plus);
  if (!nsn.ok) return nsn;
  return classify(nsn.value);
}

/** Works out the national significant number (no trunk 0, no country code) from bare digits. */
function toVietnameseNsn(digits: string, plus: boolean): Result<string, PhoneReason> {
  let international: string | undefined;
  if (plus) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  // "84912345678": 84 plus a 9-digit (or legacy 10-digit) number. Shorter strings starting
  // with 84 are national numbers missing their 0 (084 is a VinaPhone prefix).
  else if (digits.startsWith('84') && digits.length >= 11) international = digits;

  if (international !== undefined) {
    if (!international.startsWith('84')) {
      if (international.length < 7) return err('too_short');
      return err('foreign');
    }
    // "+84 0912…" is a frequent mistake; the trunk 0 never belongs after the country code.
    const rest = international.slice(2);
    return ok(rest.startsWith('0') ? rest.slice(1) : rest);
  }
  if (digits.startsWith('0')) return ok(digits.slice(1));
  // No trunk 0: either a mobile typed without it ("912345678", still unambiguous) or a
  // short service number like 1800 1090; classify tells them apart. Legacy remapping needs
  // the 0 as evidence, or "1234567890" would pass as an old 0123 number.
  if (digits.length === 10 && LEGACY_MOBILE_PREFIXES[digits.slice(0, 3)] !== undefined) return err('invalid');
  return ok(digits);
}

function classify(rawNsn: string): Result<{ e164: string }, PhoneReason> {
  const legacy = rawNsn.length === 10 ? LEGACY_MOBILE_PREFIXES[rawNsn.slice(0, 3)] : undefined;
  const nsn = legacy !== undefined ? legacy + rawNsn.slice(3) : rawNsn;

  if (nsn.length > 10) return err('too_long');

  const parsed = nsn.length >= 7 ? parsePhoneNumberFromString(`+84${nsn}`) : undefined;
  if (parsed && parsed.country === 'VN' && parsed.isValid()) {
    const type = parsed.getType();
    if (type === 'MOBILE') return ok({ e164: parsed.number });
    if (type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE') return err('landline');
    // Toll-free, premium and VoIP numbers cannot receive the follow-up calls and SMS we need.
    return err('invalid');
  }
  if (nsn.length < 9) return err('too_short');
  // Every current mobile has 9 national digits; a 10-digit one not starting with 1 or 2
  // (legacy or area-code ranges) is a mobile with an extra keystroke.
  if (nsn.length === 10 && !/^[12]/.test(nsn)) return err('too_long');
  return err('invalid');
}

/** National 9-digit number for a +84 E.164 string, or undefined for anything else. */
function vnNsn(e164: string): string | undefined {
  const m = /^\+84(\d{9})$/.exec(e164);
  return m?.[1];
}

/** `+84912345678` → `0912 345 678`, the grouping customers recognise; other input is returned as is. */
export function formatPhoneVn(e164: string): string {
  const nsn = vnNsn(e164);
  if (nsn === undefined) return e164;
  const national = `0${nsn}`;
  return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
}

/** `+84912345678` → `0912 *** 678`: enough for staff to confirm a number without exposing it in logs or chats. */
export function maskPhone(e164: string): string {
  const nsn = vnNsn(e164);
  if (nsn === undefined) {
    const digits = e164.replace(/\D/g, '');
    return digits.length <= 3 ? '***' : `*** ${digits.slice(-3)}`;
  }
  return `0${nsn.slice(0, 3)} *** ${nsn.slice(-3)}`;
}

/** The last `n` digits, e.g. for "is this your number ending in 5678?" confirmations. */
export function phoneLastDigits(e164: string, n: number): string {
  const count = Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
  if (count === 0) return '';
  return e164.replace(/\D/g, '').slice(-count);
}

/**
 * A regular expression source matching `e164` however someone typed it into free text: +84912345678,
 * 84912345678, 0912345678, 0912 345 678, 0912.345.678, 912345678. It matches the national significant
 * number with at most one space, dot or dash between digits; RE2-safe (no lookaround), so the same source
 * works in a database `$regex`. Masked forms (0912 *** 678) do not match: they are not the number.
 */
export function phoneMentionPattern(e164: string): string | undefined {
  const digits = vnNsn(e164) ?? (/^\+\d{8,15}$/.test(e164) ? e164.slice(1) : undefined);
  if (digits === undefined) return undefined;
  return digits.split('').join('[ .-]?');
}
