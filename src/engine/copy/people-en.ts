// English copy for the counter link, paper consent, photos and new-registration announcements.
import type { PeopleCopy } from './people-types.js';

export const peopleEn: PeopleCopy = {
  linkOffer: ({ name, lines, hours }) =>
    `Let ${name} scan the QR code (or send her the link) to connect her chat to her card; she gives her consent in the chat herself.\n${lines}\nSingle use, expires in ${hours} hours. If she signed the paper form, tap the button below.`,
  linkLine: ({ channel, url, code }) => (code ? `• ${channel}: ${url} (open it, then send: /start ${code})` : `• ${channel}: ${url}`),
  linkNoChannel: 'No chat channel (Telegram, Zalo) is running to make a link for the customer.',
  linkPaperButton: '📝 Record paper consent',
  linkUsage: 'Open a customer first (/find), then /link makes a new link for her.',
  consentAsk: ({ name, version }) => `Which purposes did ${name} agree to on paper (form ${version})? Tap each one she signed.`,
  consentButton: ({ purpose, given }) => `${given ? '✓ ' : ''}${peopleEn.purposeNames[purpose]}`,
  consentRecorded: ({ name, purpose, version }) => `Recorded: ${name} agreed to "${peopleEn.purposeNames[purpose]}" on paper (form ${version}), recorded by you.`,
  purposeNames: { care: 'Care messages', marketing: 'Offers', photo: 'Photos taken and kept' },
  linkWelcome: ({ spa, you }) => `Hello ${you.named}! This chat is now connected to your card at ${spa}. A few quick questions so we can look after you well.`,
  linkInvalid: () => 'This link has been used already or has expired. Please ask the staff at the counter for a new one.',
  linkTaken: () => 'This card is already connected to another chat account. Please ask the staff at the counter to check.',
  newCustomer: ({ name, phone, needs, branch, channel }) => `🆕 New registration on ${channel}: ${name} (${phone})\n• Interested in: ${needs}\n• Branch: ${branch}\nPlease call her soon.`,
  newCustomerOpen: '📂 Open and log the call',
  newCustomerCallHint: ({ name }) => `After the call, log it: /call <what was said> (open customer: ${name}).`,
  photoNoCustomer: 'Open a customer first (/find or /add), then send the photo: it is kept on her card.',
  photoNoConsent: ({ name }) => `Not saved: ${name} has not agreed to photos being taken and kept. If she agreed on paper, record it with /consent.`,
  photoTooLarge: ({ maxMb }) => `The photo is too large (at most ${maxMb} MB). Please send a smaller one.`,
  photoNotImage: 'This file is not a JPEG, PNG or WebP image, so it was not saved.',
  photoUnavailable: 'Could not fetch the photo; please send it again.',
  photoSaved: ({ name }) => `Photo saved on ${name}'s card. This photo is:`,
  photoTagAsk: 'This photo is:',
  photoTagged: ({ tag }) => `Tagged: ${peopleEn.tagNames[tag]}.`,
  tagNames: { profile: 'Profile photo', before: 'Before', after: 'After' },
  photoCaption: ({ name, tag, date }) => `${name} · ${tag} · ${date}`,
  photoNotAllowed: 'You may not add photos for this customer.',
  photoCount: ({ count }) => `Photos: ${count}`,
};
