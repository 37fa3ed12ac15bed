// Segments copy in English: the same keys as Vietnamese, a faithful second language.
import type { SegmentStaffCopy } from './segments-types.js';

export const segmentStaffEn: SegmentStaffCopy = {
  helpLine: '/segments — customers by segment (new, VIP, at risk…), tap one for the list',
  countsTitle: ({ total }) => `📊 Your customers by segment: ${total}`,
  countLine: ({ name, count }) => `• ${name}: ${count}`,
  countsNone: 'No customers within what you can see yet.',
  countsPick: 'Tap a segment for the list and the reasons.',
  segmentButton: ({ name, count }) => `${name} (${count})`,
  listTitle: ({ name, total, page, pages }) => `📋 ${name}: ${total} ${total === 1 ? 'customer' : 'customers'}${pages > 1 ? ` (page ${page}/${pages})` : ''}`,
  memberLine: ({ n, name, phone, reason }) => `${n}. ${name} · ${phone} — ${reason}`,
  listEmpty: ({ name }) => `No customers left in "${name}" within what you can see.`,
  listOpen: 'Tap a name to open the card.',
  nextPage: 'Next page ▶',
  prevPage: '◀ Previous page',
  backToCounts: '↩ Segments',
  cardLine: ({ explained }) => `🏷 Segment: ${explained}`,

  winBackTitle: ({ date, count }) => `🔁 Customers to win back this week (${date}): ${count}`,
  winBackLine: ({ who, explained, lastService }) => `• ${who} — ${explained}${lastService ? `. Last: ${lastService}` : ''}`,
  winBackSuggest: ({ text }) => `  Suggested message: “${text}”`,
  winBackMore: ({ rest }) => `… and ${rest} more (/segments for all).`,
  winBackFooter: 'Logging a call (/goi) or a visit (/ghe) takes a customer off the list.',
  noPhone: 'no phone',
  winBackSuggestion: ({ segment, named, service, spa }) =>
    segment === 'sap_roi'
      ? `Hello ${named}, we have not seen you at ${spa} for a while.${service ? ` Last time you had ${service}.` : ''} Would you like us to book you in this week?`
      : `Hello ${named}, everyone at ${spa} misses you! How have you been?${service ? ` Last time you had ${service}.` : ''} Whenever you have time, we would love to book you in.`,
};
