// What staff handlers share: the member, their catalogue, and the visibility rule applied to every customer.
import { accessTo, type Access, type StaffVisibility, type Viewer } from '../../domain/visibility.js';
import type { AuditAction } from '../../store/audit.js';
import type { Customer } from '../../store/customers.js';
import type { StaffMember } from '../../store/staff.js';
import { staffEn } from '../copy/staff-en.js';
import type { StaffCopy } from '../copy/staff-types.js';
import { staffVi } from '../copy/staff-vi.js';
import type { Ctx } from '../context.js';

export interface StaffCtx extends Ctx {
  member: StaffMember;
  /** Customers this member served, loaded at most once per message (lists check many customers). */
  served?: Promise<Set<string>>;
}

/** Ids of the customers the member logged a call or visit for; one query per message, whatever the list size. */
export function servedByMember(ctx: StaffCtx): Promise<Set<string>> {
  ctx.served ??= ctx.deps.store.activity.servedBy(ctx.member.id);
  return ctx.served;
}

export const staffCopyOf = (ctx: Ctx): StaffCopy => (ctx.state.lang === 'en' ? staffEn : staffVi);

export function viewerOf(member: StaffMember): Viewer {
  return { staffId: member.id, role: member.role, ...(member.branchId ? { branchId: member.branchId } : {}) };
}

export function visibilitySetting(ctx: Ctx): StaffVisibility {
  return ctx.deps.settings.staffVisibility ?? 'masked';
}

/** The one place a staff member's access to a customer is decided; every reply goes through it. */
export async function accessFor(ctx: StaffCtx, customer: Customer): Promise<Access> {
  const viewer = viewerOf(ctx.member);
  // "Served" only matters for the staff role; owners and managers skip the query.
  const served = viewer.role === 'staff' ? (await servedByMember(ctx)).has(customer.id) : false;
  return accessTo(viewer, customer, served, visibilitySetting(ctx));
}

export async function audit(ctx: StaffCtx, action: AuditAction, customerId?: string, detail?: string): Promise<void> {
  await ctx.deps.store.audit.record({
    actor: { kind: 'staff', id: ctx.member.id },
    action,
    channel: ctx.inbound.address.channel,
    ...(customerId ? { customerId } : {}),
    ...(detail ? { detail } : {}),
  });
}
