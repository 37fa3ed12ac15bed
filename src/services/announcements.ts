// New self-registrations reach a person (issue 17): a customer who registers by herself with a need is announced at
// once, through the outbox, to the staff of her branch (the branch of the link or QR she came from), or to the owner
// when she has no branch or the branch has nobody; the first colleague who takes her from the announcement gives her
// a branch and a managing staff member, so that branch's staff can work with her under the visibility setting.
import { businessToday, formatLocalDate } from '../domain/business-time.js';
import type { Customer } from '../store/customers.js';
import type { Store } from '../store/index.js';
import type { NewOutboxMessage } from '../store/outbox.js';
import type { StaffMember } from '../store/staff.js';
import type { CustomerAccess } from './customer-access.js';

export const NEW_CUSTOMER_PURPOSE = 'new_customer';
/** The owner's pseudo staff id in outbox rows (jobs/ports.ts OWNER_STAFF_ID): the owner's own chat. */
const OWNER = 'owner';
/** An announcement nobody read for two days is stale: the follow-up job has asked about her by then. */
const EXPIRES_MS = 2 * 86_400_000;

export interface AnnounceDeps {
  store: Store;
  now: () => Date;
  timeZone: string;
}

/** Who hears of her: the active staff and managers of her branch; nobody there (or no branch) means the owner. */
export function announcedTo(members: readonly StaffMember[], branchId: string | undefined): string[] {
  const ofBranch = branchId ? members.filter((m) => m.active && m.role !== 'owner' && m.branchId === branchId).map((m) => m.id) : [];
  return ofBranch.length ? ofBranch : [OWNER];
}

/** Plans one announcement per colleague (keyed by customer and colleague: a redelivered registration adds none). */
export async function announceRegistration(d: AnnounceDeps, customer: Customer): Promise<number> {
  if (customer.needs.length === 0) return 0;
  const now = d.now();
  const rows: NewOutboxMessage[] = announcedTo(await d.store.staff.list(), customer.branchId).map((staffId) => ({
    key: `${NEW_CUSTOMER_PURPOSE}:${customer.id}:${staffId}`,
    purpose: NEW_CUSTOMER_PURPOSE,
    audience: 'staff',
    staffId,
    customerId: customer.id,
    occasion: customer.id,
    occasionDate: formatLocalDate(businessToday(now, d.timeZone)),
    dueAt: now,
    expiresAt: new Date(now.getTime() + EXPIRES_MS),
  }));
  return (await d.store.outbox.plan(rows)).inserted;
}

export type TakeOutcome = { kind: 'taken' | 'already_served'; customer: Customer } | { kind: 'not_announced' };

/**
 * A tap on an announcement's button. The button arrives from an outbox message, not from what the chat was offered,
 * so the check is the announcement itself: only a colleague it was planned for (the owner for the owner's rows) may
 * take her. Taking gives her the colleague's branch and the colleague as manager where she has none.
 */
export async function takeAnnounced(access: CustomerAccess, customerId: string): Promise<TakeOutcome> {
  const member = await access.staffMember();
  if (!member) return { kind: 'not_announced' };
  const ids = member.role === 'owner' ? [member.id, OWNER] : [member.id];
  const rows = await access.store.outbox.list({ purpose: NEW_CUSTOMER_PURPOSE, customerId }, 50);
  if (!rows.some((r) => r.staffId !== undefined && ids.includes(r.staffId))) return { kind: 'not_announced' };
  const customer = await access.store.customers.findById(customerId);
  if (!customer) return { kind: 'not_announced' };
  // The owner sees everyone already; giving her the owner as manager would hide her from the branch's staff.
  if (member.role === 'owner') return { kind: 'already_served', customer };
  const took = await access.store.customers.claimUnassigned(customerId, { staffId: member.id, ...(member.branchId ? { branchId: member.branchId } : {}) }, { kind: 'staff', id: member.id, channel: access.viewer.kind === 'staff' ? access.viewer.channel : 'cli' });
  if (took.branch || took.manager) await access.record('update', customerId, `fields=${[took.branch ? 'branch' : '', took.manager ? 'manager' : ''].filter(Boolean).join(',')} via=announcement`);
  const now = (await access.store.customers.findById(customerId)) ?? customer;
  return { kind: took.manager ? 'taken' : 'already_served', customer: now };
}
