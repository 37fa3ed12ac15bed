// A segment's reason in words, Vietnamese first ("VIP: 12 lần đến, 18,4 tr₫ trong 12 tháng"; "sắp rời: thường 21
// ngày quay lại, đã 47 ngày"). Days are counted from the stored dates at the moment it is shown, so a result computed
// last night still reads right today. Shared by the chat, the CLI and the jobs, hence here beside the rule.
import { daysBetween, intervalFor, type Segment, type SegmentFigures, type SegmentSettings } from './segments.js';

export type Lang = 'vi' | 'en';

export const SEGMENT_NAMES: Record<Lang, Record<Segment, string>> = {
  vi: { moi: 'mới', tiem_nang: 'tiềm năng', than_thiet: 'thân thiết', vip: 'VIP', sap_roi: 'sắp rời', ngu_dong: 'ngủ đông', da_mat: 'đã mất', vang_lai: 'vãng lai' },
  en: { moi: 'new', tiem_nang: 'prospect', than_thiet: 'regular', vip: 'VIP', sap_roi: 'at risk', ngu_dong: 'dormant', da_mat: 'lost', vang_lai: 'occasional' },
};

const trim = (s: string): string => s.replace(/[.,]0$/, '');

/** "18,4 tr₫", "1,2 tỷ₫", "350k₫" (vi, decimal comma); "₫18.4M", "₫350K" (en). */
export function shortVnd(n: number, lang: Lang): string {
  const v = Math.max(0, Math.round(n));
  if (v < 1e3) return lang === 'vi' ? `${v}₫` : `₫${v}`;
  // The unit is chosen after rounding, so 999,600 ₫ reads "1 tr₫" and never "1000k₫".
  const units = [
    { size: 1e3, decimals: 0, vi: 'k₫', en: 'K' },
    { size: 1e6, decimals: 1, vi: ' tr₫', en: 'M' },
    { size: 1e9, decimals: 1, vi: ' tỷ₫', en: 'B' },
  ];
  for (const [i, u] of units.entries()) {
    const rounded = Number((v / u.size).toFixed(u.decimals));
    if (rounded < 1000 || i === units.length - 1) {
      const text = trim(rounded.toFixed(u.decimals));
      return lang === 'vi' ? `${text.replace('.', ',')}${u.vi}` : `₫${text}${u.en}`;
    }
  }
  throw new Error('unreachable');
}

const windowLabel = (months: number, lang: Lang): string =>
  lang === 'vi' ? `${months} tháng` : months === 12 ? '12 months' : `${months} months`;

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The reason after the segment's name: "12 lần đến, 18,4 tr₫ trong 12 tháng". */
export function segmentReason(segment: Segment, f: SegmentFigures, now: Date, s: SegmentSettings, lang: Lang): string {
  const vi = lang === 'vi';
  const since = f.lastVisitAt ? daysBetween(f.lastVisitAt, now) : 0;
  const win = windowLabel(s.windowMonths, lang);
  switch (segment) {
    case 'tiem_nang': {
      const days = daysBetween(f.registeredAt, now);
      return vi ? `đăng ký ${days} ngày trước, chưa đến lần nào` : `registered ${plural(days, 'day', 'days')} ago, has not come yet`;
    }
    case 'moi': {
      const days = daysBetween(f.firstVisitAt ?? now, now);
      return vi ? `lần đầu đến ${days} ngày trước` : `first visit ${plural(days, 'day', 'days')} ago`;
    }
    case 'vip':
      return vi ? `${f.windowVisits} lần đến, ${shortVnd(f.windowSpendVnd, lang)} trong ${win}` : `${plural(f.windowVisits, 'visit', 'visits')}, ${shortVnd(f.windowSpendVnd, lang)} in ${win}`;
    case 'than_thiet':
      return vi
        ? `${f.windowVisits} lần đến trong ${win}${f.intervalDays ? `, thường ${f.intervalDays} ngày quay lại` : ''}`
        : `${plural(f.windowVisits, 'visit', 'visits')} in ${win}${f.intervalDays ? `, usually back every ${f.intervalDays} days` : ''}`;
    case 'sap_roi':
      if (f.intervalDays === undefined) return vi ? `mới đến 1 lần, đã ${since} ngày chưa quay lại` : `came once, not back for ${plural(since, 'day', 'days')}`;
      return vi ? `thường ${intervalFor(f, s)} ngày quay lại, đã ${since} ngày` : `usually back every ${intervalFor(f, s)} days, now ${since} days`;
    case 'ngu_dong':
    case 'da_mat':
      return vi ? `đã ${since} ngày chưa quay lại (${f.totalVisits} lần đến)` : `not back for ${plural(since, 'day', 'days')} (${plural(f.totalVisits, 'visit', 'visits')})`;
    case 'vang_lai':
      return vi ? `${f.windowVisits} lần đến trong ${win}, lần cuối ${since} ngày trước` : `${plural(f.windowVisits, 'visit', 'visits')} in ${win}, last ${plural(since, 'day', 'days')} ago`;
    default: {
      const never: never = segment;
      throw new Error(`unknown segment ${String(never)}`);
    }
  }
}

/** "VIP: 12 lần đến, 18,4 tr₫ trong 12 tháng". */
export function explainSegment(segment: Segment, f: SegmentFigures, now: Date, s: SegmentSettings, lang: Lang): string {
  return `${SEGMENT_NAMES[lang][segment]}: ${segmentReason(segment, f, now, s, lang)}`;
}
