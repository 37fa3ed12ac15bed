// Each morning: treatment packages with sessions left and no visit for PACKAGE_IDLE_DAYS go to the customer's
// managing staff member (else the owner) as a staff message, once per idle stretch (the key names the last visit,
// so a package used and then left idle again is brought up again). Rendered when sent (money-messages.ts).
import { formatLocalDate, type LocalDate } from '../src/domain/business-time.js';
import { DEFAULT_MONEY_SETTINGS } from '../src/domain/money-rules.js';
import { addDays, instantAt } from '../src/domain/quiet-hours.js';
import { MoneyRepository } from '../src/store/money.js';
import type { NewOutboxMessage } from '../src/store/outbox.js';
import type { JobContext } from './job-deps.js';
import { OWNER_STAFF_ID } from './ports.js';

export const PACKAGE_IDLE_JOB = 'package-reminders';
const DAY_MS = 86_400_000;

export async function planPackageReminders(ctx: JobContext, date: LocalDate): Promise<{ idle: number; planned: number; existing: number }> {
  const s = ctx.settings.money ?? DEFAULT_MONEY_SETTINGS;
  const tz = ctx.settings.timeZone;
  const money = new MoneyRepository(ctx.conn, ctx.clock.now);
  const now = ctx.clock.now();
  const packages = await money.packagesInDate(now);
  const uses = await money.sessionsUsed(packages.map((p) => p.id));
  const day = formatLocalDate(date);
  const rows: NewOutboxMessage[] = [];
  for (const p of packages) {
    const u = uses.get(p.id) ?? { used: 0 };
    if (u.used >= p.sessionsTotal) continue;
    const last = u.lastAt ?? p.soldAt;
    if (now.getTime() - last.getTime() < s.packageIdleDays * DAY_MS) continue;
    const c = await ctx.customers.findById(p.customerId);
    if (!c) continue;
    rows.push({
      key: `package_idle:${p.id}:${last.toISOString()}`,
      purpose: 'package_idle',
      audience: 'staff',
      staffId: c.managerStaffId ?? OWNER_STAFF_ID,
      customerId: c.id,
      occasion: p.id,
      occasionDate: day,
      referenceAt: last,
      service: p.service,
      dueAt: instantAt(date, ctx.settings.staffReminderTime, tz),
      expiresAt: instantAt(addDays(date, 2), '00:00', tz),
    });
  }
  const r = rows.length ? await ctx.outbox.plan(rows) : { inserted: 0, existing: 0 };
  const summary = { idle: rows.length, planned: r.inserted, existing: r.existing };
  ctx.log.info({ job: PACKAGE_IDLE_JOB, date: day, ...summary }, 'idle packages planned');
  return summary;
}
