// The outbox as a person sees it on the web page (issue 15): what is pending, sent and failed, and the two
// things a person may do about one row: try a failed one again, or cancel one that has not gone out.
import type { OutboxMessage, OutboxStatus } from '../store/outbox.js';
import type { CustomerAccess } from './customer-access.js';

export const OUTBOX_VIEWS: Record<string, readonly OutboxStatus[]> = {
  failed: ['failed', 'unknown'],
  pending: ['pending', 'claimed', 'sending'],
  sent: ['sent'],
  handed_off: ['handed_off'],
  cancelled: ['cancelled', 'expired'],
};
export type OutboxView = keyof typeof OUTBOX_VIEWS;

export type OutboxRow = { row: OutboxMessage; customerName?: string };

/**
 * Whether the viewer may see and act on a row: the owner every row; a manager the rows about customers they see
 * in full; staff none (messages are the owner's and managers' business).
 */
async function mayHandle(access: CustomerAccess, row: OutboxMessage): Promise<{ ok: boolean; customerName?: string }> {
  const rules = await access.rules();
  if (!rules || rules.role === 'staff') return { ok: false };
  const customer = row.customerId ? await access.store.customers.findById(row.customerId) : null;
  if (rules.role === 'owner') return { ok: true, ...(customer ? { customerName: customer.name } : {}) };
  if (!customer) return { ok: false };
  return (await access.accessTo(customer)) === 'full' ? { ok: true, customerName: customer.name } : { ok: false };
}

export async function listOutbox(access: CustomerAccess, view: OutboxView, limit = 50): Promise<OutboxRow[] | null> {
  const rules = await access.rules();
  if (!rules || rules.role === 'staff') return null;
  const statuses = OUTBOX_VIEWS[view] ?? OUTBOX_VIEWS.failed!;
  const rows: OutboxRow[] = [];
  for (const row of await access.store.outbox.recent(statuses, limit * 4)) {
    if (rows.length >= limit) break;
    const may = await mayHandle(access, row);
    if (may.ok) rows.push({ row, ...(may.customerName ? { customerName: may.customerName } : {}) });
  }
  await access.record('search', undefined, `outbox=${view} results=${rows.length}`);
  return rows;
}

export type OutboxAction = 'retry' | 'cancel';
export type OutboxActionOutcome = 'retried' | 'cancelled' | 'not_failed' | 'not_cancellable' | 'expired' | 'changed' | 'not_allowed' | 'not_found';

export async function actOnOutbox(access: CustomerAccess, id: string, action: OutboxAction): Promise<OutboxActionOutcome> {
  const row = await access.store.outbox.findById(id);
  if (!row) return 'not_found';
  if (!(await mayHandle(access, row)).ok) return 'not_allowed';
  const outcome = action === 'retry' ? await access.store.outbox.retry(row) : await access.store.outbox.cancel(row);
  if (outcome === 'retried' || outcome === 'cancelled') await access.record(action === 'retry' ? 'outbox_retry' : 'outbox_cancel', row.customerId, `row=${row.id} purpose=${row.purpose}`);
  return outcome;
}
