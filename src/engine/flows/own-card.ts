// The customer's own card (issue 17): /toi lists every field the spa holds about her (staff-only fields and
// sensitive notes excepted), /sua corrects name, birthday, email and address through the card-edit service, so a
// value is checked by the same validators as everywhere and kept in card_edits with her as the changer. Phone and
// needs are still changed on the registration card, where the phone's trust rules live (save-decision.ts).
// Callers check that the chat is trusted (self-service.ts requireTrust) before anything here runs.
import { cardFieldLabel, matchCardField, OWN_CARD_FIELDS, type CardField, type CardReason } from '../../domain/card-fields.js';
import { cardEditDepsOf, cardValueText, editOwnCard } from '../../services/card-edits.js';
import type { Customer } from '../../store/customers.js';
import { ownCardCopyFor } from '../copy/own-card.js';
import type { OwnCardCopy, OwnField, OwnReason } from '../copy/own-card-types.js';
import type { EditField } from '../keywords.js';
import type { Choice } from '../types.js';
import { say, youOf, type Ctx } from '../turn-context.js';
import { advance, edit, goTo, type Answer } from './intake.js';
import { freshDraftState } from './reset.js';
import { currentNeeds, needServices } from '../../domain/needs.js';

const PICK = 'own:';
const CARD = 'own:card';
const isOwn = (f: string): f is OwnField => (OWN_CARD_FIELDS as readonly string[]).includes(f);
const ownCopy = (ctx: Ctx): OwnCardCopy => ownCardCopyFor(ctx.state.lang);

/** What /toi shows after the first card: every other field that has a value, and the consents beyond care and offers. */
export function myInfoMore(ctx: Ctx, c: Customer): string {
  const o = ownCopy(ctx);
  const lang = ctx.state.lang;
  // The managing staff member and the referring customer are the spa's own bookkeeping, not shown here.
  const rows: [CardField, string | undefined][] = [
    ['email', c.email],
    ['gender', c.gender ? o.genders[c.gender] : undefined],
    ['address', c.address],
    ['occupation', c.occupation],
    ['facebook', c.facebook],
    ['group', c.group],
    ['source', c.source],
    ['branch', c.branchId],
  ];
  const lines = rows.filter((r): r is [CardField, string] => r[1] !== undefined).map(([f, value]) => o.line({ label: cardFieldLabel(f, lang), value }));
  lines.push(o.consents({ photo: c.consent.photo, health: c.consent.health }));
  return lines.join('\n');
}

/** The birthday as /toi shows it: the lunar one when she keeps that, else the solar one. */
export function ownBirthdayText(ctx: Ctx, c: Customer): string | undefined {
  if (c.lunarBirthday) return ownCopy(ctx).lunar({ day: c.lunarBirthday.day, month: c.lunarBirthday.month, leap: c.lunarBirthday.leapMonth === true });
  return cardValueText(c, 'birthday');
}

/** `/sua` with or without words: "/sua", "/sua email lan@gmail.com", "/sua dia chi 12 Lê Lợi". */
export async function startOwnEdit(ctx: Ctx, args: string): Promise<void> {
  const typed = args.trim();
  const match = typed ? matchCardField(typed) : null;
  if (!match) return askPick(ctx);
  return editNamed(ctx, match.field, match.rest);
}

/** "sửa ngày sinh" typed while nothing is open: the intake's edit words lead to the same questions. */
export function startOwnEditOf(ctx: Ctx, field: EditField): void {
  if (isOwn(field)) return askValue(ctx, field);
  openCardForEdit(ctx, field);
}

export async function answerOwnEdit(ctx: Ctx, answer: Answer): Promise<void> {
  const step = ctx.state.step;
  if (step === 'edit_pick') {
    const value = answer.kind === 'choice' ? answer.value : undefined;
    if (value === CARD) return openCardForEdit(ctx);
    if (value?.startsWith(PICK) && isOwn(value.slice(PICK.length))) return askValue(ctx, value.slice(PICK.length) as OwnField);
    const match = answer.kind === 'text' ? matchCardField(answer.text) : null;
    if (match) return editNamed(ctx, match.field, match.rest);
    return askPick(ctx);
  }
  const field = ctx.state.ownEdit;
  if (!field) return askPick(ctx);
  if (answer.kind !== 'text') return askValue(ctx, field);
  return applyOwn(ctx, field, answer.text);
}

async function editNamed(ctx: Ctx, field: CardField, rest: string): Promise<void> {
  if (field === 'phone' || field === 'needs') return openCardForEdit(ctx, field);
  if (!isOwn(field)) {
    freshDraftState(ctx);
    say(ctx, { text: ownCopy(ctx).notOwn({ you: youOf(ctx), label: cardFieldLabel(field, ctx.state.lang) }) });
    return;
  }
  if (!rest) return askValue(ctx, field);
  return applyOwn(ctx, field, rest);
}

function askPick(ctx: Ctx): void {
  freshDraftState(ctx);
  ctx.state.step = 'edit_pick';
  const lang = ctx.state.lang;
  const choices: Choice[] = OWN_CARD_FIELDS.map((f) => ({ label: cardFieldLabel(f, lang), value: `${PICK}${f}` }));
  choices.push({ label: ownCopy(ctx).pickCard, value: CARD });
  say(ctx, { text: ownCopy(ctx).pick({ you: youOf(ctx) }), choices });
}

function askValue(ctx: Ctx, field: OwnField): void {
  freshDraftState(ctx);
  ctx.state.step = 'edit_value';
  ctx.state.ownEdit = field;
  const current = field === 'birthday' ? ownBirthdayText(ctx, ctx.linked!) : cardValueText(ctx.linked!, field);
  say(ctx, { text: ownCopy(ctx).ask({ you: youOf(ctx), field, ...(current ? { current } : {}) }) });
}

async function applyOwn(ctx: Ctx, field: OwnField, input: string): Promise<void> {
  const o = ownCopy(ctx);
  const deps = cardEditDepsOf(ctx.deps.now, ctx.deps.settings);
  const result = await editOwnCard(ctx.deps.store, deps, ctx.linked!, ctx.inbound.address.channel, field, input);
  if (!result.ok) {
    if (result.reason.kind === 'invalid') {
      // Nothing was written: the same question stays open, so the next message is taken as this field again.
      freshDraftState(ctx);
      ctx.state.step = 'edit_value';
      ctx.state.ownEdit = field;
      const reason = result.reason.reason;
      say(ctx, { text: o.bad({ you: youOf(ctx), field, reason: ownReason(reason), ...(reason.kind === 'too_long' ? { max: reason.max } : {}) }) });
      return;
    }
    // The record went away under her (erased meanwhile): nothing to edit.
    freshDraftState(ctx);
    ctx.linked = null;
    ctx.trusted = false;
    return;
  }
  ctx.linked = result.value.customer;
  freshDraftState(ctx);
  const value = field === 'birthday' ? ownBirthdayText(ctx, result.value.customer) : cardValueText(result.value.customer, field);
  const you = youOf(ctx);
  say(ctx, { text: result.value.changed ? o.done({ you, label: cardFieldLabel(field, ctx.state.lang), value: value ?? '—' }) : o.unchanged({ you }) });
}

function ownReason(r: CardReason): OwnReason {
  switch (r.kind) {
    case 'name':
    case 'birthday':
    case 'lunar_birthday':
    case 'email':
    case 'too_long':
    case 'empty':
      return r.kind;
    default:
      return 'empty';
  }
}

/** The registration card on the stored record, so phone and needs are changed with the intake's own steps. */
export function openCardForEdit(ctx: Ctx, field?: EditField): void {
  const customer = ctx.linked!;
  freshDraftState(ctx);
  const d = ctx.state.data;
  // After /stop the consent is asked again, never assumed by opening the card.
  if (customer.consent.care) d.consentAt = ctx.deps.now().toISOString();
  d.marketing = customer.consent.marketing;
  d.name = customer.name;
  if (customer.phone) d.phone = customer.phone;
  d.phoneVerified = customer.phoneVerified;
  if (customer.birthday) d.birthday = customer.birthday;
  else d.birthdaySkipped = true;
  // The needs still open (each once): saving the card adds what she picks anew, the history stays (issue 17).
  const open = currentNeeds(customer.needs).filter((n) => n.stage !== 'done');
  d.needs = needServices(open.filter((n) => !n.note));
  const note = open.find((n) => n.note)?.note;
  if (note) d.needsNote = note;
  if (!d.needs.length && !note) d.needsSkipped = true;
  if (!d.consentAt) return advance(ctx, null);
  goTo(ctx, 'confirm', null);
  if (field) {
    // Straight to the question asked for; its answer comes back to the card.
    ctx.replies.pop();
    edit(ctx, field);
  }
}
