// The web page's customer list (issue 15): the viewer's visibility turned into a query scope, so a page of
// 100,000 customers is one indexed find, and then the visibility rule decides each row as in chat.
import type { Segment } from '../domain/segments.js';
import type { CustomerScope, ListQuery } from '../store/customer-listing.js';
import type { StoredSegment } from '../store/segments.js';
import type { CustomerAccess } from './customer-access.js';
import type { Visible } from './customer-lists.js';

/** The customers a viewer could possibly be shown, as a query (a superset is fine: each row is still checked). */
export async function scopeOf(access: CustomerAccess, staffVisibility: 'own' | 'masked' | 'none'): Promise<CustomerScope> {
  const rules = await access.rules();
  if (!rules) return { anyOf: [] };
  if (rules.role === 'owner') return 'all';
  // A customer without a branch belongs to every branch (src/domain/visibility.ts).
  const branch = [{ branch: null }, ...(rules.branchId ? [{ branch: rules.branchId }] : [])];
  if (rules.role === 'manager') return { anyOf: branch };
  const own = [{ manager: rules.staffId }, { ids: [...(await access.servedIds())] }];
  return { anyOf: staffVisibility === 'masked' ? [...own, ...branch] : own };
}

export type ListRequest = Omit<ListQuery, 'scope' | 'onlyIds'> & { segment?: Segment };

/**
 * One page of the list, each row with what the viewer may see of it and, for rows seen in full, the stored segment;
 * one `search` audit entry per page.
 */
export async function listCustomers(access: CustomerAccess, staffVisibility: 'own' | 'masked' | 'none', req: ListRequest): Promise<{ rows: Visible[]; hasNext: boolean; segments: Map<string, StoredSegment> }> {
  const { segment, ...query } = req;
  const scope = await scopeOf(access, staffVisibility);
  const onlyIds = segment ? await access.store.segments.customerIdsIn(segment) : undefined;
  const { rows, hasNext } = await access.store.listing.page({ ...query, scope, ...(onlyIds ? { onlyIds } : {}) });
  const visible = await access.visible(rows);
  const segments = await access.store.segments.findMany(visible.filter((v) => v.access === 'full').map((v) => v.customer.id));
  await access.record('search', undefined, `web_list page=${req.page} results=${visible.length}${segment ? ` segment=${segment}` : ''}`);
  return { rows: visible, hasNext, segments };
}
