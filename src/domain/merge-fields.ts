// Which fields of two records of one person need a choice when they are merged (issue 17), and the rules for
// everything else: lists are joined, counters added, the earliest creation and latest visit kept.

/** Single-valued fields shown field by field; where both records hold different values, staff choose. */
export const MERGE_CHOICE_FIELDS = ['name', 'phone', 'birthday', 'lunarBirthday', 'email', 'gender', 'address', 'occupation', 'facebook', 'source', 'group', 'branchId', 'managerStaffId', 'photoUrl', 'language'] as const;
export type MergeChoiceField = (typeof MERGE_CHOICE_FIELDS)[number];
export type MergeSide = 'kept' | 'merged';

/** Counters that are added up (top level or inside these objects). */
export const MERGE_SUMMED = ['visitCount', 'points', 'depositBalanceVnd', 'totals', 'appointments'] as const;
export const RANK_ORDER = ['dong', 'bac', 'vang', 'kim_cuong'] as const;

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export interface FieldComparison {
  field: MergeChoiceField;
  kept: unknown;
  merged: unknown;
  /** Where the merged record's value comes from without a choice: the kept one, or the other when kept is empty. */
  from: MergeSide;
  /** Both have a value and they differ: staff may choose. */
  conflict: boolean;
}

export function compareForMerge(kept: Record<string, unknown>, merged: Record<string, unknown>, choices: Partial<Record<MergeChoiceField, MergeSide>> = {}): FieldComparison[] {
  return MERGE_CHOICE_FIELDS.filter((f) => present(kept[f]) || present(merged[f])).map((field) => {
    const conflict = present(kept[field]) && present(merged[field]) && !same(kept[field], merged[field]);
    const from: MergeSide = conflict ? (choices[field] ?? 'kept') : present(kept[field]) ? 'kept' : 'merged';
    return { field, kept: kept[field], merged: merged[field], from, conflict };
  });
}

/** The higher of two ranks (a merged customer keeps the better standing). */
export function higherRank(a: unknown, b: unknown): unknown {
  const i = RANK_ORDER.indexOf(a as never);
  const j = RANK_ORDER.indexOf(b as never);
  return j > i ? b : a;
}
