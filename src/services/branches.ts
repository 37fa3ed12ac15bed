// The spa's branch list for every front end (issue 17): the configured one (SPA_BRANCHES, the settings page), else
// the branches its staff belong to, so a spa that never wrote a list keeps working as before.
import { branchesOf, matchBranch } from '../domain/branches.js';
import type { Store } from '../store/index.js';

export async function spaBranches(store: Store, configured: readonly string[] | undefined): Promise<string[]> {
  if (configured?.length) return [...configured];
  return branchesOf([], (await store.staff.list()).filter((m) => m.active).map((m) => m.branchId));
}

export type BranchPick = { kind: 'found'; branch: string } | { kind: 'unknown'; list: string[] } | { kind: 'free'; branch: string };

/**
 * What a typed branch names: an entry of the configured list, or (no list configured) the text itself as a short
 * key, the old free-text behaviour. With a list, anything else is unknown and the caller offers the list.
 */
export async function pickBranch(store: Store, configured: readonly string[] | undefined, text: string): Promise<BranchPick> {
  const list = await spaBranches(store, configured);
  const found = matchBranch(text, list);
  if (found) return { kind: 'found', branch: found };
  if (configured?.length) return { kind: 'unknown', list };
  return { kind: 'free', branch: text.trim().slice(0, 60) };
}
