// How complete a customer profile is, so bots know which question to ask next and staff see a progress figure.

export const KEY_FIELDS = ['name', 'phone', 'birthday', 'gender', 'email', 'address', 'occupation', 'needs'] as const;
export type KeyField = (typeof KEY_FIELDS)[number];

export type ProfileFields = {
  name?: string | null;
  phone?: string | null;
  birthday?: { day: number; month: number } | null;
  /** A lunar birthday ("âm lịch 15/8") fills the birthday as well as a solar one. */
  lunarBirthday?: { day: number; month: number } | null;
  gender?: string | null;
  email?: string | null;
  address?: string | null;
  occupation?: string | null;
  needs?: readonly unknown[] | null;
};

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  // A whitespace-only answer is no more useful to staff than no answer.
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Missing key fields in KEY_FIELDS order (the order bots ask in) and the filled share as a whole percent. */
export function profileCompleteness(p: ProfileFields): { missing: KeyField[]; percent: number } {
  // Every key field can be set from the chat (/sua, /bosung: src/services/card-edits.ts), so a card reaches 100 %.
  const missing = KEY_FIELDS.filter((field) => !isPresent(field === 'birthday' ? (p.birthday ?? p.lunarBirthday) : p[field]));
  const percent = Math.round(((KEY_FIELDS.length - missing.length) / KEY_FIELDS.length) * 100);
  return { missing, percent };
}

/** What the customer intake itself asks a known customer for: care consent, then the gaps among these fields. */
export const INTAKE_FIELDS = ['phone', 'birthday', 'needs'] as const satisfies readonly KeyField[];
export type IntakeGap = 'consent' | (typeof INTAKE_FIELDS)[number];

/**
 * The intake's gaps for a stored profile: empty means the intake has nothing to ask and /start shows the menu.
 * The same presence rule as profileCompleteness (a whitespace-only value counts as missing).
 */
export function intakeGaps(p: ProfileFields & { consent?: { care: boolean } }): IntakeGap[] {
  const gaps: IntakeGap[] = p.consent?.care ? [] : ['consent'];
  return [...gaps, ...INTAKE_FIELDS.filter((field) => !isPresent(field === 'birthday' ? (p.birthday ?? p.lunarBirthday) : p[field]))];
}
