// Who can be booked: the active members of a branch (every member when the spa has no branches), and a
// technician named in a line of text ("chị Hoa", "ktv Tuấn", "Nguyễn Thị Hoa").
import { foldDiacritics, givenName } from '../domain/name.js';
import type { Store } from '../store/index.js';
import type { StaffMember } from '../store/staff.js';

/** Members a customer of `branchId` can be booked with: that branch's, or the branch-less ones when it is unset. */
export async function appointmentsStaffOf(store: Store, branchId: string | undefined): Promise<StaffMember[]> {
  const all = await store.staff.list();
  return all.filter((m) => (m.branchId ?? undefined) === (branchId ?? undefined));
}
export const techniciansOf = appointmentsStaffOf;

/**
 * Who a customer can book with: her branch's members; a customer with no branch, every branch's (so the spa's only
 * branch when it has one), or the branch-less members of a spa without branches. Otherwise she would see no free
 * time at all, since every technician of a spa with branches belongs to one.
 */
export async function bookableFor(store: Store, branchId: string | undefined): Promise<StaffMember[]> {
  if (branchId) return appointmentsStaffOf(store, branchId);
  const all = await store.staff.list();
  const branched = all.filter((m) => m.branchId);
  return branched.length ? branched : all.filter((m) => !m.branchId);
}

const HONORIFICS = new Set(['chi', 'anh', 'em', 'ktv', 'c', 'a', 'co', 'ban', 'voi']);

/**
 * The member whose full name or given name is written in `words` (after an optional honorific), longest match
 * first; `ambiguous` when two members share the given name typed.
 */
export function matchTechnician(words: readonly string[], members: readonly StaffMember[]): { member: StaffMember; used: number[] } | { ambiguous: StaffMember[] } | undefined {
  const folded = words.map((w) => foldDiacritics(w));
  const candidates = members.map((m) => ({ m, full: foldDiacritics(m.name).split(' '), given: foldDiacritics(givenName(m.name)) }));
  // Full names first (the longest wins), then a given name typed after an honorific or alone.
  for (const c of [...candidates].sort((a, b) => b.full.length - a.full.length)) {
    if (c.full.length < 2) continue;
    for (let i = 0; i + c.full.length <= folded.length; i++) {
      if (c.full.every((t, k) => folded[i + k] === t)) return { member: c.m, used: [...(i > 0 && HONORIFICS.has(folded[i - 1]!) ? [i - 1] : []), ...c.full.map((_, k) => i + k)] };
    }
  }
  for (let i = 0; i < folded.length; i++) {
    const named = candidates.filter((c) => c.given === folded[i]);
    if (named.length === 0) continue;
    const afterHonorific = i > 0 && HONORIFICS.has(folded[i - 1]!);
    if (!afterHonorific && i < folded.length - 1) continue; // a bare given name counts only at the end of the line
    if (named.length > 1) return { ambiguous: named.map((c) => c.m) };
    return { member: named[0]!.m, used: [...(afterHonorific ? [i - 1] : []), i] };
  }
  return undefined;
}
