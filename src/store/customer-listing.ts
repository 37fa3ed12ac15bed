// Pages of customers for the web list (issue 15): a scope (what the viewer may see, as a query), filters, a sort
// and a page, answered by indexed queries so the first page of 100,000 customers costs what one find costs.
import { Types, type Connection } from 'mongoose';
import { nameSearchKey } from '../domain/name.js';
import { boundSearchText } from '../domain/search-text.js';
import { customerModel, type CustomerModel } from './models/customer.js';
import { toCustomer, type Customer } from './customer-types.js';

/**
 * Which customers a viewer may be shown, as the union of parts: everyone, customers of a branch (null: those
 * without one), customers a member manages, or named ids (the ones they served). Built by src/services from the
 * visibility rule; the rule itself still decides each row.
 */
export type CustomerScope = 'all' | { anyOf: ({ branch: string | null } | { manager: string } | { ids: string[] })[] };

export const LIST_SORTS = ['name', 'newest', 'last_visit'] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const MISSING_FIELDS = ['phone', 'birthday', 'email', 'address'] as const;
export type MissingField = (typeof MISSING_FIELDS)[number];

export interface ListQuery {
  scope: CustomerScope;
  /** Name words without diacritics, or the last 3–4 digits of the phone. */
  text?: string;
  branch?: string;
  source?: string;
  need?: string;
  rank?: string;
  missing?: MissingField;
  /** Only these customers (e.g. a segment's); an empty list matches nobody. */
  onlyIds?: readonly string[];
  sort: ListSort;
  page: number;
  pageSize: number;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The query for a search text, shared by the chat's search (CustomerRepository.search) and the list page. */
export function searchFilter(text: string): Record<string, unknown> | null {
  const q = boundSearchText(text);
  if (/^\d{3,4}$/.test(q)) return { [q.length === 4 ? 'phoneLast4' : 'phoneLast3']: q };
  const key = nameSearchKey(q);
  if (!key) return null;
  // Each word must start a word of the name: "lan" finds "Lan" and "Thanh Lan", not "Hoàng Lanh".
  return { nameKey: { $regex: key.split(' ').map((w) => `(^| )${escapeRegex(w)}`).join('.*') } };
}

function scopeFilter(scope: CustomerScope): Record<string, unknown> | null {
  if (scope === 'all') return {};
  const or = scope.anyOf.flatMap((p): Record<string, unknown>[] => {
    if ('branch' in p) return [p.branch === null ? { branchId: { $exists: false } } : { branchId: String(p.branch) }];
    if ('manager' in p) return [{ managerStaffId: String(p.manager) }];
    const ids = p.ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
    return ids.length ? [{ _id: { $in: ids } }] : [];
  });
  return or.length ? { $or: or } : null;
}

const SORTS: Record<ListSort, Record<string, 1 | -1>> = {
  name: { nameKey: 1, _id: 1 },
  newest: { createdAt: -1, _id: -1 },
  last_visit: { lastVisitAt: -1, _id: -1 },
};

export class CustomerListing {
  private readonly customers: CustomerModel;

  constructor(conn: Connection) {
    this.customers = customerModel(conn);
  }

  /** The filter a list query runs, or null when it can match nobody (an empty scope, a search of nothing). */
  filterOf(q: Omit<ListQuery, 'sort' | 'page' | 'pageSize'>): Record<string, unknown> | null {
    const scope = scopeFilter(q.scope);
    if (!scope) return null;
    const and: Record<string, unknown>[] = [{ erasedAt: { $exists: false } }];
    if (Object.keys(scope).length) and.push(scope);
    if (q.text?.trim()) {
      const text = searchFilter(q.text);
      if (!text) return null;
      and.push(text);
    }
    if (q.branch) and.push({ branchId: String(q.branch) });
    if (q.source) and.push({ source: String(q.source) });
    if (q.need) and.push({ 'needs.service': String(q.need) });
    if (q.rank) and.push({ rank: String(q.rank) });
    if (q.missing) and.push({ [q.missing]: { $exists: false } });
    if (q.onlyIds) {
      const ids = q.onlyIds.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
      if (ids.length === 0) return null;
      and.push({ _id: { $in: ids } });
    }
    return and.length === 1 ? and[0]! : { $and: and };
  }

  /** One page, and whether another follows (one extra row read instead of a count of every match). */
  async page(q: ListQuery): Promise<{ rows: Customer[]; hasNext: boolean }> {
    const filter = this.filterOf(q);
    if (!filter) return { rows: [], hasNext: false };
    const docs = await this.customers
      .find(filter)
      .sort(SORTS[q.sort])
      .skip(Math.max(0, q.page - 1) * q.pageSize)
      .limit(q.pageSize + 1)
      .lean();
    return { rows: docs.slice(0, q.pageSize).map(toCustomer), hasNext: docs.length > q.pageSize };
  }

  /** The values in use for a filter's choices (branches, sources, needs), at most `limit`. */
  async distinct(field: 'branchId' | 'source' | 'needs.service' | 'rank', limit = 50): Promise<string[]> {
    const values = (await this.customers.distinct(field, { erasedAt: { $exists: false } })) as unknown[];
    return values.filter((v): v is string => typeof v === 'string' && v !== '').sort((a, b) => a.localeCompare(b, 'vi')).slice(0, limit);
  }
}
