// /gop (/merge) on the open customer (issue 17): find the other record of the same person, show what the card keeps
// field by field (a tap takes a conflicting value from the other record), merge on confirmation; `/gop hoan` undoes
// the latest merge into her. Who may merge is decided in src/services/merge-customers.ts, again at the moment of the
// merge, so a button kept from an earlier preview cannot merge records the member lost access to since.
import { formatBirthday, type Birthday } from '../../domain/birthday.js';
import { cardFieldLabel, type CardField } from '../../domain/card-fields.js';
import { addressKey } from '../../domain/channel.js';
import { foldDiacritics } from '../../domain/name.js';
import { MERGE_CHOICE_FIELDS, type FieldComparison, type MergeChoiceField } from '../../domain/merge-fields.js';
import { formatPhoneVn } from '../../domain/phone.js';
import { searchCustomers } from '../../services/customer-lists.js';
import { mergeCustomers, previewMerge, undoableMergeOf, undoLatestMerge, type MergeChoices, type MergeShown } from '../../services/merge-customers.js';
import type { Customer } from '../../store/customers.js';
import { MERGE_UNDO_DAYS } from '../../store/merges.js';
import { mergeStaffEn } from '../copy/merge-en.js';
import type { MergeStaffCopy } from '../copy/merge-types.js';
import { mergeStaffVi } from '../copy/merge-vi.js';
import { say } from '../turn-context.js';
import type { Choice } from '../types.js';
import { openWithFullAccess } from './lookup.js';
import { moneyDeps } from './money.js';
import type { StaffCtx } from './staff-ctx.js';

const PREFIX = 'mg:';
const UNDO_WORDS = new Set(['hoan', 'hoan tac', 'undo']);
const CARD_LABEL: Partial<Record<MergeChoiceField, CardField>> = { lunarBirthday: 'birthday', branchId: 'branch', managerStaffId: 'manager' };
const OTHER_LABEL: Record<'photoUrl' | 'language', { vi: string; en: string }> = { photoUrl: { vi: 'Ảnh hồ sơ', en: 'Profile photo' }, language: { vi: 'Ngôn ngữ', en: 'Language' } };

export const mergeCopyOf = (ctx: StaffCtx): MergeStaffCopy => (ctx.state.lang === 'en' ? mergeStaffEn : mergeStaffVi);
export const isMergeChoice = (value: string): boolean => value.startsWith(PREFIX);

const who = (c: Customer): string => `${c.name} · ${c.phone ? formatPhoneVn(c.phone) : '—'}`;
const exceptChat = (ctx: StaffCtx): { exceptChat: string } => ({ exceptChat: addressKey(ctx.inbound.address) });

function labelOf(ctx: StaffCtx, field: MergeChoiceField): string {
  if (field === 'photoUrl' || field === 'language') return OTHER_LABEL[field][ctx.state.lang];
  const label = cardFieldLabel(CARD_LABEL[field] ?? (field as CardField), ctx.state.lang);
  return field === 'lunarBirthday' ? `${label} (${ctx.state.lang === 'en' ? 'lunar' : 'âm lịch'})` : label;
}

function valueText(ctx: StaffCtx, field: MergeChoiceField, v: unknown): string {
  const c = mergeCopyOf(ctx);
  if (v === undefined || v === null || v === '') return '—';
  if (field === 'phone' && typeof v === 'string') return formatPhoneVn(v);
  if (field === 'birthday' && typeof v === 'object') return formatBirthday(v as Birthday);
  if (field === 'lunarBirthday' && typeof v === 'object') return c.lunar(v as { day: number; month: number });
  if (field === 'gender' && (v === 'female' || v === 'male' || v === 'other')) return c.gender[v];
  return String(v).slice(0, 80);
}

function choicesOf(taken: readonly MergeChoiceField[]): MergeChoices {
  return Object.fromEntries(taken.map((f) => [f, 'merged' as const]));
}

/** `/gop`, `/gop <phone or name>`, `/gop hoan`. */
export async function mergeCommand(ctx: StaffCtx, args: string): Promise<void> {
  const c = mergeCopyOf(ctx);
  delete ctx.state.staff.merge;
  const open = await openWithFullAccess(ctx);
  if (!open) return;
  const text = args.trim();
  if (UNDO_WORDS.has(foldDiacritics(text))) return askUndo(ctx, open);
  if (!text) {
    const undo = await undoableMergeOf(ctx.access, open.id);
    return void say(ctx, { text: c.usage({ name: open.name, undo: undo !== null }) });
  }
  const found = await searchCustomers(ctx.access, text);
  const others = found.filter((v) => v.access === 'full' && v.customer.id !== open.id).map((v) => v.customer);
  if (others.length === 0) return void say(ctx, { text: c.noneFound });
  if (others.length === 1) return showPreview(ctx, open.id, others[0]!.id, []);
  say(ctx, { text: c.pick, choices: [...others.map((o) => ({ label: who(o), value: `${PREFIX}pick:${o.id}` })), { label: c.stopButton, value: `${PREFIX}no` }] });
}

async function showPreview(ctx: StaffCtx, keptId: string, mergedId: string, taken: MergeChoiceField[]): Promise<void> {
  const c = mergeCopyOf(ctx);
  const shown = await previewMerge(ctx.access, keptId, mergedId, choicesOf(taken));
  if (!shown.ok) {
    delete ctx.state.staff.merge;
    return void say(ctx, { text: c.refused[shown.reason] });
  }
  ctx.state.staff.merge = { otherId: mergedId, take: taken };
  say(ctx, { text: previewText(ctx, shown.value), choices: previewChoices(ctx, shown.value.fields) });
}

function movesText(ctx: StaffCtx, counts: Record<string, number>): string {
  const c = mergeCopyOf(ctx);
  const parts = Object.entries(c.moveNames)
    .filter(([col]) => (counts[col] ?? 0) > 0)
    .map(([col, name]) => `${counts[col]} ${name}`);
  return parts.join(', ') || c.nothingMoves;
}

function previewText(ctx: StaffCtx, s: MergeShown): string {
  const c = mergeCopyOf(ctx);
  const fields = s.fields.map((f) =>
    c.fieldLine({
      label: labelOf(ctx, f.field),
      value: valueText(ctx, f.field, f.from === 'kept' ? f.kept : f.merged),
      fromMerged: f.from === 'merged',
      ...(f.conflict ? { other: valueText(ctx, f.field, f.from === 'kept' ? f.merged : f.kept) } : {}),
    }),
  );
  return c.preview({ kept: who(s.kept), merged: who(s.merged), fields, moves: movesText(ctx, s.counts), days: MERGE_UNDO_DAYS });
}

/** A button per conflicting field takes (or gives back) the other record's value; then merge or stop. */
function previewChoices(ctx: StaffCtx, fields: FieldComparison[]): Choice[] {
  const c = mergeCopyOf(ctx);
  const swaps = fields
    .filter((f) => f.conflict)
    .map((f) => ({ label: c.takeButton({ label: labelOf(ctx, f.field), value: valueText(ctx, f.field, f.from === 'kept' ? f.merged : f.kept) }), value: `${PREFIX}take:${f.field}` }));
  return [...swaps, { label: c.confirmButton, value: `${PREFIX}yes` }, { label: c.stopButton, value: `${PREFIX}no` }];
}

async function askUndo(ctx: StaffCtx, open: Customer): Promise<void> {
  const c = mergeCopyOf(ctx);
  const undo = await undoableMergeOf(ctx.access, open.id);
  if (!undo) return void say(ctx, { text: c.undoRefused.nothing_to_undo });
  const at = undo.at.toLocaleString(ctx.state.lang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: ctx.deps.settings.timeZone, dateStyle: 'short', timeStyle: 'short' });
  say(ctx, { text: c.undoAsk({ name: open.name, at }), choices: [{ label: c.undoButton, value: `${PREFIX}undo` }, { label: c.stopButton, value: `${PREFIX}no` }] });
}

/** A tap on a merge button (already checked against what this chat was offered by the router). */
export async function answerMerge(ctx: StaffCtx, value: string): Promise<void> {
  const c = mergeCopyOf(ctx);
  const st = ctx.state.staff;
  const pending = st.merge;
  if (value === `${PREFIX}no`) {
    delete st.merge;
    return void say(ctx, { text: c.stopped });
  }
  const open = await openWithFullAccess(ctx);
  if (!open) return;
  if (value.startsWith(`${PREFIX}pick:`)) return showPreview(ctx, open.id, value.slice(`${PREFIX}pick:`.length), []);
  if (value === `${PREFIX}undo`) return undo(ctx, open);
  if (!pending) return void say(ctx, { text: c.stopped });
  const take = /^mg:take:([A-Za-z]{2,20})$/.exec(value)?.[1];
  if (take !== undefined) {
    if (!(MERGE_CHOICE_FIELDS as readonly string[]).includes(take)) return void say(ctx, { text: c.refused.not_allowed });
    const field = take as MergeChoiceField;
    const taken = pending.take.includes(field) ? pending.take.filter((f) => f !== field) : [...pending.take, field];
    return showPreview(ctx, open.id, pending.otherId, taken);
  }
  if (value !== `${PREFIX}yes`) return void say(ctx, { text: c.refused.not_allowed });
  const done = await mergeCustomers(ctx.access, open.id, pending.otherId, choicesOf(pending.take), moneyDeps(ctx), exceptChat(ctx));
  delete st.merge;
  if (!done.ok) return void say(ctx, { text: c.refused[done.reason] });
  // Buttons offered before the merge may name the removed record: none of them is valid any more.
  ctx.state.offered = [];
  const until = done.value.undoUntil.toLocaleDateString(ctx.state.lang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: ctx.deps.settings.timeZone });
  say(ctx, { text: c.done({ kept: open.name, moved: movesText(ctx, done.value.counts), until }) });
}

async function undo(ctx: StaffCtx, open: Customer): Promise<void> {
  const c = mergeCopyOf(ctx);
  const done = await undoLatestMerge(ctx.access, open.id, moneyDeps(ctx), exceptChat(ctx));
  if (!done.ok) return void say(ctx, { text: c.undoRefused[done.reason] });
  ctx.state.offered = [];
  const other = await ctx.deps.store.customers.findById(done.value.mergedId);
  say(ctx, { text: c.undone({ name: open.name, other: other ? who(other) : '—' }) });
}
