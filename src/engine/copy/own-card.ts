// Picks the own-card catalogue (/toi, /sua, the staff line about customer edits) for the chat's language.
import type { Lang } from './index.js';
import { ownCardEn } from './own-card-en.js';
import type { OwnCardCopy } from './own-card-types.js';
import { ownCardVi } from './own-card-vi.js';

export const ownCardCopyFor = (lang: Lang): OwnCardCopy => (lang === 'en' ? ownCardEn : ownCardVi);
