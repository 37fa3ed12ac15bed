// A campaign's message template (issue 14): the owner's text with {placeholders} filled per customer when it is sent.
// Only the fixed names below are placeholders; anything else in braces ("{$where}", "{ten khach}") is refused with
// the list of known names, so a typo never reaches a customer as a literal "{tne}". Pure: no I/O.
import { err, ok, type Result } from './result.js';

/** Vietnamese names first; English aliases map to the same value. */
export const PLACEHOLDERS = ['ten', 'xung_ho', 'ho_ten', 'ten_spa', 'dich_vu_cuoi'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const ALIASES: Readonly<Record<string, Placeholder>> = Object.assign(Object.create(null) as Record<string, Placeholder>, {
  ten: 'ten',
  name: 'ten',
  xung_ho: 'xung_ho',
  pronoun: 'xung_ho',
  ho_ten: 'ho_ten',
  full_name: 'ho_ten',
  ten_spa: 'ten_spa',
  spa: 'ten_spa',
  dich_vu_cuoi: 'dich_vu_cuoi',
  last_service: 'dich_vu_cuoi',
});

export const MAX_TEMPLATE_LENGTH = 1000;

export type TemplateReason =
  | { kind: 'empty' }
  | { kind: 'too_long'; max: number }
  | { kind: 'unknown_placeholder'; names: string[] }
  /** A lone "{" or "}": the typist meant a placeholder and lost half of it. */
  | { kind: 'unbalanced' };

/** What each placeholder becomes for one customer. */
export type TemplateValues = Record<Placeholder, string>;

const BRACED = /\{([^{}]*)\}/g;

/** Checks a typed template: trimmed, control characters out, every {name} known, braces balanced. */
export function parseTemplate(raw: string): Result<string, TemplateReason> {
  // eslint-disable-next-line no-control-regex
  const text = String(raw).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').normalize('NFC').trim();
  if (!text) return err({ kind: 'empty' });
  if (text.length > MAX_TEMPLATE_LENGTH) return err({ kind: 'too_long', max: MAX_TEMPLATE_LENGTH });
  const unknown: string[] = [];
  for (const m of text.matchAll(BRACED)) {
    const name = m[1]!.trim();
    if (!ALIASES[name] && !unknown.includes(name)) unknown.push(name.slice(0, 30));
  }
  if (unknown.length > 0) return err({ kind: 'unknown_placeholder', names: unknown.slice(0, 5) });
  if (/[{}]/.test(text.replace(BRACED, ''))) return err({ kind: 'unbalanced' });
  return ok(text);
}

/** The placeholders a template uses, in order of first use. */
export function placeholdersIn(template: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (const m of template.matchAll(BRACED)) {
    const p = ALIASES[m[1]!.trim()];
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

/** The message for one customer; an unknown name (a template stored before a rename) is left out, never shown raw. */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(BRACED, (_m, name: string) => {
    const p = ALIASES[name.trim()];
    return p ? values[p] : '';
  });
}
