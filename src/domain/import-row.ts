// One row of a spa's existing customer list (Excel/CSV) read into customer fields, or the reasons it cannot be:
// column headers matched without case or diacritics, every cell through the intake's own validators.
import { parseBirthday, type Birthday, type BirthdayReason, type CalendarDay } from './birthday.js';
import { matchBranch } from './branches.js';
import { foldDiacritics, normalizeName, type NameReason } from './name.js';
import { parseVnMobile, type PhoneReason } from './phone.js';
import { ok, err, type Result } from './result.js';

export const IMPORT_FIELDS = ['name', 'phone', 'birthday', 'email', 'gender', 'address', 'occupation', 'source', 'group', 'branch', 'facebook', 'needs', 'note'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header spellings per field, already folded (lower case, no diacritics, single spaces). */
const ALIASES: Record<ImportField, readonly string[]> = {
  name: ['ho ten', 'ho va ten', 'ten', 'ten khach', 'ten khach hang', 'khach hang', 'name', 'full name', 'fullname', 'customer', 'customer name'],
  phone: ['sdt', 'so dt', 'so dien thoai', 'dien thoai', 'di dong', 'so di dong', 'dt', 'phone', 'phone number', 'mobile', 'tel'],
  birthday: ['ngay sinh', 'sinh nhat', 'ns', 'birthday', 'date of birth', 'dob', 'birth date'],
  email: ['email', 'e-mail', 'thu dien tu', 'mail'],
  gender: ['gioi tinh', 'gender', 'sex', 'phai'],
  address: ['dia chi', 'address', 'noi o'],
  occupation: ['nghe nghiep', 'nghe', 'cong viec', 'occupation', 'job'],
  source: ['nguon', 'nguon khach', 'kenh', 'source', 'channel'],
  group: ['nhom', 'nhom khach', 'nhom khach hang', 'phan loai', 'group', 'customer group'],
  branch: ['chi nhanh', 'co so', 'branch'],
  facebook: ['facebook', 'fb', 'link facebook'],
  needs: ['nhu cau', 'dich vu', 'dich vu quan tam', 'needs', 'interests', 'services'],
  note: ['ghi chu', 'luu y', 'note', 'notes', 'remark', 'remarks'],
};

const foldHeader = (h: string): string => foldDiacritics(String(h).normalize('NFC')).replace(/[_:*]+/g, ' ').replace(/\s+/g, ' ').trim();

export interface HeaderMatch {
  /** Column index → field, for the columns used. */
  columns: Map<number, ImportField>;
  /** Headers no field matched (reported, ignored). */
  unknown: string[];
  /** Required fields no column holds. */
  missing: ImportField[];
}

/**
 * Matches a header row. `mapping` (from the owner's mapping file) names a field for headers the aliases do not
 * know; it is checked first, folded the same way. The first column matching a field wins.
 */
export function matchHeader(header: readonly string[], mapping: Readonly<Record<string, ImportField>> = {}): HeaderMatch {
  const own = new Map(Object.entries(mapping).map(([h, f]) => [foldHeader(h), f]));
  const columns = new Map<number, ImportField>();
  const taken = new Set<ImportField>();
  const unknown: string[] = [];
  header.forEach((raw, i) => {
    const h = foldHeader(raw ?? '');
    if (h === '') return;
    const field = own.get(h) ?? IMPORT_FIELDS.find((f) => ALIASES[f].includes(h));
    if (!field || taken.has(field)) {
      unknown.push(String(raw));
      return;
    }
    taken.add(field);
    columns.set(i, field);
  });
  const missing = (['name', 'phone'] as const).filter((f) => !taken.has(f));
  return { columns, unknown, missing };
}

export type CellReason =
  | { kind: 'name'; reason: NameReason }
  | { kind: 'phone'; reason: PhoneReason }
  | { kind: 'birthday'; reason: BirthdayReason }
  | { kind: 'email' | 'gender' | 'branch' | 'facebook' }
  | { kind: 'too_long'; max: number };

export interface CellProblem {
  field: ImportField;
  value: string;
  reason: CellReason;
}

export interface ImportRowFields {
  name: string;
  phone: string;
  birthday?: Birthday;
  email?: string;
  gender?: 'female' | 'male' | 'other';
  address?: string;
  occupation?: string;
  source?: string;
  group?: string;
  branchId?: string;
  facebook?: string;
  needs?: string[];
  /** Free text for a note on the card (kind "other"). */
  note?: string;
}

const LIMITS = { address: 200, occupation: 100, source: 60, group: 60, facebook: 200, needs: 200, note: 2000 } as const;
// Simple on purpose: one @, something before it, a dotted domain after it, no spaces (what a spa's list holds).
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
const GENDERS: Record<string, 'female' | 'male' | 'other'> = { nu: 'female', 'nữ': 'female', f: 'female', female: 'female', woman: 'female', nam: 'male', m: 'male', male: 'male', man: 'male', khac: 'other', other: 'other' };
const BRANCH = /^[A-Za-z0-9_-]{1,40}$/;
// FerretDB rejects NUL characters (database.md §3); other control characters are copy-paste debris.
const tidy = (s: string): string => s.normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim();

/** Reads one row's cells (already strings, keyed by field). Every problem of the row is reported, not just the first. */
/**
 * `branches`: the spa's list, where a branch cell must name one of it (`strict`: a configured list) or, else, is
 * spelt as the list spells it when it matches (the staff's "Q1" for a typed "q1").
 */
export function readImportRow(cells: Partial<Record<ImportField, string>>, today: CalendarDay, branches: { list: readonly string[]; strict: boolean } = { list: [], strict: false }): Result<ImportRowFields, CellProblem[]> {
  const problems: CellProblem[] = [];
  const bad = (field: ImportField, value: string, reason: CellReason): undefined => void problems.push({ field, value, reason });
  const text = (f: ImportField): string => tidy(cells[f] ?? '');

  const nameRaw = text('name');
  const name = normalizeName(nameRaw);
  if (!name.ok) bad('name', nameRaw, { kind: 'name', reason: name.reason });
  const phoneRaw = text('phone');
  const phone = parseVnMobile(phoneRaw);
  if (!phone.ok) bad('phone', phoneRaw, { kind: 'phone', reason: phone.reason });

  const out: Omit<ImportRowFields, 'name' | 'phone'> = {};
  const birthdayRaw = text('birthday');
  if (birthdayRaw) {
    const b = parseBirthday(birthdayRaw, today);
    if (b.ok) out.birthday = b.value;
    else bad('birthday', birthdayRaw, { kind: 'birthday', reason: b.reason });
  }
  const email = text('email').toLowerCase();
  if (email) {
    if (EMAIL.test(email) && email.length <= 254) out.email = email;
    else bad('email', email, { kind: 'email' });
  }
  const genderRaw = text('gender');
  if (genderRaw) {
    const g = GENDERS[foldDiacritics(genderRaw)] ?? GENDERS[genderRaw.toLowerCase()];
    if (g) out.gender = g;
    else bad('gender', genderRaw, { kind: 'gender' });
  }
  for (const f of ['address', 'occupation', 'source', 'group'] as const) {
    const v = text(f);
    if (!v) continue;
    if (v.length > LIMITS[f]) bad(f, v, { kind: 'too_long', max: LIMITS[f] });
    else out[f] = v;
  }
  const branch = text('branch');
  if (branch) {
    const listed = matchBranch(branch, branches.list);
    const id = foldDiacritics(branch).replace(/\s+/g, '');
    if (listed) out.branchId = listed;
    else if (!branches.strict && BRANCH.test(id)) out.branchId = id;
    else bad('branch', branch, { kind: 'branch' });
  }
  const facebook = text('facebook');
  if (facebook) {
    if (facebook.length > LIMITS.facebook) bad('facebook', facebook, { kind: 'too_long', max: LIMITS.facebook });
    else if (/\s/.test(facebook)) bad('facebook', facebook, { kind: 'facebook' });
    else out.facebook = facebook;
  }
  const needs = text('needs');
  if (needs) {
    const list = [...new Set(needs.split(/[;,]/).map((s) => s.trim()).filter(Boolean))];
    if (list.some((s) => s.length > LIMITS.needs)) bad('needs', needs, { kind: 'too_long', max: LIMITS.needs });
    else if (list.length) out.needs = list.slice(0, 20);
  }
  // Notes keep their line breaks: only NUL and invisible characters go.
  const note = (cells.note ?? '').normalize('NFC').replaceAll('\u0000', '').replace(/\p{Cf}/gu, '').trim();
  if (note) {
    if (note.length > LIMITS.note) bad('note', note.slice(0, 80), { kind: 'too_long', max: LIMITS.note });
    else out.note = note;
  }
  if (problems.length || !name.ok || !phone.ok) return err(problems);
  return ok({ name: name.value, phone: phone.value.e164, ...out });
}

/** The fields of `incoming` that `existing` lacks: an import never overwrites what the spa already holds. */
export function missingFields<T extends object>(existing: Partial<Record<keyof T, unknown>>, incoming: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(incoming) as [keyof T, T[keyof T]][]) {
    if (v === undefined) continue;
    const have = existing[k];
    const empty = have === undefined || have === null || have === '' || (Array.isArray(have) && have.length === 0);
    if (empty) out[k] = v;
  }
  return out;
}
