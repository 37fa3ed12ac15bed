// Money in staff chats (issue 13): /ghe (a visit: technician, payment, package session), /goilieutrinh (sell a
// package), /coc (deposit), /ban (products), /tra (pay off debt), /congno (debt list), /doidiem (redeem points).
// Every write is keyed by this chat's message (the same update redelivered records nothing more) and goes
// through src/services; the copy stays here.
import { randomUUID } from 'node:crypto';
import { addMonthsLocal, formatDay } from '../../domain/money-dates.js';
import { addressKey } from '../../domain/channel.js';
import { businessToday } from '../../domain/business-time.js';
import { DEFAULT_MONEY_SETTINGS, MONEY_IN_METHODS, type PaymentMethod } from '../../domain/money-rules.js';
import { readAmountAndMethod, readPackageWords, readSaleWords, readVisitWords } from '../../domain/money-commands.js';
import { formatVnd } from '../../domain/money.js';
import { foldDiacritics } from '../../domain/name.js';
import { formatPhoneVn, maskPhone } from '../../domain/phone.js';
import { instantAt } from '../../domain/quiet-hours.js';
import { matchTechnician } from '../../services/appointment-staff.js';
import { addDeposit, payDebt, redeemPoints, sellProducts, type Committed, type MoneyDeps, type MoneyRefusal } from '../../services/money.js';
import { debtList } from '../../services/money-lists.js';
import { recordVisit, sellPackage, type VisitRecorded, type VisitRefusal } from '../../services/visits.js';
import type { Customer } from '../../store/customers.js';
import type { StaffMember } from '../../store/staff.js';
import { moneyStaffEn } from '../copy/money-en.js';
import type { MoneyStaffCopy } from '../copy/money-types.js';
import { moneyStaffVi } from '../copy/money-vi.js';
import { say, type Ctx } from '../turn-context.js';
import { openWithFullAccess } from './lookup.js';
import type { StaffCtx } from './staff-ctx.js';

export const moneyCopyOf = (ctx: Ctx): MoneyStaffCopy => (ctx.state.lang === 'en' ? moneyStaffEn : moneyStaffVi);
export const moneyDeps = (ctx: Ctx): MoneyDeps => ({ store: ctx.deps.store, settings: ctx.deps.settings.money ?? DEFAULT_MONEY_SETTINGS, now: ctx.deps.now, timeZone: ctx.deps.settings.timeZone });

/** This message's idempotency key: a redelivered update (same event id) repeats nothing. */
export function opKey(ctx: Ctx, what: string): string {
  return `${what}:${addressKey(ctx.inbound.address)}:${ctx.inbound.eventId ?? randomUUID()}`;
}

/** Command names (folded) this file answers, with the router's canonical name. */
export const MONEY_COMMANDS: Record<string, string> = {
  goilieutrinh: 'package', goi_lieu_trinh: 'package', lieutrinh: 'package', package: 'package',
  coc: 'deposit', datcoc: 'deposit', deposit: 'deposit',
  ban: 'sell', sell: 'sell',
  tra: 'pay', thanhtoan: 'pay', pay: 'pay',
  congno: 'debts', debts: 'debts',
  doidiem: 'redeem', redeem: 'redeem',
};

export async function moneyCommand(ctx: StaffCtx, cmd: string, args: string): Promise<void> {
  switch (cmd) {
    case 'package':
      return packageCommand(ctx, args);
    case 'deposit':
      return depositCommand(ctx, args);
    case 'sell':
      return sellCommand(ctx, args);
    case 'pay':
      return payCommand(ctx, args);
    case 'debts':
      return debtsCommand(ctx);
    case 'redeem':
      return redeemCommand(ctx, args);
  }
}

function refusal(ctx: StaffCtx, r: MoneyRefusal | { kind: 'bad_package' }, name: string): void {
  const m = moneyCopyOf(ctx);
  const text = (() => {
    switch (r.kind) {
      case 'bad_amount':
        return m.badAmount;
      case 'bad_package':
        return m.badPackage;
      case 'deposit_short':
        return m.depositShort({ balance: formatVnd(r.balanceVnd) });
      case 'no_debt':
        return m.noDebt({ name });
      case 'overpay':
        return m.overpay({ name, debt: formatVnd(r.debtVnd) });
      case 'points_short':
        return m.pointsShort({ points: r.points });
      case 'busy':
        return m.busy;
    }
  })();
  say(ctx, { text });
}

const rankNote = (ctx: StaffCtx, r: Committed, name: string): string => (r.ok && r.rankChanged ? `\n${moneyCopyOf(ctx).rankUp({ name, rank: moneyCopyOf(ctx).rankNames[r.rankChanged.to] })}` : '');
const repeatNote = (ctx: StaffCtx, repeated: boolean): string => (repeated ? `\n${moneyCopyOf(ctx).repeated}` : '');

/** /ghe: a visit on the open customer. */
export async function visitCommand(ctx: StaffCtx, args: string): Promise<void> {
  const m = moneyCopyOf(ctx);
  const read = readVisitWords(args, ctx.deps.settings.services);
  if (!read.ok) return void say(ctx, { text: m.badAmount });
  const w = read.value;
  if (!w.service) return void say(ctx, { text: m.visitUsage });
  let technician = ctx.member;
  if (w.technicianWords.length) {
    // Active members only (store.staff.list): a removed colleague is not found, so nothing is recorded for them.
    const t = matchTechnician(w.technicianWords, await ctx.deps.store.staff.list());
    if (t && 'ambiguous' in t) return void say(ctx, { text: m.ambiguousTechnician({ names: t.ambiguous.map((x) => x.name).join(', ') }) });
    if (!t) {
      if (w.technicianWords.some((x) => ['chi', 'anh', 'ktv', 'em', 'c', 'a'].includes(foldDiacritics(x)))) return void say(ctx, { text: m.technicianInactive });
    } else technician = t.member;
  }
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  const r = await recordVisit(moneyDeps(ctx), { key: opKey(ctx, 'visit'), customer, member: ctx.member, technician, service: w.service, ...(w.amountVnd !== undefined ? { amountVnd: w.amountVnd } : {}), ...(w.method ? { method: w.method } : {}) });
  await reportVisit(ctx, customer, w.service, technician, r);
}

/** What /ghe and an attended appointment's visit say: the visit recorded (a package session, a rank change) or why not. */
export async function reportVisit(ctx: StaffCtx, customer: Customer, service: string, technician: StaffMember, r: VisitRecorded | VisitRefusal): Promise<void> {
  const m = moneyCopyOf(ctx);
  if (!r.ok) {
    switch (r.reason) {
      case 'need_amount':
        return void say(ctx, { text: m.visitNeedsAmount({ service }) });
      case 'bad_amount':
        return void say(ctx, { text: m.badAmount });
      case 'technician_inactive':
        return void say(ctx, { text: m.technicianInactive });
      case 'other_branch':
        return void say(ctx, { text: m.technicianOtherBranch({ technician: technician.name }) });
      case 'no_package':
        return void say(ctx, { text: m.noPackage({ service, why: r.why }) });
      case 'money':
        return refusal(ctx, r.refusal, customer.name);
    }
  }
  await ctx.access.record('visit', customer.id, `visit=${r.visitId} method=${r.method}`);
  const text = r.package
    ? m.visitFromPackage({ name: customer.name, service, session: r.package.session, total: r.package.pkg.sessionsTotal, left: r.package.left, technician: r.technician.name })
    : m.visitSaved({ name: customer.name, service, amount: formatVnd(r.amountVnd), method: m.methodNames[r.method], technician: r.technician.name, debt: r.method === 'unpaid' });
  say(ctx, { text: text + (r.rankChanged ? `\n${m.rankUp({ name: customer.name, rank: m.rankNames[r.rankChanged.to as keyof typeof m.rankNames] })}` : '') + repeatNote(ctx, r.repeated) });
}

async function packageCommand(ctx: StaffCtx, args: string): Promise<void> {
  const m = moneyCopyOf(ctx);
  const tz = ctx.deps.settings.timeZone;
  const today = businessToday(ctx.deps.now(), tz);
  const read = readPackageWords(args, ctx.deps.settings.services, today);
  if (!read.ok) return void say(ctx, { text: read.reason === 'bad_amount' ? m.badAmount : read.reason === 'bad_package' ? m.badPackage : m.packageUsage });
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  const w = read.value;
  const s = moneyDeps(ctx).settings;
  // Valid through the end of its last day in the spa's time zone.
  const lastDay = w.expires && 'date' in w.expires ? w.expires.date : addMonthsLocal(today, w.expires && 'months' in w.expires ? w.expires.months : s.packageDefaultMonths);
  const expiresAt = instantAt(lastDay, '23:59', tz);
  const method: PaymentMethod = w.method ?? 'cash';
  const r = await sellPackage(moneyDeps(ctx), { key: opKey(ctx, 'package'), customer, member: ctx.member, service: w.service, sessions: w.sessions, priceVnd: w.priceVnd, ...(w.paidNowVnd !== undefined ? { paidNowVnd: w.paidNowVnd } : {}), method, expiresAt });
  if (!r.ok) return refusal(ctx, r.reason, customer.name);
  await ctx.access.record('update', customer.id, `package=${r.pkg.id}`);
  const paid = r.entry.paidVnd + r.entry.depositSpentVnd;
  say(ctx, { text: m.packageSold({ name: customer.name, service: w.service, sessions: w.sessions, price: formatVnd(w.priceVnd), paid: formatVnd(paid), debt: formatVnd(w.priceVnd - paid), expires: formatDay(r.pkg.expiresAt, tz) }) + rankNote(ctx, r, customer.name) + repeatNote(ctx, r.repeated) });
}

async function depositCommand(ctx: StaffCtx, args: string): Promise<void> {
  const m = moneyCopyOf(ctx);
  const read = readAmountAndMethod(args);
  if (!read.ok) return void say(ctx, { text: read.reason === 'bad_amount' ? m.badAmount : m.depositUsage });
  if (read.method && !(MONEY_IN_METHODS as readonly string[]).includes(read.method)) return void say(ctx, { text: m.depositUsage });
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  const r = await addDeposit(moneyDeps(ctx), { key: opKey(ctx, 'deposit'), customer, member: ctx.member, amountVnd: read.amountVnd, method: read.method ?? 'cash' });
  if (!r.ok) return refusal(ctx, r.reason, customer.name);
  await ctx.access.record('update', customer.id, `deposit=${r.entry.id.length}`);
  say(ctx, { text: m.depositAdded({ name: customer.name, amount: formatVnd(read.amountVnd), balance: formatVnd(r.summary.depositBalanceVnd) }) + repeatNote(ctx, r.repeated) });
}

async function sellCommand(ctx: StaffCtx, args: string): Promise<void> {
  const m = moneyCopyOf(ctx);
  const read = readSaleWords(args);
  if (!read.ok) return void say(ctx, { text: read.reason === 'bad_amount' ? m.badAmount : m.saleUsage });
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  const method = read.method ?? 'cash';
  const r = await sellProducts(moneyDeps(ctx), { key: opKey(ctx, 'sale'), customer, member: ctx.member, lines: read.lines, method });
  if (!r.ok) return refusal(ctx, r.reason, customer.name);
  await ctx.access.record('update', customer.id, `sale_lines=${r.entry.lines.length}`);
  const lines = r.entry.lines.map((l) => `• ${l.label} × ${l.quantity}: ${formatVnd(l.totalVnd)}`).join('\n');
  say(ctx, { text: m.saleSaved({ name: customer.name, lines, total: formatVnd(r.entry.chargeVnd), method: m.methodNames[method] }) + rankNote(ctx, r, customer.name) + repeatNote(ctx, r.repeated) });
}

async function payCommand(ctx: StaffCtx, args: string): Promise<void> {
  const m = moneyCopyOf(ctx);
  const read = readAmountAndMethod(args);
  if (!read.ok) return void say(ctx, { text: read.reason === 'bad_amount' ? m.badAmount : m.payUsage });
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  const r = await payDebt(moneyDeps(ctx), { key: opKey(ctx, 'pay'), customer, member: ctx.member, amountVnd: read.amountVnd, method: read.method ?? 'cash' });
  if (!r.ok) return refusal(ctx, r.reason, customer.name);
  await ctx.access.record('update', customer.id, 'debt_payment');
  say(ctx, { text: m.paid({ name: customer.name, amount: formatVnd(read.amountVnd), debt: formatVnd(r.summary.debtVnd) }) + rankNote(ctx, r, customer.name) + repeatNote(ctx, r.repeated) });
}

async function redeemCommand(ctx: StaffCtx, args: string): Promise<void> {
  const m = moneyCopyOf(ctx);
  const n = /^\s*(\d{1,9})\s*(?:diem|điểm|points?)?\s*$/i.exec(args);
  if (!n) return void say(ctx, { text: m.redeemUsage });
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  const r = await redeemPoints(moneyDeps(ctx), { key: opKey(ctx, 'redeem'), customer, member: ctx.member, points: Number(n[1]) });
  if (!r.ok) return r.reason.kind === 'bad_amount' ? void say(ctx, { text: m.redeemUsage }) : refusal(ctx, r.reason, customer.name);
  await ctx.access.record('update', customer.id, `points_redeemed=${r.entry.pointsRedeemed}`);
  say(ctx, { text: m.redeemed({ name: customer.name, points: r.entry.pointsRedeemed, left: r.summary.points }) + repeatNote(ctx, r.repeated) });
}

async function debtsCommand(ctx: StaffCtx): Promise<void> {
  const m = moneyCopyOf(ctx);
  const list = await debtList(ctx.access);
  if (list === null) return void say(ctx, { text: m.managersOnly });
  if (!list.length) return void say(ctx, { text: m.debtsNone });
  const total = list.reduce((n, r) => n + r.debtVnd, 0);
  const lines = list.slice(0, 50).map((r) => m.debtLine({ name: r.customer.name, phone: r.customer.phone ? (r.access === 'full' ? formatPhoneVn(r.customer.phone) : maskPhone(r.customer.phone)) : '—', debt: formatVnd(r.debtVnd) }));
  say(ctx, { text: [m.debtsTitle({ count: list.length, total: formatVnd(total) }), ...lines].join('\n') });
}
