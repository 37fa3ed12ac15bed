// The conversation engine: one event in, reply intents out; state loaded and saved around every step.
import { parseBirthday } from '../domain/birthday.js';
import { businessToday } from '../domain/business-time.js';
import { parseCardValue, type CardLists } from '../domain/card-fields.js';
import { intakeGaps } from '../domain/completeness.js';
import { normalizeName } from '../domain/name.js';
import { parseVnMobile } from '../domain/phone.js';
import type { StoredConversation } from '../store/conversations.js';
import type { Customer } from '../store/customers.js';
import type { StaffMember } from '../store/staff.js';
import { cleanText } from './clean-text.js';
import { copyFor } from './copy/index.js';
import { handleStaff } from './staff/router.js';
import { withSegmentHook } from '../services/segment-hook.js';
import { looksLikeInviteCode, redeem } from './staff/invite.js';
import { capabilitiesOf, copyOf, say, youOf, type Ctx, type EngineDeps } from './turn-context.js';
import { answerStep, back, edit, prompt, skip, advance, INTAKE_CHOICES, type Answer } from './flows/intake.js';
import { applyClaim, claimForVerifiedPhone } from './flows/claims.js';
import { freshDraftState } from './flows/reset.js';
import { rememberStartBranch, startWithPayload } from './flows/start-payload.js';
import { answerBooking, bookingEscape, isBookingChoice, startBooking } from './flows/booking.js';
import { answerAppointmentReply, isAppointmentReplyChoice, replyIntent, typedAppointmentReply } from './flows/booking-replies.js';
import { answerEdit, answerSelfService, askErase, askStop, showMenu, showMyInfo, startEdit, startEditOf } from './flows/self-service.js';
import { canonicalCommand, detectEscape, matchChoice, type EditField } from './keywords.js';
import { isIntakeStep, parseState, storedState, type State } from './state.js';
import type { Engine, Inbound, Reply } from './types.js';
import { needServices } from '../domain/needs.js';

export type { EngineDeps, EngineSettings } from './turn-context.js';

const DAY_MS = 24 * 3_600_000;
const MAX_TEXT = 4_000;
const SAVE_ATTEMPTS = 3;
/** The address check needs none of the spa's lists. */
const NO_LISTS: CardLists = { groups: [], sources: [], branches: [] };

export function createEngine(given: EngineDeps): Engine {
  // Every write a turn makes recomputes the customer's segment (one hook, not one call per command).
  const deps: EngineDeps = { ...given, store: withSegmentHook(given.store, { now: given.now, log: given.log, ...(given.settings.segments ? { settings: given.settings.segments } : {}) }) };
  // No queue here: channels run a chat's turns one at a time (src/channels/chat-turns.ts), because a turn
  // includes sending its replies; concurrent callers anyway meet the conversation's version check below.
  async function handleOnce(inbound: Inbound): Promise<Reply[]> {
    for (let attempt = 1; ; attempt++) {
      const stored = await deps.store.conversations.load(inbound.address);
      if (inbound.eventId && stored?.recentEventIds.includes(inbound.eventId)) return [];
      // The conversation names its customer, so a customer's message costs this one read and one write;
      // staff chats are recognised from the staff directory snapshot before any database read.
      const [link, member] = await Promise.all([linkOf(deps, inbound, stored), staffMemberOf(deps, inbound)]);
      const lang = link?.customer.language ?? deps.settings.defaultLanguage;
      const { state, outdated } = parseState(stored?.state, lang);
      const ctx: Ctx = {
        inbound,
        state,
        linked: link?.customer ?? null,
        trusted: link?.trusted ?? false,
        deps,
        replies: [],
      };
      // Linked since (staff confirmed the claim): nothing is pending any more.
      if (ctx.linked && ctx.state.claim) delete ctx.state.claim;
      const now = deps.now();
      const silentFor = stored?.lastInboundAt ? now.getTime() - stored.lastInboundAt.getTime() : 0;

      if (outdated) say(ctx, { text: copyOf(ctx).flowUpdated });
      if (member) {
        await handleStaff(ctx, member);
        if (ctx.replies.length === 0) say(ctx, { text: copyOf(ctx).choicePrompt, choices: ctx.state.offered });
      } else {
        await route(ctx, silentFor > (deps.settings.silenceMs ?? DAY_MS));
        // Never silent: whatever fell through is answered by the current question, or a fresh start.
        if (ctx.replies.length === 0) {
          if (isIntakeStep(ctx.state.step)) prompt(ctx);
          else start(ctx);
        }
      }

      const saved = await deps.store.conversations.save(inbound.address, stored, {
        state: storedState(ctx.state),
        ...(inbound.eventId ? { eventId: inbound.eventId } : {}),
        lastInboundAt: now,
        recentEventIds: stored?.recentEventIds ?? [],
        link: ctx.linked ? { customerId: ctx.linked.id, trusted: ctx.trusted } : null,
      });
      if (saved) return ctx.replies;
      if (attempt >= SAVE_ATTEMPTS) throw new Error('conversation kept changing under this event');
    }
  }

  return {
    async handle(inbound: Inbound): Promise<Reply[]> {
      if (inbound.chatType === 'group') {
        // Customer flows are private; in a group the bot answers only when addressed by a command.
        return inbound.event.kind === 'command' ? [{ text: copyFor(deps.settings.defaultLanguage).groupNotice }] : [];
      }
      return handleOnce(inbound);
    },
  };
}

/**
 * The customer this chat speaks for. A conversation saved before links were kept on it asks channel_identities
 * once; otherwise the customer document alone, and an erased or missing customer means no link.
 */
async function linkOf(deps: EngineDeps, inbound: Inbound, stored: StoredConversation | null): Promise<{ customer: Customer; trusted: boolean } | null> {
  if (stored?.link === undefined) return deps.store.customers.findLink(inbound.address);
  // A chat waiting on a pending claim asks channel_identities, where a staff member's confirmation links it.
  if (stored.link === null) return hasPendingClaim(stored.state) ? deps.store.customers.findLink(inbound.address) : null;
  const customer = await deps.store.customers.findById(stored.link.customerId);
  return customer ? { customer, trusted: stored.link.trusted } : null;
}

function hasPendingClaim(state: unknown): boolean {
  return typeof state === 'object' && state !== null && typeof (state as { claim?: unknown }).claim === 'string';
}

/** Staff are recognised by their chat; owners listed in the config become staff on their first message. */
async function staffMemberOf(deps: EngineDeps, inbound: Inbound): Promise<StaffMember | null> {
  const { address } = inbound;
  if (!capabilitiesOf(deps, inbound).staffChats) return null;
  const owner = deps.settings.owners?.some((o) => o.channel === address.channel && o.userId === address.userId) === true;
  if (!owner && !(await deps.store.staff.mayBeStaff(address))) return null;
  const member = await deps.store.staff.findByAddress(address);
  if (member) return member;
  if (owner) {
    const added = await deps.store.staff.add({ name: inbound.profile?.displayName?.trim().slice(0, 80) || 'Owner', role: 'owner', chats: [{ channel: address.channel, userId: address.userId }] });
    if (added.ok) return added.value;
    return deps.store.staff.findByAddress(address);
  }
  return null;
}


async function route(ctx: Ctx, afterSilence: boolean): Promise<void> {
  const c = copyOf(ctx);
  const ev = ctx.inbound.event;
  const s = ctx.state;

  // A customer's photo is never downloaded or stored: photos are taken by staff, with her photo consent.
  if (ev.kind === 'unsupported' || ev.kind === 'photo') {
    say(ctx, { text: c.unsupported({ you: youOf(ctx) }) });
    if (isIntakeStep(s.step)) prompt(ctx);
    return;
  }
  if (ev.kind === 'command') return command(ctx, ev.command, ev.args);

  let answer: Answer;
  if (ev.kind === 'text') {
    const text = cleanText(ev.text);
    if (text.length > MAX_TEXT) {
      say(ctx, { text: c.tooLong });
      if (s.step) repeatQuestion(ctx);
      return;
    }
    const picked = s.offered.length ? matchChoice(text, s.offered) : undefined;
    if (picked) answer = { kind: 'choice', value: picked.value };
    else {
      const escape = detectEscape(text);
      // "hủy" / "đổi giờ" answering an appointment reminder, when no intake, edit or yes/no step is under way.
      const intent = replyIntent(text);
      if (intent && !s.booking && !isIntakeStep(s.step) && s.step !== 'resume' && s.step !== 'confirm_stop' && s.step !== 'confirm_erase' && s.step !== 'edit_pick' && s.step !== 'edit_value') {
        if (await typedAppointmentReply(ctx, intent)) return;
      }
      if (escape && s.booking) return bookingEscape(ctx, escape);
      if (escape) return applyEscape(ctx, escape);
      answer = { kind: 'text', text };
    }
  } else if (ev.kind === 'choice') {
    answer = { kind: 'choice', value: ev.value };
  } else if (ev.kind === 'contact') {
    answer = { kind: 'contact', phone: ev.phone, verified: ev.verified };
  } else {
    return acceptInfo(ctx, ev);
  }

  if (answer.kind === 'choice') {
    // Buttons that are escapes, whether pressed or typed as their label or number.
    if (answer.value === INTAKE_CHOICES.skip) return applyEscape(ctx, { kind: 'skip' });
    if (answer.value === INTAKE_CHOICES.back) return applyEscape(ctx, { kind: 'back' });
    const editMatch = /^edit:(name|phone|birthday|needs)$/.exec(answer.value);
    if (editMatch) return applyEscape(ctx, { kind: 'edit', field: editMatch[1] as EditField });
    const consentEdit = /^edit:(health|photo)$/.exec(answer.value);
    if (consentEdit) {
      // The confirm card's buttons for the two optional consents; outside the intake, a stale one changes nothing.
      if (!isIntakeStep(s.step)) return s.step === null ? start(ctx) : repeatQuestion(ctx);
      if (s.step === 'consent') return prompt(ctx);
      return edit(ctx, consentEdit[1] as 'health' | 'photo');
    }
  }
  if (answer.kind === 'choice' && isAppointmentReplyChoice(answer.value)) return answerAppointmentReply(ctx, answer.value);
  // A booking under way (or a booking button from an earlier one) is the booking flow's; it checks every value.
  if (s.booking || (answer.kind === 'choice' && isBookingChoice(answer.value))) {
    return answerBooking(ctx, answer.kind === 'text' ? answer : answer.kind === 'choice' ? answer : { kind: 'other' });
  }
  if (s.step === 'resume') return answerResume(ctx, answer);
  if (isIntakeStep(s.step)) {
    if (afterSilence && answer.kind !== 'choice') return askResume(ctx);
    return answerStep(ctx, answer);
  }
  if (s.step === 'menu' || s.step === 'confirm_stop' || s.step === 'confirm_erase') {
    return answerSelfService(ctx, answer.kind === 'choice' ? answer.value : undefined);
  }
  if (s.step === 'edit_pick' || s.step === 'edit_value') return answerEdit(ctx, answer);
  // Idle: a verified phone can upgrade a chat's trust; anything else (re)starts the conversation.
  if (answer.kind === 'contact' && answer.verified) {
    if (await verifyClaim(ctx, answer.phone)) return;
    if (ctx.linked && !ctx.trusted && ctx.linked.phone) return verifyLinkedPhone(ctx, answer.phone);
  }
  // A chat with something to prove is told why someone else's card does not count, rather than restarted.
  if (answer.kind === 'contact' && !answer.verified && (ctx.state.claim || (ctx.linked && !ctx.trusted))) {
    say(ctx, { text: copyOf(ctx).foreignContact({ you: youOf(ctx) }), requestPhone: { label: copyOf(ctx).sharePhoneButton } });
    return;
  }
  return start(ctx);
}

function repeatQuestion(ctx: Ctx): void {
  if (isIntakeStep(ctx.state.step)) prompt(ctx);
  else if (ctx.state.offered.length) say(ctx, { text: copyOf(ctx).choicePrompt, choices: ctx.state.offered });
}

/** /start, or the first message of a chat: intake for new guests, only the gaps for known ones, else the menu. */
function start(ctx: Ctx): void {
  const c = copyOf(ctx);
  const linked = ctx.linked;
  if (isIntakeStep(ctx.state.step)) {
    prompt(ctx);
    return;
  }
  freshDraftState(ctx);
  if (!linked) {
    say(ctx, { text: c.greeting({ spa: ctx.deps.settings.spaName, you: youOf(ctx) }) });
    advance(ctx, null);
    return;
  }
  if (intakeGaps(linked).length === 0) return showMenu(ctx);
  const d = ctx.state.data;
  if (!ctx.trusted) {
    // Linked by a typed phone (before pending claims existed): the gaps are asked like a registration that typed
    // the number, so nothing stored is shown and saving keeps the answers as a pending claim (save-decision.ts).
    d.existingId = linked.id;
    d.existingTrusted = false;
    if (linked.phone) d.phone = linked.phone;
    d.phoneVerified = false;
    advance(ctx, null);
    return;
  }
  if (linked.consent.care) d.consentAt = ctx.deps.now().toISOString();
  d.marketing = linked.consent.marketing || undefined;
  // A consent she already gave (in a chat or on paper) is not asked again; one she refused or never gave is.
  d.health = linked.consent.health || undefined;
  d.photo = linked.consent.photo || undefined;
  d.name = linked.name;
  if (linked.phone) d.phone = linked.phone;
  d.phoneVerified = linked.phoneVerified;
  if (linked.birthday) d.birthday = linked.birthday;
  if (linked.needs.length) d.needs = needServices(linked.needs);
  advance(ctx, null);
}

async function command(ctx: Ctx, raw: string, args: string): Promise<void> {
  const c = copyOf(ctx);
  const cmd = canonicalCommand(raw);
  // Another command leaves a booking unfinished (help and the language keep it; "hủy" stops it below).
  if (ctx.state.booking && cmd !== 'help' && cmd !== 'lang' && cmd !== 'cancel') delete ctx.state.booking;
  switch (cmd) {
    case 'booking':
      return startBooking(ctx);
    case 'start':
      if (args.trim() && (await startWithPayload(ctx, args))) return;
      if (args.trim() && looksLikeInviteCode(args) && (await redeem(ctx, args))) return;
      start(ctx);
      // start() begins a fresh draft: the branch of the link she came by goes with it.
      return rememberStartBranch(ctx, args);
    case 'help':
      say(ctx, { text: c.help({ you: youOf(ctx) }) });
      return repeatQuestion(ctx);
    case 'cancel':
      if (ctx.state.booking) return bookingEscape(ctx, { kind: 'cancel' });
      return applyEscape(ctx, { kind: 'cancel' });
    case 'back':
      return applyEscape(ctx, { kind: 'back' });
    case 'skip':
      return applyEscape(ctx, { kind: 'skip' });
    case 'stop':
      return askStop(ctx);
    case 'erase':
      return askErase(ctx);
    case 'me':
      return showMyInfo(ctx);
    case 'edit':
      return startEdit(ctx, args);
    case 'lang': {
      const lang = /^\s*(en|english|tieng anh)\s*$/i.test(args) ? 'en' : /^\s*(vi|vn|viet|tieng viet)\s*$/i.test(args) ? 'vi' : ctx.state.lang === 'vi' ? 'en' : 'vi';
      ctx.state.lang = lang;
      if (ctx.linked && ctx.trusted) await ctx.deps.store.customers.update(ctx.linked.id, { language: lang }, { kind: 'customer', channel: ctx.inbound.address.channel });
      say(ctx, { text: copyFor(lang).languageSet });
      return repeatQuestion(ctx);
    }
    default:
      say(ctx, { text: c.help({ you: youOf(ctx) }) });
      return repeatQuestion(ctx);
  }
}

function applyEscape(ctx: Ctx, escape: ReturnType<typeof detectEscape> & object): void {
  const c = copyOf(ctx);
  const s = ctx.state;
  if (escape.kind === 'help') {
    say(ctx, { text: c.help({ you: youOf(ctx) }) });
    return repeatQuestion(ctx);
  }
  if (escape.kind === 'cancel') {
    const active = s.step !== null;
    const you = youOf(ctx);
    freshDraftState(ctx);
    say(ctx, { text: active ? c.cancelled({ you }) : c.nothingToCancel });
    return;
  }
  if (!isIntakeStep(s.step)) {
    if (escape.kind === 'edit' && ctx.linked) return startEditOf(ctx, escape.field);
    if (s.step === null) return start(ctx);
    return repeatQuestion(ctx);
  }
  if (escape.kind === 'back') return back(ctx);
  if (escape.kind === 'skip') return skip(ctx);
  if (s.step === 'consent') {
    // Nothing may be asked before consent.
    return prompt(ctx);
  }
  return edit(ctx, escape.field);
}

function askResume(ctx: Ctx): void {
  const c = copyOf(ctx);
  ctx.state.resumeStep = ctx.state.step as State['resumeStep'];
  ctx.state.step = 'resume';
  say(ctx, {
    text: c.resumeQuestion({ you: youOf(ctx) }),
    choices: [
      { label: c.resumeContinue, value: 'resume:continue' },
      { label: c.resumeRestart, value: 'resume:restart' },
    ],
  });
}

function answerResume(ctx: Ctx, answer: Answer): void {
  const value = answer.kind === 'choice' ? answer.value : undefined;
  if (value === 'resume:continue' && ctx.state.resumeStep) {
    ctx.state.step = ctx.state.resumeStep;
    delete ctx.state.resumeStep;
    prompt(ctx);
    return;
  }
  if (value === 'resume:restart') {
    freshDraftState(ctx);
    return start(ctx);
  }
  ctx.state.step = ctx.state.resumeStep ?? null;
  askResume(ctx);
}

async function verifyLinkedPhone(ctx: Ctx, phone: string): Promise<void> {
  const parsed = parseVnMobile(phone);
  if (parsed.ok && parsed.value.e164 === ctx.linked!.phone) {
    await ctx.deps.store.customers.linkIdentity(ctx.linked!.id, ctx.inbound.address, { trusted: true });
    ctx.trusted = true;
    return showMyInfo(ctx);
  }
  say(ctx, { text: copyOf(ctx).foreignContact({ you: youOf(ctx) }) });
}

/** The chat proves the phone of a customer it registered for by typing: its pending answers now apply. */
async function verifyClaim(ctx: Ctx, phone: string): Promise<boolean> {
  const parsed = parseVnMobile(phone);
  if (!parsed.ok) return false;
  const found = await claimForVerifiedPhone(ctx.deps.store, ctx.inbound.address, parsed.value.e164);
  if (!found) return false;
  const customer = await applyClaim(ctx.deps.store, found.claim, { kind: 'customer', id: found.customer.id, channel: ctx.inbound.address.channel });
  if (!customer) return false;
  ctx.linked = customer;
  ctx.trusted = true;
  delete ctx.state.claim;
  await showMyInfo(ctx);
  return true;
}

/** Zalo's one-card hand-over: every valid field is taken, then the flow asks only what is still missing. */
async function acceptInfo(ctx: Ctx, ev: { name?: string; phone?: string; birthday?: string; address?: string }): Promise<void> {
  if (!isIntakeStep(ctx.state.step)) start(ctx);
  ctx.replies.length = 0;
  const d = ctx.state.data;
  const name = ev.name ? normalizeName(ev.name) : undefined;
  if (name?.ok) d.name = name.value;
  const birthday = ev.birthday ? parseBirthday(ev.birthday, businessToday(ctx.deps.now(), ctx.deps.settings.timeZone)) : undefined;
  if (birthday?.ok) d.birthday = birthday.value;
  // The card's address is kept (issue 17) when it passes the card's own check; a bad one is simply not taken.
  const address = ev.address ? parseCardValue('address', ev.address, businessToday(ctx.deps.now(), ctx.deps.settings.timeZone), NO_LISTS) : undefined;
  if (address?.ok && address.value.field === 'address') d.address = address.value.text;
  const phone = ev.phone ? parseVnMobile(ev.phone) : undefined;
  // Zalo hands over whatever number the user put in the form, and nothing in its documentation says it checked
  // that number (zalo-platform.md): it counts as typed, so it can never open or change someone else's record.
  if (phone?.ok && ctx.state.data.consentAt) {
    ctx.state.step = 'phone';
    return answerStep(ctx, { kind: 'text', text: phone.value.e164 });
  }
  if (phone?.ok) {
    d.phone = phone.value.e164;
    d.phoneVerified = false;
  }
  advance(ctx, null);
}
