// /homnay (/today): the branch's appointments today, per technician, each a button to mark came / no-show / cancel.
// The day's customers are named (the branch needs to know who is coming); phones are not shown here.
import { businessToday, formatLocalDate } from '../../domain/business-time.js';
import { clockOf } from '../../domain/appointment-times.js';
import { givenName } from '../../domain/name.js';
import { formatClock } from '../../domain/vn-datetime.js';
import { dayList } from '../../services/appointments.js';
import { say } from '../turn-context.js';
import { appointmentDeps, apptCopyOf, staffNames } from './appointments.js';
import type { StaffCtx } from './staff-ctx.js';

/** Telegram shows a long keyboard badly: the day's first open appointments get a button, the rest are listed. */
const MAX_BUTTONS = 30;

export async function listToday(ctx: StaffCtx): Promise<void> {
  const t = apptCopyOf(ctx);
  const tz = ctx.deps.settings.timeZone;
  const date = businessToday(ctx.deps.now(), tz);
  const shown = `${date.day}/${date.month}`;
  // Owners see every branch; everyone else their own (a member without a branch: the branch-less appointments).
  const branchId = ctx.member.role === 'owner' ? undefined : (ctx.member.branchId ?? null);
  const { byTechnician, customers } = await dayList(appointmentDeps(ctx), { branchId, date });
  await ctx.access.record('search', undefined, `appointments_today=${formatLocalDate(date)}`);
  const count = [...byTechnician.values()].reduce((n, l) => n + l.length, 0);
  if (count === 0) return void say(ctx, { text: t.todayNone({ date: shown }) });
  const names = await staffNames(ctx);
  const lines = [t.todayTitle({ date: shown, count })];
  const choices: { label: string; value: string }[] = [];
  const order = [...byTechnician.keys()].sort((a, b) => (names.get(a)?.name ?? a).localeCompare(names.get(b)?.name ?? b, 'vi'));
  for (const techId of order) {
    lines.push('', t.todayTechnician({ name: names.get(techId)?.name ?? '?' }));
    for (const a of byTechnician.get(techId)!) {
      const time = formatClock(clockOf(a.start, tz));
      const customer = customers.get(a.customerId)?.name ?? '—';
      lines.push(t.todayLine({ time, customer, service: a.service, status: t.statusNames[a.status] }));
      if ((a.status === 'confirmed' || a.status === 'requested') && choices.length < MAX_BUTTONS) {
        choices.push({ label: `${time} ${givenName(customer)} · ${givenName(names.get(techId)?.name ?? '?')}`, value: `appt:open:${a.id}` });
      }
    }
  }
  if (choices.length) lines.push('', t.todayPick);
  say(ctx, { text: lines.join('\n'), ...(choices.length ? { choices } : {}) });
}
