// /tim, /xem and opening a customer: every result filtered by the viewer's access, every card read audited.
import { profileCompleteness } from '../../domain/completeness.js';
import { formatVnd } from '../../domain/money.js';
import { formatPhoneVn, maskPhone } from '../../domain/phone.js';
import { cardValueText } from '../../services/card-edits.js';
import type { CardRead } from '../../services/customer-access.js';
import { searchCustomers } from '../../services/customer-lists.js';
import type { Customer } from '../../store/customers.js';
import { say } from '../turn-context.js';
import { claimsOnCard } from './claims.js';
import { appointmentCustomerEn } from '../copy/appointments-en.js';
import { appointmentCustomerVi } from '../copy/appointments-vi.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';
import { segmentLineFor } from './segments.js';
import { moneyCardText } from './money-card.js';
import { cardDetailLines } from './card-details.js';
import { selfEditsLine } from './self-edits.js';
import { cardPhotos, photoOnlyCard } from './photos.js';
import { notesByKind } from './notes-by-kind.js';
import { needStagesChoice } from './need-stages.js';
import { needsSummary } from '../../domain/needs.js';

export async function search(ctx: StaffCtx, text: string): Promise<void> {
  const s = staffCopyOf(ctx);
  if (!text.trim()) {
    say(ctx, { text: s.searchUsage });
    return;
  }
  const visible = await searchCustomers(ctx.access, text);
  if (visible.length === 0) {
    say(ctx, { text: s.searchNone });
    return;
  }
  // Seed 000, STAFF_VISIBILITY=none: "chỉ thấy ảnh và tên", so a masked result is its name, not a masked phone.
  const nameOnly = ctx.access.staffVisibility === 'none';
  say(ctx, {
    text: s.searchResults({ count: visible.length }),
    choices: visible.map(({ customer: c, access }) => ({
      label: access === 'masked' && nameOnly ? c.name : `${c.name} · ${c.phone ? (access === 'masked' ? maskPhone(c.phone) : formatPhoneVn(c.phone)) : '—'}`,
      value: `open:${c.id}`,
    })),
  });
}

/** Opens a customer the viewer may see; the id must come from a list or card this chat was shown. */
export async function openCustomer(ctx: StaffCtx, id: string): Promise<void> {
  const card = await ctx.access.readCard(id);
  if (card.access === 'hidden') {
    delete ctx.state.staff.openCustomerId;
    say(ctx, { text: staffCopyOf(ctx).notAllowed });
    return;
  }
  ctx.state.staff.openCustomerId = card.customer.id;
  await showCard(ctx, card);
}

export async function viewOpen(ctx: StaffCtx): Promise<void> {
  const id = ctx.state.staff.openCustomerId;
  if (!id) {
    say(ctx, { text: staffCopyOf(ctx).noOpenCustomer });
    return;
  }
  return openCustomer(ctx, id);
}

/** The open customer when the viewer has full access (needed to write anything about them). */
export async function openWithFullAccess(ctx: StaffCtx): Promise<Customer | null> {
  const s = staffCopyOf(ctx);
  const id = ctx.state.staff.openCustomerId;
  if (!id) {
    say(ctx, { text: s.noOpenCustomer });
    return null;
  }
  const customer = await ctx.access.withFullAccess(id);
  if (!customer) {
    say(ctx, { text: s.notAllowed });
    return null;
  }
  return customer;
}

/** The card as read through the access service (already audited there). */
async function showCard(ctx: StaffCtx, card: Exclude<CardRead, { access: 'hidden' }>): Promise<void> {
  const s = staffCopyOf(ctx);
  const c = card.customer;
  if (card.access === 'masked') {
    // Seed 000, STAFF_VISIBILITY=none: "chỉ thấy ảnh và tên", not even the masked phone.
    if (ctx.access.staffVisibility === 'none') return photoOnlyCard(ctx, c);
    say(ctx, { text: s.maskedCard({ name: c.name, phone: c.phone ? maskPhone(c.phone) : s.none }) });
    return;
  }
  const { visits, notes, calls } = card;
  const claims = await claimsOnCard(ctx, c);
  // Derived from the appointment records on every read (issue 13), never a stored counter that can drift.
  const counts = await ctx.deps.store.appointments.countsFor(c.id);
  const countsLine = (ctx.state.lang === 'en' ? appointmentCustomerEn : appointmentCustomerVi).counters({ total: counts.total, attended: counts.attended, missed: counts.noShow, cancelled: counts.cancelled });
  const { missing, percent } = profileCompleteness(c);
  const photos = await cardPhotos(ctx, c);
  const choices = [...claims.choices, ...needStagesChoice(ctx, c), ...photos.choices];
  const day = (d: Date): string => d.toISOString().slice(0, 10);
  say(ctx, {
    text: s.card({
      name: c.name,
      phone: c.phone ? formatPhoneVn(c.phone) : s.none,
      // A lunar birthday ("âm lịch 15/8") is the one greetings follow while it is set.
      birthday: cardValueText(c, 'birthday') ?? s.none,
      percent,
      missing: missing.map((f) => s.fieldNames[f]).join(', '),
      // Each need at its current stage and since when (the stage button below moves one).
      needs: needsSummary(c.needs, ctx.state.lang, ctx.deps.settings.timeZone) || s.none,
      consent: c.consent.care ? s.yes : s.no,
      visits: visits.map((v) => `${day(v.at)} ${v.service} ${formatVnd(v.amountVnd)}`).join('; ') || s.none,
      notes: notesByKind(ctx, notes) || s.none,
      calls: calls.map((k) => `${day(k.at)} ${k.content}`).join('; ') || s.none,
    }) + (await cardDetailLines(ctx, c)).map((l) => `\n${l}`).join('') + `\n${countsLine}\n${await moneyCardText(ctx, c.id)}` + (await segmentLineFor(ctx, c)) + (await selfEditsLine(ctx, c.id)) + photos.line + claims.lines.map((l) => `\n${l}`).join(''),
    ...(choices.length ? { choices } : {}),
    ...(photos.photo ? { photo: photos.photo } : {}),
  });
}
