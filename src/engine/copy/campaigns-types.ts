// The campaigns catalogue (issue 14): /chiendich for the owner and managers. Staff lines are brisk and factual
// (copy-vi.md); same keys in vi and en. Segment names come from src/domain/segment-reasons.ts.
import type { TemplateReason } from '../../domain/campaign-template.js';
import type { SliceReason } from '../../domain/segment-slices.js';

export interface CampaignStaffCopy {
  /** A staff member (not owner or manager) typed /chiendich. */
  staffOnly: string;
  listTitle: string;
  listNone: string;
  /** One campaign in the list: `when` is its send time, `state` already phrased. */
  listLine(p: { n: number; segment: string; slices: string; when: string; state: string }): string;
  listResults(p: { sent: number; failed: number; optedOut: number; pending: number; cameBack: number; days: number }): string;
  states: Record<'draft' | 'scheduled' | 'sending' | 'done' | 'cancelled', string>;
  newButton: string;
  cancelButton(p: { n: number }): string;
  cancelled(p: { rows: number }): string;
  notCancellable: string;
  notFound: string;

  pickSegment: string;
  segmentButton(p: { name: string; count: number }): string;
  noCustomers: string;
  tapSegment: string;
  askSlice(p: { segment: string }): string;
  noSliceButton: string;
  badSlice(p: { reason: SliceReason }): string;
  askTemplate: string;
  badTemplate(p: { reason: TemplateReason }): string;
  askTime: string;
  badTime: string;
  /** The preview before confirming. */
  preview(p: { segment: string; slices: string; when: string; eligible: number; noConsent: number; noChat: number }): string;
  sample(p: { name: string; text: string }): string;
  noSample: string;
  confirmButton: string;
  abortButton: string;
  aborted: string;
  scheduled(p: { when: string; eligible: number }): string;
  /** A step's button tapped after the flow moved on or ended. */
  stale: string;
}
