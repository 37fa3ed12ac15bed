// Copy for the customer's own card (issue 17): everything /toi shows beyond the first card, /sua's field choice and
// its answers, and the line staff read on /xem when the customer corrected something herself.
import type { CardField } from '../../domain/card-fields.js';
import type { Address } from './types.js';

/** The fields a customer corrects herself (domain/card-fields.ts OWN_CARD_FIELDS). */
export type OwnField = 'name' | 'birthday' | 'email' | 'address';
/** Why a typed value was not taken (a CardReason as far as the own fields can give one). */
export type OwnReason = 'empty' | 'name' | 'birthday' | 'lunar_birthday' | 'email' | 'too_long';

export interface OwnCardCopy {
  /** One "• Label: value" line of /toi. */
  line(p: { label: string; value: string }): string;
  genders: Record<'female' | 'male' | 'other', string>;
  lunar(p: { day: number; month: number; leap: boolean }): string;
  /** The consents /toi adds to the first card's care and offers line. */
  consents(p: { photo: boolean; health?: boolean }): string;
  // /sua
  pick(p: { you: Address }): string;
  /** The button that opens the registration card (phone and needs are changed there, with its checks). */
  pickCard: string;
  ask(p: { you: Address; field: OwnField; current?: string }): string;
  bad(p: { you: Address; field: OwnField; reason: OwnReason; max?: number }): string;
  done(p: { you: Address; label: string; value: string }): string;
  unchanged(p: { you: Address }): string;
  /** A field the spa keeps (group, source…): what she may change herself instead. */
  notOwn(p: { you: Address; label: string }): string;
  // Staff, on /xem.
  selfEdits(p: { fields: string; date: string }): string;
  fieldLabel(field: CardField): string;
}
