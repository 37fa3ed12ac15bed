// The segments catalogue (issue 14): /phanloai, the segment line on /xem, the weekly win-back list and campaigns.
// Staff lines are brisk and factual (copy-vi.md); same keys in vi and en. Segment names and reasons come from
// src/domain/segment-reasons.ts, shared with the CLI and the jobs.

export interface SegmentStaffCopy {
  /** "/phanloai" in the help list. */
  helpLine: string;
  countsTitle(p: { total: number }): string;
  countLine(p: { name: string; count: number }): string;
  countsNone: string;
  countsPick: string;
  segmentButton(p: { name: string; count: number }): string;
  listTitle(p: { name: string; total: number; page: number; pages: number }): string;
  memberLine(p: { n: number; name: string; phone: string; reason: string }): string;
  listEmpty(p: { name: string }): string;
  listOpen: string;
  nextPage: string;
  prevPage: string;
  backToCounts: string;
  /** The segment on the card (/xem): "Phân loại: VIP: 12 lần đến, …". */
  cardLine(p: { explained: string }): string;
}
