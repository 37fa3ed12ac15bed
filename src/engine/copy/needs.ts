// Picks the needs catalogue for the chat's language.
import type { Lang } from './index.js';
import { needsEn } from './needs-en.js';
import type { NeedsCopy } from './needs-types.js';
import { needsVi } from './needs-vi.js';

export const needsCopyOf = (ctx: { state: { lang: Lang } }): NeedsCopy => (ctx.state.lang === 'en' ? needsEn : needsVi);
