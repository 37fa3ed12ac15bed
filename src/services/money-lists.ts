// The debt list (/congno, later the web page): who owes how much, for managers and the owner, within what the
// viewer may see (a manager of Q1 never sees Q2's debtors). Debts are summed from the ledger, not a stored counter.
import type { CustomerAccess } from './customer-access.js';
import type { Customer } from '../store/customers.js';

export interface DebtRow {
  customer: Customer;
  access: 'full' | 'masked';
  debtVnd: number;
}

/** Debtors the viewer may see, largest debt first; null when the viewer is not a manager or the owner. */
export async function debtList(access: CustomerAccess): Promise<DebtRow[] | null> {
  const rules = await access.rules();
  if (!rules || rules.role === 'staff') return null;
  const balances = (await access.store.money.balancesByCustomer()).map((b) => ({ id: b.customerId, debtVnd: b.chargeVnd - b.paidVnd - b.depositSpentVnd })).filter((b) => b.debtVnd > 0);
  const customers = await access.store.customers.findManyById(balances.map((b) => b.id));
  const debtOf = new Map(balances.map((b) => [b.id, b.debtVnd]));
  const ordered = balances.sort((a, b) => b.debtVnd - a.debtVnd || (a.id < b.id ? -1 : 1)).map((b) => customers.get(b.id)).filter((c): c is Customer => c !== undefined);
  // Managers and the owner see in full or not at all (src/domain/visibility.ts); `visible` applies that rule.
  const rows = (await access.visible(ordered)).map(({ customer, access: a }) => ({ customer, access: a, debtVnd: debtOf.get(customer.id)! }));
  await access.record('search', undefined, `debts=${rows.length}`);
  return rows;
}
