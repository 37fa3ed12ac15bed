// A customer's /datlich (/booking): the service, the day ("mai", "thứ 6", "25/12" or a button), then a time from the
// free slots (opening hours, the service's duration, her branch's technicians); the request waits for a staff
// member's confirmation (services/appointments.ts requestForCustomer), and she hears back through the outbox.
// The same day and time steps move an appointment she asked to change (booking.appointmentId, see booking-replies.ts).
// Every button is checked again on arrival (a known service, a day within reach, a start among today's free slots),
// never trusted because this chat might have been offered it.
import { formatDay, formatWhen } from '../../domain/appointment-messages.js';
import { findService } from '../../domain/appointment-times.js';
import { businessInstant, businessToday, formatLocalDate, parseLocalDate, type LocalDate } from '../../domain/business-time.js';
import { addDays } from '../../domain/quiet-hours.js';
import { findVnWhen, findVnWhenOn, type VnWhen } from '../../domain/vn-datetime.js';
import { freeSlotsFor, moveAppointment, requestForCustomer } from '../../services/appointments.js';
import type { FreeSlot } from '../../domain/appointment-times.js';
import { appointmentCustomerEn } from '../copy/appointments-en.js';
import type { AppointmentCustomerCopy } from '../copy/appointments-types.js';
import { appointmentCustomerVi } from '../copy/appointments-vi.js';
import type { Escape } from '../keywords.js';
import { appointmentDeps } from '../staff/appointments.js';
import { copyOf, say, youOf, type Ctx } from '../turn-context.js';
import type { Choice } from '../types.js';
import { freshDraftState } from './reset.js';

/** How far ahead a customer may book. */
export const BOOKING_DAYS_AHEAD = 60;
/** Day buttons offered (today and the next days). */
const DAY_BUTTONS = 7;
/** Time buttons offered; any other free time may be typed. */
const TIME_BUTTONS = 16;

export const bookingCopyOf = (ctx: Ctx): AppointmentCustomerCopy => (ctx.state.lang === 'en' ? appointmentCustomerEn : appointmentCustomerVi);

export type BookingAnswer = { kind: 'text'; text: string } | { kind: 'choice'; value: string } | { kind: 'other' };

export const isBookingChoice = (value: string): boolean => value.startsWith('book:');

/**
 * Only a chat that proved her phone (or created her record), with care consent, may book: a request puts her name
 * in front of staff and reminders in her chat. Others hear why, nothing is stored.
 */
export function mayBook(ctx: Ctx, explain = true): boolean {
  const b = bookingCopyOf(ctx);
  const you = youOf(ctx);
  if (!ctx.linked) {
    if (explain) say(ctx, { text: b.needsRegistration({ you }) });
    return false;
  }
  if (!ctx.trusted) {
    if (explain) say(ctx, { text: b.needsVerification({ you }), requestPhone: { label: copyOf(ctx).sharePhoneButton } });
    return false;
  }
  if (!ctx.linked.consent.care) {
    if (explain) say(ctx, { text: b.needsConsent({ you }) });
    return false;
  }
  return true;
}

export function startBooking(ctx: Ctx): void {
  delete ctx.state.booking;
  if (!mayBook(ctx)) return;
  const services = ctx.deps.settings.services;
  // Whatever flow was under way ends: the menu, an unanswered yes/no.
  freshDraftState(ctx);
  ctx.state.booking = { step: 'service' };
  say(ctx, { text: bookingCopyOf(ctx).askService({ you: youOf(ctx) }), choices: services.slice(0, 12).map((s, i) => ({ label: s, value: `book:svc:${i}` })) });
}

/** "hủy" (and the other escapes) while choosing: stop without booking; help repeats the question. */
export function bookingEscape(ctx: Ctx, escape: Escape): Promise<void> | void {
  if (escape.kind === 'cancel' && ctx.state.booking?.step === 'cancel') {
    // "hủy" again while asked whether to cancel the appointment: nothing is cancelled on a word that could mean both.
    delete ctx.state.booking;
    ctx.state.offered = [];
    return void say(ctx, { text: bookingCopyOf(ctx).kept({ you: youOf(ctx) }) });
  }
  if (escape.kind === 'cancel') {
    delete ctx.state.booking;
    ctx.state.offered = [];
    return void say(ctx, { text: bookingCopyOf(ctx).bookingStopped({ you: youOf(ctx) }) });
  }
  if (escape.kind === 'help') say(ctx, { text: copyOf(ctx).help({ you: youOf(ctx) }) });
  say(ctx, { text: copyOf(ctx).choicePrompt, choices: ctx.state.offered });
}

export async function answerBooking(ctx: Ctx, answer: BookingAnswer): Promise<void> {
  const b = ctx.state.booking;
  if (!b) return startBooking(ctx);
  if (!mayBook(ctx)) {
    delete ctx.state.booking;
    return;
  }
  if (b.step === 'service') return answerService(ctx, answer);
  if (b.step === 'day') return answerDay(ctx, answer);
  if (b.step === 'time') return answerTime(ctx, answer);
  // 'cancel' is booking-replies.ts's yes/no: anything but its buttons asks again.
  say(ctx, { text: copyOf(ctx).choicePrompt, choices: ctx.state.offered });
}

function answerService(ctx: Ctx, answer: BookingAnswer): void {
  const services = ctx.deps.settings.services;
  let service: string | undefined;
  const m = answer.kind === 'choice' ? /^book:svc:(\d{1,2})$/.exec(answer.value) : null;
  if (m) service = services[Number(m[1])];
  else if (answer.kind === 'text') service = findService(answer.text.split(/\s+/).slice(0, 20), services)?.service;
  if (!service) return void say(ctx, { text: bookingCopyOf(ctx).askService({ you: youOf(ctx) }), choices: services.slice(0, 12).map((s, i) => ({ label: s, value: `book:svc:${i}` })) });
  ctx.state.booking = { step: 'day', service };
  askDay(ctx, bookingCopyOf(ctx).askDay({ you: youOf(ctx), service }));
}

function dayChoices(ctx: Ctx): Choice[] {
  const b = bookingCopyOf(ctx);
  const today = businessToday(ctx.deps.now(), ctx.deps.settings.timeZone);
  return Array.from({ length: DAY_BUTTONS }, (_, i) => {
    const d = addDays(today, i);
    const label = i === 0 ? `${b.today} (${formatDay(d, ctx.state.lang)})` : i === 1 ? `${b.tomorrow} (${formatDay(d, ctx.state.lang)})` : formatDay(d, ctx.state.lang);
    return { label, value: `book:day:${formatLocalDate(d)}` };
  });
}

export function askDay(ctx: Ctx, text: string): void {
  say(ctx, { text, choices: dayChoices(ctx) });
}

/** A day within reach: not before today, at most BOOKING_DAYS_AHEAD days on. */
function withinReach(ctx: Ctx, d: LocalDate): 'ok' | 'past' | 'far' {
  const today = businessToday(ctx.deps.now(), ctx.deps.settings.timeZone);
  const key = formatLocalDate(d);
  if (key < formatLocalDate(today)) return 'past';
  if (key > formatLocalDate(addDays(today, BOOKING_DAYS_AHEAD))) return 'far';
  return 'ok';
}

async function answerDay(ctx: Ctx, answer: BookingAnswer): Promise<void> {
  const c = bookingCopyOf(ctx);
  const you = youOf(ctx);
  let when: VnWhen | undefined;
  const m = answer.kind === 'choice' ? /^book:day:(\d{4}-\d{2}-\d{2})$/.exec(answer.value) : null;
  if (m) {
    const d = parseLocalDate(m[1]!);
    if (d) when = { date: d };
  } else if (answer.kind === 'text') {
    const found = findVnWhen(answer.text.slice(0, 200), ctx.deps.now(), ctx.deps.settings.timeZone);
    if (found.ok) when = found.value.when;
  }
  if (!when) return askDay(ctx, c.dayNotUnderstood({ you }));
  const reach = withinReach(ctx, when.date);
  if (reach === 'far') return askDay(ctx, c.dayTooFar({ you, days: BOOKING_DAYS_AHEAD }));
  if (reach === 'past') return askDay(ctx, c.dayNotUnderstood({ you }));
  ctx.state.booking = { ...ctx.state.booking!, step: 'time', day: formatLocalDate(when.date) };
  const slots = await slotsOf(ctx);
  // "mai 15h": the time came with the day; taken at once when it is free.
  if (when.time) {
    const wanted = slots.find((s) => sameClock(ctx, s.start, when.date, when.time!));
    if (wanted) return request(ctx, wanted.start);
    if (!slots.length) return noTimes(ctx);
    return offerTimes(ctx, slots, c.timeNotFree({ you }));
  }
  if (!slots.length) return noTimes(ctx);
  offerTimes(ctx, slots, c.askTime({ you, day: formatDay(when.date, ctx.state.lang) }));
}

async function answerTime(ctx: Ctx, answer: BookingAnswer): Promise<void> {
  const c = bookingCopyOf(ctx);
  const you = youOf(ctx);
  const day = parseLocalDate(ctx.state.booking?.day ?? '');
  if (!day) {
    ctx.state.booking = { ...ctx.state.booking!, step: 'day' };
    return askDay(ctx, c.dayNotUnderstood({ you }));
  }
  const slots = await slotsOf(ctx);
  let start: Date | undefined;
  const m = answer.kind === 'choice' ? /^book:time:(\d{13})$/.exec(answer.value) : null;
  if (m) start = slots.find((s) => s.start.getTime() === Number(m[1]))?.start;
  else if (answer.kind === 'choice' && /^book:day:/.test(answer.value)) return answerDay(ctx, answer);
  else if (answer.kind === 'text') {
    // A typed time is read on the chosen day; a typed day instead starts the day over.
    const found = findVnWhenOn(answer.text.slice(0, 100), day, ctx.deps.now(), ctx.deps.settings.timeZone);
    if (found.ok && formatLocalDate(found.value.when.date) !== formatLocalDate(day)) return answerDay(ctx, answer);
    if (found.ok && found.value.when.time) start = slots.find((s) => sameClock(ctx, s.start, day, found.value.when.time!))?.start;
  }
  if (!slots.length) return noTimes(ctx);
  if (!start) return offerTimes(ctx, slots, c.timeNotFree({ you }));
  return request(ctx, start);
}

async function slotsOf(ctx: Ctx): Promise<FreeSlot[]> {
  const b = ctx.state.booking!;
  const date = parseLocalDate(b.day ?? '');
  if (!date || !b.service) return [];
  if (b.appointmentId) {
    // A move: the times of the appointment's own branch, its own time not counted as busy (request() re-checks it is hers).
    const own = await ctx.deps.store.appointments.findById(b.appointmentId);
    if (own && own.customerId === ctx.linked!.id) return freeSlotsFor(appointmentDeps(ctx), { branchId: own.branchId, service: b.service, date, moving: own.id });
  }
  return freeSlotsFor(appointmentDeps(ctx), { branchId: ctx.linked!.branchId, service: b.service, date });
}

function sameClock(ctx: Ctx, at: Date, date: LocalDate, time: { hour: number; minute: number }): boolean {
  return businessInstant(date, time.hour, time.minute, ctx.deps.settings.timeZone).getTime() === at.getTime();
}

function offerTimes(ctx: Ctx, slots: FreeSlot[], text: string): void {
  ctx.state.booking = { ...ctx.state.booking!, step: 'time' };
  const tz = ctx.deps.settings.timeZone;
  say(ctx, { text, choices: slots.slice(0, TIME_BUTTONS).map((s) => ({ label: formatWhen(s.start, tz, ctx.state.lang).slice(0, 5), value: `book:time:${s.start.getTime()}` })) });
}

function noTimes(ctx: Ctx): void {
  const day = parseLocalDate(ctx.state.booking?.day ?? '');
  ctx.state.booking = { ...ctx.state.booking!, step: 'day' };
  askDay(ctx, bookingCopyOf(ctx).noTimes({ you: youOf(ctx), day: day ? formatDay(day, ctx.state.lang) : '' }));
}

/** A new request, or her appointment moved (back to waiting for staff); either way staff confirm. */
async function request(ctx: Ctx, start: Date): Promise<void> {
  const c = bookingCopyOf(ctx);
  const you = youOf(ctx);
  const b = ctx.state.booking!;
  const customer = ctx.linked!;
  const channel = ctx.inbound.address.channel;
  const d = appointmentDeps(ctx);
  const when = formatWhen(start, ctx.deps.settings.timeZone, ctx.state.lang);
  if (b.appointmentId) {
    const own = await ctx.deps.store.appointments.findById(b.appointmentId);
    // Her own open appointment only (the id came from her own state, but the appointment may have changed since).
    if (!own || own.customerId !== customer.id || (own.status !== 'requested' && own.status !== 'confirmed')) {
      delete ctx.state.booking;
      return void say(ctx, { text: c.nothingOpen({ you }) });
    }
    const r = await moveAppointment(d, { by: { kind: 'customer', id: customer.id, channel }, id: own.id, start, status: 'requested' });
    if (r.ok) {
      delete ctx.state.booking;
      ctx.state.offered = [];
      return void say(ctx, { text: c.rescheduleRequested({ you, service: own.service, when }) });
    }
    if (r.reason !== 'taken' && r.reason !== 'past' && r.reason !== 'closed') {
      delete ctx.state.booking;
      return void say(ctx, { text: c.nothingOpen({ you }) });
    }
  } else {
    const r = await requestForCustomer(d, { customer, service: b.service!, start, channel });
    if (r.kind === 'requested') {
      delete ctx.state.booking;
      ctx.state.offered = [];
      return void say(ctx, { text: c.requested({ you, service: b.service!, when }) });
    }
  }
  const slots = await slotsOf(ctx);
  if (!slots.length) return noTimes(ctx);
  offerTimes(ctx, slots, c.taken({ you }));
}
