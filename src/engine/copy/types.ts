// The shape every language's catalogue fills: all user-facing text, keyed, with placeholders as parameters.
import type { BirthdayReason } from '../../domain/birthday.js';
import type { NameReason } from '../../domain/name.js';
import type { PhoneReason } from '../../domain/phone.js';

/** How the bot addresses the guest: "anh/chị" until it knows, then "chị Lan" / "anh Minh". */
export interface Address {
  /** "anh/chị", "chị", "anh" (vi) or "you" (en) */
  pronoun: string;
  /** "chị Lan", "anh Minh", or the pronoun alone when no name is known */
  named: string;
}

export interface Card {
  name?: string;
  phone?: string;
  birthday?: string;
  needs?: string;
  /** Her answers to the optional health-notes and photo consents, in words (absent: not part of this card). */
  health?: string;
  photo?: string;
}

export interface Copy {
  lang: 'vi' | 'en';
  greeting(p: { spa: string; you: Address }): string;
  consentQuestion(p: { spa: string; you: Address }): string;
  consentYes: string;
  consentNo: string;
  consentRefused(p: { you: Address }): string;
  marketingQuestion(p: { spa: string; you: Address }): string;
  healthQuestion(p: { spa: string; you: Address }): string;
  photoQuestion(p: { spa: string; you: Address }): string;
  consentGiven: string;
  consentDeclined: string;
  consentUnanswered: string;
  yes: string;
  no: string;
  askName(p: { you: Address }): string;
  badName(p: { reason: NameReason }): string;
  askPhone(p: { you: Address }): string;
  /** For channels without a share-my-phone button (Zalo, playground). */
  askPhoneTyped(p: { you: Address }): string;
  sharePhoneButton: string;
  badPhone(p: { reason: PhoneReason }): string;
  foreignContact(p: { you: Address }): string;
  phoneKnown(p: { spa: string; you: Address }): string;
  askBirthday(p: { spa: string; you: Address }): string;
  badBirthday(p: { reason: BirthdayReason; input: string }): string;
  askNeeds(p: { you: Address }): string;
  needsDone: string;
  needsTooLong: string;
  offerSkip: string;
  skip: string;
  back: string;
  confirmCard(p: { you: Address; card: Card }): string;
  confirmSave: string;
  editName: string;
  editPhone: string;
  editBirthday: string;
  editNeeds: string;
  editHealth: string;
  editPhoto: string;
  notGiven: string;
  saved(p: { spa: string; you: Address }): string;
  cancelled(p: { you: Address }): string;
  nothingToCancel: string;
  cannotGoBack: string;
  cannotSkip: string;
  help(p: { you: Address }): string;
  resumeQuestion(p: { you: Address }): string;
  resumeContinue: string;
  resumeRestart: string;
  flowUpdated: string;
  menu(p: { spa: string; you: Address; percent: number }): string;
  menuMyInfo: string;
  menuEdit: string;
  menuStop: string;
  menuErase: string;
  myInfo(p: { you: Address; card: Card; care: boolean; marketing: boolean }): string;
  myInfoNeedsVerification(p: { you: Address }): string;
  notRegistered(p: { you: Address }): string;
  stopQuestion(p: { spa: string; you: Address }): string;
  stopYes: string;
  stopped(p: { you: Address }): string;
  eraseQuestion(p: { spa: string; you: Address }): string;
  eraseYes: string;
  erased(p: { you: Address }): string;
  keptAsIs: string;
  languageSet: string;
  unsupported(p: { you: Address }): string;
  groupNotice: string;
  tooLong: string;
  choicePrompt: string;
}
