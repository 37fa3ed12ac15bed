// Kinds of staff notes (issue 17, seed 000): personality, hobbies, family (children's names and birthdays, for
// gifts), examination results, skin and health. Examination results and skin/health notes are health data: staff
// see them only with full access to the customer AND when she gave the separate `health` consent.
import type { Access } from './visibility.js';
import { foldDiacritics } from './name.js';

export const NOTE_KINDS = ['personality', 'hobby', 'family', 'exam', 'skin', 'other'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export const SENSITIVE_NOTE_KINDS: readonly NoteKind[] = ['exam', 'skin'];
export const isSensitiveNote = (kind: NoteKind): boolean => SENSITIVE_NOTE_KINDS.includes(kind);

/** Whether a viewer may read (or staff may write) her skin and health notes. */
export function maySeeSensitiveNotes(access: Access, consent: { health: boolean }): boolean {
  return access === 'full' && consent.health;
}

/** The note kinds as staff type them before a colon, folded (no case, no diacritics). */
const NAMES: Record<NoteKind, readonly string[]> = {
  personality: ['tinh cach', 'personality', 'character'],
  hobby: ['so thich', 'hobby', 'hobbies', 'likes'],
  family: ['gia dinh', 'family'],
  exam: ['ket qua kham', 'kham', 'exam', 'exam result', 'results'],
  skin: ['da/suc khoe', 'da / suc khoe', 'da suc khoe', 'da va suc khoe', 'suc khoe', 'da', 'skin', 'health', 'skin/health'],
  other: ['khac', 'other'],
};
/** The kind name must come first and be short: "Lưu ý: …" or a sentence with a colon stays a plain note. */
const MAX_HEAD = 20;

/** "sở thích: thích trà sen" → hobby, "thích trà sen"; null when the text does not start with a kind and a colon. */
export function parseNoteKind(text: string): { kind: NoteKind; text: string } | null {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon > MAX_HEAD) return null;
  const head = foldDiacritics(text.slice(0, colon)).trim();
  const kind = NOTE_KINDS.find((k) => NAMES[k].includes(head));
  return kind ? { kind, text: text.slice(colon + 1).trim() } : null;
}
