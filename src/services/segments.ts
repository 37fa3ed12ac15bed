// Segments for every front end (issue 14): computing them (one customer after a record changes, everyone at
// night) and the lists a viewer may see, filtered by the visibility rule and audited once per list.
import { accessTo } from '../domain/visibility.js';
import { classifyCustomer, defaultSegmentSettings, isSegment, SEGMENTS, type Segment, type SegmentSettings } from '../domain/segments.js';
import { matchesSlices, sliceAttributes, type Slices } from '../domain/segment-slices.js';
import type { Customer } from '../store/customers.js';
import type { Store } from '../store/index.js';
import { segmentSignature, type SegmentSources, type StoredHead, type StoredSegment } from '../store/segments.js';
import type { CustomerAccess } from './customer-access.js';

export interface SegmentDeps {
  store: Store;
  now: () => Date;
  settings?: SegmentSettings;
}

/** The row for one customer's sources as of `now`; `previous` keeps the date the customer entered the segment. */
export function segmentRow(src: SegmentSources, now: Date, settings: SegmentSettings, previous?: Pick<StoredHead, 'segment' | 'since'>): StoredSegment {
  const nowMs = now.getTime();
  const done = src.visits.filter((v) => v.status === 'done');
  const booked = src.visits
    .filter((v) => v.status === 'booked' && v.at.getTime() > nowMs)
    .map((v) => v.at.getTime())
    .sort((a, b) => a - b)[0];
  const { segment, figures } = classifyCustomer(
    { registeredAt: src.card.registeredAt, visits: done, payments: [...src.card.payments, ...(src.paid ?? [])], ...(booked !== undefined ? { nextAppointmentAt: new Date(booked) } : {}) },
    now,
    settings,
  );
  let last: { at: Date; service: string } | undefined;
  for (const v of done) if (v.at.getTime() <= nowMs && (!last || v.at > last.at)) last = v;
  const c = src.card;
  const attributes = sliceAttributes({ ...c, services: done.map((v) => v.service), notes: src.notes, thisYear: now.getUTCFullYear() });
  return {
    customerId: c.id,
    segment,
    figures,
    attributes,
    ...(c.branchId ? { branchId: c.branchId } : {}),
    ...(c.managerStaffId ? { managerStaffId: c.managerStaffId } : {}),
    marketing: c.marketing,
    ...(last ? { lastService: last.service } : {}),
    ...(src.lastCallAt ? { lastContactAt: src.lastCallAt } : {}),
    since: previous && previous.segment === segment ? previous.since : now,
    computedAt: now,
  };
}

/**
 * Recomputes one customer's segment now: the hook every service that changes a customer's records calls (a visit,
 * a call, a registration, a note). An erased or unknown customer loses their row.
 */
export async function recomputeSegment(deps: SegmentDeps, customerId: string): Promise<StoredSegment | null> {
  const repo = deps.store.segments;
  const src = await repo.sourcesOf(customerId);
  if (!src) {
    await repo.remove([customerId]);
    return null;
  }
  const previous = await repo.findById(customerId);
  const row = segmentRow(src, deps.now(), deps.settings ?? defaultSegmentSettings, previous ?? undefined);
  await repo.write([row]);
  return row;
}

/**
 * A customer just created has no visits, calls, notes or appointments yet: its row is written from the card alone,
 * without reading anything (a registration stays one write more, not seven round trips more).
 */
export async function segmentForNewCustomer(deps: SegmentDeps, c: Customer): Promise<StoredSegment> {
  const card = {
    id: c.id,
    registeredAt: c.createdAt,
    ...(c.branchId ? { branchId: c.branchId } : {}),
    ...(c.source ? { source: c.source } : {}),
    needs: c.needs.map((n) => n.service || n.note || '').filter(Boolean),
    ...(c.rank ? { rank: c.rank } : {}),
    ...(c.birthday?.year ? { birthYear: c.birthday.year } : {}),
    ...(c.gender ? { gender: c.gender } : {}),
    ...(c.occupation ? { occupation: c.occupation } : {}),
    ...(c.managerStaffId ? { managerStaffId: c.managerStaffId } : {}),
    marketing: c.consent.marketing,
    payments: [],
  };
  const row = segmentRow({ card, visits: [], notes: [] }, deps.now(), deps.settings ?? defaultSegmentSettings);
  await deps.store.segments.write([row]);
  return row;
}

export interface FullRecompute {
  customers: number;
  written: number;
  removed: number;
  counts: Record<Segment, number>;
}

/**
 * Everyone, in batches (the nightly job), in one streamed pass over the customers: a customer without a row gets
 * one by insert (many per command), a row whose segment, figures or copied card fields changed (its stored `sig` differs;
 * a row without one, written before signatures were stored, counts as changed once) is replaced by key,
 * an unchanged row is not written at all (its `computedAt` stays the night it last changed), and rows of customers
 * that are gone are deleted.
 */
export async function recomputeAllSegments(deps: SegmentDeps, opts: { batch?: number } = {}): Promise<FullRecompute> {
  const repo = deps.store.segments;
  const now = deps.now();
  const settings = deps.settings ?? defaultSegmentSettings;
  const counts = Object.fromEntries(SEGMENTS.map((s) => [s, 0])) as Record<Segment, number>;
  let customers = 0;
  let written = 0;
  for await (const chunk of repo.scanSources(opts.batch ?? 1000)) {
    const fresh: StoredSegment[] = [];
    const changed: { row: StoredSegment; read: StoredHead }[] = [];
    for (const { sources, stored } of chunk) {
      const row = segmentRow(sources, now, settings, stored);
      counts[row.segment]++;
      customers++;
      if (!stored) fresh.push(row);
      else if (stored.sig !== segmentSignature(row)) changed.push({ row, read: stored });
    }
    written += (await repo.insertNew(fresh)) + (await repo.replaceChanged(changed));
  }
  const removed = await repo.remove(repo.orphans);
  return { customers, written, removed, counts };
}

// ---- Lists for a viewer ----

/** The stored rows this viewer sees in full (staff: their own customers; manager: their branch; owner: all); campaigns' audience too. */
export async function* visibleRows(access: CustomerAccess, segments?: readonly Segment[]): AsyncGenerator<StoredSegment> {
  const rules = await access.rules();
  if (!rules) return;
  const served = rules.role === 'staff' ? await access.servedIds() : new Set<string>();
  const visibility = access.staffVisibility;
  for await (const row of access.store.segments.all(segments)) {
    if (accessTo(rules, row, served.has(row.customerId), visibility) === 'full') yield row;
  }
}

/** Count per segment of the customers the viewer sees in full, within the slices; one audit entry. */
export async function segmentCounts(access: CustomerAccess, slices: Slices = {}): Promise<Record<Segment, number>> {
  const counts = Object.fromEntries(SEGMENTS.map((s) => [s, 0])) as Record<Segment, number>;
  for await (const row of visibleRows(access)) if (matchesSlices(row.attributes, slices)) counts[row.segment]++;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  await access.record('search', undefined, `segments=${total}`);
  return counts;
}

export interface SegmentMember {
  customer: Customer;
  row: StoredSegment;
}

/**
 * The customers of one segment the viewer sees in full, within the slices, longest in the segment first (at most
 * `limit` from `offset`: one page; with the total); one audit entry.
 */
export async function segmentMembers(access: CustomerAccess, segment: Segment, slices: Slices = {}, limit = 20, offset = 0): Promise<{ members: SegmentMember[]; total: number }> {
  if (!isSegment(segment)) return { members: [], total: 0 };
  const rows: StoredSegment[] = [];
  for await (const row of visibleRows(access, [segment])) if (matchesSlices(row.attributes, slices)) rows.push(row);
  rows.sort((a, b) => a.since.getTime() - b.since.getTime() || a.customerId.localeCompare(b.customerId));
  const members: SegmentMember[] = [];
  for (const row of rows.slice(Math.max(0, offset))) {
    if (members.length >= limit) break;
    const customer = await access.store.customers.findById(row.customerId);
    // Re-checked on the live card: a row computed before a transfer must not show a customer now out of reach.
    if (customer && (await access.accessTo(customer)) === 'full') members.push({ customer, row });
  }
  await access.record('search', undefined, `segment=${segment} results=${members.length}`);
  return { members, total: rows.length };
}

/** The stored segment of a customer the viewer may see in full (the card's own read is audited by readCard). */
export async function segmentOfCustomer(access: CustomerAccess, customer: Customer): Promise<StoredSegment | null> {
  if ((await access.accessTo(customer)) !== 'full') return null;
  return access.store.segments.findById(customer.id);
}
