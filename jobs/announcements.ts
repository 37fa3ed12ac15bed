// The words of a new-registration announcement (issue 17), rendered when sent from the customer as she is then:
// erased since, and there is nothing to announce. The button opens her card and takes her (src/engine/staff/announcement.ts).
import { formatPhoneVn } from '../src/domain/phone.js';
import { peopleCopyFor } from '../src/engine/copy/people.js';
import type { Reply } from '../src/engine/types.js';
import type { OutboxMessage } from '../src/store/outbox.js';
import type { JobContext } from './job-deps.js';
import { currentNeeds, needLabel } from '../src/domain/needs.js';

export const ANNOUNCEMENT_CHOICE = 'ann:';

export async function announcementReply(ctx: JobContext, row: OutboxMessage): Promise<Reply | null> {
  if (!row.customerId) return null;
  const c = await ctx.customers.findById(row.customerId);
  if (!c) return null;
  const p = peopleCopyFor(ctx.settings.staffLanguage);
  const text = p.newCustomer({
    name: c.name,
    phone: c.phone ? formatPhoneVn(c.phone) : '—',
    needs: currentNeeds(c.needs).map(needLabel).join(', ') || '—',
    branch: c.branchId ?? '—',
    channel: c.source ?? '—',
  });
  return { text, choices: [{ label: p.newCustomerOpen, value: `${ANNOUNCEMENT_CHOICE}${c.id}` }] };
}
