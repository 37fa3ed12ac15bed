// Prices as typed in Vietnamese chats ("350k", "1tr5", "2 triệu") and how we print them.
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { parseVnd, formatVnd, MAX_VND, type VndReason } from '../../src/domain/money.js';

describe('parseVnd', () => {
  it.each<[string, number]>([
    ['350000', 350_000],
    ['350.000', 350_000],
    ['350,000', 350_000],
    ['350 000', 350_000],
    ['1.500.000', 1_500_000],
    ['1,500,000', 1_500_000],
    ['350k', 350_000],
    ['350K', 350_000],
    ['2k5', 2_500],
    ['1.200k', 1_200_000],
    ['1tr', 1_000_000],
    ['1tr5', 1_500_000],
    ['1tr250', 1_250_000],
    ['1tr05', 1_050_000],
    ['1 tr 5', 1_500_000],
    ['1.5tr', 1_500_000],
    ['1,5tr', 1_500_000],
    ['1.25 triệu', 1_250_000],
    ['2 triệu', 2_000_000],
    ['2 TRIỆU', 2_000_000],
    ['2 trieu', 2_000_000],
    ['1 triệu 2', 1_200_000],
    ['1 triệu 500 nghìn', 1_500_000],
    ['1tr500k', 1_500_000],
    ['350 nghìn', 350_000],
    ['350 ngàn', 350_000],
    ['350 nghin', 350_000],
    ['2 củ', 2_000_000],
    ['1 tỷ', 1_000_000_000],
    ['1 tỷ 2', 1_200_000_000],
    ['350.000đ', 350_000],
    ['350.000 ₫', 350_000],
    ['350.000 VNĐ', 350_000],
    ['350000 vnd', 350_000],
    ['2 triệu đồng', 2_000_000],
    ['０', 0],
    ['0', 0],
  ])('reads %j as %i đồng', (input, expected) => {
    expect(parseVnd(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, VndReason]>([
    ['', 'not_understood'],
    ['   ', 'not_understood'],
    ['miễn phí', 'not_understood'],
    ['350.5', 'not_understood'],
    ['35.00.000', 'not_understood'],
    ['1.500,000', 'not_understood'],
    ['500k1tr', 'not_understood'],
    ['1tr1tr', 'not_understood'],
    ['2k5000', 'not_understood'],
    ['k', 'not_understood'],
    ['$350', 'not_understood'],
    ['350 000 000 nghìn tỷ', 'not_understood'],
    ['-350000', 'negative'],
    ['-1tr', 'negative'],
    ['−350k', 'negative'],
    ['2000 tỷ', 'too_large'],
    ['9'.repeat(400), 'too_large'],
  ])('rejects %j as %s', (input, reason) => {
    expect(parseVnd(input)).toEqual({ ok: false, reason });
  });

  it('accepts up to MAX_VND', () => {
    expect(parseVnd('1000 tỷ')).toEqual({ ok: true, value: MAX_VND });
  });

  it('never throws and only returns whole, in-range amounts', () => {
    const check = (s: string): void => {
      const r = parseVnd(s);
      if (r.ok) {
        expect(Number.isSafeInteger(r.value)).toBe(true);
        expect(r.value).toBeGreaterThanOrEqual(0);
        expect(r.value).toBeLessThanOrEqual(MAX_VND);
      }
    };
    for (const s of ['\u0000', '😀k', '1.'.repeat(3000), 'tr'.repeat(3000), '\ud800']) check(s);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), check), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), check), { numRuns: 2000 });
    fc.assert(fc.property(fc.stringMatching(/^-?[0-9.,]{0,8}(k|tr|trieu|ty)?[0-9]{0,4}$/), check), { numRuns: 3000 });
  });

  it('reads back every formatted amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_VND }), (n) => {
        expect(parseVnd(formatVnd(n))).toEqual({ ok: true, value: n });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatVnd', () => {
  it.each<[number, string]>([
    [350_000, '350.000 ₫'],
    [1_500_000, '1.500.000 ₫'],
    [0, '0 ₫'],
    [999, '999 ₫'],
    [1000, '1.000 ₫'],
    [-50_000, '-50.000 ₫'],
    [1234.6, '1.235 ₫'],
  ])('prints %i as %j', (n, expected) => {
    expect(formatVnd(n)).toBe(expected);
  });
});
