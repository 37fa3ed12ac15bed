// /start with a payload from a QR code or deep link: a one-time card link from the counter (the chat becomes
// her trusted chat and she is asked her consent in her own words), or the branch whose link she came from.
import { addressKey } from '../../domain/channel.js';
import { branchPayload, parseStartPayload } from '../../domain/start-payload.js';
import { chatRef } from '../../store/staff.js';
import { peopleCopyOf } from '../copy/people.js';
import { say, youOf, type Ctx } from '../turn-context.js';
import { isIntakeStep } from '../state.js';
import { advance } from './intake.js';
import { freshDraftState } from './reset.js';
import { showMenu } from './self-service.js';
import { needServices } from '../../domain/needs.js';

/** True when the payload was one of ours and is handled; false lets /start go on as usual. */
export async function startWithPayload(ctx: Ctx, args: string): Promise<boolean> {
  const payload = parseStartPayload(args);
  if (!payload) return false;
  if (payload.kind === 'branch') return false;
  await redeemCardLink(ctx, payload.token);
  return true;
}

/** After /start b_<branch>: the registration it starts is saved with that branch (save.ts). */
export function rememberStartBranch(ctx: Ctx, args: string): void {
  const payload = parseStartPayload(args);
  if (payload?.kind === 'branch' && isIntakeStep(ctx.state.step)) ctx.state.data.branch = payload.key;
}

/**
 * The branch a start link names, as staff records spell it: a branch key from a link matches a staff member's
 * branch without case or diacritics ("b_q1" is the branch "Q1"); no match keeps the key itself.
 */
export async function branchOfStartKey(store: Ctx['deps']['store'], key: string | undefined): Promise<string | undefined> {
  if (!key) return undefined;
  const members = await store.staff.list();
  const match = members.find((m) => m.branchId && branchPayload(m.branchId) === `b_${key}`);
  return match?.branchId ?? key;
}

async function redeemCardLink(ctx: Ctx, token: string): Promise<void> {
  const p = peopleCopyOf(ctx);
  const { store } = ctx.deps;
  const { address } = ctx.inbound;
  const refuse = async (why: string, customerId?: string): Promise<void> => {
    // By a hash of the chat: the owner sees the attempts, the log holds no user id.
    await store.audit.record({ actor: { kind: 'customer' }, action: 'link_chat', channel: address.channel, ...(customerId ? { customerId } : {}), detail: `refused=${why} chat=${chatRef(address)}` });
  };
  const seen = await store.linkTokens.peek(token);
  const customer = seen.ok ? await store.customers.findById(seen.value.customerId) : null;
  if (!seen.ok || !customer) {
    await refuse(seen.ok ? 'erased' : seen.reason);
    return void say(ctx, { text: p.linkInvalid({ you: youOf(ctx) }) });
  }
  const mine = addressKey(address);
  // Someone with a photo of the QR code, or a second phone: the card keeps the chat it has; staff sort it out.
  const others = (await store.customers.identitiesOf(customer.id)).filter((a) => addressKey(a) !== mine);
  if (others.length > 0 || (ctx.linked && ctx.linked.id !== customer.id)) {
    await refuse(others.length > 0 ? 'card_has_chat' : 'chat_has_card', customer.id);
    return void say(ctx, { text: p.linkTaken({ you: youOf(ctx) }) });
  }
  const used = await store.linkTokens.redeem(token, chatRef(address));
  if (!used.ok) {
    await refuse(used.reason, customer.id);
    return void say(ctx, { text: p.linkInvalid({ you: youOf(ctx) }) });
  }
  const linked = await store.customers.linkIdentity(customer.id, address, { trusted: true });
  if (!linked.ok) {
    await refuse('chat_has_card', customer.id);
    return void say(ctx, { text: p.linkTaken({ you: youOf(ctx) }) });
  }
  await store.audit.record({ actor: { kind: 'customer', id: customer.id }, action: 'link_chat', customerId: customer.id, channel: address.channel, detail: `chat=${chatRef(address)}` });
  // Staff made the card, so the chat that holds the staff's one-time link is hers: trusted, as if she proved it.
  ctx.linked = customer;
  ctx.trusted = true;
  delete ctx.state.claim;
  freshDraftState(ctx);
  say(ctx, { text: p.linkWelcome({ spa: ctx.deps.settings.spaName, you: youOf(ctx) }) });
  if (customer.consent.care) return showMenu(ctx);
  // The intake's own steps from the consent question on: what the card already holds is not asked again, and
  // saving records her answers as her own, from this chat (save-decision.ts: fill_own).
  const d = ctx.state.data;
  d.name = customer.name;
  if (customer.phone) d.phone = customer.phone;
  d.phoneVerified = customer.phoneVerified;
  if (customer.birthday) d.birthday = customer.birthday;
  if (customer.needs.length) d.needs = needServices(customer.needs);
  advance(ctx, null);
}
