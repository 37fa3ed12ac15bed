// /phanloai (/segments): counts per segment within what the member sees in full, a button per segment, a tap lists
// that segment's customers with their reason, a page at a time; the segment line on /xem. Lists and counts come
// from src/services/segments.ts (the visibility rule and the audit), so a button, even one replayed or forged past
// the router's "offered" check, can only ever show the member's own scope.
import { formatPhoneVn } from '../../domain/phone.js';
import { explainSegment, SEGMENT_NAMES, segmentReason } from '../../domain/segment-reasons.js';
import { defaultSegmentSettings, isSegment, SEGMENTS, type Segment, type SegmentSettings } from '../../domain/segments.js';
import { segmentCounts, segmentMembers, segmentOfCustomer } from '../../services/segments.js';
import type { Customer } from '../../store/customers.js';
import { segmentStaffEn } from '../copy/segments-en.js';
import type { SegmentStaffCopy } from '../copy/segments-types.js';
import { segmentStaffVi } from '../copy/segments-vi.js';
import { say } from '../turn-context.js';
import type { Choice } from '../types.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';

export const SEGMENT_PAGE_SIZE = 10;
const PREFIX = 'seg:';
/** At most this many pages are addressable: a typed or forged page number is bounded before anything is read. */
const MAX_PAGE = 999;

export const segmentCopyOf = (ctx: StaffCtx): SegmentStaffCopy => (ctx.state.lang === 'en' ? segmentStaffEn : segmentStaffVi);
const settingsOf = (ctx: StaffCtx): SegmentSettings => ctx.deps.settings.segments ?? defaultSegmentSettings;
const nameOf = (ctx: StaffCtx, s: Segment): string => SEGMENT_NAMES[ctx.state.lang][s];

export const isSegmentChoice = (value: string): boolean => value.startsWith(PREFIX);
const choiceFor = (segment: Segment, page: number): string => `${PREFIX}${segment}:${page}`;

function parseChoice(value: string): { segment: Segment; page: number } | null {
  const m = /^seg:([a-z_]{2,20}):(\d{1,3})$/.exec(value);
  if (!m || !isSegment(m[1])) return null;
  const page = Number(m[2]);
  return page <= MAX_PAGE ? { segment: m[1], page } : null;
}

/** /phanloai: one count per segment and a button for each segment with customers. */
export async function showSegmentCounts(ctx: StaffCtx): Promise<void> {
  const c = segmentCopyOf(ctx);
  const counts = await segmentCounts(ctx.access);
  const total = SEGMENTS.reduce((n, s) => n + counts[s], 0);
  if (total === 0) return void say(ctx, { text: c.countsNone });
  const present = SEGMENTS.filter((s) => counts[s] > 0);
  say(ctx, {
    text: [c.countsTitle({ total }), ...present.map((s) => c.countLine({ name: nameOf(ctx, s), count: counts[s] })), c.countsPick].join('\n'),
    choices: present.map((s) => ({ label: c.segmentButton({ name: nameOf(ctx, s), count: counts[s] }), value: choiceFor(s, 0) })),
  });
}

/** A tap on a segment or a page: the members the viewer sees in full, with the reason; pages out of range refused. */
export async function answerSegmentChoice(ctx: StaffCtx, value: string): Promise<void> {
  const c = segmentCopyOf(ctx);
  const parsed = parseChoice(value);
  if (!parsed) return void say(ctx, { text: staffCopyOf(ctx).notAllowed });
  const { segment, page } = parsed;
  const { members, total } = await segmentMembers(ctx.access, segment, {}, SEGMENT_PAGE_SIZE, page * SEGMENT_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / SEGMENT_PAGE_SIZE));
  const back: Choice = { label: c.backToCounts, value: 'seg:counts' };
  if (page >= pages) {
    // A page past the end of this viewer's list (a replayed button after the list shrank, or a forged one).
    if (page > 0) return void say(ctx, { text: staffCopyOf(ctx).notAllowed });
    return void say(ctx, { text: c.listEmpty({ name: nameOf(ctx, segment) }), choices: [back] });
  }
  const now = ctx.deps.now();
  const lines = members.map(({ customer, row }, i) =>
    c.memberLine({
      n: page * SEGMENT_PAGE_SIZE + i + 1,
      name: customer.name,
      phone: customer.phone ? formatPhoneVn(customer.phone) : '—',
      reason: segmentReason(row.segment, row.figures, now, settingsOf(ctx), ctx.state.lang),
    }),
  );
  const choices: Choice[] = members.map(({ customer }) => ({ label: customer.name, value: `open:${customer.id}` }));
  if (page > 0) choices.push({ label: c.prevPage, value: choiceFor(segment, page - 1) });
  if (page + 1 < pages) choices.push({ label: c.nextPage, value: choiceFor(segment, page + 1) });
  choices.push(back);
  say(ctx, { text: [c.listTitle({ name: nameOf(ctx, segment), total, page: page + 1, pages }), ...lines, c.listOpen].join('\n'), choices });
}

/** The segment tap handler, counts included ("↩ Các nhóm" is `seg:counts`). */
export async function answerSegments(ctx: StaffCtx, value: string): Promise<void> {
  if (value === 'seg:counts') return showSegmentCounts(ctx);
  return answerSegmentChoice(ctx, value);
}

/** The card's segment line for a customer the viewer sees in full; empty before the first computation. */
export async function segmentLineFor(ctx: StaffCtx, customer: Customer): Promise<string> {
  const row = await segmentOfCustomer(ctx.access, customer);
  if (!row) return '';
  return `\n${segmentCopyOf(ctx).cardLine({ explained: explainSegment(row.segment, row.figures, ctx.deps.now(), settingsOf(ctx), ctx.state.lang) })}`;
}
