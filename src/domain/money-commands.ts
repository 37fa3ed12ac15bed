// What staff type after /ghe, /goilieutrinh, /ban, /coc and /tra, read into values (no I/O). User mistakes are
// values (conventions §2): a bad amount is reported, never guessed.
import { findService } from './appointment-times.js';
import { parseVnd } from './money.js';
import { findPaymentMethod, type PaymentMethod } from './money-rules.js';
import { foldDiacritics } from './name.js';
import { parseLocalDate, type LocalDate } from './business-time.js';

const HONORIFICS = new Set(['chi', 'anh', 'em', 'ktv', 'c', 'a', 'co', 'ban', 'voi']);
const UNIT_WORDS = new Set(['k', 'ngan', 'nghin', 'ng', 'tr', 'trieu', 'cu', 'ty', 'ti', 'd', 'dong', 'vnd']);
const fold = (w: string): string => foldDiacritics(w).replace(/[.,;:!]+$/, '');
const without = <T>(xs: readonly T[], used: readonly number[]): T[] => xs.filter((_, i) => !used.includes(i));

export type AmountRead = { ok: true; amountVnd?: number; rest: string[] } | { ok: false };

/** The first word that holds digits read as an amount ("350k", "1tr5"); a negative or absurd one is refused. */
export function takeAmount(words: readonly string[]): AmountRead {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!/\d/.test(w)) continue;
    // "5 tỷ", "2 triệu", "350 k": the unit typed apart belongs to the number.
    if (/^[\d.,]+$/.test(w) && UNIT_WORDS.has(fold(words[i + 1] ?? ''))) {
      const v = parseVnd(`${w}${words[i + 1]}`);
      if (v.ok) return { ok: true, amountVnd: v.value, rest: without(words, [i, i + 1]) };
      return { ok: false };
    }
    const v = parseVnd(w);
    if (v.ok) return { ok: true, amountVnd: v.value, rest: without(words, [i]) };
    if (v.reason === 'negative' || v.reason === 'too_large') return { ok: false };
  }
  return { ok: true, rest: [...words] };
}

export interface VisitWords {
  service?: string;
  amountVnd?: number;
  method?: PaymentMethod;
  /** Words that may name the technician ("chị Hoa"). */
  technicianWords: string[];
}

/** "/ghe trị mụn 350k chuyển khoản chị Hoa" → service, amount, method and the technician's words. */
export function readVisitWords(args: string, services: readonly string[]): { ok: true; value: VisitWords } | { ok: false; reason: 'bad_amount' } {
  let words = args.trim().split(/\s+/).filter(Boolean).slice(0, 40);
  const m = findPaymentMethod(words);
  if (m) words = without(words, m.used);
  const a = takeAmount(words);
  if (!a.ok) return { ok: false, reason: 'bad_amount' };
  words = a.rest.filter((w) => !['tra', 'paid', 'da'].includes(fold(w)));
  const known = findService(words, services);
  let service: string | undefined;
  let technicianWords: string[];
  if (known) {
    service = known.service;
    technicianWords = without(words, known.used);
  } else {
    const h = words.findIndex((w) => HONORIFICS.has(fold(w)));
    const serviceWords = h < 0 ? words : words.slice(0, h);
    technicianWords = h < 0 ? [] : words.slice(h);
    service = serviceWords.join(' ').slice(0, 100) || undefined;
  }
  return { ok: true, value: { ...(service ? { service } : {}), ...(a.amountVnd !== undefined ? { amountVnd: a.amountVnd } : {}), ...(m ? { method: m.method } : {}), technicianWords } };
}

export interface PackageWords {
  service: string;
  sessions: number;
  priceVnd: number;
  paidNowVnd?: number;
  method?: PaymentMethod;
  expires?: { months: number } | { date: LocalDate };
}

const SESSION_WORDS = new Set(['buoi', 'lan', 'session', 'sessions', 'times']);
const PREPAID_WORDS = ['dat coc', 'tra truoc', 'coc', 'deposit', 'prepaid'];
const EXPIRY_WORDS = new Set(['han', 'hsd', 'den', 'expires', 'until']);

/** "/goilieutrinh trị mụn 10 buổi 5tr cọc 1tr chuyển khoản hạn 6 tháng". */
export function readPackageWords(args: string, services: readonly string[], today: LocalDate): { ok: true; value: PackageWords } | { ok: false; reason: 'usage' | 'bad_amount' | 'bad_package' } {
  let words = args.trim().split(/\s+/).filter(Boolean).slice(0, 40);
  const f = () => words.map(fold);
  let sessions: number | undefined;
  for (let i = 0; i < words.length; i++) {
    const joined = /^(\d+)(buoi|lan)$/.exec(f()[i]!);
    if (joined) {
      sessions = Number(joined[1]);
      words = without(words, [i]);
      break;
    }
    if (/^\d+$/.test(words[i]!) && SESSION_WORDS.has(f()[i + 1] ?? '')) {
      sessions = Number(words[i]);
      words = without(words, [i, i + 1]);
      break;
    }
  }
  let expires: PackageWords['expires'];
  for (let i = 0; i < words.length; i++) {
    if (!EXPIRY_WORDS.has(f()[i]!)) continue;
    const next = words[i + 1] ?? '';
    if (/^\d+$/.test(next) && ['thang', 'month', 'months'].includes(f()[i + 2] ?? '')) {
      expires = { months: Number(next) };
      words = without(words, [i, i + 1, i + 2]);
    } else {
      const d = readDate(next, today);
      if (!d) return { ok: false, reason: 'bad_package' };
      expires = { date: d };
      words = without(words, [i, i + 1]);
    }
    break;
  }
  let paidNowVnd: number | undefined;
  for (let i = 0; i < words.length && paidNowVnd === undefined; i++) {
    for (const p of PREPAID_WORDS) {
      const n = p.split(' ').length;
      if (f().slice(i, i + n).join(' ') !== p || fold(words[i - 1] ?? '') === 'tu') continue;
      const v = parseVnd(words[i + n] ?? '');
      if (!v.ok) return { ok: false, reason: 'bad_amount' };
      paidNowVnd = v.value;
      words = without(words, Array.from({ length: n + 1 }, (_, k) => i + k));
      break;
    }
  }
  const m = findPaymentMethod(words);
  if (m) words = without(words, m.used);
  const a = takeAmount(words);
  if (!a.ok) return { ok: false, reason: 'bad_amount' };
  words = a.rest;
  const known = findService(words, services);
  const service = known?.service ?? words.join(' ').slice(0, 100);
  if (!service || sessions === undefined || a.amountVnd === undefined) return { ok: false, reason: 'usage' };
  return { ok: true, value: { service, sessions, priceVnd: a.amountVnd, ...(paidNowVnd !== undefined ? { paidNowVnd } : {}), ...(m ? { method: m.method } : {}), ...(expires ? { expires } : {}) } };
}

/** "25/12/2027" or "25/12" (the next such day from today). */
function readDate(text: string, today: LocalDate): LocalDate | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/.exec(text);
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = Number(m[2]);
  let year = m[3] ? Number(m[3]) : today.year;
  if (!m[3] && (month < today.month || (month === today.month && day <= today.day))) year++;
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return parseLocalDate(iso) ?? undefined;
}

export interface SaleLine {
  label: string;
  quantity: number;
  unitVnd: number;
}

/** "/ban kem chống nắng 2 x 250k; serum 450k tiền mặt" → lines and the method. */
export function readSaleWords(args: string): { ok: true; lines: SaleLine[]; method?: PaymentMethod } | { ok: false; reason: 'usage' | 'bad_amount' } {
  const parts = args.split(/[;\n]|,\s+|\s\+\s/).map((p) => p.trim()).filter(Boolean).slice(0, 20);
  const lines: SaleLine[] = [];
  let method: PaymentMethod | undefined;
  for (const part of parts) {
    let words = part.split(/\s+/);
    // A negative number anywhere on a sale line ("kem -2 x 250k") is a tampered line, not part of a name.
    if (words.some((w) => /^[-\u2212]\d/.test(w))) return { ok: false, reason: 'bad_amount' };
    const m = findPaymentMethod(words);
    if (m) {
      method = m.method;
      words = without(words, m.used);
    }
    let quantity = 1;
    const q = words.findIndex((w, i) => (/^\d+x$/i.test(w) || /^x\d+$/i.test(w) || (/^\d+$/.test(w) && /^[x×*]$/i.test(words[i + 1] ?? ''))));
    if (q >= 0) {
      const w = words[q]!;
      quantity = Number(w.replace(/x/i, '')) || 0;
      words = without(words, /^\d+$/.test(w) ? [q, q + 1] : [q]);
      if (quantity < 1 || quantity > 1000) return { ok: false, reason: 'bad_amount' };
    }
    let priceAt = -1;
    for (let i = words.length - 1; i >= 0; i--) if (/\d/.test(words[i]!)) {
      priceAt = i;
      break;
    }
    if (priceAt < 0) {
      if (words.length === 0 && m) continue; // "tiền mặt" alone at the end
      return { ok: false, reason: 'usage' };
    }
    const v = parseVnd(words[priceAt]!);
    if (!v.ok) return { ok: false, reason: v.reason === 'not_understood' ? 'usage' : 'bad_amount' };
    const label = without(words, [priceAt]).join(' ').slice(0, 100);
    if (!label) return { ok: false, reason: 'usage' };
    lines.push({ label, quantity, unitVnd: v.value });
  }
  if (!lines.length) return { ok: false, reason: 'usage' };
  return { ok: true, lines, ...(method ? { method } : {}) };
}

/** "/tra 500k chuyển khoản", "/coc 1tr": an amount and an optional method. */
export function readAmountAndMethod(args: string): { ok: true; amountVnd: number; method?: PaymentMethod } | { ok: false; reason: 'usage' | 'bad_amount' } {
  let words = args.trim().split(/\s+/).filter(Boolean).slice(0, 20);
  const m = findPaymentMethod(words);
  if (m) words = without(words, m.used);
  const a = takeAmount(words);
  if (!a.ok) return { ok: false, reason: 'bad_amount' };
  if (a.amountVnd === undefined) return { ok: false, reason: 'usage' };
  return { ok: true, amountVnd: a.amountVnd, ...(m ? { method: m.method } : {}) };
}
