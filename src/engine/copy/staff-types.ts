// The staff side's catalogue: brisk and factual (copy-vi.md), same keys in every language.
export interface StaffCopy {
  help(p: { name: string; canInvite: boolean }): string;
  addAskName: string;
  addAskPhone: string;
  addAskBirthday: string;
  addAskNeeds: string;
  addDoubtful(p: { fields: string }): string;
  addCard(p: { name: string; phone: string; birthday: string; needs: string }): string;
  addSave: string;
  addSaved(p: { name: string }): string;
  duplicate(p: { name: string; phone: string }): string;
  duplicateHidden: string;
  /** A pending claim on the open card: someone registered with this customer's phone without proving it. */
  claimLine(p: { who: string; channel: string; time: string; date?: string; claimedName: string }): string;
  claimConfirm: string;
  claimReject: string;
  claimConfirmed(p: { name: string }): string;
  claimRejected: string;
  claimGone: string;
  channelNames: Record<string, string>;
  openIt: string;
  cancelButton: string;
  cancelled: string;
  searchUsage: string;
  searchNone: string;
  searchResults(p: { count: number }): string;
  noOpenCustomer: string;
  notAllowed: string;
  card(p: { name: string; phone: string; birthday: string; percent: number; missing: string; needs: string; consent: string; visits: string; notes: string; calls: string }): string;
  maskedCard(p: { name: string; phone: string }): string;
  noteUsage: string;
  noteSaved(p: { name: string }): string;
  callUsage: string;
  callWarning(p: { who: string; customer: string; ago: string; content: string }): string;
  /** `who` in callWarning when the earlier call was the reader's own. */
  callerYou: string;
  callLogAnyway: string;
  callSaved(p: { name: string }): string;
  visitUsage: string;
  visitSaved(p: { name: string; service: string; amount: string; paid: boolean }): string;
  missingNone: string;
  missingLine(p: { name: string; missing: string; percent: number }): string;
  birthdaysNone: string;
  birthdayLine(p: { name: string; phone: string; date: string }): string;
  /** STAFF_VISIBILITY=none (seed 000: "chỉ thấy ảnh và tên"): the name, not even a masked phone. */
  birthdayLineNameOnly(p: { name: string; date: string }): string;
  inviteUsage: string;
  inviteCreated(p: { code: string; role: string; hours: number }): string;
  inviteAccepted(p: { name: string; role: string }): string;
  inviteInvalid: string;
  inviteTooMany: string;
  /** `/moi staff` without a branch, or with one not on the spa's list: which branch, as buttons. */
  inviteBranchAsk(p: { role: string }): string;
  inviteBranchUnknown(p: { list: string }): string;
  fieldNames: Record<'name' | 'phone' | 'birthday' | 'gender' | 'email' | 'address' | 'occupation' | 'needs', string>;
  roleNames: Record<'owner' | 'manager' | 'staff', string>;
  hoursAgo(h: number): string;
  minutesAgo(m: number): string;
  yes: string;
  no: string;
  none: string;
}
