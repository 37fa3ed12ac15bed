// Staff chats: commands with Vietnamese names and English aliases; free text searches when nothing is open.
import { foldDiacritics } from '../../domain/name.js';
import type { StaffMember } from '../../store/staff.js';
import { say, type Ctx } from '../turn-context.js';
import { cleanText } from '../clean-text.js';
import { copyFor } from '../copy/index.js';
import { matchChoice } from '../keywords.js';
import { answerAdd, startAdd } from './add-customer.js';
import { answerClaim, isClaimChoice } from './claims.js';
import { staffCopyOf, staffCtxOf } from './staff-ctx.js';
import { answerInviteChoice, invite, isInviteChoice } from './invite.js';
import { answerChatLinkChoice, askPaperConsent, isChatLinkChoice, linkCommand } from './chat-link.js';
import { webLogin } from './web-login.js';
import { openCustomer, search, viewOpen } from './lookup.js';
import { addNote, answerCallConfirm, listBirthdays, listMissing, logCall } from './work-log.js';
import { answerSegments, isSegmentChoice, showSegmentCounts } from './segments.js';
import { MONEY_COMMANDS, moneyCommand, visitCommand } from './money.js';
import { answerAppointmentChoice, answerAppointmentStep, isAppointmentChoice, startBooking } from './appointments.js';
import { listToday } from './appointments-today.js';
import { answerMerge, isMergeChoice, mergeCommand } from './merge.js';
import { answerEditChoice, answerEditText, editCommand, fillCommand, isAsking, isEditChoice, stopEdit } from './card-edit.js';
import { answerAnnouncement, isAnnouncementChoice } from './announcement.js';
import { answerCampaignChoice, answerCampaignText, campaignCommand, isCampaignChoice } from './campaigns.js';
import { answerPhotoChoice, isPhotoChoice, receivePhoto } from './photos.js';

const STAFF_COMMANDS: Record<string, string> = {
  kh: 'add',
  add: 'add',
  them: 'add',
  tim: 'find',
  find: 'find',
  search: 'find',
  xem: 'view',
  view: 'view',
  ghichu: 'note',
  note: 'note',
  goi: 'call',
  call: 'call',
  ghe: 'visit',
  visit: 'visit',
  thieu: 'missing',
  missing: 'missing',
  sinhnhat: 'birthdays',
  birthdays: 'birthdays',
  moi: 'invite',
  invite: 'invite',
  huy: 'cancel',
  cancel: 'cancel',
  help: 'help',
  trogiup: 'help',
  start: 'help',
  lang: 'lang',
  lienket: 'link',
  link: 'link',
  dongy: 'consent',
  consent: 'consent',
  hen: 'book',
  book: 'book',
  homnay: 'today',
  today: 'today',
  web: 'web',
  trang: 'web',
  phanloai: 'segments',
  segments: 'segments',
  gop: 'merge',
  merge: 'merge',
  sua: 'edit',
  edit: 'edit',
  bosung: 'fill',
  fill: 'fill',
  chiendich: 'campaign',
  campaign: 'campaign',
  campaigns: 'campaign',
};

export async function handleStaff(base: Ctx, member: StaffMember): Promise<void> {
  const ctx = staffCtxOf(base, member);
  const ev = ctx.inbound.event;
  const st = ctx.state.staff;
  const s = staffCopyOf(ctx);

  if (ev.kind === 'command') {
    const cmd = STAFF_COMMANDS[foldDiacritics(ev.command)];
    // A new command drops an unanswered "log the call anyway?" question (cancel clears it below).
    if (st.step === 'call_confirm' && cmd !== undefined && cmd !== 'cancel') {
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
    switch (cmd) {
      case 'add':
        return startAdd(ctx, ev.args);
      case 'find':
        return search(ctx, ev.args);
      case 'view':
        return viewOpen(ctx);
      case 'note':
        return addNote(ctx, ev.args);
      case 'call':
        return logCall(ctx, ev.args);
      case 'visit':
        return visitCommand(ctx, ev.args);
      case 'missing':
        return listMissing(ctx);
      case 'birthdays':
        return listBirthdays(ctx);
      case 'invite':
        return invite(ctx, ev.args);
      case 'link':
        return linkCommand(ctx);
      case 'consent':
        return askPaperConsent(ctx);
      case 'book':
        return startBooking(ctx, ev.args);
      case 'today':
        return listToday(ctx);
      case 'web':
        return webLogin(ctx);
      case 'segments':
        return showSegmentCounts(ctx);
      case 'merge':
        return mergeCommand(ctx, ev.args);
      case 'edit':
        return editCommand(ctx, ev.args);
      case 'fill':
        return fillCommand(ctx);
      case 'campaign':
        return campaignCommand(ctx, ev.args);
      case 'cancel':
        st.step = null;
        st.draft = { needs: [] };
        delete st.pendingCall;
        delete st.merge;
        ctx.state.offered = [];
        if (editing) return stopEdit(ctx, editing);
        return void say(ctx, { text: s.cancelled });
      case 'lang': {
        ctx.state.lang = /en/i.test(ev.args) ? 'en' : /vi/i.test(ev.args) ? 'vi' : ctx.state.lang === 'vi' ? 'en' : 'vi';
        return void say(ctx, { text: copyFor(ctx.state.lang).languageSet });
      }
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
  if (choice !== undefined && isAppointmentChoice(choice)) return answerAppointmentChoice(ctx, choice);
  if (st.appointments?.step && text !== undefined) return answerAppointmentStep(ctx, text);
  if (choice !== undefined && isEditChoice(choice)) return answerEditChoice(ctx, choice);
  if (text !== undefined && isAsking(ctx)) return answerEditText(ctx, text);
  if (choice !== undefined && isClaimChoice(choice)) return answerClaim(ctx, choice);
  if (choice !== undefined && isChatLinkChoice(choice)) return answerChatLinkChoice(ctx, choice);
  if (choice !== undefined && isSegmentChoice(choice)) return answerSegments(ctx, choice);
  if (choice !== undefined && isMergeChoice(choice)) return answerMerge(ctx, choice);
  if (choice !== undefined && isCampaignChoice(choice)) return answerCampaignChoice(ctx, choice);
  if (st.campaign && text !== undefined) return answerCampaignText(ctx, text);
  if (choice !== undefined && isPhotoChoice(choice)) return answerPhotoChoice(ctx, choice);
  if (choice !== undefined && isInviteChoice(choice)) return answerInviteChoice(ctx, choice);
  if (choice?.startsWith('open:')) {
    st.step = null;
    return openCustomer(ctx, choice.slice('open:'.length));
  }
  if (st.step === 'call_confirm') return answerCallConfirm(ctx, choice);
  if (st.step) return answerAdd(ctx, { ...(text !== undefined ? { text } : {}), ...(choice !== undefined ? { choice } : {}) });
  if (text) return search(ctx, text);
  say(ctx, { text: s.help({ name: member.name, canInvite: member.role !== 'staff' }) });
}
