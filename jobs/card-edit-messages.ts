// The words of card-edit outbox rows to staff (src/services/manager-notice.ts), rendered when sent: a customer's new
// managing staff member is told only while she is still theirs (reassigned again or erased since: null, nothing said).
import { formatPhoneVn } from '../src/domain/phone.js';
import { cardEditEn } from '../src/engine/copy/card-edit-en.js';
import { cardEditVi } from '../src/engine/copy/card-edit-vi.js';
import type { Reply } from '../src/engine/types.js';
import { MANAGER_ASSIGNED } from '../src/services/manager-notice.js';
import { createStore } from '../src/store/index.js';
import type { OutboxMessage, OutboxPurpose } from '../src/store/outbox.js';
import type { JobContext } from './job-deps.js';

export const isCardEditPurpose = (p: OutboxPurpose): boolean => p === MANAGER_ASSIGNED;

export async function cardEditStaffReply(ctx: JobContext, row: OutboxMessage): Promise<Reply | null> {
  const c = row.customerId ? await ctx.customers.findById(row.customerId) : null;
  if (!c || !row.staffId || c.managerStaffId !== row.staffId) return null;
  const by = await createStore(ctx.conn, ctx.clock.now).staff.findById(row.occasion);
  const copy = ctx.settings.staffLanguage === 'en' ? cardEditEn : cardEditVi;
  return { text: copy.managerToldYou({ customer: c.name, phone: c.phone ? formatPhoneVn(c.phone) : '—', by: by?.name ?? '?' }) };
}
