// /moi: owners invite managers and staff, managers invite staff of their own branch; /start <code> redeems.
import { INVITE_ATTEMPTS_PER_HOUR, normalizeInviteCode } from '../../domain/invite-code.js';
import { capabilitiesOf, say } from '../turn-context.js';
import type { Ctx } from '../turn-context.js';
import { pickBranch, spaBranches } from '../../services/branches.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';

const INVITE_CHOICE = /^inv:(manager|staff):(\d{1,3})$/;
export const isInviteChoice = (value: string): boolean => value.startsWith('inv:');

export async function invite(ctx: StaffCtx, args: string): Promise<void> {
  const s = staffCopyOf(ctx);
  const [roleWord, ...branchWords] = args.trim().split(/\s+/);
  const role = roleWord === 'manager' || roleWord === 'quanly' ? 'manager' : roleWord === 'staff' || roleWord === 'nhanvien' ? 'staff' : undefined;
  const me = ctx.member;
  const allowed = me.role === 'owner' ? role !== undefined : me.role === 'manager' && role === 'staff';
  if (!role || !allowed) return void say(ctx, { text: me.role === 'staff' ? s.notAllowed : s.inviteUsage });
  // A manager's invitations stay in their branch whatever they type.
  if (me.role === 'manager') return createInvite(ctx, role, me.branchId);
  const typed = branchWords.join(' ').trim();
  const configured = ctx.deps.settings.branches;
  if (typed) {
    const pick = await pickBranch(ctx.deps.store, configured, typed);
    if (pick.kind !== 'unknown') return createInvite(ctx, role, pick.branch);
    return askBranch(ctx, role, pick.list, s.inviteBranchUnknown({ list: pick.list.join(', ') }));
  }
  // Without a branch the colleague would see only customers without one: ask, where the spa has branches.
  const list = await spaBranches(ctx.deps.store, configured);
  if (list.length === 0) return createInvite(ctx, role, undefined);
  return askBranch(ctx, role, list, s.inviteBranchAsk({ role: s.roleNames[role] }));
}

function askBranch(ctx: StaffCtx, role: 'manager' | 'staff', list: readonly string[], text: string): void {
  say(ctx, { text, choices: list.slice(0, 30).map((b, i) => ({ label: b, value: `inv:${role}:${i}` })) });
}

/** A tap on a branch button (offered by askBranch; the router checked it was offered): the list is read again. */
export async function answerInviteChoice(ctx: StaffCtx, value: string): Promise<void> {
  const m = INVITE_CHOICE.exec(value);
  const list = await spaBranches(ctx.deps.store, ctx.deps.settings.branches);
  const branch = m ? list[Number(m[2])] : undefined;
  if (!m || !branch || ctx.member.role !== 'owner') return void say(ctx, { text: staffCopyOf(ctx).notAllowed });
  return createInvite(ctx, m[1] as 'manager' | 'staff', branch);
}

async function createInvite(ctx: StaffCtx, role: 'manager' | 'staff', branch: string | undefined): Promise<void> {
  const s = staffCopyOf(ctx);
  const { code, expiresAt } = await ctx.deps.store.staff.createInvite({ role, createdBy: ctx.member.id, ...(branch ? { branchId: branch } : {}) });
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
