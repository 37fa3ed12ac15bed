// The customer card's settable fields (seed 000): their names as staff and customers type them (Vietnamese or
// English, matched without case or diacritics) and one validator each, the intake's own where the intake asks it.
import { parseBirthday, type Birthday, type BirthdayReason, type CalendarDay } from './birthday.js';
import type { LunarBirthday } from './lunar.js';
import { foldDiacritics, normalizeName, type NameReason } from './name.js';
import { parseVnMobile, type PhoneReason } from './phone.js';
import { err, ok, type Result } from './result.js';

export const CARD_FIELDS = ['name', 'phone', 'birthday', 'email', 'gender', 'address', 'occupation', 'facebook', 'group', 'source', 'branch', 'manager', 'needs'] as const;
export type CardField = (typeof CARD_FIELDS)[number];

/** What a customer may correct herself (issue 17); the rest is the spa's to keep. */
export const OWN_CARD_FIELDS = ['name', 'birthday', 'email', 'address'] as const satisfies readonly CardField[];
/** Reassigning who looks after a customer is the owner's or a manager's decision. */
export const MANAGER_ONLY_FIELDS = ['branch', 'manager'] as const satisfies readonly CardField[];

/** Names per field, folded (lower case, no diacritics); the first is the one shown in menus. */
const NAMES: Record<CardField, { vi: string; en: string; aliases: readonly string[] }> = {
  name: { vi: 'Họ tên', en: 'Name', aliases: ['ho ten', 'ten', 'ho va ten', 'name', 'full name'] },
  phone: { vi: 'Số điện thoại', en: 'Phone', aliases: ['sdt', 'so dien thoai', 'dien thoai', 'so dt', 'phone', 'mobile'] },
  birthday: { vi: 'Ngày sinh', en: 'Birthday', aliases: ['ngay sinh', 'sinh nhat', 'ns', 'birthday', 'dob'] },
  email: { vi: 'Email', en: 'Email', aliases: ['email', 'e-mail', 'mail', 'thu dien tu'] },
  gender: { vi: 'Giới tính', en: 'Gender', aliases: ['gioi tinh', 'gender', 'phai'] },
  address: { vi: 'Địa chỉ', en: 'Address', aliases: ['dia chi', 'address', 'noi o'] },
  occupation: { vi: 'Nghề nghiệp', en: 'Occupation', aliases: ['nghe nghiep', 'nghe', 'cong viec', 'occupation', 'job'] },
  facebook: { vi: 'Facebook', en: 'Facebook', aliases: ['facebook', 'fb', 'link facebook'] },
  group: { vi: 'Nhóm khách', en: 'Customer group', aliases: ['nhom khach', 'nhom', 'nhom khach hang', 'group', 'customer group'] },
  source: { vi: 'Nguồn khách', en: 'Source', aliases: ['nguon khach', 'nguon', 'source'] },
  branch: { vi: 'Chi nhánh', en: 'Branch', aliases: ['chi nhanh', 'co so', 'branch'] },
  manager: { vi: 'Người quản lý', en: 'Managing staff', aliases: ['nguoi quan ly', 'quan ly', 'nv quan ly', 'phu trach', 'manager'] },
  needs: { vi: 'Nhu cầu', en: 'Needs', aliases: ['nhu cau', 'quan tam', 'dich vu', 'needs', 'need'] },
};

export function cardFieldLabel(field: CardField, lang: 'vi' | 'en'): string {
  return NAMES[field][lang];
}

export const isCardField = (v: string): v is CardField => (CARD_FIELDS as readonly string[]).includes(v);

/**
 * The field a text starts with and the rest, word by word so the rest keeps its own diacritics and case:
 * "dia chi 12 Lê Lợi, Q1" → address, "12 Lê Lợi, Q1". The longest name wins ("nhom khach" before "nhom").
 */
export function matchCardField(text: string): { field: CardField; rest: string } | null {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  const folded = words.map((w) => foldDiacritics(w).replace(/[:=]+$/, ''));
  let best: { field: CardField; n: number } | null = null;
  for (const field of CARD_FIELDS) {
    for (const alias of NAMES[field].aliases) {
      const parts = alias.split(' ');
      if (parts.length > folded.length || (best && parts.length <= best.n)) continue;
      if (parts.every((p, i) => folded[i] === p)) best = { field, n: parts.length };
    }
  }
  if (!best) return null;
  return { field: best.field, rest: words.slice(best.n).join(' ').replace(/^[:=]\s*/, '') };
}

/** A parsed value, ready for the store (the service resolves the staff member and referrer it names). */
export type CardValue =
  | { field: 'name'; name: string }
  | { field: 'phone'; e164: string }
  | { field: 'birthday'; solar: Birthday }
  | { field: 'birthday'; lunar: LunarBirthday }
  | { field: 'email'; email: string }
  | { field: 'gender'; gender: 'female' | 'male' | 'other' }
  | { field: 'address' | 'occupation' | 'facebook'; text: string }
  | { field: 'group'; group: string }
  | { field: 'source'; source: string; /** For a referral: who referred her, as typed (phone or name). */ referrer?: string }
  | { field: 'branch'; branchId: string }
  | { field: 'manager'; staffName: string }
  | { field: 'needs'; service: string };

export type CardReason =
  | { kind: 'empty' }
  | { kind: 'name'; reason: NameReason }
  | { kind: 'phone'; reason: PhoneReason }
  | { kind: 'birthday'; reason: BirthdayReason }
  | { kind: 'lunar_birthday' }
  | { kind: 'email' }
  | { kind: 'gender' }
  | { kind: 'facebook' }
  | { kind: 'too_long'; max: number }
  | { kind: 'not_in_list'; list: readonly string[] };

/** The spa's lists a value must come from. */
export interface CardLists {
  groups: readonly string[];
  sources: readonly string[];
  /** The spa's branches; empty: any short branch code is accepted. */
  branches: readonly string[];
}

export const DEFAULT_CUSTOMER_SOURCES = ['Vãng lai', 'Facebook', 'TikTok', 'Zalo', 'Google', 'Giới thiệu'] as const;
export const DEFAULT_CUSTOMER_GROUPS = ['Khách mới', 'Khách quen', 'Khách VIP'] as const;
/** The source that names a referring customer (folded). */
const REFERRAL = ['gioi thieu', 'referral', 'referred'];

const LIMITS = { address: 200, occupation: 100, facebook: 200, needs: 200 } as const;
// The import's rule (import-row.ts): one @, something before it, a dotted domain after it, no spaces.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
const GENDERS: Record<string, 'female' | 'male' | 'other'> = { nu: 'female', f: 'female', female: 'female', woman: 'female', chi: 'female', nam: 'male', m: 'male', male: 'male', man: 'male', anh: 'male', khac: 'other', other: 'other' };
const BRANCH = /^[A-Za-z0-9_-]{1,40}$/;
const tidy = (s: string): string => s.normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim();

/** "âm lịch 15/8", "al 15/8", "lunar 15/8", "15/8 âm", "15/8 nhuận âm lịch": the lunar day and month, or null when not lunar. */
export function parseLunarBirthday(text: string): Result<LunarBirthday, 'not_lunar' | 'invalid'> {
  const f = foldDiacritics(text);
  if (!/(^|\s)(am lich|am|al|lunar)(\s|$)/.test(f)) return err('not_lunar');
  const m = /(\d{1,2})\s*[/.-]\s*(\d{1,2})/.exec(f);
  if (!m) return err('invalid');
  const day = Number(m[1]);
  const month = Number(m[2]);
  if (day < 1 || day > 30 || month < 1 || month > 12) return err('invalid');
  return ok({ day, month, leapMonth: /nhuan|leap/.test(f) });
}

function fromList(raw: string, list: readonly string[]): string | undefined {
  const f = foldDiacritics(raw);
  return list.find((item) => foldDiacritics(item) === f);
}

/** Validates one typed value for a field. */
export function parseCardValue(field: CardField, input: string, today: CalendarDay, lists: CardLists): Result<CardValue, CardReason> {
  const raw = tidy(input);
  if (!raw) return err({ kind: 'empty' });
  switch (field) {
    case 'name': {
      const r = normalizeName(raw);
      return r.ok ? ok({ field, name: r.value }) : err({ kind: 'name', reason: r.reason });
    }
    case 'phone': {
      const r = parseVnMobile(raw);
      return r.ok ? ok({ field, e164: r.value.e164 }) : err({ kind: 'phone', reason: r.reason });
    }
    case 'birthday': {
      const lunar = parseLunarBirthday(raw);
      if (lunar.ok) return ok({ field, lunar: lunar.value });
      if (lunar.reason === 'invalid') return err({ kind: 'lunar_birthday' });
      const r = parseBirthday(raw, today);
      return r.ok ? ok({ field, solar: r.value }) : err({ kind: 'birthday', reason: r.reason });
    }
    case 'email': {
      const email = raw.toLowerCase();
      return EMAIL.test(email) && email.length <= 254 ? ok({ field, email }) : err({ kind: 'email' });
    }
    case 'gender': {
      const g = GENDERS[foldDiacritics(raw)];
      return g ? ok({ field, gender: g }) : err({ kind: 'gender' });
    }
    case 'address':
    case 'occupation':
      return raw.length > LIMITS[field] ? err({ kind: 'too_long', max: LIMITS[field] }) : ok({ field, text: raw });
    case 'facebook':
      if (raw.length > LIMITS.facebook) return err({ kind: 'too_long', max: LIMITS.facebook });
      return /\s/.test(raw) ? err({ kind: 'facebook' }) : ok({ field, text: raw });
    case 'group': {
      const group = fromList(raw, lists.groups);
      return group ? ok({ field, group }) : err({ kind: 'not_in_list', list: lists.groups });
    }
    case 'source': {
      const whole = fromList(raw, lists.sources);
      if (whole) return ok({ field, source: whole });
      // "giới thiệu 0912 345 678" / "giới thiệu chị Lan": the referral source followed by who referred her.
      const words = raw.split(' ');
      for (let n = words.length - 1; n >= 1; n--) {
        const head = fromList(words.slice(0, n).join(' '), lists.sources);
        if (head && REFERRAL.includes(foldDiacritics(head))) return ok({ field, source: head, referrer: words.slice(n).join(' ') });
      }
      return err({ kind: 'not_in_list', list: lists.sources });
    }
    case 'branch': {
      if (lists.branches.length) {
        const b = lists.branches.find((x) => foldDiacritics(x).replace(/\s+/g, '') === foldDiacritics(raw).replace(/\s+/g, ''));
        return b ? ok({ field, branchId: b }) : err({ kind: 'not_in_list', list: lists.branches });
      }
      const id = foldDiacritics(raw).replace(/\s+/g, '');
      return BRANCH.test(id) ? ok({ field, branchId: id }) : err({ kind: 'not_in_list', list: [] });
    }
    case 'manager':
      return raw.length > 100 ? err({ kind: 'too_long', max: 100 }) : ok({ field, staffName: raw });
    case 'needs':
      return raw.length > LIMITS.needs ? err({ kind: 'too_long', max: LIMITS.needs }) : ok({ field, service: raw });
  }
}

/** What staff type to empty a field: "/sua email xoa" (xóa, -, clear; folded, the whole value). */
export const isClearWord = (input: string): boolean => ['xoa', '-', 'clear', 'xoa bo', 'delete'].includes(foldDiacritics(input).trim());
/**
 * Fields a card cannot be without: a name and a phone identify her, needs keep their history (moved to "đã xong"
 * instead), and a branch-less customer belongs to every branch (clearing it would show her to all of them).
 */
export const UNCLEARABLE_FIELDS = ['name', 'phone', 'needs', 'branch'] as const satisfies readonly CardField[];
export type UnclearableField = (typeof UNCLEARABLE_FIELDS)[number];
export const isUnclearable = (f: CardField): f is UnclearableField => (UNCLEARABLE_FIELDS as readonly string[]).includes(f);

/** Whether a referral source needs the referring customer. */
export const isReferralSource = (source: string): boolean => REFERRAL.includes(foldDiacritics(source));
