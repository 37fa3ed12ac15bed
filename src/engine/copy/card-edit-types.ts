// Staff editing a card by chat (issue 17): /sua, /bosung, the one-tap fill from /thieu and the card's detail lines on
// /xem. Brisk and factual like the rest of the staff copy (copy-vi.md); same keys in vi and en.
import type { CardField, CardReason, UnclearableField } from '../../domain/card-fields.js';

export interface CardEditCopy {
  /** The /sua and /bosung lines of /help. */
  helpLines: readonly string[];
  /** Field names as shown in menus and replies. */
  fieldNames: Record<CardField, string>;
  genderNames: Record<'female' | 'male' | 'other', string>;
  menuTitle(p: { name: string }): string;
  /** One menu button: the field and its value now (or "—"). */
  menuButton(p: { field: string; value?: string }): string;
  /** The question for one field; `current` is the value now, `example` a typed example. */
  ask(p: { field: string; name: string; current?: string; example: string }): string;
  /** The question for a field offered as buttons (typing a value works too). */
  pick(p: { field: string; name: string; current?: string }): string;
  examples: Record<CardField, string>;
  skipButton: string;
  stopButton: string;
  unknownField(p: { typed: string }): string;
  saved(p: { field: string; name: string; value: string }): string;
  unchanged(p: { field: string }): string;
  skipped(p: { field: string }): string;
  /** Why a typed value was not taken; the question follows. */
  invalid(p: { field: string; reason: CardReason }): string;
  phoneTaken: string;
  /** "/sua email xoa": the field is empty now. */
  cleared(p: { field: string; name: string }): string;
  /** Why name, phone, needs and branch cannot be emptied, and what to do instead. */
  notClearable: Record<UnclearableField, string>;
  managersOnly: string;
  noSuchStaff(p: { typed: string }): string;
  referrerNotFound: string;
  askReferrer(p: { name: string }): string;
  managerAssigned(p: { staff: string }): string;
  /** What the new managing staff member reads (outbox). */
  managerToldYou(p: { customer: string; phone: string; by: string }): string;
  staleMenu: string;
  editStopped: string;
  fillStart(p: { name: string; percent: number; count: number }): string;
  fillNothing(p: { name: string; percent: number }): string;
  fillDone(p: { name: string; percent: number }): string;
  fillStopped(p: { name: string; percent: number }): string;
  /** The one-tap button under /thieu. */
  fillButton(p: { name: string }): string;
  missingFooter: string;
  /** The card's lines for the fields /xem did not show before (only the ones set). */
  detailLine(p: { field: string; value: string }): string;
  referredBy(p: { source: string; who: string }): string;
  someoneElse: string;
}
