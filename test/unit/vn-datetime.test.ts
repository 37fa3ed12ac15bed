// The Vietnamese day-and-time reader at its edges: past times, weekdays on the day itself, midnight, noon, names.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { findVnWhen, findVnWhenOn, formatClock, tokensBesides, weekdayOf } from '../../src/domain/vn-datetime.js';

const TZ = 'Asia/Ho_Chi_Minh';
// Wednesday 2 December 2026, 10:00 in Hanoi.
const NOW = new Date('2026-12-02T03:00:00Z');

function when(text: string, now = NOW): string {
  const r = findVnWhen(text, now, TZ);
  if (!r.ok) return `!${r.reason}`;
  const { date, time } = r.value.when;
  const d = `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
  return time ? `${d} ${formatClock(time)}` : d;
}

describe('findVnWhen', () => {
  it.each([
    // times alone: today while ahead, else tomorrow
    ['15h', '2026-12-02 15:00'],
    ['15h30', '2026-12-02 15:30'],
    ['15:30', '2026-12-02 15:30'],
    ['15g', '2026-12-02 15:00'],
    ['9h30p', '2026-12-03 09:30'], // 09:30 is past at 10:00: tomorrow
    ['10h', '2026-12-03 10:00'], // exactly now is not ahead
    ['10h01', '2026-12-02 10:01'],
    ['3 giờ chiều', '2026-12-02 15:00'],
    ['3 giờ rưỡi chiều', '2026-12-02 15:30'],
    ['3h', '2026-12-02 15:00'], // a bare 1–7 is the afternoon
    ['3h sáng', '2026-12-03 03:00'],
    ['9h sáng', '2026-12-03 09:00'],
    ['8 giờ tối', '2026-12-02 20:00'],
    ['12h trưa', '2026-12-02 12:00'],
    ['12h', '2026-12-02 12:00'],
    ['1h trưa', '2026-12-02 13:00'],
    ['0h', '2026-12-03 00:00'], // midnight: the start of the next day
    ['12h đêm', '2026-12-03 00:00'],
    ['11h đêm', '2026-12-02 23:00'],
    ['lúc 16h 15', '2026-12-02 16:15'],
    // days
    ['mai', '2026-12-03'],
    ['ngày mai 9h', '2026-12-03 09:00'],
    ['sáng mai 9h', '2026-12-03 09:00'],
    ['mai 8h tối', '2026-12-03 20:00'],
    ['mốt', '2026-12-04'],
    ['ngày mốt 14h', '2026-12-04 14:00'],
    ['ngày kia', '2026-12-04'],
    ['hôm nay 17h', '2026-12-02 17:00'],
    ['tối nay 7h', '2026-12-02 19:00'],
    // weekdays (today is thứ 4): next such day counting today
    ['thứ 6', '2026-12-04'],
    ['thứ 6 15h', '2026-12-04 15:00'],
    ['t6 15h', '2026-12-04 15:00'],
    ['thứ sáu 9h sáng', '2026-12-04 09:00'],
    ['thứ 4', '2026-12-02'], // today, no time given
    ['thứ 4 15h', '2026-12-02 15:00'], // today, still ahead
    ['thứ 4 9h sáng', '2026-12-09 09:00'], // today but past: next week
    ['thứ 2', '2026-12-07'],
    ['t7', '2026-12-05'],
    ['chủ nhật', '2026-12-06'],
    ['cn 10h', '2026-12-06 10:00'],
    ['chu nhat 10h', '2026-12-06 10:00'],
    ['thứ 6 tuần sau', '2026-12-11'],
    ['thứ 2 tuần tới 9h sáng', '2026-12-07 09:00'],
    // dates
    ['25/12 9h30', '2026-12-25 09:30'],
    ['ngày 25/12', '2026-12-25'],
    ['1/1', '2027-01-01'], // this year's 1/1 has passed: next year
    ['25/12/2026 9h30', '2026-12-25 09:30'],
    ['2/12 15h', '2026-12-02 15:00'],
    // refusals
    ['2/12 9h', '!past'], // an explicit day whose time is gone is not moved
    ['hôm nay 9h', '!past'],
    ['1/1/2026', '!past'],
    ['31/2', '!bad_date'],
    ['25h', '!bad_time'],
    ['15h sáng', '!bad_time'],
    ['mai thứ 6', '!two_days'],
    ['massage mặt', '!none'],
    ['', '!none'],
  ])('%s → %s', (text, expected) => {
    expect(when(text)).toBe(expected);
  });

  it('keeps a technician or customer called Mai as a name', () => {
    expect(when('thứ 6 15h chị Mai')).toBe('2026-12-04 15:00');
    expect(when('15h Mai')).toBe('2026-12-02 15:00');
    const r = findVnWhen('Lan thứ 6 15h massage mặt chị Mai', NOW, TZ);
    expect(r.ok && tokensBesides('Lan thứ 6 15h massage mặt chị Mai', r.value.used)).toEqual(['Lan', 'massage', 'mặt', 'chị', 'Mai']);
  });

  it('leaves everything but the day and time to the caller', () => {
    const line = 'Lan 0912345678 thứ 6 15h massage mặt chị Hoa';
    const r = findVnWhen(line, NOW, TZ);
    expect(r.ok && tokensBesides(line, r.value.used)).toEqual(['Lan', '0912345678', 'massage', 'mặt', 'chị', 'Hoa']);
  });

  it('reads the same wall clock in the business zone whatever the instant (late evening UTC is the next day)', () => {
    // 23:30 local on Wednesday = 16:30Z: "15h" is tomorrow (Thursday).
    expect(when('15h', new Date('2026-12-02T16:30:00Z'))).toBe('2026-12-03 15:00');
    // 00:30 local on Thursday = 17:30Z on Wednesday: "thứ 5" is today.
    expect(when('thứ 5 9h', new Date('2026-12-02T17:30:00Z'))).toBe('2026-12-03 09:00');
  });

  it('never lands in the past and a weekday is always that weekday, within a week', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 24 * 60 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 8, max: 20 }), (minutes, wd, hour) => {
        const now = new Date(NOW.getTime() + minutes * 60_000);
        const label = wd === 0 ? 'chủ nhật' : `thứ ${wd + 1}`;
        const r = findVnWhen(`${label} ${hour}h`, now, TZ);
        if (!r.ok) return false;
        const { date, time } = r.value.when;
        const at = Date.UTC(date.year, date.month - 1, date.day, time!.hour - 7, time!.minute);
        return weekdayOf(date) === wd && at > now.getTime() && at - now.getTime() <= 7 * 24 * 3_600_000;
      }),
    );
  });
});

describe('findVnWhenOn (a time asked for a known day)', () => {
  const FRIDAY = { year: 2026, month: 12, day: 4 };
  const on = (text: string, day = FRIDAY): string => {
    const r = findVnWhenOn(text, day, NOW, TZ);
    if (!r.ok) return `!${r.reason}`;
    const { date, time } = r.value.when;
    return `${date.day}/${date.month} ${time ? formatClock(time) : '-'}`;
  };
  it.each([
    ['16h', '4/12 16:00'],
    ['3 giờ chiều', '4/12 15:00'],
    ['9h30', '4/12 09:30'],
    ['thứ 7 10h', '5/12 10:00'], // a day of its own wins
    ['mai 9h', '3/12 09:00'],
    ['25h', '!bad_time'],
    ['xin chào', '4/12 -'],
  ])('%s → %s', (text, expected) => expect(on(text)).toBe(expected));
  it('refuses a time already past on today', () => expect(on('9h', { year: 2026, month: 12, day: 2 })).toBe('!past'));
  it('gives the token indexes of the line itself', () => {
    const r = findVnWhenOn('massage 16h', FRIDAY, NOW, TZ);
    expect(r.ok && r.value.used).toEqual([1]);
  });
});
