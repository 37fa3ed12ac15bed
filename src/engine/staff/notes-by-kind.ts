// The notes line of /xem, grouped by kind (issue 17): "[Sở thích] thích trà sen · [Gia đình] con gái Na 5 tuổi".
// The notes come already filtered by the access service (skin and health notes only with her health consent).
import { NOTE_KINDS, type NoteKind } from '../../domain/note-kinds.js';
import { notesCopyOf } from '../copy/notes.js';
import type { StaffCtx } from './staff-ctx.js';

export function notesByKind(ctx: StaffCtx, notes: readonly { kind: NoteKind; text: string }[]): string {
  const n = notesCopyOf(ctx);
  // Only plain notes: as they always read, without a label.
  if (notes.every((x) => x.kind === 'other')) return notes.map((x) => x.text).join('; ');
  return NOTE_KINDS.map((kind) => ({ kind, texts: notes.filter((x) => x.kind === kind).map((x) => x.text) }))
    .filter((g) => g.texts.length > 0)
    .map((g) => n.group({ kind: n.kindNames[g.kind], texts: g.texts.join('; ') }))
    .join(' · ');
}
