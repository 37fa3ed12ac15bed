// The new managing staff member of a customer is told (issue 17: "owner/manager reassign; the new manager is told"):
// one staff outbox row per reassignment, rendered when sent from the records as they are then
// (jobs/card-edit-messages.ts), so a customer reassigned again or erased meanwhile is not announced.
import { businessToday, formatLocalDate } from '../domain/business-time.js';
import type { Customer } from '../store/customers.js';
import type { Store } from '../store/index.js';
import type { StaffMember } from '../store/staff.js';

export const MANAGER_ASSIGNED = 'manager_assigned' as const;
const WEEK_MS = 7 * 86_400_000;

export async function tellNewManager(store: Store, p: { customer: Customer; manager: StaffMember; by: StaffMember; now: Date; timeZone: string }): Promise<void> {
  // Assigning oneself needs no message.
  if (p.manager.id === p.by.id) return;
  await store.outbox.plan([
    {
      key: `${MANAGER_ASSIGNED}:${p.customer.id}:${p.manager.id}:${p.now.getTime()}`,
      purpose: MANAGER_ASSIGNED,
      audience: 'staff',
      staffId: p.manager.id,
      customerId: p.customer.id,
      // Who reassigned her, named in the message.
      occasion: p.by.id,
      occasionDate: formatLocalDate(businessToday(p.now, p.timeZone)),
      dueAt: p.now,
      expiresAt: new Date(p.now.getTime() + WEEK_MS),
    },
  ]);
}
