// Copy for staff notes by kind (issue 17): the kind names on /xem and the answers to /ghichu <kind>: text.
import type { NoteKind } from '../../domain/note-kinds.js';

export interface NotesCopy {
  kindNames: Record<NoteKind, string>;
  /** One kind's notes on /xem. */
  group(p: { kind: string; texts: string }): string;
  saved(p: { name: string; kind: string }): string;
  /** A skin or health note without her health consent: nothing is kept. */
  sensitiveRefused(p: { name: string; kind: string }): string;
}
