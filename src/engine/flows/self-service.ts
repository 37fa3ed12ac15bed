// After registration: see my info, change it, /stop (withdraw consent), /xoa (erase), /lang.
import { addressKey } from '../../domain/channel.js';
import { profileCompleteness } from '../../domain/completeness.js';
import type { Actor } from '../../store/customers.js';
import { copyOf, customerCard, say, youOf, type Ctx } from '../turn-context.js';
import { freshDraftState } from './reset.js';
import { CONSENT_WORDING_VERSION } from './save.js';
import { prompt, type Answer } from './intake.js';
import type { EditField } from '../keywords.js';
import { answerOwnEdit, myInfoMore, ownBirthdayText, startOwnEdit, startOwnEditOf } from './own-card.js';
import { customerMoneyText } from '../staff/money-card.js';
import { bookingCopyOf, startBooking } from './booking.js';

export const M = {
  me: 'menu:me',
  booking: 'menu:booking',
  edit: 'menu:edit',
  stop: 'menu:stop',
  erase: 'menu:erase',
  stopYes: 'stop:yes',
  eraseYes: 'erase:yes',
  keep: 'keep',
} as const;

export function showMenu(ctx: Ctx): void {
  const c = copyOf(ctx);
  const customer = ctx.linked!;
  const { percent } = profileCompleteness({ ...customer, needs: customer.needs });
  ctx.state.step = 'menu';
  say(ctx, {
    text: c.menu({ spa: ctx.deps.settings.spaName, you: youOf(ctx), percent }),
    choices: [
      { label: bookingCopyOf(ctx).menuBooking, value: M.booking },
      { label: c.menuMyInfo, value: M.me },
      { label: c.menuEdit, value: M.edit },
      { label: c.menuStop, value: M.stop },
      { label: c.menuErase, value: M.erase },
    ],
  });
}

/** Personal data is shown or changed only for a chat that proved the phone (or created the record). */
function requireTrust(ctx: Ctx): boolean {
  const c = copyOf(ctx);
  const you = youOf(ctx);
  // A chat that registered by typing someone's phone hears what any unproven chat hears: prove the phone.
  if (!ctx.linked && !ctx.state.claim) {
    say(ctx, { text: c.notRegistered({ you }) });
    return false;
  }
  if (!ctx.linked || !ctx.trusted) {
    say(ctx, { text: c.myInfoNeedsVerification({ you }), requestPhone: { label: c.sharePhoneButton } });
    return false;
  }
  return true;
}

export async function showMyInfo(ctx: Ctx): Promise<void> {
  if (!requireTrust(ctx)) return;
  const customer = ctx.linked!;
  // What remains of her packages and her points, summed from the records (issue 13).
  const money = await customerMoneyText(ctx, customer);
  const card = { ...customerCard(ctx, customer), birthday: ownBirthdayText(ctx, customer) ?? copyOf(ctx).notGiven };
  const first = copyOf(ctx).myInfo({ you: youOf(ctx), card, care: customer.consent.care, marketing: customer.consent.marketing });
  say(ctx, { text: `${first}\n${myInfoMore(ctx, customer)}\n${money}` });
}

/** `/sua`: a choice of fields, or straight to one ("/sua email lan@gmail.com"); see own-card.ts. */
export async function startEdit(ctx: Ctx, args = ''): Promise<void> {
  if (!requireTrust(ctx)) return;
  return startOwnEdit(ctx, args);
}

/** "sửa ngày sinh" typed while nothing is open. */
export function startEditOf(ctx: Ctx, field: EditField): void {
  if (!requireTrust(ctx)) return;
  startOwnEditOf(ctx, field);
}

/** An answer while she is correcting her card; the chat's trust is checked again on every message. */
export async function answerEdit(ctx: Ctx, answer: Answer): Promise<void> {
  if (!requireTrust(ctx)) {
    freshDraftState(ctx);
    return;
  }
  return answerOwnEdit(ctx, answer);
}

export function askStop(ctx: Ctx): void {
  if (!requireTrust(ctx)) return;
  const c = copyOf(ctx);
  ctx.state.step = 'confirm_stop';
  say(ctx, { text: c.stopQuestion({ spa: ctx.deps.settings.spaName, you: youOf(ctx) }), choices: [{ label: c.stopYes, value: M.stopYes }, { label: c.no, value: M.keep }] });
}

export function askErase(ctx: Ctx): void {
  if (!requireTrust(ctx)) return;
  const c = copyOf(ctx);
  ctx.state.step = 'confirm_erase';
  say(ctx, { text: c.eraseQuestion({ spa: ctx.deps.settings.spaName, you: youOf(ctx) }), choices: [{ label: c.eraseYes, value: M.eraseYes }, { label: c.no, value: M.keep }] });
}

export async function answerSelfService(ctx: Ctx, value: string | undefined): Promise<void> {
  const c = copyOf(ctx);
  const you = youOf(ctx);
  const step = ctx.state.step;
  const actor: Actor = { kind: 'customer', ...(ctx.linked ? { id: ctx.linked.id } : {}), channel: ctx.inbound.address.channel };
  if (step === 'menu') {
    if (value === M.me) {
      ctx.state.step = null;
      return showMyInfo(ctx);
    }
    if (value === M.booking) return startBooking(ctx);
    if (value === M.edit) return startEdit(ctx);
    if (value === M.stop) return askStop(ctx);
    if (value === M.erase) return askErase(ctx);
    return showMenu(ctx);
  }
  if (step === 'confirm_stop' && value === M.stopYes && ctx.linked) {
    const at = ctx.deps.now();
    // Health notes and photos go with the rest; a consent she never gave is not withdrawn (nothing to record).
    const consent = ctx.linked.consent;
    const purposes = (['care', 'marketing', 'health', 'photo'] as const).filter((p) => p === 'care' || p === 'marketing' || consent[p] === true);
    for (const purpose of purposes) {
      await ctx.deps.store.customers.recordConsent(ctx.linked.id, { purpose, granted: false, at, channel: ctx.inbound.address.channel, chat: addressKey(ctx.inbound.address), wordingVersion: CONSENT_WORDING_VERSION }, actor);
    }
    // Greetings and follow-ups already planned are cancelled now, not only skipped when they come due.
    await ctx.deps.store.outbox.cancelPendingForCustomer(ctx.linked.id, 'consent_withdrawn');
    freshDraftState(ctx);
    say(ctx, { text: c.stopped({ you }) });
    return;
  }
  if (step === 'confirm_erase' && value === M.eraseYes && ctx.linked) {
    // Everything about the customer, everywhere (store/erasure.ts); this chat's own conversation is the engine's
    // to rewrite at the end of this message, emptied just below.
    await ctx.deps.store.customers.erase(ctx.linked.id, actor, { except: ctx.inbound.address });
    freshDraftState(ctx);
    ctx.linked = null;
    say(ctx, { text: c.erased({ you }) });
    return;
  }
  if (value === M.keep) {
    freshDraftState(ctx);
    say(ctx, { text: c.keptAsIs });
    return;
  }
  // Anything else while a yes/no is open: ask again rather than guess.
  say(ctx, { text: c.choicePrompt, choices: ctx.state.offered });
}

export { prompt };
