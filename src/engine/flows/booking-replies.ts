// A customer's answers to her appointment reminders: "hủy" cancels (after a yes), "đổi giờ" picks a new day and
// time that staff confirm again (booking.ts's day and time steps with booking.appointmentId). The reminder's buttons
// (appt_c:cancel / appt_c:move) do the same. "hủy" is also the intake's cancel word: it means the appointment only
// when a reminder or news about one reached her recently and no intake or edit step is under way (engine.ts).
// Every id is checked against her own open appointments; a confirmation counts only as the answer to this chat's
// own question, so a replayed or forged press cancels nothing.
import { formatWhen } from '../../domain/appointment-messages.js';
import { foldDiacritics } from '../../domain/name.js';
import { closeAppointment, nextOpenAppointment } from '../../services/appointments.js';
import type { Appointment } from '../../store/appointments.js';
import { appointmentDeps } from '../staff/appointments.js';
import { copyOf, say, youOf, type Ctx } from '../turn-context.js';
import { askDay, bookingCopyOf, mayBook } from './booking.js';

/** A reminder or news older than this no longer gives "hủy" its appointment meaning. */
export const REMINDER_REPLY_MS = 48 * 3_600_000;

const APPT_REPLY = /^appt_c:(cancel|move|cancel_yes|keep):([0-9a-f]{24})$/;
export const isAppointmentReplyChoice = (value: string): boolean => APPT_REPLY.test(value);

// Folded. Plain "hủy" is ambiguous; the others name the appointment.
const CANCEL_PLAIN = new Set(['huy', 'huy bo', 'cancel']);
const CANCEL_APPOINTMENT = new Set(['huy lich', 'huy hen', 'huy lich hen', 'cancel appointment', 'cancel booking']);
const MOVE = new Set(['doi gio', 'doi lich', 'doi ngay', 'doi hen', 'doi gio hen', 'doi lich hen', 'doi sang gio khac', 'change time', 'reschedule', 'doi gio khac']);

export type ReplyIntent = { kind: 'cancel'; plain: boolean } | { kind: 'move' };

export function replyIntent(text: string): ReplyIntent | undefined {
  const t = foldDiacritics(text).replace(/[.!?…]+$/u, '').replace(/\s+/g, ' ').trim().replace(/ (a|nhe|nha|giup em|giup minh)$/, '');
  if (CANCEL_PLAIN.has(t)) return { kind: 'cancel', plain: true };
  if (CANCEL_APPOINTMENT.has(t)) return { kind: 'cancel', plain: false };
  if (MOVE.has(t)) return { kind: 'move' };
  return undefined;
}

const isOpen = (a: Appointment): boolean => a.status === 'requested' || a.status === 'confirmed';

/** Her own appointment, still open and still ahead; null for anyone else's or one already closed or begun. */
async function ownOpen(ctx: Ctx, id: string): Promise<Appointment | null> {
  if (!ctx.linked) return null;
  const a = await ctx.deps.store.appointments.findById(id);
  return a && a.customerId === ctx.linked.id && isOpen(a) && a.start > ctx.deps.now() ? a : null;
}

/** The upcoming appointment a recent reminder or news was about (the soonest, if several). */
async function recentlyReminded(ctx: Ctx): Promise<Appointment | null> {
  const since = ctx.deps.now().getTime() - REMINDER_REPLY_MS;
  const rows = await ctx.deps.store.outbox.list({ customerId: ctx.linked!.id, status: 'sent', purpose: ['appointment_reminder', 'appointment_update'] }, 200);
  const ids = [...new Set(rows.filter((r) => (r.sentAt?.getTime() ?? 0) >= since).map((r) => r.occasion))];
  const open = (await Promise.all(ids.map((id) => ownOpen(ctx, id)))).filter((a): a is Appointment => a !== null);
  return open.sort((a, b) => a.start.getTime() - b.start.getTime())[0] ?? null;
}

/**
 * Typed "hủy" / "đổi giờ" outside any step. Returns false when the words keep their old meaning ("hủy" with no
 * recent reminder, a chat that has not proven her phone), so the caller goes on as before.
 */
export async function typedAppointmentReply(ctx: Ctx, intent: ReplyIntent): Promise<boolean> {
  if (!ctx.linked || !ctx.trusted) {
    if (intent.kind === 'cancel') return false;
    mayBook(ctx);
    return true;
  }
  if (intent.kind === 'cancel') {
    const a = intent.plain ? await recentlyReminded(ctx) : await nextOpenAppointment(appointmentDeps(ctx), ctx.linked.id);
    if (!a) {
      if (intent.plain) return false;
      say(ctx, { text: bookingCopyOf(ctx).nothingOpen({ you: youOf(ctx) }) });
      return true;
    }
    askCancel(ctx, a);
    return true;
  }
  const a = await nextOpenAppointment(appointmentDeps(ctx), ctx.linked.id);
  if (!a) {
    say(ctx, { text: bookingCopyOf(ctx).nothingOpen({ you: youOf(ctx) }) });
    return true;
  }
  startMove(ctx, a);
  return true;
}

function askCancel(ctx: Ctx, a: Appointment): void {
  const b = bookingCopyOf(ctx);
  ctx.state.booking = { step: 'cancel', appointmentId: a.id };
  say(ctx, {
    text: b.cancelAsk({ you: youOf(ctx), service: a.service, when: formatWhen(a.start, ctx.deps.settings.timeZone, ctx.state.lang) }),
    choices: [
      { label: b.cancelYes, value: `appt_c:cancel_yes:${a.id}` },
      { label: b.keep, value: `appt_c:keep:${a.id}` },
    ],
  });
}

function startMove(ctx: Ctx, a: Appointment): void {
  if (!mayBook(ctx)) return;
  ctx.state.step = null;
  ctx.state.booking = { step: 'day', service: a.service, appointmentId: a.id };
  askDay(ctx, bookingCopyOf(ctx).rescheduleAskDay({ you: youOf(ctx), service: a.service, when: formatWhen(a.start, ctx.deps.settings.timeZone, ctx.state.lang) }));
}

/** A reminder's button, or the answer to "cancel this appointment?". */
export async function answerAppointmentReply(ctx: Ctx, value: string): Promise<void> {
  const b = bookingCopyOf(ctx);
  const you = youOf(ctx);
  const m = APPT_REPLY.exec(value);
  if (!m || !ctx.linked || !ctx.trusted) {
    delete ctx.state.booking;
    if (!ctx.linked || !ctx.trusted) return void mayBook(ctx);
    return void say(ctx, { text: copyOf(ctx).choicePrompt, choices: ctx.state.offered });
  }
  const [, action, id] = m as unknown as [string, string, string];
  const asked = ctx.state.booking?.step === 'cancel' && ctx.state.booking.appointmentId === id;
  if (action === 'keep') {
    if (asked) delete ctx.state.booking;
    return void say(ctx, { text: b.kept({ you }) });
  }
  const a = await ownOpen(ctx, id);
  if (!a) {
    if (asked) delete ctx.state.booking;
    return void say(ctx, { text: b.nothingOpen({ you }) });
  }
  if (action === 'cancel') return askCancel(ctx, a);
  if (action === 'move') return startMove(ctx, a);
  // cancel_yes: only as the answer to this chat's own question about this appointment; otherwise ask it.
  if (!asked) return askCancel(ctx, a);
  delete ctx.state.booking;
  ctx.state.offered = [];
  const r = await closeAppointment(appointmentDeps(ctx), { by: { kind: 'customer', id: ctx.linked.id, channel: ctx.inbound.address.channel }, customerId: ctx.linked.id, id: a.id, status: 'cancelled' });
  if (!r.ok) return void say(ctx, { text: b.nothingOpen({ you }) });
  say(ctx, { text: b.cancelled({ you, when: formatWhen(a.start, ctx.deps.settings.timeZone, ctx.state.lang) }) });
}
