// Once a week, each staff member's win-back list (issue 14): the sắp rời and ngủ đông customers they manage (the
// owner gets those nobody manages), with the reason, the last service and a message to suggest. Planned as one
// outbox row per member and week (the unique key: a re-run or a restart plans nothing twice) and rendered from the
// live records when it is sent, so a customer called or seen since the list was planned is off it.
import { formatLocalDate, parseLocalDate, type LocalDate } from '../src/domain/business-time.js';
import { formOfAddress } from '../src/domain/name.js';
import { formatPhoneVn } from '../src/domain/phone.js';
import { addDays, instantAt } from '../src/domain/quiet-hours.js';
import { explainSegment } from '../src/domain/segment-reasons.js';
import { WIN_BACK_SEGMENTS } from '../src/domain/segments.js';
import { segmentStaffEn } from '../src/engine/copy/segments-en.js';
import type { SegmentStaffCopy } from '../src/engine/copy/segments-types.js';
import { segmentStaffVi } from '../src/engine/copy/segments-vi.js';
import type { DigestItem, NewOutboxMessage, OutboxMessage } from '../src/store/outbox.js';
import { SegmentRepository } from '../src/store/segments.js';
import type { JobContext } from './job-deps.js';
import { OWNER_STAFF_ID } from './ports.js';

export const WIN_BACK_JOB = 'win-back';
export const WIN_BACK_PURPOSE = 'staff_win_back';
const DAY_MS = 86_400_000;
/** Customers kept per list (the message shows the first WIN_BACK_SHOWN, then "and N more"). */
const WIN_BACK_MAX_ITEMS = 200;
export const WIN_BACK_SHOWN = 15;

export const winBackKeyOf = (staffId: string, date: string): string => `${WIN_BACK_PURPOSE}:${staffId}:${date}`;
const copyFor = (lang: 'vi' | 'en'): SegmentStaffCopy => (lang === 'en' ? segmentStaffEn : segmentStaffVi);
const weekdayOf = (d: LocalDate): number => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();

/**
 * Runs every day at WIN_BACK_TIME and plans only on WIN_BACK_DAY: the daily schedule keeps the worker's catch-up of a
 * missed run, and the key names the day, so the week has one list per member.
 */
export async function planWinBack(ctx: JobContext, date: LocalDate): Promise<{ skipped?: number; lists: number; customers: number; planned: number; existing: number }> {
  const s = ctx.settings;
  if (weekdayOf(date) !== s.winBackWeekday) return { skipped: 1, lists: 0, customers: 0, planned: 0, existing: 0 };
  const day = formatLocalDate(date);
  const now = ctx.clock.now();
  // Called or seen within the last week: already being looked after, not on this week's list.
  const recent = now.getTime() - 7 * DAY_MS;
  const byStaff = new Map<string, DigestItem[]>();
  let customers = 0;
  for await (const row of new SegmentRepository(ctx.conn).all(WIN_BACK_SEGMENTS)) {
    if (row.lastContactAt && row.lastContactAt.getTime() >= recent) continue;
    if (row.figures.lastVisitAt && row.figures.lastVisitAt.getTime() >= recent) continue;
    const staffId = row.managerStaffId ?? OWNER_STAFF_ID;
    const items = byStaff.get(staffId) ?? [];
    if (items.length >= WIN_BACK_MAX_ITEMS) continue;
    items.push({ customerId: row.customerId, section: 'win_back' });
    byStaff.set(staffId, items);
    customers++;
  }
  const rows: NewOutboxMessage[] = [...byStaff].map(([staffId, items]) => ({
    key: winBackKeyOf(staffId, day),
    purpose: WIN_BACK_PURPOSE,
    audience: 'staff',
    staffId,
    occasion: day,
    occasionDate: day,
    items,
    // "Contacted since?" is asked from here when the list is sent.
    referenceAt: now,
    dueAt: instantAt(date, s.winBackTime, s.timeZone),
    expiresAt: instantAt(addDays(date, 2), '00:00', s.timeZone),
  }));
  const result = await ctx.outbox.plan(rows);
  const summary = { lists: rows.length, customers, planned: result.inserted, existing: result.existing };
  ctx.log.info({ job: WIN_BACK_JOB, date: day, ...summary }, 'win-back lists planned');
  return summary;
}

/**
 * The list's text from the live records; null when nobody is left on it (erased, called or seen since it was
 * planned, or no longer at risk or dormant).
 */
export async function winBackText(ctx: JobContext, row: OutboxMessage): Promise<string | null> {
  const lang = ctx.settings.staffLanguage;
  const c = copyFor(lang);
  const segments = new SegmentRepository(ctx.conn);
  const ids = (row.items ?? []).filter((i) => i.section === 'win_back').map((i) => i.customerId);
  const contacted = row.referenceAt ? await segments.contactedSince(ids, row.referenceAt) : new Set<string>();
  const now = ctx.clock.now();
  const lines: string[] = [];
  let count = 0;
  for (const id of ids) {
    if (contacted.has(id)) continue;
    const seg = await segments.findById(id);
    if (!seg || !WIN_BACK_SEGMENTS.includes(seg.segment)) continue;
    const customer = await ctx.customers.findById(id);
    if (!customer) continue;
    count++;
    if (count > WIN_BACK_SHOWN) continue;
    const staffName = formOfAddress(lang, customer.name, customer.gender);
    const who = `${lang === 'vi' ? staffName.named : customer.name} (${customer.phone ? formatPhoneVn(customer.phone) : c.noPhone})`;
    lines.push(c.winBackLine({ who, explained: explainSegment(seg.segment, seg.figures, now, ctx.settings.segments, lang), ...(seg.lastService ? { lastService: seg.lastService } : {}) }));
    const theirs = formOfAddress(customer.language, customer.name, customer.gender);
    const suggestion = copyFor(customer.language).winBackSuggestion({
      segment: seg.segment === 'ngu_dong' ? 'ngu_dong' : 'sap_roi',
      named: theirs.named,
      pronoun: theirs.pronoun,
      Pronoun: theirs.pronoun.charAt(0).toUpperCase() + theirs.pronoun.slice(1),
      ...(seg.lastService ? { service: seg.lastService } : {}),
      spa: ctx.settings.spaName,
    });
    lines.push(c.winBackSuggest({ text: suggestion }));
  }
  if (count === 0) return null;
  const date = parseLocalDate(row.occasionDate);
  const more = count > WIN_BACK_SHOWN ? [c.winBackMore({ rest: count - WIN_BACK_SHOWN })] : [];
  return [c.winBackTitle({ date: date ? `${date.day}/${date.month}` : row.occasionDate, count }), '', ...lines, ...more, '', c.winBackFooter].join('\n');
}
