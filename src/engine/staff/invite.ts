// /moi: owners invite managers and staff, managers invite staff of their own branch; /start <code> redeems.
import { INVITE_ATTEMPTS_PER_HOUR, normalizeInviteCode } from '../../domain/invite-code.js';
import { capabilitiesOf, say } from '../turn-context.js';
import type { Ctx } from '../turn-context.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';


export async function invite(ctx: StaffCtx, args: string): Promise<void> {
  const s = staffCopyOf(ctx);
  const [roleWord, ...branchWords] = args.trim().split(/\s+/);
  const role = roleWord === 'manager' || roleWord === 'quanly' ? 'manager' : roleWord === 'staff' || roleWord === 'nhanvien' ? 'staff' : undefined;
  const me = ctx.member;
  const allowed = me.role === 'owner' ? role !== undefined : me.role === 'manager' && role === 'staff';
  if (!role || !allowed) return void say(ctx, { text: me.role === 'staff' ? s.notAllowed : s.inviteUsage });
  // A manager's invitations stay in their branch whatever they type.
  const branch = me.role === 'manager' ? me.branchId : branchWords.join(' ').trim().slice(0, 60) || me.branchId;
  const { code, expiresAt } = await ctx.deps.store.staff.createInvite({ role, createdBy: me.id, ...(branch ? { branchId: branch } : {}) });
  await ctx.access.record('invite', undefined, `role=${role}`);
  const hours = Math.round((expiresAt.getTime() - ctx.deps.now().getTime()) / 3_600_000);
  say(ctx, { text: s.inviteCreated({ code, role: s.roleNames[role], hours }) });
}

/** A /start payload is tried as an invitation only when it has a code's shape (ads deep links are not). */
export function looksLikeInviteCode(payload: string): boolean {
  return normalizeInviteCode(payload) !== null;
}

/**
 * Returns true when the payload was handled as an invitation (accepted or refused without detail). A chat that sent
 * INVITE_ATTEMPTS_PER_HOUR refused codes in the last hour is told to try later, and its code is not even tried.
 */
export async function redeem(ctx: Ctx, payload: string): Promise<boolean> {
  const s = staffCopyOf(ctx);
  // A channel without staff chats (the playground) has no stable chat id to recognise a colleague by later.
  if (!capabilitiesOf(ctx.deps, ctx.inbound).staffChats) {
    say(ctx, { text: s.inviteInvalid });
    return true;
  }
  const { address } = ctx.inbound;
  const { staff } = ctx.deps.store;
  const since = new Date(ctx.deps.now().getTime() - 3_600_000);
  const failures = await staff.failedRedeemsSince(address, since);
  if (failures >= INVITE_ATTEMPTS_PER_HOUR) {
    await refused(ctx, 'refused_too_many', failures + 1);
    say(ctx, { text: s.inviteTooMany });
    return true;
  }
  const name = ctx.inbound.profile?.displayName?.trim() || 'Nhân viên';
  const result = await staff.redeemInvite(payload.trim(), address, name.slice(0, 80));
  if (!result.ok) {
    await refused(ctx, 'failed', failures + 1);
    say(ctx, { text: s.inviteInvalid });
    return true;
  }
  await ctx.deps.store.audit.record({ actor: { kind: 'staff', id: result.value.id }, action: 'staff_change', channel: address.channel, detail: `joined role=${result.value.role}` });
  ctx.state.offered = [];
  say(ctx, { text: s.inviteAccepted({ name: result.value.name, role: s.roleNames[result.value.role] }) });
  return true;
}

/** Every refused attempt counts towards the limit and is audited: by chat hash, never the code or the user id. */
async function refused(ctx: Ctx, outcome: 'failed' | 'refused_too_many', attempt: number): Promise<void> {
  const chat = await ctx.deps.store.staff.recordFailedRedeem(ctx.inbound.address);
  await ctx.deps.store.audit.record({
    actor: { kind: 'customer', ...(ctx.linked ? { id: ctx.linked.id } : {}) },
    action: 'invite',
    channel: ctx.inbound.address.channel,
    detail: `redeem=${outcome} chat=${chat} attempt=${attempt}`,
  });
}
