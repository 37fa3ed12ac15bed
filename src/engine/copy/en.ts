// English copy: a faithful second language for guests who ask for it with /lang en.
import type { Copy } from './types.js';

const phone = {
  empty: "I don't see a phone number yet. A mobile number has 10 digits, for example 0912 345 678.",
  too_short: 'That number looks a little short. A mobile number has 10 digits, for example 0912 345 678.',
  too_long: 'That number is longer than a mobile number. A mobile number has 10 digits, for example 0912 345 678.',
  not_a_number: 'A phone number is made of digits only, for example 0912 345 678.',
  foreign: 'We can only take Vietnamese mobile numbers, for example 0912 345 678.',
  landline: 'That looks like a landline. Could you give me a mobile number, for example 0912 345 678?',
  invalid: "I didn't recognise that number. A mobile number has 10 digits, for example 0912 345 678.",
} as const;

export const en: Copy = {
  lang: 'en',
  greeting: ({ spa }) => `Hello! I'm the assistant of ${spa}. May I ask for a few details so we can look after you better? It takes about a minute.`,
  consentQuestion: ({ spa }) =>
    `Do you agree that ${spa} keeps your name, phone number, birthday and interests to look after you (appointment reminders, birthday wishes, check-ins after a treatment)? You can withdraw at any time by sending /stop.`,
  consentYes: 'I agree',
  consentNo: 'No, thank you',
  consentRefused: () => "I haven't stored anything about you. Whenever you like, send /start and I'll help right away.",
  marketingQuestion: ({ spa }) => `Would you like to receive offers and promotions from ${spa}? It's optional.`,
  healthQuestion: ({ spa }) =>
    `May ${spa} keep notes about your skin and health (for example sensitive skin, allergies, skin test results) to advise you safely? Only authorised staff can see them. It's optional.`,
  photoQuestion: ({ spa }) =>
    `May ${spa} keep a profile photo and before/after photos of your treatments to follow your results? They stay internal and are never posted. It's optional.`,
  consentGiven: 'yes',
  consentDeclined: 'no',
  consentUnanswered: 'not answered',
  yes: 'Yes',
  no: 'No',
  askName: () => 'May I have your full name? For example: Nguyễn Thị Lan.',
  badName: ({ reason }) =>
    reason === 'too_long'
      ? 'That name is too long (100 characters at most). Please type it again, for example: Nguyễn Thị Lan.'
      : "I didn't recognise a name there. Please type your name in letters, for example: Nguyễn Thị Lan.",
  askPhone: ({ you }) => `Thank you, ${you.named}. May I have your phone number? Tap "Share my phone" below, or type it, for example 0912 345 678.`,
  askPhoneTyped: ({ you }) => `Thank you, ${you.named}. May I have your mobile number? For example 0912 345 678.`,
  sharePhoneButton: '📱 Share my phone',
  badPhone: ({ reason }) => `${phone[reason]} Could you check it?`,
  foreignContact: () => 'That seems to be someone else\'s number. Tap "Share my phone" to send your own, or type it, for example 0912 345 678.',
  phoneKnown: ({ spa, you }) => `This number is already in ${spa}'s records. Welcome back, ${you.named}! I'll only ask for what is missing.`,
  askBirthday: ({ spa }) => `May I have your birthday so ${spa} can send you birthday wishes? For example 12/3 or 12/3/1990 (day/month); the year is optional.`,
  badBirthday: ({ reason, input }) => {
    if (reason === 'no_such_date') return `${input.trim().slice(0, 20)} is not on the calendar. Please type day/month again, for example 12/3.`;
    if (reason === 'in_future') return 'That date is still ahead of us. Please type your birthday again, for example 12/3/1990.';
    if (reason === 'too_old') return "That year doesn't look right. Please type it again, for example 12/3/1990.";
    return "I couldn't read that date. Please use day/month, for example 12/3 or 12/3/1990.";
  },
  askNeeds: () => 'Which services are you interested in? Choose one or more and tap "Done", or just tell me what you would like.',
  needsDone: 'Done',
  needsTooLong: 'Could you keep it under 500 characters, please?',
  offerSkip: 'If now is not a good time, tap "Skip" and answer later.',
  skip: 'Skip',
  back: '↩ Back',
  confirmCard: ({ card }) =>
    [
      'Please check your details:',
      `• Name: ${card.name ?? '—'}`,
      `• Phone: ${card.phone ?? '—'}`,
      `• Birthday: ${card.birthday ?? '—'}`,
      `• Interested in: ${card.needs ?? '—'}`,
      ...(card.health !== undefined ? [`• Keep skin/health notes: ${card.health}`] : []),
      ...(card.photo !== undefined ? [`• Keep before/after photos: ${card.photo}`] : []),
      'Is everything correct?',
    ].join('\n'),
  confirmSave: '✅ Correct, save it',
  editName: 'Edit name',
  editPhone: 'Edit phone',
  editBirthday: 'Edit birthday',
  editNeeds: 'Edit interests',
  editHealth: 'Edit: health notes',
  editPhoto: 'Edit: photos',
  notGiven: 'not given',
  saved: ({ spa, you }) => `Your details are saved. Thank you for choosing ${spa}, ${you.named}! Message me any time to book or ask for advice.`,
  cancelled: () => 'Cancelled; nothing more was saved. Send /start whenever you like.',
  nothingToCancel: 'There is nothing in progress to cancel.',
  cannotGoBack: 'This is already the first step.',
  cannotSkip: "This step is needed, so it can't be skipped.",
  help: () =>
    [
      'You can send:',
      '• "back": go to the previous step',
      '• "edit name", "edit phone", "edit birthday", "edit interests": change one answer',
      '• "skip": skip an optional question',
      '• "cancel": cancel without saving',
      '• /booking: book an appointment',
      '• /me: see your details · /edit: change your name, birthday, email, address',
      '• /stop: stop messages · /xoa: erase your data',
      '• /lang vi: Tiếng Việt',
    ].join('\n'),
  resumeQuestion: ({ you }) => `Hello ${you.named}, last time we were part-way through your details. Would you like to continue or start over?`,
  resumeContinue: 'Continue',
  resumeRestart: 'Start over',
  flowUpdated: "We've updated our questions; let's start again from the beginning.",
  menu: ({ spa, you, percent }) => `Hello ${you.named}! Your profile at ${spa} is ${percent}% complete. How can I help?`,
  menuMyInfo: 'See my details',
  menuEdit: 'Change my details',
  menuStop: 'Stop messages',
  menuErase: 'Erase my data',
  myInfo: ({ card, care, marketing }) =>
    [
      'Here is what we keep about you:',
      `• Name: ${card.name ?? '—'}`,
      `• Phone: ${card.phone ?? '—'}`,
      `• Birthday: ${card.birthday ?? '—'}`,
      `• Needs: ${card.needs ?? '—'}`,
      `• Care messages: ${care ? 'yes' : 'no'} · Offers: ${marketing ? 'yes' : 'no'}`,
      ...(card.health !== undefined ? [`• Skin/health notes: ${card.health} · Before/after photos: ${card.photo ?? '—'}`] : []),
    ].join('\n'),
  myInfoNeedsVerification: () => 'To protect your data, I can show your profile only after you confirm your number with the "Share my phone" button.',
  notRegistered: () => "I don't have your details yet. Send /start to register.",
  stopQuestion: ({ spa }) => `Do you want to stop receiving care messages from ${spa}?`,
  stopYes: 'Yes, stop',
  stopped: () => "Done: we won't send you care messages any more. If you change your mind, send /start.",
  eraseQuestion: ({ spa }) => `Do you want ${spa} to erase all your data? This cannot be undone.`,
  eraseYes: 'Erase my data',
  erased: () => 'Your data has been erased. Thank you for the time with us.',
  keptAsIs: 'Alright, nothing changed.',
  languageSet: "Alright, I'll speak English from now on.",
  unsupported: () => 'I can only read text messages. Please type your answer, or send /help.',
  groupNotice: 'Please message me privately to register your details.',
  tooLong: 'That message is too long. Could you keep it short, please?',
  choicePrompt: 'Please pick one of the options below.',
};
