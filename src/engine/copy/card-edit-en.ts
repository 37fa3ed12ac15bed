// Staff card edits in English (card-edit-types.ts).
import type { CardReason } from '../../domain/card-fields.js';
import type { CardEditCopy } from './card-edit-types.js';

function invalid(field: string, r: CardReason): string {
  switch (r.kind) {
    case 'empty':
      return `Nothing typed for ${field}.`;
    case 'name':
      return r.reason === 'too_long' ? 'That name is too long (100 characters at most).' : 'That does not read as a name. Type the full name in letters, e.g. Nguyễn Thị Lan.';
    case 'phone':
      return r.reason === 'landline' ? 'That is a landline; a mobile number is needed, e.g. 0912 345 678.' : r.reason === 'foreign' ? 'Only Vietnamese mobile numbers, e.g. 0912 345 678.' : 'That phone number is not right. E.g. 0912 345 678.';
    case 'birthday':
      return r.reason === 'in_future' ? 'A birthday cannot be in the future.' : r.reason === 'no_such_date' ? 'No such date. E.g. 12/3 or 12/3/1990.' : r.reason === 'too_old' ? 'That year is too long ago; please check.' : 'Could not read that birthday. E.g. 12/3, 12/3/1990 or âm lịch 15/8.';
    case 'lunar_birthday':
      return 'That lunar date is not right. E.g. âm lịch 15/8 (day 1–30, month 1–12).';
    case 'email':
      return 'That email is not right. E.g. lan@gmail.com';
    case 'gender':
      return 'Gender: female, male or other.';
    case 'facebook':
      return 'A Facebook link has no spaces. E.g. facebook.com/lan.nguyen';
    case 'too_long':
      return `${field} is too long (${r.max} characters at most).`;
    case 'not_in_list':
      return r.list.length ? `${field} must be one of: ${r.list.join(', ')}.` : `${field} is not right (letters and digits, no spaces).`;
  }
}

export const cardEditEn: CardEditCopy = {
  helpLines: ['/sua (/edit) [field] [value] — edit the open customer (e.g. /edit email lan@gmail.com; /edit alone: pick a field)', '/bosung (/fill) — ask the open customer\'s missing details one by one'],
  fieldNames: {
    name: 'Name',
    phone: 'Phone',
    birthday: 'Birthday',
    email: 'Email',
    gender: 'Gender',
    address: 'Address',
    occupation: 'Occupation',
    facebook: 'Facebook',
    group: 'Customer group',
    source: 'Source',
    branch: 'Branch',
    manager: 'Managing staff',
    needs: 'Needs',
  },
  genderNames: { female: 'female', male: 'male', other: 'other' },
  menuTitle: ({ name }) => `Edit ${name}'s card: pick a field (or type it, e.g. /edit occupation accountant).`,
  menuButton: ({ field, value }) => `${field}: ${value ?? '—'}`,
  ask: ({ field, name, current, example }) => `${name}'s ${field}?${current ? ` (now: ${current})` : ''} E.g. ${example}`,
  pick: ({ field, name, current }) => `${name}'s ${field}?${current ? ` (now: ${current})` : ''} Pick or type:`,
  examples: {
    name: 'Nguyễn Thị Lan',
    phone: '0912 345 678',
    birthday: '12/3, 12/3/1990 or âm lịch 15/8',
    email: 'lan@gmail.com',
    gender: 'female',
    address: '12 Lê Lợi, Q1',
    occupation: 'accountant',
    facebook: 'facebook.com/lan.nguyen',
    group: 'Khách quen',
    source: 'Facebook',
    branch: 'q1',
    manager: 'Hoa',
    needs: 'Trị mụn',
  },
  skipButton: 'Skip',
  stopButton: 'Stop',
  unknownField: ({ typed }) => `No field called "${typed}". Pick one to edit:`,
  saved: ({ field, name, value }) => `✅ Saved ${name}'s ${field}: ${value}`,
  unchanged: ({ field }) => `${field} is unchanged.`,
  skipped: ({ field }) => `Skipped ${field}.`,
  invalid: ({ field, reason }) => `${invalid(field, reason)} Nothing saved; please type it again.`,
  phoneTaken: 'That number is already on another customer\'s card, so it was not saved. Check the number, or ask a manager to merge the two cards.',
  cleared: ({ field, name }) => `Cleared ${field} for ${name}.`,
  notClearable: {
    name: 'A name is required, so it cannot be cleared. To change it: /edit name <new name>.',
    phone: 'The phone cannot be cleared (every card needs one). To change it: /edit phone <new number>.',
    needs: 'Needs are kept as history, so they are not cleared. On /view, tap "🔁 Need stages" to mark one done.',
    branch: 'The branch cannot be cleared (a customer without one is seen by every branch). Pick another with /edit branch.',
  },
  managersOnly: 'Only the owner or a manager can change the branch or the managing staff member.',
  noSuchStaff: ({ typed }) => `No single colleague is called "${typed}". Type the full name or pick from the list.`,
  referrerNotFound: 'Could not find the referring customer. Type their phone number (surest) or full name.',
  askReferrer: ({ name }) => `Who referred ${name}? Type the referring customer's phone or name, or tap "Skip".`,
  managerAssigned: ({ staff }) => `${staff} will be told they now manage this customer.`,
  managerToldYou: ({ customer, phone, by }) => `📌 ${by} made you the managing staff member of ${customer} (${phone}). Type /tim ${phone} to open the card.`,
  staleMenu: 'That list is out of date. Type /edit to open it again for the open customer.',
  editStopped: 'Stopped editing the card.',
  fillStart: ({ name, percent, count }) => `Completing ${name}'s card (${percent}%): ${count} empty field(s). Every question can be skipped; /cancel stops.`,
  fillNothing: ({ name, percent }) => `${name}'s card is complete (${percent}%). Type /edit to change a field.`,
  fillDone: ({ name, percent }) => `Done. ${name}'s card: ${percent}%.`,
  fillStopped: ({ name, percent }) => `Stopped. ${name}'s card: ${percent}%.`,
  fillButton: ({ name }) => `✍️ Complete: ${name}`,
  missingFooter: 'Tap a name to open the customer and complete the card now.',
  detailLine: ({ field, value }) => `${field}: ${value}`,
  referredBy: ({ source, who }) => `${source} (referred by ${who})`,
  someoneElse: 'another customer',
};
