// Picks the notes catalogue for the chat's language.
import type { Lang } from './index.js';
import { notesEn } from './notes-en.js';
import type { NotesCopy } from './notes-types.js';
import { notesVi } from './notes-vi.js';

export const notesCopyOf = (ctx: { state: { lang: Lang } }): NotesCopy => (ctx.state.lang === 'en' ? notesEn : notesVi);
