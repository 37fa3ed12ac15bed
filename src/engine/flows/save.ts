// Turns a confirmed draft into one customer record: create, or link to the one with that phone and fill only gaps.
import type { Actor, ConsentRecord, Customer, CustomerFields } from '../../store/customers.js';
import { copyOf, say, youOf, type Ctx } from '../context.js';
import { freshDraftState } from './reset.js';

/** Identifies the consent wording a guest agreed to; bump when the copy's consent text changes. */
export const CONSENT_WORDING_VERSION = '2026-11-v1';

export async function saveDraft(ctx: Ctx): Promise<void> {
  const { store } = ctx.deps;
  const d = ctx.state.data;
  const c = copyOf(ctx);
  const actor: Actor = { kind: 'customer', channel: ctx.inbound.address.channel };
  const channel = ctx.inbound.address.channel;
  if (!d.name || !d.phone || !d.consentAt) {
    // Cannot happen through the steps; a damaged state goes back to the first missing answer.
    ctx.state.step = null;
    return;
  }

  const consents: ConsentRecord[] = [{ purpose: 'care', granted: true, at: new Date(d.consentAt), channel, wordingVersion: CONSENT_WORDING_VERSION }];
  if (d.marketing !== undefined) {
    consents.push({ purpose: 'marketing', granted: d.marketing, at: new Date(d.marketingAt ?? d.consentAt), channel, wordingVersion: CONSENT_WORDING_VERSION });
  }
  const answers: CustomerFields = {
    name: d.name,
    phone: d.phone,
    phoneVerified: d.phoneVerified ?? false,
    ...(d.birthday ? { birthday: d.birthday } : {}),
    ...(d.needs?.length || d.needsNote ? { needs: [...(d.needs ?? []).map((service) => ({ service })), ...(d.needsNote ? [{ service: 'other', note: d.needsNote }] : [])] } : {}),
    language: ctx.state.lang,
  };

  let customer: Customer;
  let trusted = true;
  let createdNew = false;
  // Never overwrite without asking: a matched record only has its gaps filled (null: it was erased since).
  const matched = d.existingId ? await store.customers.fillMissing(d.existingId, answers, actor) : null;
  if (ctx.linked && !d.existingId) {
    // The chat's own record: the guest reviewed the card, and what they changed on purpose is written.
    const changes = pick(answers, d.edited);
    if (changes.phone && changes.phone !== ctx.linked.phone) {
      const owner = await store.customers.findByPhone(changes.phone);
      if (owner && owner.id !== ctx.linked.id) {
        say(ctx, { text: c.phoneTakenOnEdit });
        ctx.state.step = 'phone';
        ctx.state.returnToConfirm = true;
        return;
      }
    }
    customer = (await store.customers.fillMissing(ctx.linked.id, answers, actor)) ?? ctx.linked;
    if (Object.keys(changes).length) customer = (await store.customers.update(ctx.linked.id, changes, actor)) ?? customer;
    trusted = ctx.trusted;
  } else if (matched) {
    customer = matched;
    trusted = d.existingTrusted === true;
    // A verified guest's explicit edits are theirs to make.
    if (trusted) {
      const changes = pick(answers, d.edited.filter((f) => f !== 'phone'));
      if (Object.keys(changes).length) customer = (await store.customers.update(customer.id, changes, actor)) ?? customer;
    }
  } else {
    // A new guest, or the customer the phone matched was erased since: this chat's answers become a new record.
    const created = await store.customers.create({ ...(answers as CustomerFields & { name: string }), source: channel }, actor, consents);
    if (created.ok) {
      customer = created.value;
      createdNew = true;
    } else {
      // Someone registered this phone between the phone step and now (or a redelivery): link, don't duplicate.
      trusted = d.phoneVerified === true;
      customer = (await store.customers.fillMissing(created.reason.existing.id, answers, actor)) ?? created.reason.existing;
    }
  }

  if (!createdNew) {
    for (const r of consents) await store.customers.recordConsent(customer.id, r, actor);
  }
  const link = await store.customers.linkIdentity(customer.id, ctx.inbound.address, { trusted });
  if (!link.ok) {
    // The chat belonged to another record (e.g. a previous registration): it now follows the person talking.
    await store.customers.unlinkIdentity(ctx.inbound.address);
    await store.customers.linkIdentity(customer.id, ctx.inbound.address, { trusted });
  }
  const you = youOf(ctx);
  freshDraftState(ctx);
  say(ctx, { text: c.saved({ spa: ctx.deps.settings.spaName, you }) });
  ctx.state.offered = [];
  // The chat now speaks for this customer; the engine saves that with the conversation.
  ctx.linked = customer;
  ctx.trusted = trusted;
}

function pick(answers: CustomerFields, fields: readonly string[]): CustomerFields {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = (answers as Record<string, unknown>)[f];
    if (v !== undefined) out[f] = v;
  }
  if (out.phone !== undefined) out.phoneVerified = answers.phoneVerified;
  return out as CustomerFields;
}
