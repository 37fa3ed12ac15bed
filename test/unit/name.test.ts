// Name cleaning, diacritic folding for search, given names and the anh/chị guess.
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  normalizeName,
  foldDiacritics,
  nameSearchKey,
  givenName,
  formOfAddress,
  guessHonorific,
  honorificOf,
  type NameReason,
} from '../../src/domain/name.js';

// Every Vietnamese letter, upper and lower case, built from base letters and the five tone marks.
const VOWEL_BASES = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const CONSONANTS = [...'bcdđghklmnpqrstvx', 'f', 'j', 'w', 'z'];
const LOWER_LETTERS = [
  ...VOWEL_BASES.flatMap((v) => TONES.map((t) => (v + t).normalize('NFC'))),
  ...CONSONANTS,
];
const VIETNAMESE_LETTERS = [...LOWER_LETTERS, ...LOWER_LETTERS.map((l) => l.toUpperCase())];

const vnWord = fc.array(fc.constantFrom(...VIETNAMESE_LETTERS), { minLength: 1, maxLength: 7 }).map((a) => a.join(''));
const vnName = fc.array(vnWord, { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
const separator = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '-', "'", '.', '\u0000', '\u200b');
const messyName = fc
  .array(fc.oneof(vnWord, separator, fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('normalizeName', () => {
  it.each([
    ['nguyễn thị lan', 'Nguyễn Thị Lan'],
    ['NGUYỄN VĂN ĐỨC', 'Nguyễn Văn Đức'],
    ['  trần   thị  thu  hà  ', 'Trần Thị Thu Hà'],
    ['lê\tvăn\nnam', 'Lê Văn Nam'],
    ['phạm\u0000 minh\u200b châu', 'Phạm Minh Châu'],
    ['nguye\u0302\u0303n thi\u0323 lan', 'Nguyễn Thị Lan'],
    ['đặng ngọc ánh', 'Đặng Ngọc Ánh'],
    ['lan', 'Lan'],
    ["o'neil", "O'Neil"],
    ['jean-pierre dubois', 'Jean-Pierre Dubois'],
    ['ng. thị mai', 'Ng. Thị Mai'],
    ['MARY jane', 'Mary Jane'],
  ])('cleans %j into %j', (input, expected) => {
    expect(normalizeName(input)).toEqual({ ok: true, value: expected });
  });

  it('keeps diacritics in composed (NFC) form', () => {
    const r = normalizeName('nguye\u0302\u0303n');
    expect(r.ok && r.value).toBe('Nguy\u1ec5n');
  });

  it.each<[string, NameReason]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\u0000\u200b', 'empty'],
    ['12345', 'not_a_name'],
    ['Lan 2', 'not_a_name'],
    ['${process.env.TOKEN}', 'not_a_name'],
    ['<script>alert(1)</script>', 'not_a_name'],
    ['{{name}}', 'not_a_name'],
    ['Lan $', 'not_a_name'],
    ['😀 Lan', 'not_a_name'],
    ["- ' .", 'not_a_name'],
    ['a'.repeat(101), 'too_long'],
    [`${'nguyễn '.repeat(20)}lan`, 'too_long'],
  ])('rejects %j as %s', (input, reason) => {
    expect(normalizeName(input)).toEqual({ ok: false, reason });
  });

  it('accepts a name of exactly 100 characters', () => {
    expect(normalizeName('a'.repeat(100)).ok).toBe(true);
  });

  it('never throws, whatever is pasted in', () => {
    for (const s of ['\u0000', 'x'.repeat(5000), '\ud800', ' '.repeat(5000)]) {
      expect(() => normalizeName(s)).not.toThrow();
    }
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => { normalizeName(s); }), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => { normalizeName(s); }), { numRuns: 2000 });
  });

  it('gives the same answer when run on its own output', () => {
    const idempotent = (s: string): void => {
      const once = normalizeName(s);
      if (once.ok) expect(normalizeName(once.value)).toEqual(once);
    };
    fc.assert(fc.property(vnName, idempotent), { numRuns: 2000 });
    fc.assert(fc.property(messyName, idempotent), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), idempotent), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), idempotent), { numRuns: 3000 });
  });

  it('accepts every name made of Vietnamese letters', () => {
    fc.assert(fc.property(vnName, (s) => { expect(normalizeName(s).ok).toBe(true); }), { numRuns: 1000 });
  });
});

describe('foldDiacritics', () => {
  it.each([
    ['Nguyễn Thị Lan', 'nguyen thi lan'],
    ['ĐẶNG VĂN ĐỨC', 'dang van duc'],
    ['  Trần   Thu  Hà ', 'tran thu ha'],
    ['Phở Bò', 'pho bo'],
    ['nguye\u0302\u0303n', 'nguyen'],
  ])('folds %j to %j', (input, expected) => {
    expect(foldDiacritics(input)).toBe(expected);
  });

  it('turns any Vietnamese text into plain ASCII', () => {
    const text = fc.array(fc.oneof(fc.constantFrom(...VIETNAMESE_LETTERS), fc.constantFrom(' ', '  ')), { maxLength: 40 });
    fc.assert(
      fc.property(text, (chars) => {
        expect(foldDiacritics(chars.join(''))).toMatch(/^[a-z ]*$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('matches the same name typed with and without diacritics', () => {
    expect(nameSearchKey('Nguyễn Thị Lan')).toBe(nameSearchKey('nguyen thi lan'));
    expect(nameSearchKey('Nguyễn Thị Lan')).toBe('nguyen thi lan');
  });
});

describe('givenName', () => {
  it.each([
    ['Nguyễn Thị Lan', 'Lan'],
    ['Lan', 'Lan'],
    ['  Trần Thu Hà  ', 'Hà'],
    ['', ''],
  ])('takes %j to %j', (input, expected) => {
    expect(givenName(input)).toBe(expected);
  });
});

describe('guessHonorific', () => {
  it.each<[string, 'anh' | 'chị' | undefined]>([
    ['Nguyễn Thị Lan', 'chị'],
    ['Trần Thị Thu Hà', 'chị'],
    ['nguyễn thị lan', 'chị'],
    ['Nguyen Thi Lan', 'chị'],
    ['Nguyễn Văn Đức', 'anh'],
    ['NGUYỄN VĂN ĐỨC', 'anh'],
    ['Lê Minh Tuấn', undefined],
    ['Nguyễn Vân Anh', undefined],
    ['Nguyen Van Anh', undefined],
    ['Văn Lan', undefined],
    ['Lan Thị', undefined],
    ['Lan', undefined],
    ['', undefined],
  ])('guesses %j → %s', (input, expected) => {
    expect(guessHonorific(input)).toBe(expected);
  });
});

describe('formOfAddress (the one rule behind chat copy, scheduled messages and staff lines)', () => {
  it.each<[string | undefined, 'female' | 'male' | 'other' | undefined, string, string]>([
    ['Nguyễn Thị Lan', undefined, 'chị', 'chị Lan'],
    ['Nguyễn Thị Lan', 'male', 'anh', 'anh Lan'],
    ['Nguyễn Văn Đức', 'female', 'chị', 'chị Đức'],
    ['Lê Minh', undefined, 'anh/chị', 'anh/chị Minh'],
    ['Lê Minh', 'other', 'anh/chị', 'anh/chị Minh'],
    [undefined, 'female', 'chị', 'chị'],
    [undefined, undefined, 'anh/chị', 'anh/chị'],
  ])('addresses %j (%s) in Vietnamese as %s / %s', (name, gender, pronoun, named) => {
    expect(formOfAddress('vi', name, gender)).toEqual({ pronoun, named });
  });

  it('uses the given name in English, or "there" without a name', () => {
    expect(formOfAddress('en', 'Trần Thu Hà', 'female')).toEqual({ pronoun: 'you', named: 'Hà' });
    expect(formOfAddress('en')).toEqual({ pronoun: 'you', named: 'there' });
  });

  it('lets the gender field win over the middle-name guess, and guesses nothing from an empty name', () => {
    expect(honorificOf('Nguyễn Thị Lan', 'male')).toBe('anh');
    expect(honorificOf('Nguyễn Văn Đức')).toBe('anh');
    expect(honorificOf('', undefined)).toBeUndefined();
  });
});
