import { describe, expect, it } from '@jest/globals';
import { lastWeeks, weekIndex } from '../../src/domain/weeks.js';

const TZ = 'Asia/Ho_Chi_Minh';

describe('lastWeeks', () => {
  it('ends with the current business week, which starts on Monday at local midnight', () => {
    // Wednesday 2 December 2026, 06:00 in Vietnam.
    const weeks = lastWeeks(new Date('2026-12-01T23:00:00Z'), TZ, 3);
    expect(weeks.map((w) => w.start)).toEqual([
      { year: 2026, month: 11, day: 16 },
      { year: 2026, month: 11, day: 23 },
      { year: 2026, month: 11, day: 30 },
    ]);
    expect(weeks[2]!.from.toISOString()).toBe('2026-11-29T17:00:00.000Z');
    expect(weeks[2]!.to.toISOString()).toBe('2026-12-06T17:00:00.000Z');
  });

  it('counts Sunday late evening in the week that started the Monday before', () => {
    // Sunday 6 December 2026, 23:30 in Vietnam.
    const at = new Date('2026-12-06T16:30:00Z');
    const weeks = lastWeeks(at, TZ, 2);
    expect(weeks[1]!.start).toEqual({ year: 2026, month: 11, day: 30 });
    expect(weekIndex(weeks, at)).toBe(1);
    expect(weekIndex(weeks, new Date('2026-12-06T17:00:00Z'))).toBe(-1);
    expect(weekIndex(weeks, new Date('2026-11-22T16:59:59Z'))).toBe(-1); // Sunday 22 Nov, 23:59:59 local
    expect(weekIndex(weeks, new Date('2026-11-22T17:00:00Z'))).toBe(0); // Monday 23 Nov, midnight local
  });
});
