// The spa's branches are a defined list (issue 17): "Q1", "q1" and "Quận 1"-typed-as-"quan 1" must not become three
// branches. Matching folds case, diacritics and spaces; the list's own spelling is what is stored.
import { foldDiacritics } from './name.js';

export const branchKey = (s: string): string => foldDiacritics(s).replace(/[\s_-]+/g, '');

/** The list's entry the text names, or null (also for an empty list: the caller decides what free text means). */
export function matchBranch(text: string, list: readonly string[]): string | null {
  const key = branchKey(text);
  if (!key) return null;
  return list.find((b) => branchKey(b) === key) ?? null;
}

/** A configured list, or (a spa that never wrote one) the branches its staff already belong to. */
export function branchesOf(configured: readonly string[], staffBranches: readonly (string | undefined)[]): string[] {
  if (configured.length) return [...configured];
  return [...new Set(staffBranches.filter((b): b is string => Boolean(b)))].sort((a, b) => a.localeCompare(b, 'vi'));
}
