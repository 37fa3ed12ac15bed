// Merging two records of one person and undoing it, for any front end (the chat's /gop, `hoso customers merge`).
// The store (src/store/merges.ts) does the work and keeps the undo; this layer decides who may: a viewer with full
// access to both records (owner, the branch's manager, the staff member who looks after both), re-checked at the
// moment of the merge, not only when the preview was shown.
import type { FieldComparison, MergeChoiceField, MergeSide } from '../domain/merge-fields.js';
import { err, ok, type Result } from '../domain/result.js';
import type { Actor, Customer } from '../store/customers.js';
import type { MergeDone, MergeOptions, MergeRefusal, UndoRefusal } from '../store/merges.js';
import { afterWrite, moneySummary, type MoneyDeps } from './money.js';

export type { MergeOptions };
import type { CustomerAccess } from './customer-access.js';

export type MergeCheck = 'not_allowed' | MergeRefusal;

export interface MergeShown {
  kept: Customer;
  merged: Customer;
  fields: FieldComparison[];
  /** Documents of each collection that move to the kept record (visits, notes, chats…). */
  counts: Record<string, number>;
}

/** Which record each conflicting field is taken from; fields not named keep the kept record's value. */
export type MergeChoices = Partial<Record<MergeChoiceField, MergeSide>>;

function actorOf(access: CustomerAccess): Actor {
  const v = access.viewer;
  return v.kind === 'staff' ? { kind: 'staff', id: v.staffId, channel: v.channel } : { kind: 'cli', channel: 'cli' };
}

async function bothInFull(access: CustomerAccess, keptId: string, mergedId: string): Promise<Result<{ kept: Customer; merged: Customer }, MergeCheck>> {
  if (keptId === mergedId) return err('same_customer');
  const [kept, merged] = [await access.withFullAccess(keptId), await access.withFullAccess(mergedId)];
  // "Not found" and "not yours" read the same to the viewer: a record they may not see is not confirmed to exist.
  if (!kept || !merged) return err('not_allowed');
  return ok({ kept, merged });
}

/** What a merge of `mergedId` into `keptId` would keep, field by field; audited as a read of both cards. */
export async function previewMerge(access: CustomerAccess, keptId: string, mergedId: string, choices: MergeChoices = {}): Promise<Result<MergeShown, MergeCheck>> {
  const pair = await bothInFull(access, keptId, mergedId);
  if (!pair.ok) return pair;
  const preview = await access.store.merges.preview(keptId, mergedId, choices);
  if (!preview.ok) return preview;
  await access.record('read_card', keptId, 'merge_preview');
  await access.record('read_card', mergedId, 'merge_preview');
  return ok({ ...pair.value, ...preview.value });
}

/**
 * Merges `mergedId` into `keptId` (the store audits it and keeps the undo for 30 days), then recounts the kept
 * card's money counters from the joined ledger: the store adds the two cards' cached sums and keeps the higher
 * rank, but the rank comes from the last 12 months' spend, so two đồng records can together be bạc.
 */
export async function mergeCustomers(access: CustomerAccess, keptId: string, mergedId: string, choices: MergeChoices, money: Omit<MoneyDeps, 'store'>, opts: MergeOptions = {}): Promise<Result<MergeDone, MergeCheck>> {
  const pair = await bothInFull(access, keptId, mergedId);
  if (!pair.ok) return pair;
  const done = await access.store.merges.merge(keptId, mergedId, choices, actorOf(access), opts);
  if (done.ok) await afterWrite({ ...money, store: access.store }, pair.value.kept);
  return done;
}

export type UndoCheck = 'not_allowed' | 'nothing_to_undo' | UndoRefusal;

/** The latest merge into this customer that can still be undone, if the viewer may act on her. */
export async function undoableMergeOf(access: CustomerAccess, keptId: string): Promise<{ mergeId: string; at: Date } | null> {
  if (!(await access.withFullAccess(keptId))) return null;
  const latest = await access.store.merges.latestUndoable(keptId);
  return latest ? { mergeId: latest.mergeId, at: latest.at } : null;
}

/**
 * `/gop hoan` on the open card, `hoso customers merge A --undo`: the latest merge into her. The viewer needs full
 * access to the kept record as it is now; the merged record comes back exactly as it was, so its access follows.
 * The store refuses an expired, superseded, already undone or erased one.
 */
export async function undoLatestMerge(access: CustomerAccess, keptId: string, money: Omit<MoneyDeps, 'store'>, opts: MergeOptions = {}): Promise<Result<{ keptId: string; mergedId: string }, UndoCheck>> {
  if (!(await access.withFullAccess(keptId))) return err('not_allowed');
  const latest = await access.store.merges.latestUndoable(keptId);
  if (!latest) return err('nothing_to_undo');
  const done = await access.store.merges.undo(latest.mergeId, actorOf(access), opts);
  if (done.ok) for (const id of [done.value.keptId, done.value.mergedId]) await recountIfStale({ ...money, store: access.store }, id);
  return done;
}

/**
 * The undo puts each card back as it was before the merge, counters included; what was recorded on the kept record
 * while merged (a visit, a payment) stays hers, so her counters are recounted when they no longer match her ledger.
 * Only then: an undo with nothing recorded in between leaves every document exactly as before.
 */
async function recountIfStale(d: MoneyDeps, customerId: string): Promise<void> {
  const c = await d.store.customers.findById(customerId);
  if (!c) return;
  const s = await moneySummary(d, customerId);
  const cached = [c.visitCount, c.totals.spentVnd, c.totals.debtVnd, c.points, c.rank];
  if (cached.join() !== [s.visitCount, s.spentVnd, s.debtVnd, s.points, s.standing.rank].join()) await afterWrite(d, c);
}
