// Tests compare what the bot says with the copy catalogue's entries, so copy can be edited without breaking them.
import { addressFor, type Address } from '../../src/engine/copy/index.js';
import { en } from '../../src/engine/copy/en.js';
import { staffEn } from '../../src/engine/copy/staff-en.js';
import { staffVi } from '../../src/engine/copy/staff-vi.js';
import { vi } from '../../src/engine/copy/vi.js';
import { SETTINGS } from './chat.js';

export { en, staffEn, staffVi, vi };

/** The spa name the test engine runs with (test/support/chat.ts). */
export const SPA = SETTINGS.spaName;

/** The form of address the engine uses for a guest: `you()` before the name is known, `you('Nguyễn Thị Lan')` after. */
export function you(name?: string, gender?: 'female' | 'male' | 'other'): Address {
  return addressFor('vi', name, gender);
}

/**
 * A catalogue template as a matcher, for when the test cannot know a placeholder's value (a generated code, a time):
 * `copyPattern((hole) => staffVi.inviteCreated({ code: hole(), role: 'nhân viên', hours: 72 }))` matches any code.
 * `hole<number>()` fills a numeric placeholder. Each hole matches one or more characters (one line at most when it
 * ends the template); everything else must be the catalogue's text exactly.
 */
export function copyPattern(render: (hole: <T = string>() => T) => string): RegExp {
  // A hole stands in for any placeholder type (a number, say) and renders as a token no catalogue text contains.
  const token = '\u0001hole\u0001';
  const hole = <T = string>(): T => token as unknown as T;
  const literal = render(hole)
    .split(token)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Lazy, so a hole stops where the catalogue's text resumes; a hole ending the template runs to the end of the line.
  const source = literal.reduce((acc, part, i) => `${acc}${i === literal.length - 1 && part === '' ? '([^\\n]+)' : '([\\s\\S]+?)'}${part}`);
  return new RegExp(source);
}
