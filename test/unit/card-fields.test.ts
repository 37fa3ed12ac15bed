// The card's field names and validators (issue 17): what staff type after /sua.
import { describe, expect, it } from '@jest/globals';
import { CARD_FIELDS, matchCardField, parseCardValue, type CardField, type CardLists, type CardValue } from '../../src/domain/card-fields.js';
import { KEY_FIELDS, profileCompleteness, type ProfileFields } from '../../src/domain/completeness.js';

const today = { year: 2026, month: 3, day: 10 };
const lists: CardLists = { groups: ['Khách mới', 'Khách VIP'], sources: ['Vãng lai', 'Facebook', 'Giới thiệu'], branches: ['q1', 'q3'] };

describe('matchCardField', () => {
  it.each([
    ['email lan@example.com', 'email', 'lan@example.com'],
    ['nghe ke toan', 'occupation', 'ke toan'],
    ['nghề nghiệp Kế toán', 'occupation', 'Kế toán'],
    ['dia chi 12 Lê Lợi, Q1', 'address', '12 Lê Lợi, Q1'],
    ['Địa chỉ: 12 Lê Lợi', 'address', '12 Lê Lợi'],
    ['nhóm khách VIP', 'group', 'VIP'],
    ['ngay sinh âm lịch 15/8', 'birthday', 'âm lịch 15/8'],
    ['gioi tinh nữ', 'gender', 'nữ'],
    ['quản lý Hoa', 'manager', 'Hoa'],
    ['sdt 0912 345 678', 'phone', '0912 345 678'],
    ['address 5 Hai Bà Trưng', 'address', '5 Hai Bà Trưng'],
    ['nguon', 'source', ''],
  ])('reads %p as %s', (text, field, rest) => {
    expect(matchCardField(text)).toEqual({ field, rest });
  });

  it('knows no field in an ordinary sentence', () => {
    expect(matchCardField('khách quen của Hoa')).toBeNull();
  });
});

describe('parseCardValue', () => {
  it('takes a lunar birthday in the ways staff write it', () => {
    expect(parseCardValue('birthday', 'âm lịch 15/8', today, lists)).toEqual({ ok: true, value: { field: 'birthday', lunar: { day: 15, month: 8, leapMonth: false } } });
    expect(parseCardValue('birthday', 'al 1/4 nhuận', today, lists)).toEqual({ ok: true, value: { field: 'birthday', lunar: { day: 1, month: 4, leapMonth: true } } });
    expect(parseCardValue('birthday', 'âm lịch 31/8', today, lists)).toEqual({ ok: false, reason: { kind: 'lunar_birthday' } });
  });

  it('uses the intake validators for name, phone and a solar birthday', () => {
    expect(parseCardValue('phone', '0912 345 678', today, lists)).toEqual({ ok: true, value: { field: 'phone', e164: '+84912345678' } });
    expect(parseCardValue('phone', '0912', today, lists)).toEqual({ ok: false, reason: { kind: 'phone', reason: 'too_short' } });
    expect(parseCardValue('birthday', '31/2', today, lists)).toEqual({ ok: false, reason: { kind: 'birthday', reason: 'no_such_date' } });
    expect(parseCardValue('name', 'nguyễn thị lan', today, lists).ok).toBe(true);
  });

  it('asks the gender instead of guessing it: only a stated value is taken', () => {
    expect(parseCardValue('gender', 'Nữ', today, lists)).toEqual({ ok: true, value: { field: 'gender', gender: 'female' } });
    expect(parseCardValue('gender', 'Nguyễn Thị Lan', today, lists)).toEqual({ ok: false, reason: { kind: 'gender' } });
  });

  it('takes groups, sources and branches from the spa lists without diacritics', () => {
    expect(parseCardValue('group', 'khach vip', today, lists)).toEqual({ ok: true, value: { field: 'group', group: 'Khách VIP' } });
    expect(parseCardValue('group', 'Bạch kim', today, lists)).toEqual({ ok: false, reason: { kind: 'not_in_list', list: lists.groups } });
    expect(parseCardValue('source', 'vang lai', today, lists)).toEqual({ ok: true, value: { field: 'source', source: 'Vãng lai' } });
    expect(parseCardValue('source', 'gioi thieu 0912 345 678', today, lists)).toEqual({ ok: true, value: { field: 'source', source: 'Giới thiệu', referrer: '0912 345 678' } });
    expect(parseCardValue('branch', 'Q1', today, lists)).toEqual({ ok: true, value: { field: 'branch', branchId: 'q1' } });
    expect(parseCardValue('branch', 'Q9', today, lists).ok).toBe(false);
  });

  it('refuses a malformed email and an address past its limit', () => {
    expect(parseCardValue('email', 'lan@', today, lists)).toEqual({ ok: false, reason: { kind: 'email' } });
    expect(parseCardValue('email', 'Lan@Example.com', today, lists)).toEqual({ ok: true, value: { field: 'email', email: 'lan@example.com' } });
    expect(parseCardValue('address', 'x'.repeat(201), today, lists)).toEqual({ ok: false, reason: { kind: 'too_long', max: 200 } });
  });
});

describe('completeness', () => {
  it('counts a lunar birthday as the birthday and reaches 100 %', () => {
    const full = { name: 'Lan', phone: '+84912345678', lunarBirthday: { day: 15, month: 8 }, gender: 'female', email: 'a@b.vn', address: 'x', occupation: 'y', needs: [1] };
    expect(profileCompleteness(full)).toEqual({ missing: [], percent: 100 });
  });
});

describe('completeness counts only settable fields (issue 17: "a card reaches 100 %")', () => {
  /** What staff type after /sua for each field, the way /bosung asks it. */
  const TYPED: Record<CardField, string> = {
    name: 'Nguyễn Thị Lan',
    phone: '0912 345 678',
    birthday: '12/3/1990',
    email: 'lan@gmail.com',
    gender: 'nữ',
    address: '12 Lê Lợi, Q1',
    occupation: 'kế toán',
    facebook: 'facebook.com/lan',
    group: 'Khách VIP',
    source: 'Facebook',
    branch: 'q1',
    manager: 'Hoa',
    needs: 'Trị mụn',
  };
  /** The card keys a parsed value fills, as the card-edit service stores them (services/card-edits.ts toChange). */
  function fill(p: ProfileFields & Record<string, unknown>, v: CardValue): ProfileFields & Record<string, unknown> {
    switch (v.field) {
      case 'name':
        return { ...p, name: v.name };
      case 'phone':
        return { ...p, phone: v.e164 };
      case 'birthday':
        return 'lunar' in v ? { ...p, lunarBirthday: v.lunar } : { ...p, birthday: v.solar };
      case 'email':
        return { ...p, email: v.email };
      case 'gender':
        return { ...p, gender: v.gender };
      case 'address':
      case 'occupation':
      case 'facebook':
        return { ...p, [v.field]: v.text };
      case 'group':
        return { ...p, group: v.group };
      case 'source':
        return { ...p, source: v.source };
      case 'branch':
        return { ...p, branchId: v.branchId };
      case 'manager':
        return { ...p, managerStaffId: v.staffName };
      case 'needs':
        return { ...p, needs: [...(p.needs ?? []), { service: v.service }] };
    }
  }
  const parsed = (field: CardField, typed = TYPED[field]): CardValue => {
    const r = parseCardValue(field, typed, today, lists);
    if (!r.ok) throw new Error(`${field}: ${JSON.stringify(r.reason)}`);
    return r.value;
  };

  it('every field completeness counts is one /sua and /bosung can set', () => {
    expect(KEY_FIELDS.filter((f) => !(CARD_FIELDS as readonly string[]).includes(f))).toEqual([]);
  });

  it('a card with every settable field set by its validator is 100 %, with a solar or a lunar birthday', () => {
    const card = CARD_FIELDS.reduce((p, field) => fill(p, parsed(field)), {} as ProfileFields & Record<string, unknown>);
    expect(profileCompleteness(card)).toEqual({ missing: [], percent: 100 });
    const lunar = { ...fill(card, parsed('birthday', 'âm lịch 15/8')), birthday: undefined };
    expect(profileCompleteness(lunar)).toEqual({ missing: [], percent: 100 });
  });

  it.each([...KEY_FIELDS])('a card missing only %s is below 100 % and names it', (missing) => {
    const card = CARD_FIELDS.filter((f) => f !== missing).reduce((p, field) => fill(p, parsed(field)), {} as ProfileFields & Record<string, unknown>);
    const r = profileCompleteness(card);
    expect(r.missing).toEqual([missing]);
    expect(r.percent).toBeLessThan(100);
  });
});
