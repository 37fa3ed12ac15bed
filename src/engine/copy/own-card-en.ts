// English copy for the customer's own card: /me's full card, /edit's questions, and the staff line on /view.
import { cardFieldLabel } from '../../domain/card-fields.js';
import type { OwnCardCopy, OwnField } from './own-card-types.js';

const yn = (v: boolean): string => (v ? 'yes' : 'no');

const EXAMPLE: Record<OwnField, string> = {
  name: 'Nguyen Thi Lan',
  birthday: '12/3/1990, or lunar 15/8',
  email: 'lan.nguyen@gmail.com',
  address: '12 Le Loi, Ben Nghe Ward, District 1',
};
const WHAT: Record<OwnField, string> = { name: 'full name', birthday: 'birthday', email: 'email', address: 'address' };

export const ownCardEn: OwnCardCopy = {
  line: ({ label, value }) => `• ${label}: ${value}`,
  genders: { female: 'Female', male: 'Male', other: 'Other' },
  lunar: ({ day, month, leap }) => `lunar ${day}/${month}${leap ? ' (leap month)' : ''}`,
  consents: ({ photo, health }) => `• Photos taken and kept: ${yn(photo)}${health === undefined ? '' : ` · Skin/health notes: ${yn(health)}`}`,
  pick: () => 'Which detail would you like to change?',
  pickCard: 'Phone, interests',
  ask: ({ field, current }) => `Please type your new ${WHAT[field]}${current ? ` (now: ${current})` : ''}, for example: ${EXAMPLE[field]}. Send "cancel" to stop.`,
  bad: ({ field, reason, max }) => {
    const again = `Please type it again, for example: ${EXAMPLE[field]}. Your details are unchanged.`;
    if (reason === 'too_long') return `That ${WHAT[field]} is too long (at most ${max ?? 200} characters). ${again}`;
    if (reason === 'email') return `That does not look like an email address (it needs an @ and a domain). ${again}`;
    if (reason === 'lunar_birthday') return `That lunar date is not right (day 1–30, month 1–12). ${again}`;
    if (reason === 'birthday') return `I could not read that birthday. ${again}`;
    if (reason === 'name') return `I could not read that as a name. ${again}`;
    return `I did not get a ${WHAT[field]}. ${again}`;
  },
  done: ({ label, value }) => `Done: your ${label.toLowerCase()} is now ${value}. Send /me to see all your details.`,
  unchanged: () => 'That is what we already have, so nothing changed.',
  notOwn: ({ label }) => `The spa keeps your ${label.toLowerCase()} up to date. You can change your name, birthday, email and address yourself: send /edit and pick one.`,
  selfEdits: ({ fields, date }) => `Changed by the customer: ${fields} (${date})`,
  fieldLabel: (field) => cardFieldLabel(field, 'en'),
};
