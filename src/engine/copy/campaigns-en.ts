// Campaigns copy in English.
import { MAX_TEMPLATE_LENGTH, PLACEHOLDERS } from '../../domain/campaign-template.js';
import type { CampaignStaffCopy } from './campaigns-types.js';

const placeholders = PLACEHOLDERS.map((p) => `{${p}}`).join(' ');

export const campaignStaffEn: CampaignStaffCopy = {
  staffOnly: 'Campaigns are made by the owner or a manager. Please ask your manager if a customer should get a message.',
  listTitle: '📣 Recent campaigns:',
  listNone: 'No campaigns yet.',
  listLine: ({ n, segment, slices, when, state }) => `${n}. ${segment}${slices ? ` (${slices})` : ''} · ${when} · ${state}`,
  listResults: ({ sent, failed, optedOut, pending, cameBack, days }) => `   Sent ${sent} · failed ${failed} · opted out ${optedOut}${pending ? ` · waiting ${pending}` : ''} · came back within ${days} days: ${cameBack}`,
  states: { draft: 'draft', scheduled: 'scheduled', sending: 'sending', done: 'done', cancelled: 'cancelled' },
  newButton: '➕ New campaign',
  cancelButton: ({ n }) => `✖ Cancel campaign ${n}`,
  cancelled: ({ rows }) => `Campaign cancelled. ${rows} waiting messages stopped.`,
  notCancellable: 'This campaign is already done or cancelled.',
  notFound: 'No such campaign within your scope.',

  pickSegment: 'Which customers? Tap a segment (customers you can see):',
  segmentButton: ({ name, count }) => `${name} (${count})`,
  noCustomers: 'No customers within your scope to send to.',
  tapSegment: 'Tap a segment above, or /cancel.',
  askSlice: ({ segment }) => `Segment: ${segment}. Narrow it? Type e.g. branch:q1 note:"small children" — or tap No filter.`,
  noSliceButton: 'No filter',
  badSlice: ({ reason }) =>
    reason.kind === 'unknown_key'
      ? `There is no filter "${reason.key}". Use: branch, source, need, service, rank, age, gender, occupation, group, note. E.g. branch:q1`
      : reason.kind === 'bad_value'
        ? `The value of "${reason.key}" is not right. E.g. gender:female, age:25-34`
        : 'I could not read that. E.g. branch:q1 note:"small children"',
  askTemplate: `Type the message. Placeholders: ${placeholders}. E.g.: Hello {ten}, {ten_spa} has 20% off {dich_vu_cuoi} this week.`,
  badTemplate: ({ reason }) =>
    reason.kind === 'empty'
      ? 'The message is empty. Please type it again.'
      : reason.kind === 'too_long'
        ? `Too long (${MAX_TEMPLATE_LENGTH} characters at most). Please shorten it.`
        : reason.kind === 'unknown_placeholder'
          ? `There is no placeholder ${reason.names.map((n) => `{${n}}`).join(', ')}. Use: ${placeholders}. Please type it again.`
          : 'A brace is missing: placeholders look like {ten}. Please type it again.',
  askTime: 'When should it go? E.g. "mai 9h", "thứ 7 10h", "24/12 8h30".',
  badTime: 'I could not read that time, or it has passed. E.g. "mai 9h", "thứ 7 10h", "24/12 8h30".',
  preview: ({ segment, slices, when, eligible, noConsent, noChat }) =>
    [`📣 Campaign preview`, `Segment: ${segment}${slices ? ` (${slices})` : ''}`, `Sends at: ${when}`, `Will receive: ${eligible} customers`, `Left out: ${noConsent} without marketing consent, ${noChat} without a chat to write to`].join('\n'),
  sample: ({ name, text }) => `Sample for ${name}:\n“${text}”`,
  noSample: 'Nobody would receive this message right now.',
  confirmButton: '✅ Confirm',
  abortButton: '✖ Drop it',
  aborted: 'Campaign dropped, nothing sent.',
  scheduled: ({ when, eligible }) => `Scheduled for ${when} to ${eligible} customers. During quiet hours messages wait for the morning. /campaign shows results or cancels.`,
  stale: 'That button is out of date. Type /campaign to start again.',
};
