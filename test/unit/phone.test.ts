// Vietnamese mobile parsing: every format customers type, legacy numbers, and what we refuse.
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { parseVnMobile, formatPhoneVn, maskPhone, phoneLastDigits, type PhoneReason } from '../../src/domain/phone.js';

describe('parseVnMobile', () => {
  it.each([
    ['0912 345 678', '+84912345678'],
    ['0912.345.678', '+84912345678'],
    ['0912-345-678', '+84912345678'],
    ['0912345678', '+84912345678'],
    ['+84 912345678', '+84912345678'],
    ['+84912345678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['(+84) 912 345 678', '+84912345678'],
    ['(84) 912 345 678', '+84912345678'],
    ['0084 912 345 678', '+84912345678'],
    ['+84 0912 345 678', '+84912345678'],
    ['912345678', '+84912345678'],
    ['  0912 345 678\n', '+84912345678'],
    ['0912\u00a0345\u00a0678', '+84912345678'],
    ['０９１２３４５６７８', '+84912345678'],
    ['0383 456 789', '+84383456789'],
    ['0703 456 789', '+84703456789'],
    ['0563 456 789', '+84563456789'],
    ['0593 456 789', '+84593456789'],
    ['0886 123 456', '+84886123456'],
  ])('accepts %j as %s', (input, e164) => {
    expect(parseVnMobile(input)).toEqual({ ok: true, value: { e164 } });
  });

  it.each([
    // Viettel
    ['0162 345 6789', '+84323456789'],
    ['0163 345 6789', '+84333456789'],
    ['0164 345 6789', '+84343456789'],
    ['0165 345 6789', '+84353456789'],
    ['0166 345 6789', '+84363456789'],
    ['0167 345 6789', '+84373456789'],
    ['0168 345 6789', '+84383456789'],
    ['0169 345 6789', '+84393456789'],
    // MobiFone
    ['0120 345 6789', '+84703456789'],
    ['0121 345 6789', '+84793456789'],
    ['0122 345 6789', '+84773456789'],
    ['0126 345 6789', '+84763456789'],
    ['0128 345 6789', '+84783456789'],
    // VinaPhone
    ['0123 345 6789', '+84833456789'],
    ['0124 345 6789', '+84843456789'],
    ['0125 345 6789', '+84853456789'],
    ['0127 345 6789', '+84813456789'],
    ['0129 345 6789', '+84823456789'],
    // Vietnamobile and Gmobile
    ['0186 345 6789', '+84563456789'],
    ['0188 345 6789', '+84583456789'],
    ['0199 345 6789', '+84593456789'],
  ])('remaps legacy %s to its 10-digit number', (input, e164) => {
    expect(parseVnMobile(input)).toEqual({ ok: true, value: { e164 } });
  });

  it('remaps legacy 0168 numbers to 038', () => {
    expect(parseVnMobile('01683456789')).toEqual({ ok: true, value: { e164: '+84383456789' } });
  });

  it('remaps legacy numbers written with the country code', () => {
    expect(parseVnMobile('+84 168 345 6789')).toEqual({ ok: true, value: { e164: '+84383456789' } });
    expect(parseVnMobile('841683456789')).toEqual({ ok: true, value: { e164: '+84383456789' } });
  });

  it.each<[string, PhoneReason]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\t\n', 'empty'],
    ['123', 'too_short'],
    ['0912 345', 'too_short'],
    ['+84', 'too_short'],
    ['+84 91234', 'too_short'],
    ['0912 345 6789', 'too_long'],
    ['0912345678901234567890', 'too_long'],
    ['0912 abc 678', 'not_a_number'],
    ['không có', 'not_a_number'],
    ['0912345678 📞', 'not_a_number'],
    ['+', 'not_a_number'],
    ['---', 'not_a_number'],
    ['0912+345678', 'not_a_number'],
    ['+1 202 555 0123', 'foreign'],
    ['+44 20 7946 0958', 'foreign'],
    ['+65 8123 4567', 'foreign'],
    ['0044 20 7946 0958', 'foreign'],
    ['024 3826 4567', 'landline'],
    ['028 3829 5000', 'landline'],
    ['+84 24 3826 4567', 'landline'],
    ['0236 382 1234', 'landline'],
    ['1800 1090', 'invalid'],
    ['0130 345 6789', 'invalid'],
    ['12345678901', 'too_long'],
    ['1234567890', 'invalid'],
  ])('rejects %j as %s', (input, reason) => {
    expect(parseVnMobile(input)).toEqual({ ok: false, reason });
  });

  it('never throws, whatever is pasted in', () => {
    const nasty = ['\u0000', '\u0000'.repeat(50), '😀😀😀', 'x'.repeat(5000), '9'.repeat(5000), ' '.repeat(5000), '\ud800', '+'.repeat(300)];
    for (const input of nasty) expect(() => parseVnMobile(input)).not.toThrow();
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => { parseVnMobile(s); }), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => { parseVnMobile(s); }), { numRuns: 2000 });
    fc.assert(fc.property(fc.stringMatching(/^[+\d .()-]{0,20}$/), (s) => { parseVnMobile(s); }), { numRuns: 2000 });
  });

  it('only ever returns +84 mobile numbers in E.164 form', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9 .()-]{0,16}$/), (s) => {
        const r = parseVnMobile(s);
        if (!r.ok) return;
        expect(r.value.e164).toMatch(/^\+84[1-9]\d{8}$/);
        expect(parseVnMobile(r.value.e164)).toEqual(r);
      }),
      { numRuns: 3000 },
    );
  });
});

// Prefixes in service today (Viettel, MobiFone, VinaPhone, Vietnamobile, Gmobile, iTel/Reddi).
// 052, 089 and 099 are only partly allocated, hence their four-digit entries.
const MOBILE_PREFIXES = [
  '032', '033', '034', '035', '036', '037', '038', '039', '0522', '0523', '0528', '056', '058', '059',
  '070', '076', '077', '078', '079', '081', '082', '083', '084', '085', '086', '087', '088',
  '0896', '0897', '0898', '0899', '090', '091', '092', '093', '094', '096', '097', '098',
  '0993', '0994', '0995', '0996', '0997', '0998', '0999',
];
const mobileE164 = fc
  .tuple(fc.constantFrom(...MOBILE_PREFIXES), fc.stringMatching(/^\d{7}$/))
  .map(([prefix, rest]) => `+84${(prefix + rest).slice(1, 10)}`);

describe('formatPhoneVn', () => {
  it('groups national numbers 4-3-3', () => {
    expect(formatPhoneVn('+84912345678')).toBe('0912 345 678');
    expect(formatPhoneVn('+84383456789')).toBe('0383 456 789');
  });

  it('leaves anything that is not a Vietnamese E.164 number alone', () => {
    expect(formatPhoneVn('+12025550123')).toBe('+12025550123');
    expect(formatPhoneVn('')).toBe('');
  });

  it('formats every valid mobile so that it parses back to the same number', () => {
    fc.assert(
      fc.property(mobileE164, (e164) => {
        expect(parseVnMobile(e164)).toEqual({ ok: true, value: { e164 } });
        expect(parseVnMobile(formatPhoneVn(e164))).toEqual({ ok: true, value: { e164 } });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('maskPhone', () => {
  it('hides the middle digits', () => {
    expect(maskPhone('+84912345678')).toBe('0912 *** 678');
  });

  it('never reveals more than the last three digits of an unexpected value', () => {
    expect(maskPhone('+12025550123')).toBe('*** 123');
    expect(maskPhone('12')).toBe('***');
  });
});

describe('phoneLastDigits', () => {
  it('gives the last n digits for "number ending in …" confirmations', () => {
    expect(phoneLastDigits('+84912345678', 4)).toBe('5678');
    expect(phoneLastDigits('+84912345678', 3)).toBe('678');
  });

  it('copes with silly counts', () => {
    expect(phoneLastDigits('+84912345678', 0)).toBe('');
    expect(phoneLastDigits('+84912345678', -2)).toBe('');
    expect(phoneLastDigits('+84912345678', Number.NaN)).toBe('');
    expect(phoneLastDigits('+84912345678', 50)).toBe('84912345678');
  });
});
