// "Came" on an appointment: the staff member is asked what /ghe would ask, with the service, technician and branch
// of the appointment filled in (an amount and how it was paid, or a session of her package), and the answer is
// recorded through the visit service (services/appointment-visits.ts), never a separate bookkeeping.
import { findPaymentMethod, type PaymentMethod } from '../../domain/money-rules.js';
import { takeAmount } from '../../domain/money-commands.js';
import { isAppointmentRefusal, packageForAppointment, recordAppointmentVisit } from '../../services/appointment-visits.js';
import type { Appointment } from '../../store/appointments.js';
import { appointmentStaffEn } from '../copy/appointments-en.js';
import { appointmentStaffVi } from '../copy/appointments-vi.js';
import { say } from '../turn-context.js';
import { moneyDeps, reportVisit } from './money.js';
import type { StaffCtx } from './staff-ctx.js';

const apptCopyOf = (ctx: StaffCtx) => (ctx.state.lang === 'en' ? appointmentStaffEn : appointmentStaffVi);

/** Asks for the visit of an attended appointment; a package she holds for its service is one tap. */
export async function askAppointmentVisit(ctx: StaffCtx, a: Appointment, customerName: string, technicianName: string): Promise<void> {
  const t = apptCopyOf(ctx);
  ctx.state.staff.appointments = { step: 'amount', id: a.id };
  const pkg = await packageForAppointment(moneyDeps(ctx), a);
  say(ctx, {
    text: t.askAmount({ customer: customerName, service: a.service, technician: technicianName }),
    choices: [...(pkg ? [{ label: t.usePackage({ left: pkg.left, total: pkg.pkg.sessionsTotal }), value: `appt:package:${a.id}` }] : []), { label: t.skipVisit, value: `appt:skip:${a.id}` }],
  });
}

/** The typed answer ("350k chuyển khoản", "500k nợ", "từ gói") or the package button. */
export async function answerAppointmentVisit(ctx: StaffCtx, a: Appointment, answer: { text: string } | { package: true }): Promise<void> {
  const t = apptCopyOf(ctx);
  let amountVnd: number | undefined;
  let method: PaymentMethod | undefined;
  if ('package' in answer) method = 'package';
  else {
    let words = answer.text.trim().split(/\s+/).filter(Boolean).slice(0, 20);
    const m = findPaymentMethod(words);
    if (m) {
      method = m.method;
      words = words.filter((_, i) => !m.used.includes(i));
    }
    const read = takeAmount(words);
    if (read.ok) amountVnd = read.amountVnd;
    if (!read.ok || (amountVnd === undefined && method !== 'package')) return void say(ctx, { text: t.badAmount, choices: ctx.state.offered.length ? ctx.state.offered : [{ label: t.skipVisit, value: `appt:skip:${a.id}` }] });
  }
  const r = await recordAppointmentVisit(moneyDeps(ctx), { member: ctx.member, appointmentId: a.id, ...(amountVnd !== undefined ? { amountVnd } : {}), ...(method ? { method } : {}) });
  if (isAppointmentRefusal(r)) {
    delete ctx.state.staff.appointments;
    return void say(ctx, { text: r.reason === 'not_allowed' ? t.notAllowed : r.reason === 'gone' ? t.gone : t.notOpen({ status: t.statusNames[a.status] }) });
  }
  const customer = await ctx.deps.store.customers.findById(a.customerId);
  const technician = await ctx.deps.store.staff.findById(a.technicianId);
  if (!customer || !technician) {
    delete ctx.state.staff.appointments;
    return void say(ctx, { text: t.gone });
  }
  // A refusal the staff member can answer (another method, an amount instead of the package) keeps the question open.
  if (r.ok) {
    delete ctx.state.staff.appointments;
    ctx.state.staff.openCustomerId = a.customerId;
  }
  await reportVisit(ctx, customer, a.service, technician, r);
}
