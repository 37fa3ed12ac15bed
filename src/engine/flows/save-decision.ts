// What saving a confirmed registration writes, decided without I/O: the trust rules of issue 12 in one place.
import type { ConsentPurpose } from '../../store/customer-types.js';
import type { ClaimAnswers, GivenConsent } from '../../store/pending-claims.js';
import type { EditField } from '../keywords.js';
import type { Draft } from '../state.js';

/** Identifies the consent wording a guest agreed to; bump when the copy's consent text changes (v2: health and photo questions). */
export const CONSENT_WORDING_VERSION = '2026-12-v2';

type Consent = { care: boolean; marketing: boolean; photo?: boolean; health?: boolean };

export interface SaveFacts {
  /** The customer this chat speaks for, and whether the chat proved that customer's phone (or created it). */
  linked: { id: string; consent: Consent } | null;
  trusted: boolean;
  /** The platform vouched that the draft's phone is the sender's own (Telegram's share-contact button). */
  phoneVerified: boolean;
  /**
   * The live customer whose phone the draft names (null: nobody has it, or that customer was erased).
   * A redelivered save never gets here with its own record: save.ts's registration id makes create return it.
   */
  phoneOwner: { id: string; consent: Consent } | null;
  /** Fields the guest changed on purpose: only these may overwrite stored answers. */
  edited: readonly EditField[];
  given: readonly GivenConsent[];
}

export type SaveDecision =
  /** Nobody has the phone: this chat's answers become a new customer, and the chat is trusted with it. */
  | { kind: 'create' }
  /** The chat's own record: gaps filled, explicit edits written, changed consents recorded. */
  | { kind: 'fill_own'; customerId: string; overwrite: EditField[]; consents: GivenConsent[] }
  /** A verified phone of an existing customer (or the record this chat created): the phone stays as stored. */
  | { kind: 'trusted_match'; customerId: string; overwrite: EditField[]; consents: GivenConsent[]; phoneVerified: boolean }
  /** A phone the chat did not prove names someone else: nothing is written to them, the answers wait apart. */
  | { kind: 'pending_claim'; customerId: string };

export function decideSave(f: SaveFacts): SaveDecision {
  const own = f.linked && f.trusted ? f.linked : null;
  if (f.phoneOwner && f.phoneOwner.id !== own?.id) {
    if (!f.phoneVerified) return { kind: 'pending_claim', customerId: f.phoneOwner.id };
    return { kind: 'trusted_match', customerId: f.phoneOwner.id, overwrite: f.edited.filter((x) => x !== 'phone'), consents: changedConsents(f.given, f.phoneOwner.consent), phoneVerified: f.phoneVerified };
  }
  if (own) return { kind: 'fill_own', customerId: own.id, overwrite: [...f.edited], consents: changedConsents(f.given, own.consent) };
  return { kind: 'create' };
}

/** Only what changes the customer's current consent becomes an entry: a repeated "yes" is not news. */
export function changedConsents(given: readonly GivenConsent[], current: Consent): GivenConsent[] {
  return given.filter((g) => (current[g.purpose] ?? false) !== g.granted);
}

export function givenConsents(d: Draft): GivenConsent[] {
  if (!d.consentAt) return [];
  const out: GivenConsent[] = [{ purpose: 'care' as ConsentPurpose, granted: true, at: new Date(d.consentAt), wordingVersion: CONSENT_WORDING_VERSION }];
  if (d.marketing !== undefined) out.push({ purpose: 'marketing', granted: d.marketing, at: new Date(d.marketingAt ?? d.consentAt), wordingVersion: CONSENT_WORDING_VERSION });
  if (d.health !== undefined) out.push({ purpose: 'health', granted: d.health, at: new Date(d.healthAt ?? d.consentAt), wordingVersion: CONSENT_WORDING_VERSION });
  if (d.photo !== undefined) out.push({ purpose: 'photo', granted: d.photo, at: new Date(d.photoAt ?? d.consentAt), wordingVersion: CONSENT_WORDING_VERSION });
  return out;
}

/** The draft as customer fields; null when it lacks what every record needs (a damaged state). */
export function draftAnswers(d: Draft, language: 'vi' | 'en'): ClaimAnswers | null {
  if (!d.name || !d.phone || !d.consentAt) return null;
  const needs = [...(d.needs ?? []).map((service) => ({ service })), ...(d.needsNote ? [{ service: 'other', note: d.needsNote }] : [])];
  return { name: d.name, phone: d.phone, ...(d.birthday ? { birthday: d.birthday } : {}), needs, language, ...(d.address ? { homeAddress: d.address } : {}) };
}
