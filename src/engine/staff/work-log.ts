// /ghichu, /goi (with the 24 h duplicate-call warning of seed 003), /thieu, /sinhnhat (/ghe: money.ts).
import { businessToday } from '../../domain/business-time.js';
import { givenName, honorificOf } from '../../domain/name.js';
import { formatPhoneVn, maskPhone } from '../../domain/phone.js';
import { comingBirthdays, customersMissingFields } from '../../services/customer-lists.js';
import type { Customer } from '../../store/customers.js';
import { isSensitiveNote, maySeeSensitiveNotes, parseNoteKind } from '../../domain/note-kinds.js';
import { notesCopyOf } from '../copy/notes.js';
import { say } from '../turn-context.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';
import { openWithFullAccess } from './lookup.js';
import { editCopyOf } from './card-details.js';
import { fillChoice } from './card-edit.js';

const MAX_TEXT = 2000;
const CALL_WARNING_MS = 24 * 3_600_000;

/** `/ghichu text`, or with a kind first: `/ghichu sở thích: thích trà sen`, `/ghichu gia đình: con gái Na 5 tuổi`. */
export async function addNote(ctx: StaffCtx, text: string): Promise<void> {
  const s = staffCopyOf(ctx);
  const n = notesCopyOf(ctx);
  const typed = parseNoteKind(text.trim());
  const body = (typed?.text ?? text).trim().slice(0, MAX_TEXT);
  if (!body) return void say(ctx, { text: s.noteUsage });
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  const kind = typed?.kind ?? 'other';
  // Health data is kept only with her separate consent (issue 17): refused, not stored, and said why.
  if (isSensitiveNote(kind) && !maySeeSensitiveNotes('full', customer.consent)) {
    return void say(ctx, { text: n.sensitiveRefused({ name: customer.name, kind: n.kindNames[kind] }) });
  }
  await ctx.deps.store.activity.addNote({ customerId: customer.id, staffId: ctx.member.id, kind, text: body, at: ctx.deps.now() });
  await ctx.access.record('note', customer.id);
  say(ctx, { text: typed ? n.saved({ name: customer.name, kind: n.kindNames[kind] }) : s.noteSaved({ name: customer.name }) });
}

export async function logCall(ctx: StaffCtx, text: string, confirmed = false): Promise<void> {
  const s = staffCopyOf(ctx);
  const content = text.trim().slice(0, MAX_TEXT);
  if (!content) return void say(ctx, { text: s.callUsage });
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  const now = ctx.deps.now();
  if (!confirmed) {
    const recent = await ctx.deps.store.activity.lastCallSince(customer.id, new Date(now.getTime() - CALL_WARNING_MS));
    if (recent) {
      const who = recent.staffId === ctx.member.id ? s.callerYou : ((await ctx.deps.store.staff.findById(recent.staffId))?.name ?? '?');
      const minutes = Math.max(1, Math.round((now.getTime() - recent.at.getTime()) / 60_000));
      const ago = minutes < 60 ? s.minutesAgo(minutes) : s.hoursAgo(Math.round(minutes / 60));
      ctx.state.staff.step = 'call_confirm';
      ctx.state.staff.pendingCall = content;
      say(ctx, {
        text: s.callWarning({ who, customer: honorificName(customer), ago, content: recent.content.slice(0, 200) }),
        choices: [
          { label: s.callLogAnyway, value: 'call:yes' },
          { label: s.cancelButton, value: 'cancel' },
        ],
      });
      return;
    }
  }
  await ctx.deps.store.activity.logCall({ customerId: customer.id, staffId: ctx.member.id, content, at: now });
  await ctx.access.record('call', customer.id);
  say(ctx, { text: s.callSaved({ name: customer.name }) });
}

export async function answerCallConfirm(ctx: StaffCtx, choice: string | undefined): Promise<void> {
  const st = ctx.state.staff;
  const pending = st.pendingCall;
  st.step = null;
  delete st.pendingCall;
  if (choice === 'call:yes' && pending) return logCall(ctx, pending, true);
  say(ctx, { text: staffCopyOf(ctx).cancelled });
}

export async function listMissing(ctx: StaffCtx): Promise<void> {
  const s = staffCopyOf(ctx);
  const rows = await customersMissingFields(ctx.access);
  if (!rows.length) return void say(ctx, { text: s.missingNone });
  const lines = rows.map((r) => s.missingLine({ name: r.customer.name, missing: r.missing.map((f) => s.fieldNames[f]).join(', '), percent: r.percent }));
  // One tap opens the customer and starts /bosung (engine/staff/card-edit.ts).
  say(ctx, { text: [...lines, editCopyOf(ctx).missingFooter].join('\n'), choices: rows.map((r) => fillChoice(ctx, r.customer)) });
}

export async function listBirthdays(ctx: StaffCtx): Promise<void> {
  const s = staffCopyOf(ctx);
  const rows = await comingBirthdays(ctx.access, businessToday(ctx.deps.now(), ctx.deps.settings.timeZone));
  // Seed 000, STAFF_VISIBILITY=none: staff see photo and name only, so a masked row has no phone at all.
  const nameOnly = ctx.access.staffVisibility === 'none';
  const lines = rows.map(({ customer: c, access, date }) => {
    if (access !== 'full' && nameOnly) return s.birthdayLineNameOnly({ name: c.name, date: `${date.day}/${date.month}` });
    const phone = c.phone ? (access === 'full' ? formatPhoneVn(c.phone) : maskPhone(c.phone)) : s.none;
    return s.birthdayLine({ name: c.name, phone, date: `${date.day}/${date.month}` });
  });
  say(ctx, { text: lines.length ? lines.join('\n') : s.birthdaysNone });
}

function honorificName(c: Customer): string {
  // Staff read the full name when neither the gender nor the middle name tells "anh" from "chị".
  const h = honorificOf(c.name, c.gender);
  return h ? `${h} ${givenName(c.name)}` : c.name;
}
