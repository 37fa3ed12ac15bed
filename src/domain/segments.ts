// Lifecycle segments (seed 000: "đánh giá phân loại được mức độ VIP, mức độ tiềm năng"; seed 003: sort and analyse
// the cards to plan selling and care): pure rules over one customer's facts. The result keeps the figures that
// decided it, so the reason can be said in words (segment-reasons.ts) whenever it is shown.

export const SEGMENTS = ['moi', 'tiem_nang', 'than_thiet', 'vip', 'sap_roi', 'ngu_dong', 'da_mat', 'vang_lai'] as const;
export type Segment = (typeof SEGMENTS)[number];
export const isSegment = (v: unknown): v is Segment => typeof v === 'string' && (SEGMENTS as readonly string[]).includes(v);

/** Thresholds, from the settings (src/config.ts SEGMENT_*); `defaultSegmentSettings` are the defaults there. */
export interface SegmentSettings {
  /** First visit at most this many days ago: mới. */
  newDays: number;
  /** The window VIP spend and regular visits are counted over, in months. */
  windowMonths: number;
  /** Spend within the window from which a customer is VIP. */
  vipSpendVnd: number;
  /** Visits within the window from which a customer is thân thiết. */
  regularVisits: number;
  /** Sắp rời once the days since the last visit exceed the usual interval times this. */
  atRiskFactor: number;
  /** The usual interval assumed for a customer who came once (no interval of their own yet). */
  defaultIntervalDays: number;
  /** Ngủ đông from this many days without a visit. */
  dormantDays: number;
  /** Đã mất from this many days without a visit. */
  lostDays: number;
}

export const defaultSegmentSettings: SegmentSettings = {
  newDays: 30,
  windowMonths: 12,
  vipSpendVnd: 10_000_000,
  regularVisits: 3,
  atRiskFactor: 1.5,
  defaultIntervalDays: 30,
  dormantDays: 90,
  lostDays: 180,
};

/** What the rules look at, from whatever records exist (visits today; payments and appointments as they land). */
export interface CustomerFacts {
  registeredAt: Date;
  /** Visits that happened (status done / attended), any order. */
  visits: readonly { at: Date; amountVnd: number }[];
  /**
   * Money paid, when it was paid (the ledger: a visit's payment, a package, products, a debt paid off, deposit used),
   * counted into the window's spend; a visit's `amountVnd` is then 0 for a visit the ledger accounts for.
   */
  payments?: readonly { at: Date; amountVnd: number }[];
  /** The next booked appointment, when there is one in the future: a customer coming back is not leaving. */
  nextAppointmentAt?: Date;
}

/** The figures a segment was decided on; dates rather than "days ago" so a stored result stays true tomorrow. */
export interface SegmentFigures {
  totalVisits: number;
  windowVisits: number;
  windowSpendVnd: number;
  /** Median days between visits (last 10 visits), when there were at least two on different days. */
  intervalDays?: number;
  firstVisitAt?: Date;
  lastVisitAt?: Date;
  registeredAt: Date;
  nextAppointmentAt?: Date;
}

export interface SegmentResult {
  segment: Segment;
  figures: SegmentFigures;
}

const DAY_MS = 86_400_000;
/** Whole days from `from` to `to` (0 within a day, and for a `from` after `to`: a clock a little behind the database's). */
export const daysBetween = (from: Date, to: Date): number => Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));

function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** Median gap in days between the last `keep` visits, same-day visits counted once; undefined with fewer than two days. */
export function usualIntervalDays(times: readonly number[], keep = 10): number | undefined {
  const days = [...new Set(times.map((t) => Math.floor(t / DAY_MS)))].sort((a, b) => a - b).slice(-keep);
  if (days.length < 2) return undefined;
  const gaps = days.slice(1).map((d, i) => d - days[i]!).sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  return gaps.length % 2 ? gaps[mid]! : Math.round((gaps[mid - 1]! + gaps[mid]!) / 2);
}

/** The figures for `facts` as of `now` (visits after `now` are not counted: a clock set back sees the past). */
export function segmentFigures(facts: CustomerFacts, now: Date, s: SegmentSettings): SegmentFigures {
  const nowMs = now.getTime();
  const since = monthsBefore(now, s.windowMonths).getTime();
  const visits = facts.visits.filter((v) => v.at.getTime() <= nowMs);
  let first: number | undefined;
  let last: number | undefined;
  let windowVisits = 0;
  let windowSpendVnd = 0;
  for (const v of visits) {
    const t = v.at.getTime();
    if (first === undefined || t < first) first = t;
    if (last === undefined || t > last) last = t;
    if (t >= since) {
      windowVisits++;
      windowSpendVnd += v.amountVnd;
    }
  }
  for (const p of facts.payments ?? []) {
    const t = p.at.getTime();
    if (t >= since && t <= nowMs) windowSpendVnd += p.amountVnd;
  }
  const intervalDays = usualIntervalDays(visits.map((v) => v.at.getTime()));
  const next = facts.nextAppointmentAt && facts.nextAppointmentAt.getTime() > nowMs ? facts.nextAppointmentAt : undefined;
  return {
    totalVisits: visits.length,
    windowVisits,
    windowSpendVnd,
    ...(intervalDays !== undefined ? { intervalDays } : {}),
    ...(first !== undefined ? { firstVisitAt: new Date(first) } : {}),
    ...(last !== undefined ? { lastVisitAt: new Date(last) } : {}),
    registeredAt: facts.registeredAt,
    ...(next ? { nextAppointmentAt: next } : {}),
  };
}

/** The interval a customer is measured against: their own, or the default after a single visit. */
export const intervalFor = (f: SegmentFigures, s: SegmentSettings): number => f.intervalDays ?? s.defaultIntervalDays;

/**
 * One segment per customer, first rule that holds:
 * no visit → tiềm năng; (no booked return and) ≥ lostDays → đã mất; ≥ dormantDays → ngủ đông; first visit ≤ newDays
 * → mới; past interval × factor → sắp rời; window spend ≥ vipSpend → VIP; window visits ≥ regularVisits → thân
 * thiết; otherwise vãng lai (came, not often enough to be regular, not yet overdue).
 */
export function segmentOfFigures(f: SegmentFigures, now: Date, s: SegmentSettings): Segment {
  if (!f.lastVisitAt || !f.firstVisitAt) return 'tiem_nang';
  const since = daysBetween(f.lastVisitAt, now);
  const comingBack = f.nextAppointmentAt !== undefined;
  if (!comingBack && since >= s.lostDays) return 'da_mat';
  if (!comingBack && since >= s.dormantDays) return 'ngu_dong';
  if (daysBetween(f.firstVisitAt, now) <= s.newDays) return 'moi';
  if (!comingBack && since > intervalFor(f, s) * s.atRiskFactor) return 'sap_roi';
  if (f.windowSpendVnd >= s.vipSpendVnd) return 'vip';
  if (f.windowVisits >= s.regularVisits) return 'than_thiet';
  return 'vang_lai';
}

export function classifyCustomer(facts: CustomerFacts, now: Date, s: SegmentSettings = defaultSegmentSettings): SegmentResult {
  const figures = segmentFigures(facts, now, s);
  return { segment: segmentOfFigures(figures, now, s), figures };
}

/** Segments the win-back list and its weekly job are about. */
export const WIN_BACK_SEGMENTS: readonly Segment[] = ['sap_roi', 'ngu_dong'];
