// Money rules (issue 13), pure: payment words staff type, points per amount paid, rank tiers over 12 months, and
// the "18,4 tr₫" form the card uses. Amounts are integer VND everywhere (database.md: no Decimal128).
import { foldDiacritics } from './name.js';
import { shortVnd } from './segment-reasons.js';

/** How a payment was made: cash, bank transfer, card, from the deposit balance, from a treatment package, not yet. */
export const PAYMENT_METHODS = ['cash', 'transfer', 'card', 'deposit', 'package', 'unpaid'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** Methods that bring money in now. */
export const MONEY_IN_METHODS = ['cash', 'transfer', 'card'] as const;

export const RANKS = ['dong', 'bac', 'vang', 'kim_cuong'] as const;
export type Rank = (typeof RANKS)[number];

export interface MoneySettings {
  /** One point for every this many đồng paid (POINTS_PER_VND; 10,000 by default). */
  vndPerPoint: number;
  /** Paid in the last 12 months to reach bạc, vàng and kim cương. */
  rankThresholds: { bac: number; vang: number; kim_cuong: number };
  /** A package with sessions left and no visit for this many days is brought to staff (PACKAGE_IDLE_DAYS). */
  packageIdleDays: number;
  /** A package sold without an expiry lasts this many months. */
  packageDefaultMonths: number;
}

export const DEFAULT_MONEY_SETTINGS: MoneySettings = {
  vndPerPoint: 10_000,
  rankThresholds: { bac: 5_000_000, vang: 10_000_000, kim_cuong: 20_000_000 },
  packageIdleDays: 30,
  packageDefaultMonths: 12,
};

// Folded (foldDiacritics) one- and two-word spellings; two-word ones are matched first.
const METHOD_WORDS: readonly [string, PaymentMethod][] = [
  ['tien mat', 'cash'], ['chuyen khoan', 'transfer'], ['tu coc', 'deposit'], ['tru coc', 'deposit'], ['tu goi', 'package'], ['tru goi', 'package'], ['chua tra', 'unpaid'], ['ghi no', 'unpaid'],
  ['tm', 'cash'], ['cash', 'cash'], ['ck', 'transfer'], ['transfer', 'transfer'], ['bank', 'transfer'], ['the', 'card'], ['card', 'card'], ['quet', 'card'],
  // Not a bare "gói"/"goi": it is also the first word of "gội đầu" once folded.
  ['coc', 'deposit'], ['deposit', 'deposit'], ['package', 'package'], ['no', 'unpaid'], ['unpaid', 'unpaid'], ['debt', 'unpaid'],
];

/** Finds a payment method in the words; returns it and the indexes it used, or undefined. */
export function findPaymentMethod(words: readonly string[]): { method: PaymentMethod; used: number[] } | undefined {
  const f = words.map((w) => foldDiacritics(w).replace(/[.,;:!]+$/, ''));
  for (let i = 0; i + 1 < f.length; i++) {
    const hit = METHOD_WORDS.find(([w]) => w === `${f[i]} ${f[i + 1]}`);
    if (hit) return { method: hit[1], used: [i, i + 1] };
  }
  for (let i = 0; i < f.length; i++) {
    const hit = METHOD_WORDS.find(([w]) => !w.includes(' ') && w === f[i]);
    if (hit) return { method: hit[1], used: [i] };
  }
  return undefined;
}

/** Points for one payment (each payment earns on its own, so a later change of the rate never rewrites the past). */
export function pointsFor(paidVnd: number, s: Pick<MoneySettings, 'vndPerPoint'>): number {
  if (!Number.isSafeInteger(paidVnd) || paidVnd <= 0 || !(s.vndPerPoint > 0)) return 0;
  return Math.floor(paidVnd / s.vndPerPoint);
}

export interface RankStanding {
  rank: Rank;
  spent12mVnd: number;
  /** The next tier and what is missing to reach it; absent at kim cương. */
  next?: { rank: Rank; missingVnd: number };
}

/** The tier for what was paid in the last 12 months. */
export function rankFor(spent12mVnd: number, s: Pick<MoneySettings, 'rankThresholds'>): RankStanding {
  const t = s.rankThresholds;
  const tiers: [Rank, number][] = [['dong', 0], ['bac', t.bac], ['vang', t.vang], ['kim_cuong', t.kim_cuong]];
  let i = 0;
  for (let k = 0; k < tiers.length; k++) if (spent12mVnd >= tiers[k]![1]) i = k;
  const next = tiers[i + 1];
  return { rank: tiers[i]![0], spent12mVnd, ...(next ? { next: { rank: next[0], missingVnd: next[1] - spent12mVnd } } : {}) };
}

/** `18_400_000` → `18,4 tr₫`; below a million `850k₫` (the card's short form; formatVnd for exact amounts). */
export function formatMillions(n: number): string {
  return shortVnd(n, 'vi');
}

/** The first day of the 12-month window ending at `now`. */
export function rankWindowStart(now: Date): Date {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d;
}

/** One operation above this is a typo or an attempt to break the totals (1 tỷ đồng: far above any spa bill). */
export const MAX_OPERATION_VND = 1_000_000_000;
/** Sessions in one package, and points redeemed at once: beyond these it is a typo. */
export const MAX_PACKAGE_SESSIONS = 100;

/** Below this an amount is a typo ("5" for 5k): no price in đồng is that small. */
export const MIN_OPERATION_VND = 1_000;

/** A whole amount a single operation may carry. */
export function isOperationAmount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= MIN_OPERATION_VND && n <= MAX_OPERATION_VND;
}
