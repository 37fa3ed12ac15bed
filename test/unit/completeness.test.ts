// Profile completeness: which key fields a bot still has to ask for, and the progress percentage.
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { intakeGaps, KEY_FIELDS, profileCompleteness } from '../../src/domain/completeness.js';

const full = {
  name: 'Nguyễn Thị Lan',
  phone: '+84912345678',
  birthday: { day: 12, month: 3 },
  gender: 'female',
  email: 'lan@example.com',
  address: '12 Lý Thường Kiệt, Hà Nội',
  occupation: 'giáo viên',
  needs: ['facial'],
};

describe('profileCompleteness', () => {
  it('reports everything missing on a brand-new profile', () => {
    expect(profileCompleteness({})).toEqual({ missing: [...KEY_FIELDS], percent: 0 });
  });

  it('reports 100% when every key field is filled', () => {
    expect(profileCompleteness(full)).toEqual({ missing: [], percent: 100 });
  });

  it('counts empty strings, blank strings, nulls and empty needs as missing', () => {
    expect(profileCompleteness({ ...full, email: '', address: '   ', occupation: null, needs: [] })).toEqual({
      missing: ['email', 'address', 'occupation', 'needs'],
      percent: 50,
    });
    expect(profileCompleteness({ ...full, birthday: null, gender: undefined })).toEqual({
      missing: ['birthday', 'gender'],
      percent: 75,
    });
  });

  it.each([
    [{ name: 'Lan' }, 13],
    [{ name: 'Lan', phone: '+84912345678' }, 25],
    [{ name: 'Lan', phone: '+84912345678', needs: ['massage'] }, 38],
  ])('rounds the percentage to a whole number (%j → %i%%)', (profile, percent) => {
    expect(profileCompleteness(profile).percent).toBe(percent);
  });

  it('lists missing fields in the order bots ask for them, with a consistent percentage', () => {
    const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(fc.oneof(value, fc.constant('' as const)), { nil: undefined });
    const profile = fc.record(
      {
        name: maybe(fc.string()),
        phone: maybe(fc.string()),
        birthday: fc.option(fc.constant({ day: 1, month: 1 }), { nil: null }),
        gender: maybe(fc.string()),
        email: maybe(fc.string()),
        address: maybe(fc.string()),
        occupation: maybe(fc.string()),
        needs: fc.option(fc.array(fc.string()), { nil: null }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(profile, (p) => {
        const { missing, percent } = profileCompleteness(p as Parameters<typeof profileCompleteness>[0]);
        expect(missing).toEqual(KEY_FIELDS.filter((f) => missing.includes(f)));
        expect(Number.isInteger(percent)).toBe(true);
        expect(percent).toBe(Math.round(((KEY_FIELDS.length - missing.length) / KEY_FIELDS.length) * 100));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('intakeGaps (when /start asks a known customer only the gaps)', () => {
  const stored = { name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3 }, needs: [{ service: 'Massage' }], consent: { care: true } };
  it('has nothing to ask when consent, phone, birthday and needs are on file, whatever else is missing', () => {
    expect(intakeGaps(stored)).toEqual([]);
    expect(profileCompleteness(stored).missing).toEqual(['gender', 'email', 'address', 'occupation']);
  });
  it.each<[string, Record<string, unknown>, string[]]>([
    ['no care consent', { consent: { care: false } }, ['consent']],
    ['no phone', { phone: undefined }, ['phone']],
    ['a whitespace-only phone', { phone: '  ' }, ['phone']],
    ['no birthday', { birthday: null }, ['birthday']],
    ['no needs', { needs: [] }, ['needs']],
  ])('reports %s', (_label, change, gaps) => {
    expect(intakeGaps({ ...stored, ...change })).toEqual(gaps);
  });
});
