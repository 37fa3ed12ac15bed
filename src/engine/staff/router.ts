// Staff chats: a command goes to its handler (./commands.ts); a button or text to the first route that claims it.
import { foldDiacritics } from '../../domain/name.js';
import type { StaffMember } from '../../store/staff.js';
import { say, type Ctx } from '../turn-context.js';
import { cleanText } from '../clean-text.js';
import { copyFor } from '../copy/index.js';
import { matchChoice } from '../keywords.js';
import { answerAdd } from './add-customer.js';
import { answerClaim, isClaimChoice } from './claims.js';
import { staffCopyOf, staffCtxOf, type StaffCtx } from './staff-ctx.js';
import { answerInviteChoice, isInviteChoice } from './invite.js';
import { answerChatLinkChoice, isChatLinkChoice } from './chat-link.js';
import { openCustomer, search } from './lookup.js';
import { answerCallConfirm } from './work-log.js';
import { answerSegments, isSegmentChoice } from './segments.js';
import { MONEY_COMMANDS, moneyCommand } from './money.js';
import { answerAppointmentChoice, answerAppointmentStep, isAppointmentChoice } from './appointments.js';
import { answerMerge, isMergeChoice } from './merge.js';
import { answerEditChoice, answerEditText, isAsking, isEditChoice, stopEdit } from './card-edit.js';
import { answerAnnouncement, isAnnouncementChoice } from './announcement.js';
import { answerCampaignChoice, answerCampaignText, isCampaignChoice } from './campaigns.js';
import { answerPhotoChoice, isPhotoChoice, receivePhoto } from './photos.js';
import { staffCommand } from './commands.js';
import { answerNeedChoice, isNeedChoice } from './need-stages.js';

export async function handleStaff(base: Ctx, member: StaffMember): Promise<void> {
  const ctx = staffCtxOf(base, member);
  const ev = ctx.inbound.event;
  const st = ctx.state.staff;
  const s = staffCopyOf(ctx);

  if (ev.kind === 'command') {
    const cmd = staffCommand(ev.command);
    // A new command drops an unanswered "log the call anyway?" question (cancel clears it below).
    if (st.step === 'call_confirm' && cmd.kind !== 'unknown' && cmd.kind !== 'cancel') {
      st.step = null;
      delete st.pendingCall;
    }
    // Any command leaves an open appointment question (a new time, an amount) or card edit unanswered.
    delete st.appointments;
    const editing = st.edit;
    delete st.edit;
    // And a campaign half made (the next /chiendich starts from its list again).
    delete st.campaign;
    const money = MONEY_COMMANDS[foldDiacritics(ev.command)];
    if (money) return moneyCommand(ctx, money, ev.args);
    switch (cmd.kind) {
      case 'run':
        return cmd.run(ctx, ev.args);
      case 'cancel':
        st.step = null;
        st.draft = { needs: [] };
        delete st.pendingCall;
        delete st.merge;
        ctx.state.offered = [];
        if (editing) return stopEdit(ctx, editing);
        return void say(ctx, { text: s.cancelled });
      case 'lang':
        ctx.state.lang = /en/i.test(ev.args) ? 'en' : /vi/i.test(ev.args) ? 'vi' : ctx.state.lang === 'vi' ? 'en' : 'vi';
        return void say(ctx, { text: copyFor(ctx.state.lang).languageSet });
      default:
        return void say(ctx, { text: s.help({ name: member.name, canInvite: member.role !== 'staff' }) });
    }
  }

  // A photo goes on the open customer's card (or is refused); whatever question was open stays open.
  if (ev.kind === 'photo') return receivePhoto(ctx, ev);

  // Buttons (or their typed label/number) are honoured only if this chat was offered them: a forged
  // callback cannot open or write to a customer the member was never shown.
  let choice: string | undefined;
  let text: string | undefined;
  if (ev.kind === 'choice') choice = ctx.state.offered.some((o) => o.value === ev.value) ? ev.value : undefined;
  else if (ev.kind === 'text') {
    text = cleanText(ev.text).slice(0, 2000);
    choice = ctx.state.offered.length ? matchChoice(text, ctx.state.offered)?.value : undefined;
  } else if (ev.kind === 'contact') text = ev.phone;

  // A button of anything else ends a card edit, so text typed next is not taken as a field's value.
  if (ev.kind === 'choice' && !isEditChoice(ev.value)) delete st.edit;
  if (ev.kind === 'choice' && !isCampaignChoice(ev.value)) delete st.campaign;
  // Appointment buttons also come in outbox messages (requests, the end-of-day question), and so do new-registration
  // announcements: they are checked against the appointment and the member's branch, or the announcement row, in
  // their handlers instead of against what this chat was offered.
  if (ev.kind === 'choice' && isAppointmentChoice(ev.value)) return answerAppointmentChoice(ctx, ev.value);
  if (ev.kind === 'choice' && isAnnouncementChoice(ev.value)) return answerAnnouncement(ctx, ev.value);
  if (ev.kind === 'choice' && choice === undefined) return void say(ctx, { text: s.notAllowed });
  const turn: Turn = { ...(choice !== undefined ? { choice } : {}), ...(text !== undefined ? { text } : {}) };
  const route = ROUTES.find((r) => r.when(ctx, turn));
  if (route) return route.run(ctx, turn);
  say(ctx, { text: s.help({ name: member.name, canInvite: member.role !== 'staff' }) });
}

interface Turn {
  /** An offered button, tapped or typed as its label or number. */
  choice?: string;
  /** What was typed (or the shared contact's phone). */
  text?: string;
}
interface Route {
  when: (ctx: StaffCtx, t: Turn) => boolean;
  run: (ctx: StaffCtx, t: Turn) => Promise<void>;
}
const tapped = (is: (v: string) => boolean) => (_: StaffCtx, t: Turn) => t.choice !== undefined && is(t.choice);
const typed = (open: (ctx: StaffCtx) => boolean) => (ctx: StaffCtx, t: Turn) => t.text !== undefined && open(ctx);

/**
 * First match wins, so the order is the precedence: an open question's typed answer outranks the
 * buttons of features after it, and an unfinished intake (st.step) only gets what nothing else claimed.
 */
const ROUTES: readonly Route[] = [
  { when: tapped(isAppointmentChoice), run: (ctx, t) => answerAppointmentChoice(ctx, t.choice!) },
  { when: typed((ctx) => Boolean(ctx.state.staff.appointments?.step)), run: (ctx, t) => answerAppointmentStep(ctx, t.text!) },
  { when: tapped(isEditChoice), run: (ctx, t) => answerEditChoice(ctx, t.choice!) },
  { when: typed(isAsking), run: (ctx, t) => answerEditText(ctx, t.text!) },
  { when: tapped(isClaimChoice), run: (ctx, t) => answerClaim(ctx, t.choice!) },
  { when: tapped(isNeedChoice), run: (ctx, t) => answerNeedChoice(ctx, t.choice!) },
  { when: tapped(isChatLinkChoice), run: (ctx, t) => answerChatLinkChoice(ctx, t.choice!) },
  { when: tapped(isSegmentChoice), run: (ctx, t) => answerSegments(ctx, t.choice!) },
  { when: tapped(isMergeChoice), run: (ctx, t) => answerMerge(ctx, t.choice!) },
  { when: tapped(isCampaignChoice), run: (ctx, t) => answerCampaignChoice(ctx, t.choice!) },
  { when: typed((ctx) => Boolean(ctx.state.staff.campaign)), run: (ctx, t) => answerCampaignText(ctx, t.text!) },
  { when: tapped(isPhotoChoice), run: (ctx, t) => answerPhotoChoice(ctx, t.choice!) },
  { when: tapped(isInviteChoice), run: (ctx, t) => answerInviteChoice(ctx, t.choice!) },
  {
    when: tapped((v) => v.startsWith('open:')),
    run: (ctx, t) => {
      ctx.state.staff.step = null;
      return openCustomer(ctx, t.choice!.slice('open:'.length));
    },
  },
  { when: (ctx) => ctx.state.staff.step === 'call_confirm', run: (ctx, t) => answerCallConfirm(ctx, t.choice) },
  { when: (ctx) => Boolean(ctx.state.staff.step), run: (ctx, t) => answerAdd(ctx, t) },
  { when: (_, t) => Boolean(t.text), run: (ctx, t) => search(ctx, t.text!) },
];
