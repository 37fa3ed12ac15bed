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
};
