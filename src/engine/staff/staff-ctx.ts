// What staff handlers share: the member, their catalogue, and their customer access (src/services) for this message.
import { customerAccess, type CustomerAccess } from '../../services/customer-access.js';
import type { StaffMember } from '../../store/staff.js';
import { staffEn } from '../copy/staff-en.js';
import type { StaffCopy } from '../copy/staff-types.js';
import { staffVi } from '../copy/staff-vi.js';
import type { Ctx } from '../turn-context.js';

export interface StaffCtx extends Ctx {
  member: StaffMember;
  /** Every customer read and list goes through this: the visibility rule and the audit (src/services). */
  access: CustomerAccess;
}

/** The staff context for one message: the access service sees the member as a staff viewer on this chat's channel. */
export function staffCtxOf(base: Ctx, member: StaffMember): StaffCtx {
  const access = customerAccess(
    { store: base.deps.store, staffVisibility: base.deps.settings.staffVisibility ?? 'masked' },
    { kind: 'staff', staffId: member.id, channel: base.inbound.address.channel },
  );
  return Object.assign(base, { member, access });
}

export const staffCopyOf = (ctx: Ctx): StaffCopy => (ctx.state.lang === 'en' ? staffEn : staffVi);
