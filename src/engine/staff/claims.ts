// Pending claims on the staff card: shown with the customer, confirmed or rejected by a member with full access.
import { businessDateTime } from '../../domain/business-time.js';
import { formOfAddress } from '../../domain/name.js';
import type { Customer } from '../../store/customers.js';
import type { PendingClaim } from '../../store/pending-claims.js';
import { say } from '../turn-context.js';
import { applyClaim } from '../flows/claims.js';
import type { Choice } from '../types.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';

const CONFIRM = 'claim:yes:';
const REJECT = 'claim:no:';
const SHOWN = 3;

export const isClaimChoice = (value: string): boolean => value.startsWith(CONFIRM) || value.startsWith(REJECT);

/** The card's lines and buttons for this customer's pending claims (the card is shown only with full access). */
export async function claimsOnCard(ctx: StaffCtx, customer: Customer): Promise<{ lines: string[]; choices: Choice[] }> {
  const claims = await ctx.deps.store.claims.forCustomer(customer.id, SHOWN);
  const s = staffCopyOf(ctx);
  const lines: string[] = [];
  const choices: Choice[] = [];
  for (const claim of claims) {
    lines.push(s.claimLine({ who: formOfAddress(ctx.state.lang, customer.name, customer.gender).named, channel: s.channelNames[claim.address.channel] ?? claim.address.channel, ...when(ctx, claim), claimedName: claim.name }));
    choices.push({ label: s.claimConfirm, value: CONFIRM + claim.id }, { label: s.claimReject, value: REJECT + claim.id });
  }
  return { lines, choices };
}

function when(ctx: StaffCtx, claim: PendingClaim): { time: string; date?: string } {
  const tz = ctx.deps.settings.timeZone;
  const at = businessDateTime(claim.createdAt, tz);
  const today = businessDateTime(ctx.deps.now(), tz);
  const time = `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
  const sameDay = at.year === today.year && at.month === today.month && at.day === today.day;
  return sameDay ? { time } : { time, date: `${at.day}/${at.month}/${at.year}` };
}

/** A pressed confirm / reject: the claim must still exist and the member must still have full access to its customer. */
export async function answerClaim(ctx: StaffCtx, value: string): Promise<void> {
  const s = staffCopyOf(ctx);
  const confirm = value.startsWith(CONFIRM);
  const claim = await ctx.deps.store.claims.findById(value.slice(confirm ? CONFIRM.length : REJECT.length));
  if (!claim) {
    say(ctx, { text: s.claimGone });
    return;
  }
  const customer = await ctx.access.withFullAccess(claim.customerId);
  if (!customer) {
    say(ctx, { text: s.notAllowed });
    return;
  }
  ctx.state.offered = [];
  if (!confirm) {
    await ctx.deps.store.claims.remove(claim.id);
    await ctx.access.record('claim_reject', customer.id, `claim=${claim.id}`);
    say(ctx, { text: s.claimRejected });
    return;
  }
  const applied = await applyClaim(ctx.deps.store, claim, { kind: 'staff', id: ctx.member.id, channel: ctx.inbound.address.channel });
  await ctx.access.record('claim_confirm', customer.id, `claim=${claim.id}`);
  say(ctx, { text: applied ? s.claimConfirmed({ name: applied.name }) : s.claimGone });
}
