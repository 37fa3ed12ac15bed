// /tim, /xem and opening a customer: every result filtered by the viewer's access, every card read audited.
import { formatBirthday } from '../../domain/birthday.js';
import { profileCompleteness } from '../../domain/completeness.js';
import { formatVnd } from '../../domain/money.js';
import { formatPhoneVn, maskPhone } from '../../domain/phone.js';
import type { Customer } from '../../store/customers.js';
import { say } from '../context.js';
import { accessFor, audit, staffCopyOf, type StaffCtx } from './context.js';

const RESULTS_SHOWN = 8;

export async function search(ctx: StaffCtx, text: string): Promise<void> {
  const s = staffCopyOf(ctx);
  if (!text.trim()) {
    say(ctx, { text: s.searchUsage });
    return;
  }
  const found = await ctx.deps.store.customers.search(text, 50);
  const visible: { c: Customer; masked: boolean }[] = [];
  for (const c of found) {
    const access = await accessFor(ctx, c);
    if (access !== 'hidden') visible.push({ c, masked: access === 'masked' });
    if (visible.length >= RESULTS_SHOWN) break;
  }
  await audit(ctx, 'search', undefined, `results=${visible.length}`);
  if (visible.length === 0) {
    say(ctx, { text: s.searchNone });
    return;
  }
  say(ctx, {
    text: s.searchResults({ count: visible.length }),
    choices: visible.map(({ c, masked }) => ({
      label: `${c.name} · ${c.phone ? (masked ? maskPhone(c.phone) : formatPhoneVn(c.phone)) : '—'}`,
      value: `open:${c.id}`,
    })),
  });
}

/** Opens a customer the viewer may see; the id must come from a list or card this chat was shown. */
export async function openCustomer(ctx: StaffCtx, id: string): Promise<void> {
  const s = staffCopyOf(ctx);
  const customer = await ctx.deps.store.customers.findById(id);
  const access = customer ? await accessFor(ctx, customer) : 'hidden';
  if (!customer || access === 'hidden') {
    delete ctx.state.staff.openCustomerId;
    say(ctx, { text: s.notAllowed });
    return;
  }
  ctx.state.staff.openCustomerId = customer.id;
  return showCard(ctx, customer, access === 'masked');
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
  const customer = await ctx.deps.store.customers.findById(id);
  if (!customer || (await accessFor(ctx, customer)) !== 'full') {
    say(ctx, { text: s.notAllowed });
    return null;
  }
  return customer;
}

async function showCard(ctx: StaffCtx, c: Customer, masked: boolean): Promise<void> {
  const s = staffCopyOf(ctx);
  if (masked) {
    await audit(ctx, 'read_card', c.id, 'masked');
    say(ctx, { text: s.maskedCard({ name: c.name, phone: c.phone ? maskPhone(c.phone) : s.none }) });
    return;
  }
  const { activity } = ctx.deps.store;
  const [visits, notes, calls] = await Promise.all([activity.recentVisits(c.id, 3), activity.recentNotes(c.id, 3), activity.recentCalls(c.id, 2)]);
  const { missing, percent } = profileCompleteness({ ...c, needs: c.needs });
  const day = (d: Date): string => d.toISOString().slice(0, 10);
  await audit(ctx, 'read_card', c.id);
  say(ctx, {
    text: s.card({
      name: c.name,
      phone: c.phone ? formatPhoneVn(c.phone) : s.none,
      birthday: c.birthday ? formatBirthday(c.birthday) : s.none,
      percent,
      missing: missing.map((f) => s.fieldNames[f]).join(', '),
      needs: c.needs.map((n) => n.note ?? n.service).join(', ') || s.none,
      consent: c.consent.care ? s.yes : s.no,
      visits: visits.map((v) => `${day(v.at)} ${v.service} ${formatVnd(v.amountVnd)}`).join('; ') || s.none,
      notes: notes.map((n) => n.text).join('; ') || s.none,
      calls: calls.map((k) => `${day(k.at)} ${k.content}`).join('; ') || s.none,
    }),
  });
}
