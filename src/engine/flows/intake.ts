// The customer intake: consent → marketing → health notes → photos → name → phone → birthday → needs → confirm card → save.
import { parseBirthday } from '../../domain/birthday.js';
import { businessToday } from '../../domain/business-time.js';
import { normalizeName } from '../../domain/name.js';
import { parseVnMobile } from '../../domain/phone.js';
import type { Choice } from '../types.js';
import { capabilitiesOf, copyOf, say, youOf, cardOf, type Ctx } from '../turn-context.js';
import type { EditField } from '../keywords.js';
import { INTAKE_STEPS, OPTIONAL_STEPS, type IntakeStep } from '../state.js';
import { saveDraft } from './save.js';
import { needServices } from '../../domain/needs.js';

/** The values the intake puts on its buttons; a press comes back as a `choice` answer carrying one of them. */
export const INTAKE_CHOICES = {
  consentYes: 'consent:yes',
  consentNo: 'consent:no',
  marketingYes: 'mkt:yes',
  marketingNo: 'mkt:no',
  healthYes: 'health:yes',
  healthNo: 'health:no',
  photoYes: 'photo:yes',
  photoNo: 'photo:no',
  nameProfile: 'name:profile',
  skip: 'skip',
  back: 'back',
  needsDone: 'needs:done',
  save: 'save',
  edit: (f: IntakeEdit) => `edit:${f}`,
} as const;

const MAX_NOTE = 500;
const TRIES_BEFORE_SKIP_OFFER = 3;

/** What the guest may go back and change from the confirm card: her answers, and the two optional consents. */
export type IntakeEdit = EditField | 'health' | 'photo';

/** An answer to the current step: typed text, a button, or a phone vouched for by the platform. */
export type Answer = { kind: 'text'; text: string } | { kind: 'choice'; value: string } | { kind: 'contact'; phone: string; verified: boolean };

function answered(ctx: Ctx, step: IntakeStep): boolean {
  const d = ctx.state.data;
  switch (step) {
    case 'consent':
      return d.consentAt !== undefined;
    case 'marketing':
      return d.marketing !== undefined;
    case 'health':
      return d.health !== undefined || d.healthSkipped === true;
    case 'photo':
      return d.photo !== undefined || d.photoSkipped === true;
    case 'name':
      return d.name !== undefined;
    case 'phone':
      return d.phone !== undefined;
    case 'birthday':
      return d.birthday !== undefined || d.birthdaySkipped === true;
    case 'needs':
      return (d.needs?.length ?? 0) > 0 || d.needsNote !== undefined || d.needsSkipped === true;
    case 'confirm':
      return false;
  }
}

/** Moves to the first unanswered step (known answers are not asked twice) and asks it. */
export function advance(ctx: Ctx, from: IntakeStep | null): void {
  const s = ctx.state;
  if (s.returnToConfirm) {
    s.returnToConfirm = false;
    goTo(ctx, 'confirm', from);
    return;
  }
  // From the top: a jump ahead ("sửa ngày sinh" while on the name) must not leave an earlier question unasked.
  const next = INTAKE_STEPS.find((step) => !answered(ctx, step)) ?? 'confirm';
  goTo(ctx, next, from);
}

export function goTo(ctx: Ctx, step: IntakeStep, from: IntakeStep | null): void {
  if (from !== null && from !== step && from !== 'confirm') ctx.state.history.push(from);
  ctx.state.step = step;
  ctx.state.tries = 0;
  prompt(ctx);
}

export function prompt(ctx: Ctx): void {
  const c = copyOf(ctx);
  const you = youOf(ctx);
  const spa = ctx.deps.settings.spaName;
  const step = ctx.state.step as IntakeStep;
  const skipOffer = OPTIONAL_STEPS.includes(step) && ctx.state.tries >= TRIES_BEFORE_SKIP_OFFER;
  switch (step) {
    case 'consent':
      say(ctx, { text: c.consentQuestion({ spa, you }), choices: [{ label: c.consentYes, value: INTAKE_CHOICES.consentYes }, { label: c.consentNo, value: INTAKE_CHOICES.consentNo }] });
      return;
    case 'marketing':
      say(ctx, { text: c.marketingQuestion({ spa, you }), choices: [{ label: c.yes, value: INTAKE_CHOICES.marketingYes }, { label: c.no, value: INTAKE_CHOICES.marketingNo }] });
      return;
    case 'health':
      say(ctx, { text: c.healthQuestion({ spa, you }), choices: [{ label: c.yes, value: INTAKE_CHOICES.healthYes }, { label: c.no, value: INTAKE_CHOICES.healthNo }, { label: c.skip, value: INTAKE_CHOICES.skip }] });
      return;
    case 'photo':
      say(ctx, { text: c.photoQuestion({ spa, you }), choices: [{ label: c.yes, value: INTAKE_CHOICES.photoYes }, { label: c.no, value: INTAKE_CHOICES.photoNo }, { label: c.skip, value: INTAKE_CHOICES.skip }] });
      return;
    case 'name': {
      const suggestion = ctx.inbound.profile?.displayName ? normalizeName(ctx.inbound.profile.displayName) : undefined;
      const choices: Choice[] = suggestion?.ok ? [{ label: suggestion.value, value: INTAKE_CHOICES.nameProfile }] : [];
      say(ctx, { text: c.askName({ you }), ...(choices.length ? { choices } : {}) });
      if (!choices.length) ctx.state.offered = [];
      return;
    }
    case 'phone':
      ctx.state.offered = [];
      // Only a channel that vouches for the phone gets the share-my-phone button; elsewhere the guest types it.
      if (capabilitiesOf(ctx.deps, ctx.inbound).verifiedPhone) say(ctx, { text: c.askPhone({ you }), requestPhone: { label: c.sharePhoneButton } });
      else say(ctx, { text: c.askPhoneTyped({ you }) });
      return;
    case 'birthday':
      say(ctx, { text: c.askBirthday({ spa, you }) + (skipOffer ? `\n${c.offerSkip}` : ''), choices: [{ label: c.skip, value: INTAKE_CHOICES.skip }] });
      return;
    case 'needs': {
      const picked = new Set(ctx.state.data.needs ?? []);
      const choices = ctx.deps.settings.services.map((s, i) => ({ label: `${picked.has(s) ? '✓ ' : ''}${s}`, value: `need:${i}` }));
      choices.push({ label: c.needsDone, value: INTAKE_CHOICES.needsDone }, { label: c.skip, value: INTAKE_CHOICES.skip });
      say(ctx, { text: c.askNeeds({ you }) + (skipOffer ? `\n${c.offerSkip}` : ''), choices });
      return;
    }
    case 'confirm':
      say(ctx, {
        text: c.confirmCard({ you, card: cardOf(ctx) }),
        choices: [
          { label: c.confirmSave, value: INTAKE_CHOICES.save },
          { label: c.editName, value: INTAKE_CHOICES.edit('name') },
          { label: c.editPhone, value: INTAKE_CHOICES.edit('phone') },
          { label: c.editBirthday, value: INTAKE_CHOICES.edit('birthday') },
          { label: c.editNeeds, value: INTAKE_CHOICES.edit('needs') },
          { label: c.editHealth, value: INTAKE_CHOICES.edit('health') },
          { label: c.editPhoto, value: INTAKE_CHOICES.edit('photo') },
        ],
      });
      return;
  }
}

/** Re-asks after a wrong answer: what was wrong, with an example, and after three tries an offer to skip. */
function retry(ctx: Ctx, why: string): void {
  ctx.state.tries += 1;
  const c = copyOf(ctx);
  const step = ctx.state.step as IntakeStep;
  const offerSkip = OPTIONAL_STEPS.includes(step) && ctx.state.tries >= TRIES_BEFORE_SKIP_OFFER;
  if (step === 'phone') {
    say(ctx, { text: why, requestPhone: { label: c.sharePhoneButton } });
    return;
  }
  const choices = ctx.state.offered.length ? ctx.state.offered : offerSkip ? [{ label: c.skip, value: INTAKE_CHOICES.skip }] : [];
  say(ctx, { text: offerSkip ? `${why}\n${c.offerSkip}` : why, ...(choices.length ? { choices } : {}) });
}

export async function answerStep(ctx: Ctx, answer: Answer): Promise<void> {
  const step = ctx.state.step as IntakeStep;
  const d = ctx.state.data;
  const c = copyOf(ctx);
  const you = youOf(ctx);
  const now = ctx.deps.now();
  const choice = answer.kind === 'choice' ? answer.value : undefined;
  const text = answer.kind === 'text' ? answer.text : undefined;

  switch (step) {
    case 'consent':
      if (choice === INTAKE_CHOICES.consentYes) {
        d.consentAt = now.toISOString();
        advance(ctx, step);
      } else if (choice === INTAKE_CHOICES.consentNo) {
        ctx.state.step = null;
        ctx.state.data = { edited: [] };
        ctx.state.history = [];
        say(ctx, { text: c.consentRefused({ you }) });
        ctx.state.offered = [];
      } else retry(ctx, c.choicePrompt);
      return;
    case 'marketing':
      if (choice === INTAKE_CHOICES.marketingYes || choice === INTAKE_CHOICES.marketingNo) {
        d.marketing = choice === INTAKE_CHOICES.marketingYes;
        d.marketingAt = now.toISOString();
        advance(ctx, step);
      } else retry(ctx, c.choicePrompt);
      return;
    case 'health':
    case 'photo': {
      // Only this step's own two buttons count: a forged or stale value is asked again, never read as a yes.
      const yes = step === 'health' ? INTAKE_CHOICES.healthYes : INTAKE_CHOICES.photoYes;
      const no = step === 'health' ? INTAKE_CHOICES.healthNo : INTAKE_CHOICES.photoNo;
      if (choice !== yes && choice !== no) return retry(ctx, c.choicePrompt);
      d[step] = choice === yes;
      d[`${step}At`] = now.toISOString();
      delete d[`${step}Skipped`];
      advance(ctx, step);
      return;
    }
    case 'name': {
      const raw = choice === INTAKE_CHOICES.nameProfile ? (ctx.inbound.profile?.displayName ?? '') : (text ?? '');
      if (answer.kind === 'contact' || (choice !== undefined && choice !== INTAKE_CHOICES.nameProfile)) return retry(ctx, c.askName({ you }));
      const name = normalizeName(raw);
      if (!name.ok) return retry(ctx, c.badName({ reason: name.reason }));
      d.name = name.value;
      markEdited(ctx, 'name');
      advance(ctx, step);
      return;
    }
    case 'phone':
      return answerPhone(ctx, answer);
    case 'birthday': {
      if (choice === INTAKE_CHOICES.skip) return skip(ctx);
      if (text === undefined) return retry(ctx, c.askBirthday({ spa: ctx.deps.settings.spaName, you }));
      const b = parseBirthday(text, businessToday(now, ctx.deps.settings.timeZone));
      if (!b.ok) return retry(ctx, c.badBirthday({ reason: b.reason, input: text }));
      d.birthday = b.value;
      d.birthdaySkipped = false;
      markEdited(ctx, 'birthday');
      advance(ctx, step);
      return;
    }
    case 'needs':
      return answerNeeds(ctx, answer);
    case 'confirm':
      if (choice === INTAKE_CHOICES.save) return saveDraft(ctx);
      return retry(ctx, c.choicePrompt);
  }
}

async function answerPhone(ctx: Ctx, answer: Answer): Promise<void> {
  const c = copyOf(ctx);
  const you = youOf(ctx);
  const d = ctx.state.data;
  if (answer.kind === 'contact' && !answer.verified) return retry(ctx, c.foreignContact({ you }));
  if (answer.kind === 'choice') return retry(ctx, c.askPhone({ you }));
  const phone = parseVnMobile(answer.kind === 'contact' ? answer.phone : answer.text);
  if (!phone.ok) return retry(ctx, c.badPhone({ reason: phone.reason }));
  const verified = answer.kind === 'contact';
  d.phone = phone.value.e164;
  d.phoneVerified = verified;
  markEdited(ctx, 'phone');

  // Who holds this number decides what saving does (save-decision.ts); only a number the platform vouches for
  // may change the reply, because someone could type another person's number (issue 12).
  const existing = await ctx.deps.store.customers.findByPhone(phone.value.e164);
  const isOwnRecord = ctx.linked !== null && existing?.id === ctx.linked.id;
  if (existing && !isOwnRecord) {
    d.existingId = existing.id;
    d.existingTrusted = verified;
    if (verified) {
      // The stored record wins over answers given before the match; later explicit edits may still change it.
      d.name = existing.name;
      d.edited = ['phone'];
      if (existing.birthday && d.birthday === undefined) d.birthday = existing.birthday;
      if (existing.needs.length && !d.needs?.length) d.needs = needServices(existing.needs);
      say(ctx, { text: c.phoneKnown({ spa: ctx.deps.settings.spaName, you: youOf(ctx) }) });
    }
  } else if (!existing && d.existingId && ctx.linked === null) {
    // The guest corrected a number that had matched someone: forget that match.
    delete d.existingId;
    delete d.existingTrusted;
  }
  advance(ctx, 'phone');
}

async function answerNeeds(ctx: Ctx, answer: Answer): Promise<void> {
  const c = copyOf(ctx);
  const d = ctx.state.data;
  const services = ctx.deps.settings.services;
  if (answer.kind === 'choice') {
    if (answer.value === INTAKE_CHOICES.skip) return skip(ctx);
    if (answer.value === INTAKE_CHOICES.needsDone) {
      if (!d.needs?.length && d.needsNote === undefined) d.needsSkipped = true;
      markEdited(ctx, 'needs');
      advance(ctx, 'needs');
      return;
    }
    const m = /^need:(\d+)$/.exec(answer.value);
    const service = m ? services[Number(m[1])] : undefined;
    if (!service) return retry(ctx, c.choicePrompt);
    const picked = new Set(d.needs ?? []);
    if (picked.has(service)) picked.delete(service);
    else picked.add(service);
    d.needs = services.filter((s) => picked.has(s));
    d.needsSkipped = false;
    prompt(ctx);
    return;
  }
  if (answer.kind === 'contact') return retry(ctx, c.choicePrompt);
  const note = answer.text.trim();
  if (!note) return retry(ctx, c.choicePrompt);
  if (note.length > MAX_NOTE) return retry(ctx, c.needsTooLong);
  d.needsNote = note;
  d.needsSkipped = false;
  markEdited(ctx, 'needs');
  advance(ctx, 'needs');
}

export function skip(ctx: Ctx): void {
  const step = ctx.state.step as IntakeStep;
  const c = copyOf(ctx);
  if (!OPTIONAL_STEPS.includes(step)) {
    say(ctx, { text: c.cannotSkip });
    prompt(ctx);
    return;
  }
  if (step === 'birthday') ctx.state.data.birthdaySkipped = true;
  if (step === 'needs') ctx.state.data.needsSkipped = true;
  // A skipped health or photo question records nothing: a consent given before (on paper) stands.
  if (step === 'health' || step === 'photo') {
    const d = ctx.state.data;
    delete d[step];
    delete d[`${step}At`];
    d[`${step}Skipped`] = true;
  }
  if (step === 'marketing') {
    ctx.state.data.marketing = false;
    ctx.state.data.marketingAt = ctx.deps.now().toISOString();
  }
  advance(ctx, step);
}

export function back(ctx: Ctx): void {
  const prev = ctx.state.history.pop();
  if (!prev) {
    say(ctx, { text: copyOf(ctx).cannotGoBack });
    prompt(ctx);
    return;
  }
  ctx.state.returnToConfirm = false;
  ctx.state.step = prev;
  ctx.state.tries = 0;
  prompt(ctx);
}

export function edit(ctx: Ctx, field: IntakeEdit): void {
  const from = ctx.state.step as IntakeStep;
  // Editing from the card (or later) comes back to the card; editing earlier just jumps there.
  ctx.state.returnToConfirm = from === 'confirm' || ctx.state.returnToConfirm;
  goTo(ctx, field, from);
}

function markEdited(ctx: Ctx, field: EditField): void {
  if (!ctx.state.data.edited.includes(field)) ctx.state.data.edited.push(field);
}
