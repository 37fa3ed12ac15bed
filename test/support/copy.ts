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
 * `hole<number>()` fills a numeric placeholder. Each hole matches one or more characters; everything else must be the catalogue's text exactly.
 */
export function copyPattern(render: (hole: <T = string>() => T) => string): RegExp {
  const holes: string[] = [];
  // A hole stands in for any placeholder type (a number, say) and renders as a unique token.
  const hole = <T = string>(): T => {
    const token = `\u0001${holes.length}\u0001`;
    holes.push(token);
    return token as unknown as T;
  };
  let source = render(hole).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const token of holes) source = source.split(token).join('([\\s\\S]+?)');
  return new RegExp(source);
}
