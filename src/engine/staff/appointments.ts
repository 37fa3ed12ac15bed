// /hen (/book): a staff member books an appointment on the open customer or in one line
// ("/hen Lan 0912345678 thứ 6 15h massage mặt chị Hoa"), and every appointment button (confirm, change, came,
// no-show, cancel). Buttons carry `appt:<action>:<id>` and are checked against the appointment itself (the
// member's branch, its status), not against what this chat was offered: staff get them in outbox messages too.
import { appointmentButtons, formatWhen } from '../../domain/appointment-messages.js';
import { businessDateTime, businessInstant } from '../../domain/business-time.js';
import { foldDiacritics, normalizeName } from '../../domain/name.js';
import { parseVnMobile } from '../../domain/phone.js';
import { findVnWhen, findVnWhenOn, formatClock, tokensBesides } from '../../domain/vn-datetime.js';
import { clockOf, DEFAULT_APPOINTMENT_SETTINGS, findService } from '../../domain/appointment-times.js';
import { appointmentsStaffOf, bookForStaff, closeAppointment, confirmRequest, mayManageBranch, matchTechnician, moveAppointment, type AppointmentDeps, type Change, type StaffBooking } from '../../services/appointments.js';
import type { Appointment } from '../../store/appointments.js';
import type { Customer } from '../../store/customers.js';
import type { StaffMember } from '../../store/staff.js';
import { appointmentStaffEn } from '../copy/appointments-en.js';
import type { AppointmentStaffCopy } from '../copy/appointments-types.js';
import { appointmentStaffVi } from '../copy/appointments-vi.js';
import { say, type Ctx } from '../turn-context.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';
import { answerAppointmentVisit, askAppointmentVisit } from './appointment-visit.js';

export const apptCopyOf = (ctx: Ctx): AppointmentStaffCopy => (ctx.state.lang === 'en' ? appointmentStaffEn : appointmentStaffVi);

export const appointmentDeps = (ctx: Ctx): AppointmentDeps => ({ store: ctx.deps.store, settings: ctx.deps.settings.appointments ?? DEFAULT_APPOINTMENT_SETTINGS, timeZone: ctx.deps.settings.timeZone, now: ctx.deps.now });

const APPT_CHOICE = /^appt:(tech|open|confirm|move|attended|no_show|cancel|skip|package):([0-9a-f]{24})$/;
export const isAppointmentChoice = (value: string): boolean => APPT_CHOICE.test(value);

const whenOf = (ctx: Ctx, at: Date): string => formatWhen(at, ctx.deps.settings.timeZone, ctx.state.lang);
const clock = (ctx: Ctx, at: Date): string => formatClock(clockOf(at, ctx.deps.settings.timeZone));
const looksNumeric = (t: string): boolean => /^[+(]?\d[\d.\-)]*$/.test(t);

/** A phone in the words (a run of up to 4 numeric tokens), with where it was. */
function findPhone(words: string[]): { e164: string; from: number; to: number } | undefined {
  for (let len = 4; len >= 1; len--) {
    for (let i = 0; i + len <= words.length; i++) {
      const run = words.slice(i, i + len);
      if (!run.every(looksNumeric)) continue;
      const p = parseVnMobile(run.join(' '));
      if (p.ok) return { e164: p.value.e164, from: i, to: i + len };
    }
  }
  return undefined;
}

export async function startBooking(ctx: StaffCtx, args: string): Promise<void> {
  const t = apptCopyOf(ctx);
  const st = ctx.state.staff;
  delete st.appointments;
  if (!args.trim()) return void say(ctx, { text: t.usage });
  const line = args.slice(0, 500);
  const found = findVnWhen(line, ctx.deps.now(), ctx.deps.settings.timeZone);
  if (!found.ok) return void say(ctx, { text: found.reason === 'none' ? `${t.needTime}\n${t.usage}` : t.badWhen({ problem: found.reason }) });
  const { date, time } = found.value.when;
  if (!time) return void say(ctx, { text: t.needTime });
  let words = tokensBesides(line, found.value.used);

  const phone = findPhone(words);
  const nameWords = phone ? words.slice(0, phone.from) : [];
  if (phone) words = [...words.slice(0, phone.from), ...words.slice(phone.to)];
  const service = findService(words, ctx.deps.settings.services);
  if (!service) return void say(ctx, { text: t.needService({ services: ctx.deps.settings.services.join(', ') }) });
  words = words.filter((_, i) => !service.used.includes(i));
  const afterName = phone ? words.slice(phone.from) : words;

  const staff = await ctx.deps.store.staff.list();
  const tech = matchTechnician(afterName, staff);
  if (tech && 'ambiguous' in tech) return void say(ctx, { text: t.ambiguousTechnician({ names: tech.ambiguous.map((m) => m.name).join(', ') }) });
  const leftover = tech ? afterName.filter((_, i) => !tech.used.includes(i)) : afterName;
  // "chị X" that names nobody: a typo in the technician's name, not something to ignore.
  if (!tech && leftover.some((w) => ['chi', 'anh', 'ktv', 'em'].includes(foldDiacritics(w)))) return void say(ctx, { text: t.unknownTechnician });

  const customer = phone ? await customerByPhone(ctx, phone.e164, nameWords) : await openCustomerForBooking(ctx);
  if (!customer) return;
  const start = businessInstant(date, time.hour, time.minute, ctx.deps.settings.timeZone);
  return reportBooking(ctx, customer, service.service, start, await bookForStaff(appointmentDeps(ctx), { member: ctx.member, customer, service: service.service, start, ...(tech ? { technician: tech.member } : {}), channel: ctx.inbound.address.channel }));
}

/** The customer of a one-line booking: found by phone (full access needed), or created as /kh would. */
async function customerByPhone(ctx: StaffCtx, e164: string, nameWords: string[]): Promise<Customer | null> {
  const s = staffCopyOf(ctx);
  const existing = await ctx.deps.store.customers.findByPhone(e164);
  if (existing) {
    const access = await ctx.access.accessTo(existing);
    await ctx.access.record('probe_phone', existing.id, `access=${access}`);
    if (access !== 'full') {
      say(ctx, { text: s.duplicateHidden });
      return null;
    }
    ctx.state.staff.openCustomerId = existing.id;
    return existing;
  }
  const name = normalizeName(nameWords.join(' '));
  if (!name.ok) {
    say(ctx, { text: apptCopyOf(ctx).noCustomer });
    return null;
  }
  const created = await ctx.deps.store.customers.create(
    { name: name.value, phone: e164, managerStaffId: ctx.member.id, ...(ctx.member.branchId ? { branchId: ctx.member.branchId } : {}), source: 'staff' },
    { kind: 'staff', id: ctx.member.id, channel: ctx.inbound.address.channel },
  );
  if (!created.ok) {
    say(ctx, { text: s.duplicateHidden });
    return null;
  }
  await ctx.access.record('create', created.value.id);
  ctx.state.staff.openCustomerId = created.value.id;
  return created.value;
}

async function openCustomerForBooking(ctx: StaffCtx): Promise<Customer | null> {
  const id = ctx.state.staff.openCustomerId;
  if (!id) {
    say(ctx, { text: apptCopyOf(ctx).noCustomer });
    return null;
  }
  const customer = await ctx.access.withFullAccess(id);
  if (!customer) say(ctx, { text: staffCopyOf(ctx).notAllowed });
  return customer;
}

async function reportBooking(ctx: StaffCtx, customer: Customer, service: string, start: Date, r: StaffBooking): Promise<void> {
  const t = apptCopyOf(ctx);
  const settings = ctx.deps.settings.appointments ?? DEFAULT_APPOINTMENT_SETTINGS;
  switch (r.kind) {
    case 'booked':
      return void say(ctx, { text: t.booked({ customer: customer.name, service, when: whenOf(ctx, r.appointment.start), technician: r.technician.name }) });
    case 'taken': {
      const busy = r.conflicts[0];
      const from = busy ? clock(ctx, busy.start) : clock(ctx, start);
      const to = busy ? clock(ctx, busy.end) : '';
      if (!r.free.length) return void say(ctx, { text: t.takenNobodyFree({ technician: r.technician.name, from, to }) });
      ctx.state.staff.appointments = { step: 'pick_technician', retry: { customerId: customer.id, service, start: start.toISOString() } };
      say(ctx, { text: `${t.taken({ technician: r.technician.name, from, to, free: r.free.map((m) => m.name).join(', ') })}\n${t.pickOther}`, choices: r.free.slice(0, 8).map((m) => ({ label: m.name, value: `appt:tech:${m.id}` })) });
      return;
    }
    case 'full':
      return void say(ctx, { text: t.full({ when: whenOf(ctx, start) }) });
    case 'past':
      return void say(ctx, { text: t.past });
    case 'closed':
      return void say(ctx, { text: t.closed({ open: settings.open, close: settings.close }) });
    case 'other_branch':
      return void say(ctx, { text: t.otherBranch({ technician: r.technician.name }) });
  }
}

async function nameOf(ctx: StaffCtx, staffId: string): Promise<string> {
  return (await ctx.deps.store.staff.findById(staffId))?.name ?? '?';
}

/** One appointment with the buttons that fit its status. */
export async function showAppointment(ctx: StaffCtx, a: Appointment): Promise<void> {
  const t = apptCopyOf(ctx);
  const customer = await ctx.deps.store.customers.findById(a.customerId);
  const b = appointmentButtons[ctx.state.lang];
  const open = a.status === 'requested' || a.status === 'confirmed';
  say(ctx, {
    text: t.actions({ customer: customer?.name ?? '?', service: a.service, when: whenOf(ctx, a.start), technician: await nameOf(ctx, a.technicianId), status: t.statusNames[a.status] }),
    ...(open
      ? {
          choices: [
            ...(a.status === 'requested' ? [{ label: b.confirm, value: `appt:confirm:${a.id}` }] : []),
            { label: b.attended, value: `appt:attended:${a.id}` },
            { label: b.noShow, value: `appt:no_show:${a.id}` },
            { label: b.cancel, value: `appt:cancel:${a.id}` },
            { label: b.move, value: `appt:move:${a.id}` },
          ],
        }
      : {}),
  });
}

function refusal(ctx: StaffCtx, r: Exclude<Change, { ok: true }>, a: Appointment | null): void {
  const t = apptCopyOf(ctx);
  const settings = ctx.deps.settings.appointments ?? DEFAULT_APPOINTMENT_SETTINGS;
  const text = {
    gone: t.gone,
    not_allowed: t.notAllowed,
    not_open: t.notOpen({ status: a ? t.statusNames[a.status] : '?' }),
    changed: t.changedMeanwhile,
    taken: t.full({ when: a ? whenOf(ctx, a.start) : '' }),
    closed: t.closed({ open: settings.open, close: settings.close }),
    past: t.past,
  }[r.reason];
  say(ctx, { text });
}

/** A tap on any appointment button, from a reply or from an outbox message. */
export async function answerAppointmentChoice(ctx: StaffCtx, value: string): Promise<void> {
  const t = apptCopyOf(ctx);
  const m = APPT_CHOICE.exec(value);
  if (!m) return void say(ctx, { text: t.notAllowed });
  const [, action, id] = m as unknown as [string, string, string];
  const d = appointmentDeps(ctx);
  const by = { kind: 'staff' as const, id: ctx.member.id, channel: ctx.inbound.address.channel };
  const st = ctx.state.staff;

  if (action === 'tech') {
    const retry = st.appointments?.retry;
    const technician = await ctx.deps.store.staff.findById(id);
    if (!retry || !technician?.active) return void say(ctx, { text: t.notAllowed });
    const customer = await ctx.access.withFullAccess(retry.customerId);
    if (!customer) return void say(ctx, { text: staffCopyOf(ctx).notAllowed });
    delete st.appointments;
    const start = new Date(retry.start);
    return reportBooking(ctx, customer, retry.service, start, await bookForStaff(d, { member: ctx.member, customer, service: retry.service, start, technician, channel: by.channel }));
  }

  const a = await ctx.deps.store.appointments.findById(id);
  if (!a) return void say(ctx, { text: t.gone });
  if (!mayManageBranch(ctx.member, a.branchId)) {
    await ctx.access.record('appointment', a.customerId, `refused=${action}`);
    return void say(ctx, { text: t.notAllowed });
  }
  const customerName = (await ctx.deps.store.customers.findById(a.customerId))?.name ?? '?';
  switch (action) {
    case 'open':
      return showAppointment(ctx, a);
    case 'confirm': {
      const r = await confirmRequest(d, ctx.member, id, by.channel);
      if (!r.ok) return refusal(ctx, r, a);
      return void say(ctx, { text: t.confirmed({ customer: customerName, when: whenOf(ctx, r.appointment.start) }) });
    }
    case 'move':
      if (a.status !== 'requested' && a.status !== 'confirmed') return void say(ctx, { text: t.notOpen({ status: t.statusNames[a.status] }) });
      st.appointments = { step: 'new_time', id };
      return void say(ctx, { text: t.askNewTime({ customer: customerName, when: whenOf(ctx, a.start) }) });
    case 'no_show':
    case 'cancel': {
      const r = await closeAppointment(d, { by, member: ctx.member, id, status: action === 'cancel' ? 'cancelled' : 'no_show' });
      if (!r.ok) return refusal(ctx, r, a);
      return void say(ctx, { text: action === 'cancel' ? t.markedCancelled({ customer: customerName }) : t.markedNoShow({ customer: customerName }) });
    }
    case 'attended': {
      const r = await closeAppointment(d, { by, member: ctx.member, id, status: 'attended' });
      if (!r.ok) return refusal(ctx, r, a);
      return askAppointmentVisit(ctx, r.appointment, customerName, await nameOf(ctx, a.technicianId));
    }
    case 'package':
      // Only as the answer to this chat's own "came" question: the same choice a typed "từ gói" makes.
      if (st.appointments?.step !== 'amount' || st.appointments.id !== id) return void say(ctx, { text: t.notAllowed });
      return answerAppointmentVisit(ctx, a, { package: true });
    case 'skip':
      delete st.appointments;
      return void say(ctx, { text: t.actions({ customer: customerName, service: a.service, when: whenOf(ctx, a.start), technician: await nameOf(ctx, a.technicianId), status: t.statusNames[a.status] }) });
  }
}

/** Typed answers while an appointment step is open: a new time, or the amount of an attended appointment's visit. */
export async function answerAppointmentStep(ctx: StaffCtx, text: string | undefined): Promise<void> {
  const t = apptCopyOf(ctx);
  const st = ctx.state.staff;
  const step = st.appointments?.step;
  const id = st.appointments?.id;
  if (step === 'pick_technician' || !id) {
    delete st.appointments;
    return void say(ctx, { text: staffCopyOf(ctx).cancelled });
  }
  const a = await ctx.deps.store.appointments.findById(id);
  if (!a || !mayManageBranch(ctx.member, a.branchId)) {
    delete st.appointments;
    return void say(ctx, { text: a ? t.notAllowed : t.gone });
  }
  if (step === 'new_time') {
    // A bare time ("16h") keeps the appointment's day.
    const l = businessDateTime(a.start, ctx.deps.settings.timeZone);
    const found = findVnWhenOn(text ?? '', { year: l.year, month: l.month, day: l.day }, ctx.deps.now(), ctx.deps.settings.timeZone);
    if (!found.ok) return void say(ctx, { text: t.badWhen({ problem: found.reason }) });
    if (!found.value.when.time) return void say(ctx, { text: t.needTime });
    const { date, time } = found.value.when;
    const start = businessInstant(date, time.hour, time.minute, ctx.deps.settings.timeZone);
    const r = await moveAppointment(appointmentDeps(ctx), { by: { kind: 'staff', id: ctx.member.id, channel: ctx.inbound.address.channel }, member: ctx.member, id, start, status: 'confirmed' });
    if (!r.ok) return refusal(ctx, r, a);
    delete st.appointments;
    const customer = await ctx.deps.store.customers.findById(a.customerId);
    return void say(ctx, { text: t.moved({ customer: customer?.name ?? '?', when: whenOf(ctx, r.appointment.start), technician: await nameOf(ctx, r.appointment.technicianId) }) });
  }
  return answerAppointmentVisit(ctx, a, { text: text ?? '' });
}

/** Members a branch's list shows, by id (technicians of other branches keep their name too). */
export async function staffNames(ctx: StaffCtx): Promise<Map<string, StaffMember>> {
  return new Map((await ctx.deps.store.staff.list()).map((m) => [m.id, m]));
}

export { appointmentsStaffOf };
