// Editing a customer's card (issue 17), for any front end: staff through their access (full access only, branch and
// manager for owners and managers), the customer on her own card (name, birthday, email, address). Every change is
// audited (field names only) and kept as history with the values before and after (store/card-edits.ts).
import { businessToday } from '../domain/business-time.js';
import { formatBirthday } from '../domain/birthday.js';
import {
  CARD_FIELDS,
  cardFieldLabel,
  DEFAULT_CUSTOMER_GROUPS,
  DEFAULT_CUSTOMER_SOURCES,
  isCardField,
  isClearWord,
  isUnclearable,
  MANAGER_ONLY_FIELDS,
  OWN_CARD_FIELDS,
  parseCardValue,
  type CardField,
  type CardLists,
  type CardReason,
  type CardValue,
  type UnclearableField,
} from '../domain/card-fields.js';
import { foldDiacritics } from '../domain/name.js';
import { currentNeeds, NEED_STAGE_NAMES, needLabel } from '../domain/needs.js';
import { formatPhoneVn, parseVnMobile } from '../domain/phone.js';
import { err, ok, type Result } from '../domain/result.js';
import type { Store } from '../store/index.js';
import { PhoneTakenError, type Actor, type ClearableKey, type Customer, type CustomerFields } from '../store/customers.js';
import type { StaffMember } from '../store/staff.js';
import type { CustomerAccess } from './customer-access.js';
import { tellNewManager } from './manager-notice.js';
import { spaBranches } from './branches.js';

export interface CardEditDeps {
  now: () => Date;
  timeZone: string;
  /** The spa's customer groups and sources (settings); the defaults when left out. */
  groups?: readonly string[];
  sources?: readonly string[];
  /** The spa's configured branches; empty or absent: the branches its staff belong to. */
  branches?: readonly string[];
}

/** The card-edit settings of a front end's settings object (the chat's and the page's use the same names). */
export function cardEditDepsOf(now: () => Date, s: { timeZone: string; customerGroups?: readonly string[]; customerSources?: readonly string[]; branches?: readonly string[] }): CardEditDeps {
  return { now, timeZone: s.timeZone, ...(s.customerGroups ? { groups: s.customerGroups } : {}), ...(s.customerSources ? { sources: s.customerSources } : {}), ...(s.branches ? { branches: s.branches } : {}) };
}

export type EditRefusal =
  /** No such customer, or the viewer has no full access to her: the same answer, so nothing leaks. */
  | { kind: 'not_allowed' }
  | { kind: 'managers_only' }
  | { kind: 'not_own_field' }
  | { kind: 'unknown_field' }
  | { kind: 'invalid'; field: CardField; reason: CardReason }
  /** Another customer has this phone; who it is is not said. */
  | { kind: 'phone_taken' }
  | { kind: 'no_such_staff' }
  | { kind: 'referrer_not_found' }
  /** "/sua ten xoa": name, phone, needs and branch are never emptied (card-fields.ts UNCLEARABLE_FIELDS). */
  | { kind: 'not_clearable'; field: UnclearableField };

export interface EditDone {
  customer: Customer;
  field: CardField;
  /** False when the value was already the stored one (nothing written). */
  changed: boolean;
  /** The field was emptied ("/sua email xoa"). */
  cleared?: boolean;
  /** Set when the customer got a new managing staff member, so the front end can tell them. */
  newManager?: StaffMember;
}

/** The spa's lists for the validators: groups, sources and branches from the settings (branches: else the staff's). */
export async function cardLists(store: Store, deps: CardEditDeps): Promise<CardLists> {
  return { groups: deps.groups ?? DEFAULT_CUSTOMER_GROUPS, sources: deps.sources ?? DEFAULT_CUSTOMER_SOURCES, branches: await spaBranches(store, deps.branches) };
}

/** A field's stored value as text (history rows, the card, /toi); undefined when empty. */
export function cardValueText(c: Customer, field: CardField): string | undefined {
  switch (field) {
    case 'phone':
      return c.phone ? formatPhoneVn(c.phone) : undefined;
    case 'birthday':
      if (c.lunarBirthday) return `âm lịch ${c.lunarBirthday.day}/${c.lunarBirthday.month}${c.lunarBirthday.leapMonth ? ' nhuận' : ''}`;
      return c.birthday ? formatBirthday(c.birthday) : undefined;
    case 'branch':
      return c.branchId;
    case 'manager':
      return c.managerStaffId;
    case 'needs':
      // Each need once, at its current stage (the card keeps every entry; history rows compare these).
      return needsText(c, 'vi') || undefined;
    case 'source':
      return c.source;
    default:
      return c[field] ?? undefined;
  }
}

/** "Trị mụn (đang điều trị), Massage (quan tâm)": her needs at their current stage. */
export function needsText(c: Customer, lang: 'vi' | 'en'): string {
  return currentNeeds(c.needs)
    .map((n) => `${needLabel(n)} (${NEED_STAGE_NAMES[lang][n.stage]})`)
    .join(', ');
}

/** Staff (or the owner's CLI) edit one field of a card the viewer has full access to. */
export async function editCard(access: CustomerAccess, deps: CardEditDeps, customerId: string, field: string, input: string): Promise<Result<EditDone, EditRefusal>> {
  if (!isCardField(field)) return err({ kind: 'unknown_field' });
  const customer = await access.withFullAccess(customerId);
  if (!customer) return err({ kind: 'not_allowed' });
  const rules = await access.rules();
  if ((MANAGER_ONLY_FIELDS as readonly string[]).includes(field) && rules?.role !== 'owner' && rules?.role !== 'manager') return err({ kind: 'managers_only' });
  const v = access.viewer;
  const actor: Actor = v.kind === 'staff' ? { kind: 'staff', id: v.staffId, channel: v.channel } : { kind: 'cli' };
  const result = isClearWord(input) ? await clear(access.store, deps, customer, field, actor) : await apply(access.store, deps, customer, field, input, actor, access);
  if (result.ok && result.value.changed) await access.record('update', customer.id, `fields=${field}${result.value.cleared ? ' cleared' : ''}`);
  // The new managing staff member is told, whichever front end reassigned her (chat or web).
  const by = result.ok && result.value.newManager ? await access.staffMember() : null;
  if (result.ok && result.value.newManager && by) await tellNewManager(access.store, { customer: result.value.customer, manager: result.value.newManager, by, now: deps.now(), timeZone: deps.timeZone });
  return result;
}

/** The customer corrects her own card from her trusted chat: name, birthday, email, address only. */
export async function editOwnCard(store: Store, deps: CardEditDeps, customer: Customer, channel: string, field: string, input: string): Promise<Result<EditDone, EditRefusal>> {
  if (!isCardField(field)) return err({ kind: 'unknown_field' });
  if (!(OWN_CARD_FIELDS as readonly string[]).includes(field)) return err({ kind: 'not_own_field' });
  const actor: Actor = { kind: 'customer', id: customer.id, channel };
  const result = await apply(store, deps, customer, field, input, actor);
  if (result.ok && result.value.changed) await store.audit.record({ actor: { kind: 'customer', id: customer.id }, action: 'update', customerId: customer.id, channel, detail: `fields=${field} by=customer` });
  return result;
}

/** Keys removed when staff empty a field (derived keys go with it). */
const CLEARED_KEYS: Record<Exclude<CardField, UnclearableField>, ClearableKey[]> = {
  birthday: ['birthday', 'birthMonth', 'birthDay', 'lunarBirthday'],
  email: ['email'],
  gender: ['gender'],
  address: ['address'],
  occupation: ['occupation'],
  facebook: ['facebook'],
  group: ['group'],
  source: ['source', 'referredById'],
  manager: ['managerStaffId'],
};

/** Staff empty an optional field: audited and kept in the history like any edit (from the old value, to nothing). */
async function clear(store: Store, deps: CardEditDeps, customer: Customer, field: CardField, actor: Actor): Promise<Result<EditDone, EditRefusal>> {
  if (isUnclearable(field)) return err({ kind: 'not_clearable', field });
  const before = cardValueText(customer, field);
  if (before === undefined && !(field === 'source' && customer.referredById)) return ok({ customer, field, changed: false, cleared: true });
  const updated = await store.customers.update(customer.id, {}, actor, { unset: CLEARED_KEYS[field] });
  if (!updated) return err({ kind: 'not_allowed' });
  const now = deps.now();
  await store.cardEdits.add({ customerId: customer.id, field, ...(before ? { from: before } : {}), by: actor, at: now });
  return ok({ customer: updated, field, changed: true, cleared: true });
}

async function apply(store: Store, deps: CardEditDeps, customer: Customer, field: CardField, input: string, actor: Actor, access?: CustomerAccess): Promise<Result<EditDone, EditRefusal>> {
  const now = deps.now();
  const parsed = parseCardValue(field, input, businessToday(now, deps.timeZone), await cardLists(store, deps));
  if (!parsed.ok) return err({ kind: 'invalid', field, reason: parsed.reason });
  const change = await toChange(store, customer, parsed.value, access);
  if (!change.ok) return change;
  const { fields, unset = [], newManager } = change.value;
  const before = cardValueText(customer, field);
  let updated: Customer | null;
  if (parsed.value.field === 'needs') {
    updated = await store.customers.addNeed(customer.id, { service: parsed.value.service, stage: 'interested', at: now }, actor);
  } else {
    try {
      updated = await store.customers.update(customer.id, fields, actor, { unset });
    } catch (e) {
      // The phone key is the check that counts (two edits at once): the same answer as the read above.
      if (e instanceof PhoneTakenError) return err({ kind: 'phone_taken' });
      throw e;
    }
  }
  if (!updated) return err({ kind: 'not_allowed' });
  const after = cardValueText(updated, field);
  // The referrer is not in the source's text: naming one (or another) for the same source is a change too.
  const changed = before !== after || unset.length > 0 || updated.referredById !== customer.referredById;
  if (changed) await store.cardEdits.add({ customerId: customer.id, field, ...(before ? { from: before } : {}), ...(after ? { to: after } : {}), by: actor, at: now });
  return ok({ customer: updated, field, changed, ...(newManager && changed ? { newManager } : {}) });
}

async function toChange(store: Store, customer: Customer, v: CardValue, access?: CustomerAccess): Promise<Result<{ fields: CustomerFields; unset?: ClearableKey[]; newManager?: StaffMember }, EditRefusal>> {
  switch (v.field) {
    case 'name':
      return ok({ fields: { name: v.name } });
    case 'phone': {
      if (v.e164 === customer.phone) return ok({ fields: {} });
      // Typing another customer's phone is refused without saying whose it is (no probing through the card).
      const owner = await store.customers.findByPhone(v.e164);
      if (owner && owner.id !== customer.id) return err({ kind: 'phone_taken' });
      // A phone someone typed is not proven (issue 12): the verified mark goes with the old number.
      return ok({ fields: { phone: v.e164, phoneVerified: false } });
    }
    case 'birthday':
      // A solar birthday replaces a lunar one (greetings follow the lunar one while it is set).
      return 'lunar' in v ? ok({ fields: { lunarBirthday: v.lunar } }) : ok({ fields: { birthday: v.solar }, unset: ['lunarBirthday'] });
    case 'email':
      return ok({ fields: { email: v.email } });
    case 'gender':
      return ok({ fields: { gender: v.gender } });
    case 'address':
      return ok({ fields: { address: v.text } });
    case 'occupation':
      return ok({ fields: { occupation: v.text } });
    case 'facebook':
      return ok({ fields: { facebook: v.text } });
    case 'group':
      return ok({ fields: { group: v.group } });
    case 'source': {
      if (v.referrer === undefined) return ok({ fields: { source: v.source }, unset: ['referredById'] });
      const referrer = await findReferrer(store, v.referrer, access);
      if (!referrer || referrer.id === customer.id) return err({ kind: 'referrer_not_found' });
      return ok({ fields: { source: v.source, referredById: referrer.id } });
    }
    case 'branch':
      return ok({ fields: { branchId: v.branchId } });
    case 'manager': {
      const want = foldDiacritics(v.staffName);
      const active = (await store.staff.list()).filter((m) => m.active);
      const exact = active.filter((m) => foldDiacritics(m.name) === want);
      const byWord = active.filter((m) => foldDiacritics(m.name).split(' ').includes(want));
      const found = exact.length === 1 ? exact[0] : byWord.length === 1 ? byWord[0] : undefined;
      if (!found) return err({ kind: 'no_such_staff' });
      return ok({ fields: { managerStaffId: found.id }, ...(found.id !== customer.managerStaffId ? { newManager: found } : {}) });
    }
    case 'needs':
      return ok({ fields: {} });
  }
}

/** The referring customer by phone, or by name when exactly one customer the viewer may see has it. */
async function findReferrer(store: Store, text: string, access?: CustomerAccess): Promise<Customer | null> {
  const phone = parseVnMobile(text);
  if (phone.ok) return store.customers.findByPhone(phone.value.e164);
  const found = await store.customers.search(text, 5);
  const visible = access ? (await access.visible(found)).map((x) => x.customer) : found;
  const want = foldDiacritics(text).replace(/^(chi|anh|em|co|chu|ba|ong) /, '');
  const named = visible.filter((c) => foldDiacritics(c.name) === want || foldDiacritics(c.name).endsWith(` ${want}`));
  return named.length === 1 ? named[0]! : visible.length === 1 ? visible[0]! : null;
}

/** The reason codes the web page shows after a refused edit (its copy phrases them). */
export function refusalCode(r: EditRefusal): string {
  return r.kind === 'invalid' ? `invalid_${r.field}` : r.kind;
}

/** The edit for the web page (src/web/router.ts `editField`): the same rules as the chat, with a reason code. */
export function webEditField(deps: CardEditDeps): (access: CustomerAccess, customerId: string, field: string, value: string) => Promise<{ ok: true } | { ok: false; reason: string }> {
  return async (access, customerId, field, value) => {
    const r = await editCard(access, deps, customerId, field, value);
    return r.ok ? { ok: true } : { ok: false, reason: refusalCode(r.reason) };
  };
}

/** The fields the web page's edit form offers, with their names (`editableFields`). */
export function editableCardFields(lang: 'vi' | 'en'): { key: CardField; label: string }[] {
  return CARD_FIELDS.map((key) => ({ key, label: cardFieldLabel(key, lang) }));
}
