// Pending claims from the chat's side: keeping one, and applying one once staff confirm it or the chat proves the phone.
import type { Actor, ChannelAddress, Customer } from '../../store/customers.js';
import type { Store } from '../../store/index.js';
import type { PendingClaim } from '../../store/pending-claims.js';
import { changedConsents } from './save-decision.js';

/** Links a chat to a customer; a chat linked to another record now follows the person who proved who they are. */
export async function linkChat(store: Store, customerId: string, address: ChannelAddress, trusted: boolean): Promise<void> {
  const link = await store.customers.linkIdentity(customerId, address, { trusted });
  if (!link.ok) {
    await store.customers.unlinkIdentity(address);
    await store.customers.linkIdentity(customerId, address, { trusted });
  }
}

/**
 * Applies a claim as gap-fills (never overwriting), records the consents the chat gave that change anything,
 * trusts the chat with the customer and removes the claim. `actor` is who decided: staff on the card, or the
 * customer once the chat proved the phone. Null when the customer was erased meanwhile (the claim goes too).
 */
export async function applyClaim(store: Store, claim: PendingClaim, actor: Actor): Promise<Customer | null> {
  const filled = await store.customers.fillMissing(
    claim.customerId,
    { ...(claim.birthday ? { birthday: claim.birthday } : {}), ...(claim.needs.length ? { needs: claim.needs } : {}), ...(claim.homeAddress ? { address: claim.homeAddress } : {}) },
    actor,
  );
  if (!filled) {
    await store.claims.remove(claim.id);
    return null;
  }
  const by = { kind: actor.kind, ...(actor.id ? { id: actor.id } : {}) };
  for (const g of changedConsents(claim.consents, filled.consent)) {
    await store.customers.recordConsent(claim.customerId, { ...g, channel: claim.address.channel, chat: claim.chat, by }, actor);
  }
  await linkChat(store, claim.customerId, claim.address, true);
  await store.claims.remove(claim.id);
  return store.customers.findById(claim.customerId);
}

/** The chat's claim on the customer holding `e164`, if the chat made one and that customer still has that phone. */
export async function claimForVerifiedPhone(store: Store, address: ChannelAddress, e164: string): Promise<{ claim: PendingClaim; customer: Customer } | null> {
  for (const claim of await store.claims.forChat(address)) {
    if (claim.phone !== e164) continue;
    const customer = await store.customers.findById(claim.customerId);
    if (customer?.phone === e164) return { claim, customer };
  }
  return null;
}
