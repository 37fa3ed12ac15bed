// Segment rules at every threshold, their reasons in words, and the slices they are cut by.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { classifyCustomer, defaultSegmentSettings as S, usualIntervalDays, type CustomerFacts, type Segment } from '../../src/domain/segments.js';
import { explainSegment, shortVnd } from '../../src/domain/segment-reasons.js';
import { ageBandOf, matchesSlices, parseSlices, sliceAttributes } from '../../src/domain/segment-slices.js';

const NOW = new Date('2026-12-02T03:00:00Z');
const daysAgo = (n: number): Date => new Date(NOW.getTime() - n * 86_400_000);
/** Visits at the given days ago, each `amount` VND. */
const facts = (visitDaysAgo: number[], amount = 300_000, extra: Partial<CustomerFacts> = {}): CustomerFacts => ({
  registeredAt: daysAgo(Math.max(400, ...visitDaysAgo)),
  visits: visitDaysAgo.map((d) => ({ at: daysAgo(d), amountVnd: amount })),
  ...extra,
});
const seg = (f: CustomerFacts): Segment => classifyCustomer(f, NOW, S).segment;

describe('segment thresholds (defaults: new 30, VIP 10 tr in 12 months, regular 3, at risk ×1.5, dormant 90, lost 180)', () => {
  it.each<[string, CustomerFacts, Segment]>([
    ['never came, registered yesterday', { registeredAt: daysAgo(1), visits: [] }, 'tiem_nang'],
    ['never came, registered two years ago', { registeredAt: daysAgo(730), visits: [] }, 'tiem_nang'],
    ['first visit exactly 30 days ago', facts([30]), 'moi'],
    ['first visit 31 days ago, once', facts([31]), 'vang_lai'],
    ['first visit today', facts([0]), 'moi'],
    // single visit: usual interval assumed 30 days → at risk past 45
    ['came once, 45 days ago', facts([45]), 'vang_lai'],
    ['came once, 46 days ago', facts([46]), 'sap_roi'],
    // interval 20 days (visits 60,40,20 ago... last 20 ago): at risk past 30
    ['every 20 days, last 30 days ago', facts([70, 50, 30]), 'than_thiet'],
    ['every 20 days, last 31 days ago', facts([71, 51, 31]), 'sap_roi'],
    ['dormant threshold − 1 (89 days)', facts([129, 109, 89]), 'sap_roi'],
    ['dormant threshold (90 days)', facts([130, 110, 90]), 'ngu_dong'],
    ['lost threshold − 1 (179 days)', facts([300, 179]), 'ngu_dong'],
    ['lost threshold (180 days)', facts([300, 180]), 'da_mat'],
    ['VIP spend exactly 10 tr', facts([100, 80, 60, 40, 20], 2_000_000), 'vip'],
    ['VIP spend 1 ₫ short', facts([100, 80, 60, 40, 20], 2_000_000, { payments: [{ at: daysAgo(5), amountVnd: -1 }] }), 'than_thiet'],
    ['regular visits − 1 (2 in the window)', facts([400, 40, 20]), 'vang_lai'],
    ['regular visits (3 in the window)', facts([60, 40, 20]), 'than_thiet'],
    ['spend outside the 12-month window does not count', facts([400, 380, 20], 5_000_000), 'vang_lai'],
    ['a package payment in the window counts as spend', facts([60, 40, 20], 100_000, { payments: [{ at: daysAgo(10), amountVnd: 9_700_000 }] }), 'vip'],
    ['overdue but booked to come back is not at risk', facts([71, 51, 31], 300_000, { nextAppointmentAt: new Date(NOW.getTime() + 86_400_000) }), 'than_thiet'],
    ['dormant but booked: not dormant', facts([300, 200, 120], 300_000, { nextAppointmentAt: new Date(NOW.getTime() + 86_400_000) }), 'than_thiet'],
    ['a past appointment does not count as booked', facts([71, 51, 31], 300_000, { nextAppointmentAt: daysAgo(1) }), 'sap_roi'],
    ['new wins over VIP for the first 30 days', facts([25, 10], 6_000_000), 'moi'],
    ['at risk wins over VIP', facts([150, 120, 90, 50], 5_000_000), 'sap_roi'],
  ])('%s', (_label, f, expected) => {
    expect(seg(f)).toBe(expected);
  });

  it('moves with every setting', () => {
    const f = facts([100, 80, 60, 40, 20], 2_000_000);
    expect(classifyCustomer(f, NOW, { ...S, vipSpendVnd: 10_000_001 }).segment).toBe('than_thiet');
    expect(classifyCustomer(f, NOW, { ...S, regularVisits: 6, vipSpendVnd: 1e12 }).segment).toBe('vang_lai');
    expect(classifyCustomer(facts([40]), NOW, { ...S, newDays: 40 }).segment).toBe('moi');
    expect(classifyCustomer(facts([40]), NOW, { ...S, defaultIntervalDays: 20 }).segment).toBe('sap_roi');
    expect(classifyCustomer(facts([300, 60]), NOW, { ...S, dormantDays: 60 }).segment).toBe('ngu_dong');
    expect(classifyCustomer(facts([300, 60]), NOW, { ...S, lostDays: 60 }).segment).toBe('da_mat');
    expect(classifyCustomer(facts([71, 51, 31]), NOW, { ...S, atRiskFactor: 2 }).segment).toBe('than_thiet');
    expect(classifyCustomer(facts([400, 380, 20], 5_000_000), NOW, { ...S, windowMonths: 14 }).segment).toBe('vip');
  });

  it('ignores visits after now (a clock set back sees the past)', () => {
    expect(seg({ registeredAt: daysAgo(10), visits: [{ at: new Date(NOW.getTime() + 3_600_000), amountVnd: 1 }] })).toBe('tiem_nang');
  });

  it('always gives exactly one known segment, whatever the history', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 30 }), fc.integer({ min: 0, max: 5_000_000 }), (days, amount) => {
        const r = classifyCustomer(facts(days, amount), NOW, S);
        expect(['moi', 'tiem_nang', 'than_thiet', 'vip', 'sap_roi', 'ngu_dong', 'da_mat', 'vang_lai']).toContain(r.segment);
        expect(r.figures.totalVisits).toBe(days.length);
        if (days.length === 0) expect(r.segment).toBe('tiem_nang');
      }),
    );
  });
});

describe('usual interval', () => {
  it.each<[number[], number | undefined]>([
    [[], undefined],
    [[5], undefined],
    [[5, 5], undefined],
    [[40, 20], 20],
    [[60, 40, 20, 19], 20],
    [[100, 90, 70, 40], 20],
  ])('visits %j days ago → %s', (ago, expected) => {
    expect(usualIntervalDays(ago.map((d) => daysAgo(d).getTime()))).toBe(expected);
  });
});

describe('reasons in words', () => {
  const say = (f: CustomerFacts, lang: 'vi' | 'en' = 'vi'): string => {
    const r = classifyCustomer(f, NOW, S);
    return explainSegment(r.segment, r.figures, NOW, S, lang);
  };
  it.each<[string, CustomerFacts, string, string]>([
    ['VIP', facts([330, 300, 270, 240, 210, 180, 150, 120, 90, 60, 40, 20], 1_533_333), 'VIP: 12 lần đến, 18,4 tr₫ trong 12 tháng', 'VIP: 12 visits, ₫18.4M in 12 months'],
    ['at risk', facts([110, 89, 68, 47]), 'sắp rời: thường 21 ngày quay lại, đã 47 ngày', 'at risk: usually back every 21 days, now 47 days'],
    ['at risk after one visit', facts([50]), 'sắp rời: mới đến 1 lần, đã 50 ngày chưa quay lại', 'at risk: came once, not back for 50 days'],
    ['new', facts([12]), 'mới: lần đầu đến 12 ngày trước', 'new: first visit 12 days ago'],
    ['prospect', { registeredAt: daysAgo(3), visits: [] }, 'tiềm năng: đăng ký 3 ngày trước, chưa đến lần nào', 'prospect: registered 3 days ago, has not come yet'],
    ['regular', facts([60, 40, 20]), 'thân thiết: 3 lần đến trong 12 tháng, thường 20 ngày quay lại', 'regular: 3 visits in 12 months, usually back every 20 days'],
    ['dormant', facts([300, 200, 120]), 'ngủ đông: đã 120 ngày chưa quay lại (3 lần đến)', 'dormant: not back for 120 days (3 visits)'],
    ['lost', facts([400]), 'đã mất: đã 400 ngày chưa quay lại (1 lần đến)', 'lost: not back for 400 days (1 visit)'],
    ['occasional', facts([400, 40]), 'vãng lai: 1 lần đến trong 12 tháng, lần cuối 40 ngày trước', 'occasional: 1 visit in 12 months, last 40 days ago'],
  ])('%s', (_l, f, vi, en) => {
    expect(say(f, 'vi')).toBe(vi);
    expect(say(f, 'en')).toBe(en);
  });

  it('counts days from the stored dates when shown, not when computed', () => {
    const r = classifyCustomer(facts([110, 89, 68, 47]), NOW, S);
    const later = new Date(NOW.getTime() + 3 * 86_400_000);
    expect(explainSegment(r.segment, r.figures, later, S, 'vi')).toBe('sắp rời: thường 21 ngày quay lại, đã 50 ngày');
  });

  it.each<[number, string, string]>([
    [0, '0₫', '₫0'],
    [400, '400₫', '₫400'],
    [950_000, '950k₫', '₫950K'],
    [999_600, '1 tr₫', '₫1M'],
    [999_960_000, '1 tỷ₫', '₫1B'],
    [350_000, '350k₫', '₫350K'],
    [18_400_000, '18,4 tr₫', '₫18.4M'],
    [10_000_000, '10 tr₫', '₫10M'],
    [1_200_000_000, '1,2 tỷ₫', '₫1.2B'],
  ])('short money %d', (n, vi, en) => {
    expect(shortVnd(n, 'vi')).toBe(vi);
    expect(shortVnd(n, 'en')).toBe(en);
  });
});

describe('slices', () => {
  const attrs = sliceAttributes({
    branchId: 'q1',
    source: 'Facebook',
    needs: ['Trị mụn'],
    services: ['Massage body'],
    rank: 'vang',
    birthYear: 1990,
    gender: 'female',
    occupation: 'Giáo viên',
    group: 'Khách quen',
    notes: [
      { kind: 'family', text: 'Có con nhỏ 3 tuổi' },
      { kind: 'hobby', text: 'Thích yoga' },
      { kind: 'skin', text: 'Da dầu, có con nhỏ' },
    ],
    thisYear: 2026,
  });

  it.each<[string, boolean]>([
    ['chi_nhanh:q1', true],
    ['chinhanh:q2', false],
    ['nguon:facebook', true],
    ['nhu_cau:"tri mun"', true],
    ['dich_vu:massage', true],
    ['hang:vang', true],
    ['hang:"kim cương"', false],
    ['tuoi:35-44', true],
    ['tuoi:25-34', false],
    ['do_tuoi:35-44 gioi_tinh:nữ', true],
    ['gioitinh:nam', false],
    ['nghe:"giáo viên"', true],
    ['nhom:"khach quen"', true],
    ['ghichu:"con nho"', true],
    ['ghichu:yoga', true],
    ['ghichu:"da dau"', false],
    ['branch=q1 note="có con nhỏ" gender=female', true],
    ['', true],
  ])('%s → %s', (text, expected) => {
    const parsed = parseSlices(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(matchesSlices(attrs, parsed.value)).toBe(expected);
  });

  it.each<[string, string]>([
    ['$where:1', 'unknown_key'],
    ['a.b:1', 'unknown_key'],
    ['constructor:x', 'unknown_key'],
    ['__proto__:x', 'unknown_key'],
    ['gioitinh:xyz', 'bad_value'],
    ['tuoi:200', 'bad_value'],
    ['chinhanh', 'not_understood'],
  ])('refuses %s (%s)', (text, kind) => {
    const parsed = parseSlices(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason.kind).toBe(kind);
  });

  it.each<[number | undefined, string | undefined]>([
    [undefined, undefined],
    [2002, '<25'],
    [2001, '25-34'],
    [1992, '25-34'],
    [1991, '35-44'],
    [1982, '35-44'],
    [1981, '45-54'],
    [1972, '45-54'],
    [1971, '55+'],
    [2030, undefined],
  ])('born %s → age band %s in 2026', (year, band) => {
    expect(ageBandOf(year, 2026)).toBe(band);
  });

  it('keeps only hobby and family notes', () => {
    expect(attrs.notes).toEqual(['co con nho 3 tuoi', 'thich yoga']);
  });
});
