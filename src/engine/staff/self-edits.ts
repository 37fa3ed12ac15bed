// The /xem line that tells staff what the customer corrected herself (/sua in her own chat, issue 17): the fields
// and the day of the latest one; the values themselves are on the card, and the whole history on the web card.
import { businessToday } from '../../domain/business-time.js';
import { isCardField } from '../../domain/card-fields.js';
import { ownCardCopyFor } from '../copy/own-card.js';
import type { StaffCtx } from './staff-ctx.js';

const RECENT = 10;

/** "\nKhách tự sửa: Email, Địa chỉ (10/3)", or '' when she changed nothing lately. Only for a full-access card. */
export async function selfEditsLine(ctx: StaffCtx, customerId: string): Promise<string> {
  const edits = (await ctx.deps.store.cardEdits.forCustomer(customerId, RECENT)).filter((e) => e.by.kind === 'customer');
  const latest = edits[0];
  if (!latest) return '';
  const o = ownCardCopyFor(ctx.state.lang);
  const fields = [...new Set(edits.map((e) => (isCardField(e.field) ? o.fieldLabel(e.field) : e.field)))].join(', ');
  const d = businessToday(latest.at, ctx.deps.settings.timeZone);
  return `\n${o.selfEdits({ fields, date: `${d.day}/${d.month}` })}`;
}
