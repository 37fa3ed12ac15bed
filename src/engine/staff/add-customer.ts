// /kh: a staff member adds a customer step by step or in one line; a known phone opens that customer instead.
import { formatBirthday, parseBirthday } from '../../domain/birthday.js';
import { businessToday } from '../../domain/business-time.js';
import { normalizeName } from '../../domain/name.js';
import { formatPhoneVn, maskPhone, parseVnMobile } from '../../domain/phone.js';
import { parseQuickAdd } from '../../domain/quick-add.js';
import { foldDiacritics } from '../../domain/name.js';
import { copyOf, say } from '../turn-context.js';
import type { StaffState } from '../state.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';
import { openCustomer } from './lookup.js';
import { offerCardLink } from './chat-link.js';

const MAX_NOTE = 500;
type Draft = StaffState['draft'];

export function startAdd(ctx: StaffCtx, line: string): Promise<void> {
  const st = ctx.state.staff;
  st.draft = { needs: [] };
  delete st.duplicateId;
  if (line.trim()) {
    const today = businessToday(ctx.deps.now(), ctx.deps.settings.timeZone);
    const q = parseQuickAdd(line, ctx.deps.settings.services, today);
    st.draft = { needs: q.needs, ...(q.name ? { name: q.name } : {}), ...(q.phone ? { phone: q.phone } : {}), ...(q.birthday ? { birthday: q.birthday } : {}), ...(q.note ? { note: q.note } : {}) };
    if (q.birthday || q.doubtful.includes('birthday')) st.draft.birthdaySkipped = !q.birthday;
    if (q.needs.length || q.note) st.draft.needsSkipped = false;
    else st.draft.needsSkipped = true;
    if (q.doubtful.length) {
      const s = staffCopyOf(ctx);
      say(ctx, { text: s.addDoubtful({ fields: q.doubtful.map((f) => s.fieldNames[f]).join(', ') }) });
    }
  }
  return nextAddStep(ctx);
}

/** Asks only what is missing; with name and phone known, checks for a duplicate, then shows the card. */
async function nextAddStep(ctx: StaffCtx): Promise<void> {
  const st = ctx.state.staff;
  const d = st.draft;
  const s = staffCopyOf(ctx);
  const c = copyOf(ctx);
  if (!d.name) return ask(ctx, 'add_name', s.addAskName);
  if (!d.phone) return ask(ctx, 'add_phone', s.addAskPhone);
  if (await offerDuplicate(ctx, d.phone)) return;
  if (!d.birthday && !d.birthdaySkipped) return ask(ctx, 'add_birthday', s.addAskBirthday, [{ label: c.skip, value: 'skip' }]);
  if (!d.needs.length && !d.note && !d.needsSkipped) return ask(ctx, 'add_needs', s.addAskNeeds, [...ctx.deps.settings.services.map((sv, i) => ({ label: sv, value: `need:${i}` })), { label: c.skip, value: 'skip' }]);
  return showCard(ctx);
}

function ask(ctx: StaffCtx, step: NonNullable<StaffState['step']>, text: string, choices?: { label: string; value: string }[]): void {
  ctx.state.staff.step = step;
  ctx.state.offered = [];
  say(ctx, { text, ...(choices?.length ? { choices } : {}) });
}

function showCard(ctx: StaffCtx): void {
  const s = staffCopyOf(ctx);
  const c = copyOf(ctx);
  const d = ctx.state.staff.draft;
  ctx.state.staff.step = 'add_confirm';
  say(ctx, {
    text: s.addCard({
      name: d.name!,
      phone: formatPhoneVn(d.phone!),
      birthday: d.birthday ? formatBirthday(d.birthday) : s.none,
      needs: [...d.needs, ...(d.note ? [d.note] : [])].join(', ') || s.none,
    }),
    choices: [
      { label: s.addSave, value: 'save' },
      { label: c.editName, value: 'edit:name' },
      { label: c.editPhone, value: 'edit:phone' },
      { label: c.editBirthday, value: 'edit:birthday' },
      { label: c.editNeeds, value: 'edit:needs' },
      { label: s.cancelButton, value: 'cancel' },
    ],
  });
}

/** A phone already on file: show that customer (as far as the viewer may see) and offer to open it. */
async function offerDuplicate(ctx: StaffCtx, phone: string): Promise<boolean> {
  const existing = await ctx.deps.store.customers.findByPhone(phone);
  if (!existing) return false;
  const s = staffCopyOf(ctx);
  const access = await ctx.access.accessTo(existing);
  // Typing a number into /kh tells whether it is a customer: every such probe is on the audit log (issue 12).
  await ctx.access.record('probe_phone', existing.id, `access=${access}`);
  ctx.state.staff.draft = { needs: [] };
  if (access === 'hidden') {
    ctx.state.staff.step = null;
    say(ctx, { text: s.duplicateHidden });
    return true;
  }
  ctx.state.staff.step = 'add_duplicate';
  ctx.state.staff.duplicateId = existing.id;
  const shownPhone = access === 'full' ? formatPhoneVn(phone) : maskPhone(phone);
  say(ctx, { text: s.duplicate({ name: existing.name, phone: shownPhone }), choices: [{ label: s.openIt, value: 'open-duplicate' }, { label: s.cancelButton, value: 'cancel' }] });
  return true;
}

export async function answerAdd(ctx: StaffCtx, input: { text?: string; choice?: string }): Promise<void> {
  const st = ctx.state.staff;
  const d: Draft = st.draft;
  const s = staffCopyOf(ctx);
  const now = ctx.deps.now();
  const { text, choice } = input;
  if (choice === 'cancel') {
    st.step = null;
    st.draft = { needs: [] };
    say(ctx, { text: s.cancelled });
    return;
  }
  const edit = choice ? /^edit:(name|phone|birthday|needs)$/.exec(choice) : null;
  if (edit) {
    const field = edit[1] as 'name' | 'phone' | 'birthday' | 'needs';
    if (field === 'name') delete d.name;
    if (field === 'phone') delete d.phone;
    if (field === 'birthday') {
      delete d.birthday;
      d.birthdaySkipped = false;
    }
    if (field === 'needs') {
      d.needs = [];
      delete d.note;
      d.needsSkipped = false;
    }
    return nextAddStep(ctx);
  }
  switch (st.step) {
    case 'add_name': {
      const n = normalizeName(text ?? '');
      if (!n.ok) return ask(ctx, 'add_name', `${copyOf(ctx).badName({ reason: n.reason })}`);
      d.name = n.value;
      return nextAddStep(ctx);
    }
    case 'add_phone': {
      const p = parseVnMobile(text ?? '');
      if (!p.ok) return ask(ctx, 'add_phone', copyOf(ctx).badPhone({ reason: p.reason }));
      d.phone = p.value.e164;
      return nextAddStep(ctx);
    }
    case 'add_birthday': {
      if (choice === 'skip') {
        d.birthdaySkipped = true;
        return nextAddStep(ctx);
      }
      const b = parseBirthday(text ?? '', businessToday(now, ctx.deps.settings.timeZone));
      if (!b.ok) return ask(ctx, 'add_birthday', copyOf(ctx).badBirthday({ reason: b.reason, input: text ?? '' }), [{ label: copyOf(ctx).skip, value: 'skip' }]);
      d.birthday = b.value;
      return nextAddStep(ctx);
    }
    case 'add_needs': {
      if (choice === 'skip') {
        d.needsSkipped = true;
        return nextAddStep(ctx);
      }
      const m = choice ? /^need:(\d+)$/.exec(choice) : null;
      const service = m ? ctx.deps.settings.services[Number(m[1])] : undefined;
      if (service) d.needs = [service];
      else if (text?.trim()) {
        const folded = foldDiacritics(text);
        const matched = ctx.deps.settings.services.filter((sv) => folded.includes(foldDiacritics(sv)));
        if (matched.length) d.needs = matched;
        else d.note = text.trim().slice(0, MAX_NOTE);
      } else return ask(ctx, 'add_needs', s.addAskNeeds);
      return nextAddStep(ctx);
    }
    case 'add_duplicate':
      if (choice === 'open-duplicate' && st.duplicateId) {
        const id = st.duplicateId;
        st.step = null;
        delete st.duplicateId;
        return openCustomer(ctx, id);
      }
      return showDuplicateAgain(ctx);
    case 'add_confirm':
      if (choice === 'save') return save(ctx);
      return showCard(ctx);
    default:
      return nextAddStep(ctx);
  }
}

function showDuplicateAgain(ctx: StaffCtx): void {
  say(ctx, { text: copyOf(ctx).choicePrompt, choices: ctx.state.offered });
}

async function save(ctx: StaffCtx): Promise<void> {
  const st = ctx.state.staff;
  const d = st.draft;
  const s = staffCopyOf(ctx);
  if (!d.name || !d.phone) return nextAddStep(ctx);
  const created = await ctx.deps.store.customers.create(
    {
      name: d.name,
      phone: d.phone,
      ...(d.birthday ? { birthday: d.birthday } : {}),
      needs: [...d.needs.map((service) => ({ service })), ...(d.note ? [{ service: 'other', note: d.note }] : [])],
      managerStaffId: ctx.member.id,
      ...(ctx.member.branchId ? { branchId: ctx.member.branchId } : {}),
      source: 'staff',
    },
    { kind: 'staff', id: ctx.member.id, channel: ctx.inbound.address.channel },
  );
  if (!created.ok) {
    // Someone added the same phone meanwhile: show it instead of creating a second one.
    await offerDuplicate(ctx, d.phone);
    return;
  }
  await ctx.access.record('create', created.value.id);
  st.step = null;
  st.draft = { needs: [] };
  st.openCustomerId = created.value.id;
  ctx.state.offered = [];
  say(ctx, { text: s.addSaved({ name: created.value.name }) });
  // She has no consent yet: the link lets her give it in her own chat (or staff record the paper form).
  await offerCardLink(ctx, created.value);
}
