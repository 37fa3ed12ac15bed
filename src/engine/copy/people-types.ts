// Copy for the counter link (QR / deep link after /kh), staff-recorded consent, photos and new-registration
// announcements (issue 17). Customer lines are warm ("Dạ … ạ"), staff lines brisk (copy-vi.md).
import type { Address } from './types.js';

export type PurposeName = 'care' | 'marketing' | 'photo' | 'health';
export type PhotoTag = 'profile' | 'before' | 'after';

export interface PeopleCopy {
  // Staff: the link to show the customer.
  linkOffer(p: { name: string; lines: string; hours: number }): string;
  /** One line per channel: a link that carries the code, or an OA link plus the message to send. */
  linkLine(p: { channel: string; url: string; code?: string }): string;
  linkNoChannel: string;
  linkPaperButton: string;
  linkUsage: string;
  // Staff: consent she gave on paper.
  consentAsk(p: { name: string; version: string }): string;
  consentButton(p: { purpose: PurposeName; given: boolean }): string;
  consentRecorded(p: { name: string; purpose: PurposeName; version: string }): string;
  purposeNames: Record<PurposeName, string>;
  // Customer: opening the link.
  linkWelcome(p: { spa: string; you: Address }): string;
  linkInvalid(p: { you: Address }): string;
  linkTaken(p: { you: Address }): string;
  // Staff: a new registration.
  newCustomer(p: { name: string; phone: string; needs: string; branch: string; channel: string }): string;
  newCustomerOpen: string;
  newCustomerCallHint(p: { name: string }): string;
  // Staff: photos.
  photoNoCustomer: string;
  photoNoConsent(p: { name: string }): string;
  photoTooLarge(p: { maxMb: number }): string;
  photoNotImage: string;
  photoUnavailable: string;
  photoSaved(p: { name: string }): string;
  photoTagAsk: string;
  photoTagged(p: { tag: PhotoTag }): string;
  tagNames: Record<PhotoTag, string>;
  photoCaption(p: { name: string; tag: string; date: string }): string;
  photoNotAllowed: string;
  photoCount(p: { count: number }): string;
  /** The card's photo line: how many, and the latest ones' tags and dates. */
  photoLatest(p: { count: number; latest: string }): string;
  photoShowButton: string;
  photoNone: string;
  /** The card under STAFF_VISIBILITY=none: her name (the profile photo rides with it). */
  photoOnlyCard(p: { name: string }): string;
  untagged: string;
}
