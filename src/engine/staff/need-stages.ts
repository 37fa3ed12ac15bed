// Needs by stage on the staff card (issue 17): /xem offers one button that lists the open customer's needs, each
// with a button per other stage. A button carries the customer's id, the need's place in the list this chat was
// shown and the stage; the router honours only offered buttons, and here the id must still be the open customer's
// and the place must still name the need that was shown (kept in the chat's state), so a replayed or forged
// button moves nothing. The move itself is src/services/need-stages.ts (full access, audit, history).
import { currentNeeds, needLabel, needLine, NEED_STAGES, type NeedStage } from '../../domain/needs.js';
import { moveNeedStage } from '../../services/need-stages.js';
import type { Customer } from '../../store/customers.js';
import { needsCopyOf } from '../copy/needs.js';
import { say } from '../turn-context.js';
import type { Choice } from '../types.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';

const PREFIX = 'nc:';
/** As many needs as get buttons (two each); older ones stay on the card. */
const MAX_NEEDS = 8;

export const isNeedChoice = (value: string): boolean => value.startsWith(PREFIX);

/** The card's button to the stage list, when she has needs. */
export function needStagesChoice(ctx: StaffCtx, c: Customer): Choice[] {
  return c.needs.length ? [{ label: needsCopyOf(ctx).stagesButton, value: `${PREFIX}list:${c.id}` }] : [];
}

/** The needs of the open customer with their stages and a button to each other stage. */
async function listNeeds(ctx: StaffCtx, customerId: string): Promise<void> {
  const n = needsCopyOf(ctx);
  const customer = customerId === ctx.state.staff.openCustomerId ? await ctx.access.withFullAccess(customerId) : null;
  if (!customer) return void say(ctx, { text: staffCopyOf(ctx).notAllowed });
  const needs = currentNeeds(customer.needs).slice(-MAX_NEEDS);
  if (!needs.length) return void say(ctx, { text: n.none({ name: customer.name }) });
  ctx.state.staff.needMove = { customerId: customer.id, keys: needs.map((x) => x.key) };
  // The same line as the card's "Nhu cầu:" (domain needLine: "Trị mụn: quan tâm (từ 2/12/2026)"), one per need.
  const lines = needs.map((x) => `• ${needLine(x, ctx.state.lang, ctx.deps.settings.timeZone)}`).join('\n');
  const choices = needs.flatMap((x, i) =>
    NEED_STAGES.filter((s) => s !== x.stage).map((s) => ({ label: n.moveButton({ need: needLabel(x), stage: n.stageNames[s] }), value: `${PREFIX}${customer.id}:${i}:${s}` })),
  );
  say(ctx, { text: n.stagesTitle({ name: customer.name, lines }), choices });
}

/** A tap on one of this file's buttons (already checked by the router against what this chat was offered). */
export async function answerNeedChoice(ctx: StaffCtx, value: string): Promise<void> {
  const list = /^nc:list:([0-9a-f]{24})$/.exec(value);
  if (list) return listNeeds(ctx, list[1]!);
  const m = /^nc:([0-9a-f]{24}):(\d{1,2}):([a-z_]{1,20})$/.exec(value);
  const st = ctx.state.staff;
  const shown = st.needMove;
  const key = m && shown && shown.customerId === m[1] && m[1] === st.openCustomerId ? shown.keys[Number(m[2])] : undefined;
  if (!m || key === undefined) return void say(ctx, { text: staffCopyOf(ctx).notAllowed });
  const r = await moveNeedStage(ctx.access, ctx.deps.now(), m[1]!, key, m[3]!);
  const n = needsCopyOf(ctx);
  if (!r.ok) {
    if (r.reason.kind === 'no_such_need') return void say(ctx, { text: n.gone });
    return void say(ctx, { text: staffCopyOf(ctx).notAllowed });
  }
  const { customer, need, from, stage, changed } = r.value;
  const name = (s: NeedStage): string => n.stageNames[s];
  say(ctx, { text: changed ? n.moved({ name: customer.name, need, from: name(from), stage: name(stage) }) : n.unchanged({ need, stage: name(stage) }) });
}
