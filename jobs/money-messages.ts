// The words of money outbox rows to staff, rendered when sent from the records as they are then: a rank change
// with today's standing, an idle package only while it is still idle, in date and with sessions left (else null:
// nothing left to say).
import { formatDay } from '../src/domain/money-dates.js';
import { DEFAULT_MONEY_SETTINGS, RANKS, type Rank } from '../src/domain/money-rules.js';
import { formatPhoneVn } from '../src/domain/phone.js';
import { moneyStaffEn } from '../src/engine/copy/money-en.js';
import { moneyStaffVi } from '../src/engine/copy/money-vi.js';
import { rankText } from '../src/engine/staff/money-card.js';
import type { Reply } from '../src/engine/types.js';
import { moneySummary } from '../src/services/money.js';
import { createStore } from '../src/store/index.js';
import type { OutboxMessage, OutboxPurpose } from '../src/store/outbox.js';
import type { JobContext } from './job-deps.js';

export const isMoneyPurpose = (p: OutboxPurpose): boolean => p === 'rank_change' || p === 'package_idle';

const isRank = (r: string | undefined): r is Rank => (RANKS as readonly string[]).includes(r ?? '');

export async function moneyStaffReply(ctx: JobContext, row: OutboxMessage): Promise<Reply | null> {
  const lang = ctx.settings.staffLanguage;
  const m = lang === 'en' ? moneyStaffEn : moneyStaffVi;
  const c = row.customerId ? await ctx.customers.findById(row.customerId) : null;
  if (!c) return null;
  const deps = { store: createStore(ctx.conn, ctx.clock.now), settings: ctx.settings.money ?? DEFAULT_MONEY_SETTINGS, now: ctx.clock.now, timeZone: ctx.settings.timeZone };
  const summary = await moneySummary(deps, c.id);
  if (row.purpose === 'rank_change') {
    const [from, to] = row.occasion.split('>');
    if (!isRank(from) || !isRank(to)) return null;
    return { text: m.rankChanged({ customer: c.name, from: m.rankNames[from], to: m.rankNames[to], rankLine: rankText(lang, summary.standing) }) };
  }
  const p = summary.packages.find((x) => x.pkg.id === row.occasion);
  const last = p?.lastUsedAt ?? p?.pkg.soldAt;
  // Used since it was planned, used up or expired: no reminder.
  if (!p || !p.usable || !last || last.getTime() !== row.referenceAt?.getTime()) return null;
  const days = Math.floor((ctx.clock.now().getTime() - last.getTime()) / 86_400_000);
  return { text: m.packageIdle({ customer: c.name, phone: c.phone ? formatPhoneVn(c.phone) : '—', service: p.pkg.service, left: p.left, total: p.pkg.sessionsTotal, days, expires: formatDay(p.pkg.expiresAt, ctx.settings.timeZone) }) };
}
