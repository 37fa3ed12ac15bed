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

  // ---- The weekly win-back list (jobs/win-back.ts), in the staff's language ----
  winBackTitle(p: { date: string; count: number }): string;
  /** `who` is "chị Lan (0912 345 678)"; `explained` the segment and its reason. */
  winBackLine(p: { who: string; explained: string; lastService?: string }): string;
  winBackSuggest(p: { text: string }): string;
  winBackMore(p: { rest: number }): string;
  winBackFooter: string;
  noPhone: string;
  /**
   * The message suggested for the customer, in the customer's language: `named` is "chị Lan", `pronoun` "chị".
   * At risk: a gentle "we have not seen you"; dormant: a warmer "we miss you" with an invitation.
   */
  winBackSuggestion(p: { segment: 'sap_roi' | 'ngu_dong'; named: string; pronoun: string; Pronoun: string; service?: string; spa: string }): string;
}
