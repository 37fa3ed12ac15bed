// Quiet hours in the business time zone, including the period that spans midnight.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isQuietAt, quietUntil } from '../../src/domain/quiet-hours.js';

const vn = { start: '21:00', end: '08:00', timeZone: 'Asia/Ho_Chi_Minh' };

describe('quietUntil', () => {
  it.each([
    ['2026-03-12T13:59:00Z', null], // 20:59 local
    ['2026-03-12T14:00:00Z', '2026-03-13T01:00:00.000Z'], // 21:00 local → 08:00 next morning
    ['2026-03-12T19:30:00Z', '2026-03-13T01:00:00.000Z'], // 02:30 local on the 13th
    ['2026-03-12T00:59:00Z', '2026-03-12T01:00:00.000Z'], // 07:59 local
    ['2026-03-12T01:00:00Z', null], // 08:00 local
  ])('at %s waits until %s', (at, until) => {
    expect(quietUntil(new Date(at), vn)?.toISOString() ?? null).toBe(until);
  });

  it('handles a quiet period inside one day', () => {
    const lunch = { start: '12:00', end: '13:30', timeZone: 'Asia/Ho_Chi_Minh' };
    expect(quietUntil(new Date('2026-03-12T05:15:00Z'), lunch)?.toISOString()).toBe('2026-03-12T06:30:00.000Z');
    expect(isQuietAt(new Date('2026-03-12T06:30:00Z'), lunch)).toBe(false);
  });

  it('has no quiet hours when start equals end', () => {
    expect(isQuietAt(new Date('2026-03-12T20:00:00Z'), { ...vn, end: '21:00' })).toBe(false);
  });

  it('always ends in the future and outside the quiet period', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 366 * 24 * 60 }), (minute) => {
        const at = new Date(Date.UTC(2026, 0, 1) + minute * 60_000);
        const until = quietUntil(at, vn);
        if (until === null) return;
        expect(until.getTime()).toBeGreaterThan(at.getTime());
        expect(until.getTime() - at.getTime()).toBeLessThanOrEqual(11 * 3_600_000);
        expect(isQuietAt(until, vn)).toBe(false);
      }),
    );
  });
});
