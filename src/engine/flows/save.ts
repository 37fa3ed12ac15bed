// Saves a confirmed draft: reads what the decision needs, lets save-decision.ts decide, then does exactly that.
import { createHash } from 'node:crypto';
import { addressKey } from '../../domain/channel.js';
import type { Actor, ConsentRecord, Customer, CustomerFields } from '../../store/customers.js';
import type { ClaimAnswers, GivenConsent } from '../../store/pending-claims.js';
import { copyOf, say, youOf, type Ctx } from '../turn-context.js';
import type { EditField } from '../keywords.js';
import { linkChat } from './claims.js';
import { branchOfStartKey } from './start-payload.js';
import { announceRegistration } from '../../services/announcements.js';
import { freshDraftState } from './reset.js';
import { decideSave, draftAnswers, givenConsents, type SaveDecision, type SaveFacts } from './save-decision.js';

export { CONSENT_WORDING_VERSION } from './save-decision.js';

type Owner = SaveFacts['phoneOwner'];
/** What carrying out a decision found: done, or someone holds the phone after all (a race), decide again. */
type Outcome = { kind: 'done'; customer: Customer | null; trusted: boolean } | { kind: 'phone_owner'; owner: Owner };

export async function saveDraft(ctx: Ctx): Promise<void> {
  const d = ctx.state.data;
  const answers = draftAnswers(d, ctx.state.lang);
  if (!answers) {
    // Cannot happen through the steps; a damaged state goes back to the first missing answer.
    ctx.state.step = null;
    return;
  }
  const given = givenConsents(d);
  let owner: Owner = await phoneOwnerSeen(ctx, answers.phone);
  let outcome: Outcome | undefined;
  // At most: decide, find the phone taken meanwhile, decide again with that owner (or without an erased one).
  for (let round = 0; round < 3 && outcome?.kind !== 'done'; round++) {
    const decision = decideSave({ linked: ctx.linked, trusted: ctx.trusted, phoneVerified: d.phoneVerified === true, phoneOwner: owner, edited: d.edited, given });
    outcome = await carryOut(ctx, decision, answers, given);
    if (outcome.kind === 'phone_owner') owner = outcome.owner;
  }
  if (outcome?.kind !== 'done') throw new Error('the phone kept changing hands while saving');

  // The same words whatever was decided: the reply must not tell whether the phone was on file (issue 12).
  const you = youOf(ctx);
  freshDraftState(ctx);
  say(ctx, { text: copyOf(ctx).saved({ spa: ctx.deps.settings.spaName, you }) });
  ctx.state.offered = [];
  // The chat now speaks for this customer (or, for a pending claim, for whom it spoke before); saved with the conversation.
  ctx.linked = outcome.customer;
  ctx.trusted = outcome.trusted;
}

/** A customer holding the draft's phone, as the decision needs it. */
function ownerSeenBy(c: Customer): NonNullable<Owner> {
  return { id: c.id, consent: c.consent };
}

/** The owner the phone step saw, if still live and still holding this phone; the chat's own record counts too. */
async function phoneOwnerSeen(ctx: Ctx, phone: string): Promise<Owner> {
  const d = ctx.state.data;
  if (d.existingId) {
    const c = await ctx.deps.store.customers.findById(d.existingId);
    return c && c.phone === phone ? ownerSeenBy(c) : null;
  }
  return ctx.linked && ctx.linked.phone === phone ? ctx.linked : null;
}

async function carryOut(ctx: Ctx, decision: SaveDecision, answers: ClaimAnswers, given: GivenConsent[]): Promise<Outcome> {
  const { store } = ctx.deps;
  const { address } = ctx.inbound;
  const { needs, homeAddress, ...rest } = answers;
  // The branch of the link she registered from; on a record that has one already, fillMissing keeps that.
  const branchId = await branchOfStartKey(store, ctx.state.data.branch);
  const fields: CustomerFields & { name: string } = { ...rest, ...(needs.length ? { needs } : {}), ...(homeAddress ? { address: homeAddress } : {}), phoneVerified: ctx.state.data.phoneVerified === true, ...(branchId ? { branchId } : {}) };
  switch (decision.kind) {
    case 'create': {
      // registrationId: a redelivery of this very message finds the record an earlier attempt wrote as created,
      // by its id (exact, whatever the conversation or consents say).
      const created = await store.customers.create({ ...fields, source: address.channel }, { kind: 'customer', channel: address.channel }, given.map((g) => inChat(ctx, g)), registrationId(ctx));
      // Someone registered this phone between the phone step and now, or an earlier attempt of this message
      // created it and failed before linking (Telegram redelivers it): decide again, knowing which.
      if (!created.ok) return { kind: 'phone_owner', owner: ownerSeenBy(created.reason.existing) };
      await linkChat(store, created.value.id, address, true);
      // Somebody at the spa hears of her now, not at tomorrow's follow-up (issue 17).
      await announceRegistration({ store, now: ctx.deps.now, timeZone: ctx.deps.settings.timeZone }, created.value);
      return { kind: 'done', customer: created.value, trusted: true };
    }
    case 'fill_own': {
      const changes = pick(fields, decision.overwrite);
      const linked = ctx.linked!;
      if (changes.phone && changes.phone !== linked.phone) {
        const holder = await store.customers.findByPhone(changes.phone);
        if (holder && holder.id !== linked.id) return { kind: 'phone_owner', owner: ownerSeenBy(holder) };
      }
      const customer = await writeTrusted(ctx, decision.customerId, fields, changes, decision.consents);
      return { kind: 'done', customer: customer ?? linked, trusted: true };
    }
    case 'trusted_match': {
      // The platform vouched for the phone, so the stored number is now known to be this person's.
      const changes = { ...pick(fields, decision.overwrite), ...(decision.phoneVerified ? { phoneVerified: true } : {}) };
      const customer = await writeTrusted(ctx, decision.customerId, fields, changes, decision.consents);
      // Erased since the phone step: nobody holds the phone now.
      if (!customer) return { kind: 'phone_owner', owner: null };
      await linkChat(store, customer.id, address, true);
      // What the chat once typed for this customer is superseded by what it just proved and confirmed.
      await store.claims.removeForChat(address, customer.id);
      return { kind: 'done', customer, trusted: true };
    }
    case 'pending_claim': {
      const claim = await store.claims.put(decision.customerId, address, answers, given);
      await store.audit.record({ actor: { kind: 'customer' }, action: 'claim_create', customerId: decision.customerId, channel: address.channel, detail: `claim=${claim.id}` });
      // Remembered on the conversation so the chat notices when staff confirm it (engine.ts linkOf).
      if (!ctx.linked) ctx.state.claim = decision.customerId;
      return { kind: 'done', customer: ctx.linked, trusted: ctx.trusted };
    }
  }
}

/** Gaps filled, then the fields changed on purpose, then the consents that change something: all by this chat. */
async function writeTrusted(ctx: Ctx, id: string, fields: CustomerFields, changes: CustomerFields, consents: GivenConsent[]): Promise<Customer | null> {
  const { store } = ctx.deps;
  const actor: Actor = { kind: 'customer', id, channel: ctx.inbound.address.channel };
  let customer = await store.customers.fillMissing(id, fields, actor);
  if (!customer) return null;
  if (Object.keys(changes).length) customer = (await store.customers.update(id, changes, actor)) ?? customer;
  for (const g of consents) await store.customers.recordConsent(id, inChat(ctx, g), actor);
  return consents.length ? ((await store.customers.findById(id)) ?? customer) : customer;
}

function inChat(ctx: Ctx, g: GivenConsent): ConsentRecord {
  return { ...g, channel: ctx.inbound.address.channel, chat: addressKey(ctx.inbound.address) };
}

/**
 * The new record's id, derived from the chat and the message that confirmed it: if that message fails after the
 * record was written (the chat link or the conversation could not be saved), its redelivery finds the same
 * record as its own, instead of a stranger's customer with that phone (a claim on itself). Without a
 * delivery id: a fresh one.
 */
function registrationId(ctx: Ctx): { id?: string } {
  const { eventId, address } = ctx.inbound;
  if (!eventId) return {};
  return { id: createHash('sha256').update(`registration\n${addressKey(address)}\n${eventId}`).digest('hex').slice(0, 24) };
}

function pick(fields: CustomerFields, names: readonly EditField[]): CustomerFields {
  const out: Record<string, unknown> = {};
  for (const f of names) {
    const v = (fields as Record<string, unknown>)[f];
    if (v !== undefined) out[f] = v;
  }
  if (out.phone !== undefined) out.phoneVerified = fields.phoneVerified;
  return out as CustomerFields;
}
