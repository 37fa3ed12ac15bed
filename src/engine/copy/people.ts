// Picks the people catalogue (counter link, paper consent, photos, announcements) for the chat's language.
import type { Lang } from './index.js';
import { peopleEn } from './people-en.js';
import type { PeopleCopy } from './people-types.js';
import { peopleVi } from './people-vi.js';

export const peopleCopyFor = (lang: Lang): PeopleCopy => (lang === 'en' ? peopleEn : peopleVi);
export const peopleCopyOf = (ctx: { state: { lang: Lang } }): PeopleCopy => peopleCopyFor(ctx.state.lang);
