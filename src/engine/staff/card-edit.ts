// Staff editing the open customer's card by chat (issue 17): /sua opens a menu of every field or sets one directly
// ("/sua dia chi 12 Lê Lợi, Q1"), /bosung asks the empty fields one at a time, /thieu's buttons start /bosung on a
// customer. Every value goes through src/services/card-edits.ts (validators, full access, the phone's uniqueness,
// history); this file only asks and phrases. Buttons carry a field or an index, never a customer's data: the router
// honours only offered buttons, and the edit is tied to the customer it was opened on.
import { isCardField, isReferralSource, MANAGER_ONLY_FIELDS, matchCardField, type CardField } from '../../domain/card-fields.js';
import { profileCompleteness } from '../../domain/completeness.js';
import { cardEditDepsOf, cardLists, editCard, type CardEditDeps, type EditRefusal } from '../../services/card-edits.js';
import type { Customer } from '../../store/customers.js';
import { detectEscape } from '../keywords.js';
import { say } from '../turn-context.js';
import type { Choice } from '../types.js';
import { editCopyOf, fieldValueText } from './card-details.js';
import { openWithFullAccess } from './lookup.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';

const PREFIX = 'sua:';
const SKIP = 'sua:skip';
const STOP = 'sua:stop';
/** The menu's order; branch and manager only for owners and managers. */
const MENU: readonly CardField[] = ['name', 'phone', 'birthday', 'gender', 'email', 'address', 'occupation', 'facebook', 'group', 'source', 'needs', 'branch', 'manager'];
/** What /bosung asks after the fields completeness counts: the ones a complete card also holds. */
const FILL_EXTRAS = ['facebook', 'group', 'source'] as const;
const MAX_OPTIONS = 20;
const MAX_SHOWN = 28;

export const isEditChoice = (value: string): boolean => value.startsWith(PREFIX);
/** The one-tap "complete this card" button (under /thieu). */
export const fillChoice = (ctx: StaffCtx, c: Customer): Choice => ({ label: editCopyOf(ctx).fillButton({ name: c.name }), value: `${PREFIX}fill:${c.id}` });

export function cardEditDeps(ctx: StaffCtx): CardEditDeps {
  return cardEditDepsOf(ctx.deps.now, ctx.deps.settings);
}

const canReassign = (ctx: StaffCtx): boolean => ctx.member.role === 'owner' || ctx.member.role === 'manager';
const managerOnly = (f: CardField): boolean => (MANAGER_ONLY_FIELDS as readonly string[]).includes(f);
const short = (s: string): string => (s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN - 1)}…` : s);

/** /sua (/edit): the menu, or one field set from the rest of the line, or asked when only its name is given. */
export async function editCommand(ctx: StaffCtx, args: string): Promise<void> {
  const st = ctx.state.staff;
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  const typed = args.trim();
  if (!typed) return showMenu(ctx, customer);
  const m = matchCardField(typed);
  if (!m) return showMenu(ctx, customer, editCopyOf(ctx).unknownField({ typed: short(typed) }));
  if (managerOnly(m.field) && !canReassign(ctx)) return void say(ctx, { text: editCopyOf(ctx).managersOnly });
  st.edit = { customerId: customer.id, field: m.field };
  if (!m.rest) return ask(ctx, customer, m.field);
  return submit(ctx, m.field, m.rest);
}

/** /bosung (/fill) on the open customer. */
export async function fillCommand(ctx: StaffCtx): Promise<void> {
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  return startFill(ctx, customer);
}

async function showMenu(ctx: StaffCtx, customer: Customer, lead?: string): Promise<void> {
  const e = editCopyOf(ctx);
  ctx.state.staff.edit = { customerId: customer.id };
  const fields = MENU.filter((f) => !managerOnly(f) || canReassign(ctx));
  const choices: Choice[] = [];
  for (const f of fields) {
    const value = await fieldValueText(ctx, customer, f);
    choices.push({ label: e.menuButton({ field: e.fieldNames[f], ...(value ? { value: short(value) } : {}) }), value: `${PREFIX}f:${f}` });
  }
  say(ctx, { text: [lead, e.menuTitle({ name: customer.name })].filter(Boolean).join('\n'), choices });
}

/** The buttons a field is answered with (typing a value works too); empty for free-text fields. */
async function optionsFor(ctx: StaffCtx, field: CardField): Promise<readonly string[]> {
  const e = editCopyOf(ctx);
  switch (field) {
    case 'gender':
      return [e.genderNames.female, e.genderNames.male, e.genderNames.other];
    case 'group':
    case 'source':
    case 'branch': {
      const lists = await cardLists(ctx.deps.store, cardEditDeps(ctx));
      return (field === 'group' ? lists.groups : field === 'source' ? lists.sources : lists.branches).slice(0, MAX_OPTIONS);
    }
    case 'manager':
      return (await ctx.deps.store.staff.list())
        .filter((m) => m.active)
        .map((m) => m.name)
        .sort((a, b) => a.localeCompare(b, 'vi'))
        .slice(0, MAX_OPTIONS);
    case 'needs':
      return ctx.deps.settings.services.slice(0, MAX_OPTIONS);
    default:
      return [];
  }
}

async function ask(ctx: StaffCtx, customer: Customer, field: CardField): Promise<void> {
  const e = editCopyOf(ctx);
  const tail = tailChoices(ctx);
  const current = await fieldValueText(ctx, customer, field);
  const p = { field: e.fieldNames[field], name: customer.name, ...(current ? { current: short(current) } : {}) };
  const options = await optionsFor(ctx, field);
  if (options.length) {
    say(ctx, { text: e.pick(p), choices: [...options.map((label, i) => ({ label, value: `${PREFIX}v:${i}` })), ...tail] });
    return;
  }
  say(ctx, { text: e.ask({ ...p, example: e.examples[field] }), choices: tail });
}

const tailChoices = (ctx: StaffCtx): Choice[] => {
  const e = editCopyOf(ctx);
  return [{ label: e.skipButton, value: SKIP }, ...(ctx.state.staff.edit?.fill ? [{ label: e.stopButton, value: STOP }] : [])];
};

function askReferrer(ctx: StaffCtx, customer: Customer): void {
  say(ctx, { text: editCopyOf(ctx).askReferrer({ name: customer.name }), choices: tailChoices(ctx) });
}

/** A tap on one of this file's buttons (already checked by the router against what this chat was offered). */
export async function answerEditChoice(ctx: StaffCtx, value: string): Promise<void> {
  const st = ctx.state.staff;
  const e = editCopyOf(ctx);
  if (value === SKIP) return skipField(ctx);
  if (value === STOP) return stopEdit(ctx);
  const fill = /^sua:fill:([0-9a-f]{24})$/.exec(value);
  if (fill) {
    const customer = await ctx.access.withFullAccess(fill[1]!);
    if (!customer) return void say(ctx, { text: staffCopyOf(ctx).notAllowed });
    // Opened without /xem: the questions show her values, so the read is audited as opening her card is.
    await ctx.access.record('read_card', customer.id, 'fill');
    st.openCustomerId = customer.id;
    return startFill(ctx, customer);
  }
  const edit = st.edit;
  // A menu or question of a customer no longer open (another was opened since): not applied to the open one.
  if (!edit || edit.customerId !== st.openCustomerId) {
    delete st.edit;
    return void say(ctx, { text: e.staleMenu });
  }
  const picked = /^sua:f:([a-z]{2,12})$/.exec(value);
  if (picked && isCardField(picked[1]!)) {
    const field = picked[1];
    if (managerOnly(field) && !canReassign(ctx)) return void say(ctx, { text: e.managersOnly });
    const customer = await ctx.access.withFullAccess(edit.customerId);
    if (!customer) return refuse(ctx, { kind: 'not_allowed' });
    st.edit = { customerId: customer.id, field };
    return ask(ctx, customer, field);
  }
  const option = /^sua:v:(\d{1,2})$/.exec(value);
  if (option && edit.field && !edit.referrer) {
    const label = (await optionsFor(ctx, edit.field))[Number(option[1])];
    if (label !== undefined) return submit(ctx, edit.field, label);
  }
  say(ctx, { text: staffCopyOf(ctx).notAllowed });
}

/** Text typed while a field is asked: the value (or skip / cancel in words). */
export async function answerEditText(ctx: StaffCtx, text: string): Promise<void> {
  const edit = ctx.state.staff.edit;
  if (!edit?.field) return;
  const escape = detectEscape(text);
  if (escape?.kind === 'skip') return skipField(ctx);
  if (escape?.kind === 'cancel') return stopEdit(ctx);
  if (edit.referrer) {
    const lists = await cardLists(ctx.deps.store, cardEditDeps(ctx));
    const referral = lists.sources.find(isReferralSource);
    if (referral) return submit(ctx, 'source', `${referral} ${text}`);
  }
  return submit(ctx, edit.field, text);
}

/** Whether a field asks a text question now (the router sends typed text here instead of searching). */
export const isAsking = (ctx: StaffCtx): boolean => ctx.state.staff.edit?.field !== undefined;

async function submit(ctx: StaffCtx, field: CardField, input: string): Promise<void> {
  const st = ctx.state.staff;
  const edit = st.edit;
  if (!edit) return;
  const e = editCopyOf(ctx);
  const r = await editCard(ctx.access, cardEditDeps(ctx), edit.customerId, field, input);
  if (!r.ok) return refuse(ctx, r.reason, input);
  const { customer, changed, newManager, cleared } = r.value;
  const shown = await fieldValueText(ctx, customer, field);
  if (cleared) say(ctx, { text: changed ? e.cleared({ field: e.fieldNames[field], name: customer.name }) : e.unchanged({ field: e.fieldNames[field] }) });
  else say(ctx, { text: changed ? e.saved({ field: e.fieldNames[field], name: customer.name, value: shown ?? '—' }) : e.unchanged({ field: e.fieldNames[field] }) });
  // The service has planned the new manager's message (src/services/manager-notice.ts).
  if (newManager && newManager.id !== ctx.member.id) say(ctx, { text: e.managerAssigned({ staff: newManager.name }) });
  // A referral with nobody named yet: who referred her is asked once (skippable), the source is already kept.
  if (field === 'source' && customer.source && isReferralSource(customer.source) && !customer.referredById && !edit.referrer) {
    st.edit = { ...edit, field: 'source', referrer: true };
    return askReferrer(ctx, customer);
  }
  return next(ctx, customer);
}

/** A refused value: said why, and the same question again (nothing typed before is lost). */
async function refuse(ctx: StaffCtx, reason: EditRefusal, typed = ''): Promise<void> {
  const st = ctx.state.staff;
  const e = editCopyOf(ctx);
  const edit = st.edit;
  const again = async (text: string): Promise<void> => {
    say(ctx, { text });
    const customer = edit ? await ctx.access.withFullAccess(edit.customerId) : null;
    if (!customer || !edit?.field) return void delete st.edit;
    return edit.referrer ? askReferrer(ctx, customer) : ask(ctx, customer, edit.field);
  };
  switch (reason.kind) {
    case 'invalid':
      return again(e.invalid({ field: e.fieldNames[reason.field], reason: reason.reason }));
    case 'phone_taken':
      return again(e.phoneTaken);
    case 'no_such_staff':
      return again(e.noSuchStaff({ typed: short(typed) }));
    case 'referrer_not_found':
      return again(e.referrerNotFound);
    case 'not_clearable':
      return again(e.notClearable[reason.field]);
    case 'managers_only':
      delete st.edit;
      return void say(ctx, { text: e.managersOnly });
    default:
      // Access lost meanwhile (removed from the branch, the customer erased): the edit ends.
      delete st.edit;
      return void say(ctx, { text: staffCopyOf(ctx).notAllowed });
  }
}

function stillEmpty(c: Customer, f: CardField): boolean {
  if ((FILL_EXTRAS as readonly string[]).includes(f)) return !c[f as (typeof FILL_EXTRAS)[number]];
  return (profileCompleteness(c).missing as readonly string[]).includes(f);
}

function fillQueue(c: Customer): CardField[] {
  return [...profileCompleteness(c).missing, ...FILL_EXTRAS.filter((f) => !c[f])];
}

async function startFill(ctx: StaffCtx, customer: Customer): Promise<void> {
  const e = editCopyOf(ctx);
  const queue = fillQueue(customer);
  const { percent } = profileCompleteness(customer);
  const [first, ...rest] = queue;
  if (!first) {
    delete ctx.state.staff.edit;
    return void say(ctx, { text: e.fillNothing({ name: customer.name, percent }) });
  }
  ctx.state.staff.edit = { customerId: customer.id, field: first, fill: rest };
  say(ctx, { text: e.fillStart({ name: customer.name, percent, count: queue.length }) });
  return ask(ctx, customer, first);
}

/** After a field is saved or skipped: /bosung's next empty field, or the end. */
async function next(ctx: StaffCtx, customer: Customer): Promise<void> {
  const st = ctx.state.staff;
  const edit = st.edit;
  if (!edit?.fill) return void delete st.edit;
  const rest = edit.fill.filter((f) => stillEmpty(customer, f));
  const [field, ...after] = rest;
  if (!field) {
    delete st.edit;
    return void say(ctx, { text: editCopyOf(ctx).fillDone({ name: customer.name, percent: profileCompleteness(customer).percent }) });
  }
  st.edit = { customerId: customer.id, field, fill: after };
  return ask(ctx, customer, field);
}

async function skipField(ctx: StaffCtx): Promise<void> {
  const st = ctx.state.staff;
  const edit = st.edit;
  if (!edit?.field) return void say(ctx, { text: editCopyOf(ctx).editStopped });
  say(ctx, { text: editCopyOf(ctx).skipped({ field: editCopyOf(ctx).fieldNames[edit.field] }) });
  if (!edit.fill) return void delete st.edit;
  const customer = await ctx.access.withFullAccess(edit.customerId);
  if (!customer) return refuse(ctx, { kind: 'not_allowed' });
  return next(ctx, customer);
}

/** /huy, "Dừng" or "hủy" typed while editing: /bosung ends with the card's completeness. */
export async function stopEdit(ctx: StaffCtx, edit = ctx.state.staff.edit): Promise<void> {
  delete ctx.state.staff.edit;
  const customer = edit?.fill ? await ctx.access.withFullAccess(edit.customerId) : null;
  if (customer) return void say(ctx, { text: editCopyOf(ctx).fillStopped({ name: customer.name, percent: profileCompleteness(customer).percent }) });
  say(ctx, { text: editCopyOf(ctx).editStopped });
}
