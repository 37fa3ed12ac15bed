// The numbers on the web page's overview (issue 15), within what the viewer may see: the owner counts the
// whole spa, a manager their branch, a staff member their own customers and visits.
import type { Segment } from '../domain/segments.js';
import { lastWeeks, weekIndex, type Week } from '../domain/weeks.js';
import type { VisitScope } from '../store/stats.js';
import type { CustomerAccess } from './customer-access.js';
import { scopeOf } from './customer-pages.js';
import { segmentCounts } from './segments.js';

export interface Overview {
  weeks: Week[];
  /** New customers per week, by the channel they came from. */
  newCustomers: Record<string, number[]>;
  visits: number[];
  revenueVnd: number[];
  birthdays: { solar: number[]; lunar: number[] };
  /** Customers per segment, of those the viewer sees in full (as /phanloai counts them). */
  segments: Record<Segment, number>;
  /** Owner only (null for others): outbox rows finished per week. */
  messages: { sent: number[]; failed: number[]; handed_off: number[] } | null;
}

export async function overview(access: CustomerAccess, opts: { now: Date; timeZone: string; weeks?: number; staffVisibility: 'own' | 'masked' | 'none' }): Promise<Overview | null> {
  const rules = await access.rules();
  if (!rules) return null;
  const weeks = lastWeeks(opts.now, opts.timeZone, opts.weeks ?? 12);
  const from = weeks[0]!.from;
  const to = weeks[weeks.length - 1]!.to;
  const scope = await scopeOf(access, opts.staffVisibility);
  const visitScope: VisitScope = rules.role === 'owner' ? 'all' : rules.role === 'manager' && rules.branchId ? { branch: rules.branchId } : { staffId: rules.staffId };
  const { stats } = access.store;
  const [created, visits, birthdays, messages, segments] = await Promise.all([
    stats.newCustomers(scope, from, to),
    stats.visitsBetween(visitScope, from, to),
    stats.birthdayMonths(scope),
    rules.role === 'owner' ? stats.messagesBetween(from, to) : Promise.resolve(null),
    segmentCounts(access),
  ]);
  const zeros = (): number[] => weeks.map(() => 0);
  const newCustomers: Record<string, number[]> = {};
  for (const c of created) {
    const i = weekIndex(weeks, c.at);
    if (i >= 0) (newCustomers[c.channel] ??= zeros())[i]!++;
  }
  const visitCounts = zeros();
  const revenue = zeros();
  for (const v of visits) {
    const i = weekIndex(weeks, v.at);
    if (i < 0) continue;
    visitCounts[i]!++;
    revenue[i]! += v.amountVnd;
  }
  let finished: Overview['messages'] = null;
  if (messages) {
    finished = { sent: zeros(), failed: zeros(), handed_off: zeros() };
    for (const m of messages) {
      const i = weekIndex(weeks, m.at);
      if (i >= 0) finished[m.status][i]!++;
    }
  }
  return { weeks, newCustomers, visits: visitCounts, revenueVnd: revenue, birthdays, segments, messages: finished };
}
