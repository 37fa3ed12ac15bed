// One-line quick add: what a receptionist types in a hurry, partial or misspelled.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseQuickAdd } from '../../src/domain/quick-add.js';

const services = ['Chăm sóc da', 'Trị mụn', 'Massage'];
const today = { year: 2026, month: 11, day: 23 };

describe('parseQuickAdd', () => {
  it.each([
    ['Lan 0912345678 12/3 trị mụn', { name: 'Lan', phone: '+84912345678', birthday: { day: 12, month: 3 }, needs: ['Trị mụn'] }],
    ['nguyễn thị lan 0912 345 678', { name: 'Nguyễn Thị Lan', phone: '+84912345678', needs: [] }],
    ['Mai +84 987 654 321 1/1/1990 massage, tri mun', { name: 'Mai', phone: '+84987654321', birthday: { day: 1, month: 1, year: 1990 }, needs: ['Trị mụn', 'Massage'] }],
    ['Hoa 0987654321 12 tháng 3 năm 1990', { name: 'Hoa', phone: '+84987654321', birthday: { day: 12, month: 3, year: 1990 } }],
    ['Lan 0912345678 da khô, hay dị ứng', { name: 'Lan', phone: '+84912345678', needs: [], note: 'da khô, hay dị ứng' }],
  ])('reads %s', (line, expected) => {
    expect(parseQuickAdd(line, services, today)).toMatchObject(expected);
  });

  it('leaves a misspelled phone out and marks it doubtful', () => {
    const r = parseQuickAdd('Lan 091234567 12/3', services, today);
    expect(r.phone).toBeUndefined();
    expect(r.doubtful).toContain('phone');
    expect(r.name).toBe('Lan');
  });

  it('marks an impossible date as doubtful instead of storing it', () => {
    const r = parseQuickAdd('Lan 0912345678 31/02', services, today);
    expect(r.birthday).toBeUndefined();
    expect(r.doubtful).toContain('birthday');
  });

  it('keeps only a phone when there is no name', () => {
    const r = parseQuickAdd('0912345678', services, today);
    expect(r).toMatchObject({ phone: '+84912345678', needs: [] });
    expect(r.name).toBeUndefined();
  });

  it('never throws and never invents a phone that does not parse', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = parseQuickAdd(s, services, today);
        if (r.phone) expect(r.phone).toMatch(/^\+84\d{9}$/);
      }),
    );
  });
});
