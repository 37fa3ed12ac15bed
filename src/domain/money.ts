// Prices as Vietnamese customers and staff type them ("350k", "1tr5", "2 triệu") to whole đồng and back.
import { ok, err, type Result } from './result.js';
import { foldDiacritics } from './name.js';

export type VndReason = 'not_understood' | 'negative' | 'too_large';

// Far above any spa bill; anything bigger is a typo (or an attempt to break totals).
export const MAX_VND = 1_000_000_000_000;

// Folded spellings (see foldDiacritics): tỷ/tỉ, triệu/tr/củ, nghìn/ngàn/ng/k. Longer words first
// so "trieu" is not read as "tr" + garbage.
const TERM = /(\d+(?:[.,]\d+)*)(ty|ti|trieu|tr|cu|nghin|ngan|ng|k)?/y;
const UNIT_VALUE: Readonly<Record<string, number>> = {
  ty: 1e9, ti: 1e9, trieu: 1e6, tr: 1e6, cu: 1e6, nghin: 1e3, ngan: 1e3, ng: 1e3, k: 1e3,
};

/** Parses a typed amount into integer VND. */
export function parseVnd(input: string): Result<number, VndReason> {
  if (typeof input !== 'string') return err('not_understood');
  // NFKC maps full-width digits; folding maps "đồng"/"VNĐ" to "dong"/"vnd". Spaces carry no
  // meaning in amounts ("350 000", "2 triệu", "1 tr 5"), so they go.
  let text = foldDiacritics(input.normalize('NFKC')).replace(/\s+/gu, '');
  const negative = /^[-\u2212]/.test(text);
  if (negative) text = text.slice(1);
  text = text.replace(/^vnd/, '').replace(/(?:vnd|dong|d|₫)$/u, '');
  if (text === '') return err('not_understood');

  const amount = readAmount(text);
  if (amount === undefined) return err('not_understood');
  if (!Number.isFinite(amount) || amount > MAX_VND) return err('too_large');
  if (negative && amount > 0) return err('negative');
  return ok(amount);
}

/** Sums terms like "1tr" + "500k"; a unit-less number right after a unit continues it ("1tr5" = 1.5tr). */
function readAmount(text: string): number | undefined {
  let pos = 0;
  let total = 0;
  let lastUnit = Infinity;
  while (pos < text.length) {
    TERM.lastIndex = pos;
    const m = TERM.exec(text);
    if (!m) return undefined;
    pos = TERM.lastIndex;
    const digits = m[1]!;
    const unitWord = m[2];

    if (unitWord !== undefined) {
      const unit = UNIT_VALUE[unitWord]!;
      // "500k1tr" is not a way anyone writes money; insisting on descending units catches typos.
      if (unit >= lastUnit) return undefined;
      const n = readNumber(digits, true);
      if (n === undefined) return undefined;
      total += Math.round(n * unit);
      lastUnit = unit;
    } else if (lastUnit === Infinity) {
      // A bare amount in đồng: must be the whole input and cannot have a fractional part.
      if (pos !== text.length) return undefined;
      return readNumber(digits, false);
    } else {
      // Trailing digits after a unit are its fraction: "1tr5" = 1.5tr, "1tr250" = 1.25tr, "2k5" = 2.5k.
      if (pos !== text.length || !/^\d+$/.test(digits)) return undefined;
      if (digits.length > Math.log10(lastUnit)) return undefined;
      total += Math.round(Number(`0.${digits}`) * lastUnit);
    }
  }
  return total;
}

/**
 * Reads "350000", "350.000", "350,000" and, before a unit, decimals like "1.5" or "1,5" (Vietnamese
 * uses a decimal comma). Groups of exactly three digits are thousands separators, so the common
 * "1.200k" means 1,200,000, not 1,200.
 */
function readNumber(text: string, decimalAllowed: boolean): number | undefined {
  const groups = text.split(/[.,]/);
  if (groups.length === 1) return Number(text);
  const separators = new Set(text.replace(/\d/g, ''));
  const [head, ...rest] = groups as [string, ...string[]];
  const thousands = separators.size === 1 && head.length <= 3 && rest.every((g) => g.length === 3);
  if (thousands) return Number(groups.join(''));
  if (decimalAllowed && groups.length === 2) return Number(`${head}.${rest[0]}`);
  return undefined;
}

/** `350000` → `350.000 ₫`, the grouping used on Vietnamese price lists. */
export function formatVnd(n: number): string {
  if (!Number.isFinite(n)) return `${n} ₫`;
  const rounded = Math.round(Math.abs(n));
  const grouped = BigInt(rounded).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${n < 0 && rounded > 0 ? '-' : ''}${grouped} ₫`;
}
