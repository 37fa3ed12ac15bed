// The attributes a segment is sliced by (seed 000: campaigns by occupation, gifts by hobby, gifts for a customer's
// children): branch, source, need, service, rank, age band, gender, occupation, group and the hobby/family notes.
// Values are compared without diacritics or case; a note slice matches words inside a note ("con nho" in "Có con
// nhỏ 3 tuổi"). Keys come from a fixed list, so typed text never becomes a field name ($ and . refused).
import { foldDiacritics } from './name.js';
import { err, ok, type Result } from './result.js';

export const SLICE_KEYS = ['branch', 'source', 'need', 'service', 'rank', 'age', 'gender', 'occupation', 'group', 'note'] as const;
export type SliceKey = (typeof SLICE_KEYS)[number];
export type Slices = Partial<Record<SliceKey, string>>;

/** Vietnamese names first (typed without diacritics or with), English aliases after. */
const KEY_ALIASES: Readonly<Record<string, SliceKey>> = Object.assign(Object.create(null) as Record<string, SliceKey>, {
  chinhanh: 'branch', cn: 'branch', branch: 'branch',
  nguon: 'source', source: 'source',
  nhucau: 'need', need: 'need',
  dichvu: 'service', service: 'service',
  hang: 'rank', hangthe: 'rank', rank: 'rank',
  tuoi: 'age', dotuoi: 'age', age: 'age',
  gioitinh: 'gender', gender: 'gender',
  nghe: 'occupation', nghenghiep: 'occupation', occupation: 'occupation',
  nhom: 'group', group: 'group',
  ghichu: 'note', note: 'note', sothich: 'note', giadinh: 'note',
});

export const AGE_BANDS = ['<25', '25-34', '35-44', '45-54', '55+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBandOf(birthYear: number | undefined, thisYear: number): AgeBand | undefined {
  if (!birthYear || birthYear > thisYear) return undefined;
  const age = thisYear - birthYear;
  if (age < 25) return '<25';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  return '55+';
}

/** What a customer is sliced by, every text already folded (foldDiacritics) except the branch id. */
export interface SliceAttributes {
  branchId?: string;
  source?: string;
  needs: string[];
  services: string[];
  rank?: string;
  ageBand?: AgeBand;
  gender?: 'female' | 'male' | 'other';
  occupation?: string;
  group?: string;
  /** Folded texts of the customer's notes of kind hobby and family. */
  notes: string[];
}

export const MAX_SLICE_VALUE = 60;
export const MAX_NOTE_KEYS = 10;
export const MAX_NOTE_KEY_LENGTH = 200;

const fold = (s: string): string => foldDiacritics(s).replace(/\s+/g, ' ').trim();

// Null-prototype tables: a typed "constructor" or "__proto__" must not find Object's own properties.
const GENDERS: Readonly<Record<string, 'female' | 'male' | 'other'>> = Object.assign(Object.create(null) as Record<string, 'female' | 'male' | 'other'>, { nu: 'female', female: 'female', f: 'female', nam: 'male', male: 'male', m: 'male', khac: 'other', other: 'other' });

/** A slice value as the attributes hold it; null when it cannot match anything (an unknown gender word). */
export function normalizeSliceValue(key: SliceKey, raw: string): string | null {
  const v = fold(raw);
  if (!v || v.length > MAX_SLICE_VALUE) return null;
  if (key === 'branch') return raw.trim();
  if (key === 'gender') return GENDERS[v] ?? null;
  if (key === 'rank') return v.replace(/ /g, '_');
  if (key === 'age') return (AGE_BANDS as readonly string[]).includes(v.replace(/ /g, '')) ? v.replace(/ /g, '') : null;
  return v;
}

export type SliceReason = { kind: 'unknown_key'; key: string } | { kind: 'bad_value'; key: string } | { kind: 'not_understood' };

const TOKEN = /\s*([^\s:=]+)\s*[:=]\s*(?:"([^"]*)"|'([^']*)'|(\S+))/y;

/** "chi_nhanh:q1 ghichu:\"con nho\"" → { branch: 'q1', note: 'con nho' }; the first problem is the reason. */
export function parseSlices(text: string): Result<Slices, SliceReason> {
  const out: Slices = {};
  const input = String(text).slice(0, 500);
  let pos = 0;
  while (pos < input.length) {
    if (/^\s*$/.test(input.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(input);
    if (!m) return err({ kind: 'not_understood' });
    pos = TOKEN.lastIndex;
    const typedKey = m[1]!;
    const key = KEY_ALIASES[foldDiacritics(typedKey).replace(/[_\s-]/g, '')];
    if (!key) return err({ kind: 'unknown_key', key: typedKey.slice(0, 30) });
    const value = normalizeSliceValue(key, m[2] ?? m[3] ?? m[4] ?? '');
    if (value === null) return err({ kind: 'bad_value', key: typedKey.slice(0, 30) });
    out[key] = value;
  }
  return ok(out);
}

/** Slices as stored: fixed keys only, values re-normalised (a stored campaign read back goes through here). */
export function cleanSlices(raw: Record<string, unknown>): Slices {
  const out: Slices = {};
  for (const key of SLICE_KEYS) {
    const v = raw[key];
    if (typeof v !== 'string') continue;
    const n = normalizeSliceValue(key, v);
    if (n !== null) out[key] = n;
  }
  return out;
}

/** Whether a customer's attributes match every slice. */
export function matchesSlices(a: SliceAttributes, slices: Slices): boolean {
  for (const key of SLICE_KEYS) {
    const want = slices[key];
    if (want === undefined) continue;
    const ok = (() => {
      switch (key) {
        case 'branch':
          return a.branchId === want;
        case 'source':
          return a.source === want;
        case 'need':
          return a.needs.some((n) => n === want || n.includes(want));
        case 'service':
          return a.services.some((n) => n === want || n.includes(want));
        case 'rank':
          return a.rank === want;
        case 'age':
          return a.ageBand === want;
        case 'gender':
          return a.gender === want;
        case 'occupation':
          return a.occupation === want || (a.occupation?.includes(want) ?? false);
        case 'group':
          return a.group === want;
        case 'note':
          return a.notes.some((n) => n.includes(want));
      }
    })();
    if (!ok) return false;
  }
  return true;
}

/** The attributes of one customer from its card and notes. */
export function sliceAttributes(input: {
  branchId?: string;
  source?: string;
  needs?: readonly string[];
  services?: readonly string[];
  rank?: string;
  birthYear?: number;
  gender?: 'female' | 'male' | 'other';
  occupation?: string;
  group?: string;
  notes?: readonly { kind: string; text: string }[];
  thisYear: number;
}): SliceAttributes {
  const opt = (s: string | undefined): string | undefined => (s ? fold(s) || undefined : undefined);
  const uniq = (xs: readonly string[] | undefined): string[] => [...new Set((xs ?? []).map(fold).filter(Boolean))].slice(0, 20);
  const ageBand = ageBandOf(input.birthYear, input.thisYear);
  return {
    ...(input.branchId ? { branchId: input.branchId } : {}),
    ...(opt(input.source) ? { source: opt(input.source)! } : {}),
    needs: uniq(input.needs),
    services: uniq(input.services),
    ...(input.rank ? { rank: input.rank } : {}),
    ...(ageBand ? { ageBand } : {}),
    ...(input.gender ? { gender: input.gender } : {}),
    ...(opt(input.occupation) ? { occupation: opt(input.occupation)! } : {}),
    ...(opt(input.group) ? { group: opt(input.group)! } : {}),
    notes: (input.notes ?? [])
      .filter((n) => n.kind === 'hobby' || n.kind === 'family')
      .map((n) => fold(n.text).slice(0, MAX_NOTE_KEY_LENGTH))
      .filter(Boolean)
      .slice(0, MAX_NOTE_KEYS),
  };
}

/** "chi nhánh q1, ghi chú con nho" style summary keys for display (the front end phrases the labels). */
export const sliceEntries = (slices: Slices): [SliceKey, string][] => SLICE_KEYS.filter((k) => slices[k] !== undefined).map((k) => [k, slices[k]!]);
