// Customer-name cleaning, diacritic-insensitive search keys and the anh/chị form of address.
import { ok, err, type Result } from './result.js';

export type NameReason = 'empty' | 'too_long' | 'not_a_name';

const MAX_NAME_LENGTH = 100;
// Letters with any combining marks, plus the punctuation real names use (O'Neil, Jean-Pierre, Ng.).
// Typographic apostrophes and hyphens arrive from phone keyboards' smart punctuation.
const NAME_CHARS = /^[\p{L}\p{M} '\u2019\u02bc.\-\u2010\u2011]+$/u;
const LETTER = /\p{L}/u;
// Tabs and newlines come from copy-paste and should separate words; other control and
// formatting characters (NUL, zero-width spaces, bidi marks) are invisible junk.
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** Cleans a typed name into `Nguyễn Thị Lan` form, or says why it cannot be a person's name. */
export function normalizeName(input: string): Result<string, NameReason> {
  if (typeof input !== 'string') return err('not_a_name');
  const cleaned = collapseSpaces(input.normalize('NFC').replace(/\s/gu, ' ').replace(INVISIBLE, ''));
  if (cleaned === '') return err('empty');
  if (!NAME_CHARS.test(cleaned) || !LETTER.test(cleaned)) return err('not_a_name');

  const titled = titleCase(cleaned).normalize('NFC');
  if ([...titled].length > MAX_NAME_LENGTH) return err('too_long');
  return ok(titled);
}

function collapseSpaces(text: string): string {
  return text.replace(/ {2,}/g, ' ').trim();
}

/** Upper-cases the first letter after every space, hyphen or apostrophe (Jean-Pierre, O'Neil) and lower-cases the rest. */
function titleCase(text: string): string {
  return text
    .split(' ')
    .map((word) => word.split(/([-\u2010\u2011'\u2019\u02bc])/u).map(capitalise).join(''))
    .join(' ');
}

function capitalise(part: string): string {
  const lower = part.toLowerCase();
  const chars = [...lower];
  const i = chars.findIndex((c) => LETTER.test(c));
  if (i < 0) return lower;
  const upper = chars[i]!.toUpperCase();
  // Letters like ŉ upper-case to two characters whose second would be lower-cased again on the
  // next pass; leaving them alone keeps normalizeName idempotent.
  if ([...upper].length !== 1) return lower;
  chars[i] = upper;
  return chars.join('');
}

/** `Nguyễn Thị Lan` → `nguyen thi lan`: matches customers who type without diacritics. */
export function foldDiacritics(text: string): string {
  return collapseSpaces(
    text
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      // đ has no decomposition (it is a distinct letter, not d + mark), so it needs its own rule.
      .replace(/đ/g, 'd')
      .replace(/\s+/gu, ' '),
  );
}

/** The key names are indexed and searched by. */
export function nameSearchKey(name: string): string {
  return foldDiacritics(name);
}

function words(fullName: string): string[] {
  return fullName.trim().split(/\s+/u).filter((w) => w !== '');
}

/** Vietnamese names put the given name last: `Nguyễn Thị Lan` → `Lan`. */
export function givenName(fullName: string): string {
  return words(fullName).at(-1) ?? '';
}

/**
 * Guesses the polite form of address from the traditional gendered middle names.
 * Without diacritics `van` could be Văn (male) or Vân (female), and calling a woman "anh"
 * is worse than not guessing, so only an unaccented `thi` is trusted.
 */
export function guessHonorific(fullName: string): 'anh' | 'chị' | undefined {
  const parts = words(fullName.normalize('NFC'));
  if (parts.length < 3) return undefined;
  const accented = /[^\x20-\x7e]/.test(fullName);
  for (const middle of parts.slice(1, -1)) {
    const w = middle.toLowerCase();
    if (w === 'thị' || (!accented && w === 'thi')) return 'chị';
    if (w === 'văn') return 'anh';
  }
  return undefined;
}

/** "chị" or "anh": the gender field when the profile has it, else the middle-name guess; undefined when unknown. */
export function honorificOf(fullName: string, gender?: 'female' | 'male' | 'other'): 'anh' | 'chị' | undefined {
  if (gender === 'female') return 'chị';
  if (gender === 'male') return 'anh';
  return fullName ? guessHonorific(fullName) : undefined;
}

/**
 * How the bot addresses a guest (copy guide): Vietnamese "chị Lan", or "anh/chị" when neither the name nor the
 * gender tells; English the given name, or "there" without one. `pronoun` stands alone ("chị", "you").
 */
export function formOfAddress(lang: 'vi' | 'en', fullName = '', gender?: 'female' | 'male' | 'other'): { pronoun: string; named: string } {
  const given = givenName(fullName);
  if (lang === 'en') return { pronoun: 'you', named: given || 'there' };
  const pronoun = honorificOf(fullName, gender) ?? 'anh/chị';
  return { pronoun, named: given ? `${pronoun} ${given}` : pronoun };
}
