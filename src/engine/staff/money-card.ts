// The money block of a card (staff /xem) and of the customer's own /toi: every number summed from the records
// on each read (services/money.ts), never a stored counter.
import { formatDay } from '../../domain/money-dates.js';
import { formatMillions } from '../../domain/money-rules.js';
import { formatVnd } from '../../domain/money.js';
import { moneySummary } from '../../services/money.js';
import type { Customer } from '../../store/customers.js';
import { moneyCustomerEn, moneyStaffEn } from '../copy/money-en.js';
import { moneyCustomerVi, moneyStaffVi } from '../copy/money-vi.js';
import { youOf, type Ctx } from '../turn-context.js';
import { moneyCopyOf, moneyDeps } from './money.js';

/** "Vàng: 18,4 tr₫ trong 12 tháng; còn 1,6 tr₫ lên Kim cương". */
export function rankText(lang: 'vi' | 'en', standing: { rank: keyof typeof moneyStaffVi.rankNames; spent12mVnd: number; next?: { rank: keyof typeof moneyStaffVi.rankNames; missingVnd: number } }): string {
  const m = lang === 'en' ? moneyStaffEn : moneyStaffVi;
  return m.rankLine({ rank: m.rankNames[standing.rank], spent12m: formatMillions(standing.spent12mVnd), ...(standing.next ? { next: m.rankNames[standing.next.rank], missing: formatMillions(standing.next.missingVnd) } : {}) });
}

export async function moneyCardText(ctx: Ctx, customerId: string): Promise<string> {
  const m = moneyCopyOf(ctx);
  const s = await moneySummary(moneyDeps(ctx), customerId);
  const tz = ctx.deps.settings.timeZone;
  const lines = [
    m.cardMoney({ spent: formatVnd(s.spentVnd), debt: formatVnd(s.debtVnd), deposit: formatVnd(s.depositBalanceVnd), deposits: s.depositCount, points: s.points, rank: rankText(ctx.state.lang, s.standing), visits: s.visitCount, products: s.productUnits, invoices: s.invoiceCount }),
    ...s.packages.map((p) => m.cardPackage({ service: p.pkg.service, left: p.left, total: p.pkg.sessionsTotal, expires: formatDay(p.pkg.expiresAt, tz), state: p.expired ? 'expired' : p.left === 0 ? 'used_up' : 'ok' })),
  ];
  return lines.join('\n');
}

/** The customer's own view: packages still usable (what remains) and points. */
export async function customerMoneyText(ctx: Ctx, customer: Customer): Promise<string> {
  const c = ctx.state.lang === 'en' ? moneyCustomerEn : moneyCustomerVi;
  const m = moneyCopyOf(ctx);
  const s = await moneySummary(moneyDeps(ctx), customer.id);
  const usable = s.packages.filter((p) => p.usable);
  const tz = ctx.deps.settings.timeZone;
  return [
    c.packagesTitle({ you: youOf(ctx) }),
    ...(usable.length ? usable.map((p) => c.packageLine({ service: p.pkg.service, left: p.left, total: p.pkg.sessionsTotal, expires: formatDay(p.pkg.expiresAt, tz) })) : [c.noPackages]),
    c.points({ points: s.points, rank: m.rankNames[s.standing.rank] }),
  ].join('\n');
}
