// A card field as staff read it (the /sua menu, its questions, /xem): gender in words, the managing staff member and
// the referring customer by name. The referrer's name only when the reader may see her (else "another customer").
import type { CardField } from '../../domain/card-fields.js';
import { cardValueText, needsText } from '../../services/card-edits.js';
import type { Customer } from '../../store/customers.js';
import { cardEditEn } from '../copy/card-edit-en.js';
import type { CardEditCopy } from '../copy/card-edit-types.js';
import { cardEditVi } from '../copy/card-edit-vi.js';
import type { StaffCtx } from './staff-ctx.js';

export const editCopyOf = (ctx: StaffCtx): CardEditCopy => (ctx.state.lang === 'en' ? cardEditEn : cardEditVi);

/** The fields the card's first lines do not already show, in the order /xem lists them. */
const DETAIL_FIELDS = ['gender', 'email', 'address', 'occupation', 'facebook', 'group', 'source', 'branch', 'manager'] as const satisfies readonly CardField[];

export async function fieldValueText(ctx: StaffCtx, c: Customer, field: CardField): Promise<string | undefined> {
  const e = editCopyOf(ctx);
  switch (field) {
    case 'gender':
      return c.gender ? e.genderNames[c.gender] : undefined;
    case 'manager': {
      if (!c.managerStaffId) return undefined;
      return (await ctx.deps.store.staff.findById(c.managerStaffId))?.name;
    }
    case 'source': {
      if (!c.source || !c.referredById) return c.source;
      const referrer = await ctx.deps.store.customers.findById(c.referredById);
      const who = referrer && (await ctx.access.accessTo(referrer)) !== 'hidden' ? referrer.name : e.someoneElse;
      return e.referredBy({ source: c.source, who });
    }
    case 'needs':
      return needsText(c, ctx.state.lang) || undefined;
    default:
      return cardValueText(c, field);
  }
}

/** The card's lines for the fields set among DETAIL_FIELDS (none when none is set). */
export async function cardDetailLines(ctx: StaffCtx, c: Customer): Promise<string[]> {
  const e = editCopyOf(ctx);
  const lines: string[] = [];
  for (const field of DETAIL_FIELDS) {
    const value = await fieldValueText(ctx, c, field);
    if (value) lines.push(e.detailLine({ field: e.fieldNames[field], value }));
  }
  return lines;
}
