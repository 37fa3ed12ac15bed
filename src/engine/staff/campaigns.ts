// /chiendich (/campaign): the owner or a manager lists campaigns with their results (and cancels one), or makes one:
// a segment button (counts within her scope), an optional slice, the template, a time in Vietnamese, the preview,
// confirm. Every step goes through src/services/campaigns.ts, so a forged or replayed button (already refused by the
// router's "offered" check) could still only reach the member's own scope; staff get a polite refusal.
import { formatWhen } from '../../domain/appointment-messages.js';
import { businessInstant } from '../../domain/business-time.js';
import { SEGMENT_NAMES } from '../../domain/segment-reasons.js';
import { parseSlices, sliceEntries, type Slices } from '../../domain/segment-slices.js';
import { isSegment, SEGMENTS, type Segment } from '../../domain/segments.js';
import { findVnWhen } from '../../domain/vn-datetime.js';
import { parseTemplate } from '../../domain/campaign-template.js';
import { cancelCampaign, campaignCreatorOf, campaignsWithResults, createCampaign, previewCampaign, type CampaignDeps, type CampaignProblem } from '../../services/campaigns.js';
import { segmentCounts } from '../../services/segments.js';
import { campaignStaffEn } from '../copy/campaigns-en.js';
import type { CampaignStaffCopy } from '../copy/campaigns-types.js';
import { campaignStaffVi } from '../copy/campaigns-vi.js';
import { say } from '../turn-context.js';
import type { Choice } from '../types.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';

const PREFIX = 'camp:';
// The CLI and the jobs count "came back" over CAMPAIGN_RESULT_DAYS; the chat says the same window.
const resultDaysOf = (ctx: StaffCtx): number => ctx.deps.settings.campaignResultDays ?? 30;
export const isCampaignChoice = (value: string): boolean => value.startsWith(PREFIX);

const copyOf = (ctx: StaffCtx): CampaignStaffCopy => (ctx.state.lang === 'en' ? campaignStaffEn : campaignStaffVi);
const depsOf = (ctx: StaffCtx): CampaignDeps => ({ store: ctx.deps.store, now: ctx.deps.now, spaName: ctx.deps.settings.spaName, resultDays: resultDaysOf(ctx), ...(ctx.deps.capabilities ? { capabilities: ctx.deps.capabilities } : {}) });
const segmentName = (ctx: StaffCtx, s: Segment): string => SEGMENT_NAMES[ctx.state.lang][s];
const slicesText = (slices: Slices): string => sliceEntries(slices).map(([k, v]) => `${k}:${v}`).join(' ');
const whenOf = (ctx: StaffCtx, at: Date): string => formatWhen(at, ctx.deps.settings.timeZone, ctx.state.lang);

async function mayRun(ctx: StaffCtx): Promise<boolean> {
  if (await campaignCreatorOf(ctx.access)) return true;
  delete ctx.state.staff.campaign;
  say(ctx, { text: copyOf(ctx).staffOnly });
  return false;
}

/** /chiendich: the list with results; "/chiendich moi" (or the button) starts a new one. */
export async function campaignCommand(ctx: StaffCtx, args: string): Promise<void> {
  if (!(await mayRun(ctx))) return;
  if (/^\s*(moi|mới|new|tao|tạo)\s*$/i.test(args)) return startNew(ctx);
  return listCampaigns(ctx);
}

async function listCampaigns(ctx: StaffCtx): Promise<void> {
  const c = copyOf(ctx);
  delete ctx.state.staff.campaign;
  const r = await campaignsWithResults(depsOf(ctx), ctx.access, 10);
  if (!r.ok) return void say(ctx, { text: c.staffOnly });
  const choices: Choice[] = [];
  const lines = r.value.length === 0 ? [c.listNone] : [c.listTitle];
  r.value.forEach(({ campaign, results }, i) => {
    const n = i + 1;
    lines.push(c.listLine({ n, segment: segmentName(ctx, campaign.segment), slices: slicesText(campaign.slices), when: whenOf(ctx, campaign.sendAt), state: c.states[campaign.state] }));
    if (results.queued > 0) lines.push(c.listResults({ ...results, days: resultDaysOf(ctx) }));
    if (campaign.state === 'draft' || campaign.state === 'scheduled' || campaign.state === 'sending') choices.push({ label: c.cancelButton({ n }), value: `${PREFIX}cancel:${campaign.id}` });
  });
  choices.push({ label: c.newButton, value: `${PREFIX}new` });
  say(ctx, { text: lines.join('\n'), choices });
}

async function startNew(ctx: StaffCtx): Promise<void> {
  const c = copyOf(ctx);
  const counts = await segmentCounts(ctx.access);
  const present = SEGMENTS.filter((s) => counts[s] > 0);
  if (present.length === 0) {
    delete ctx.state.staff.campaign;
    return void say(ctx, { text: c.noCustomers });
  }
  ctx.state.staff.campaign = { step: 'segment' };
  say(ctx, { text: c.pickSegment, choices: present.map((s) => ({ label: c.segmentButton({ name: segmentName(ctx, s), count: counts[s] }), value: `${PREFIX}seg:${s}` })) });
}

/** A campaign button this chat was offered (the router checked); each is checked again against the flow's step. */
export async function answerCampaignChoice(ctx: StaffCtx, value: string): Promise<void> {
  if (!(await mayRun(ctx))) return;
  const c = copyOf(ctx);
  const flow = ctx.state.staff.campaign;
  const rest = value.slice(PREFIX.length);
  if (rest === 'new') return startNew(ctx);
  if (rest.startsWith('cancel:')) {
    const r = await cancelCampaign(ctx.access, rest.slice('cancel:'.length));
    if (!r.ok) return void say(ctx, { text: r.reason.kind === 'not_cancellable' ? c.notCancellable : c.notFound });
    return void say(ctx, { text: c.cancelled({ rows: r.value.rows }) });
  }
  if (rest.startsWith('seg:') && flow?.step === 'segment') {
    const segment = rest.slice('seg:'.length);
    if (!isSegment(segment)) return void say(ctx, { text: staffCopyOf(ctx).notAllowed });
    ctx.state.staff.campaign = { step: 'slice', segment };
    return void say(ctx, { text: c.askSlice({ segment: segmentName(ctx, segment) }), choices: [{ label: c.noSliceButton, value: `${PREFIX}noslice` }] });
  }
  if (rest === 'noslice' && flow?.step === 'slice') {
    ctx.state.staff.campaign = { ...flow, step: 'template' };
    return void say(ctx, { text: c.askTemplate });
  }
  if (rest === 'confirm' && flow?.step === 'confirm') return confirm(ctx);
  if (rest === 'abort') {
    delete ctx.state.staff.campaign;
    return void say(ctx, { text: c.aborted });
  }
  say(ctx, { text: c.stale });
}

/** Typed text while a campaign is being made: the slice, the template or the time. */
export async function answerCampaignText(ctx: StaffCtx, text: string): Promise<void> {
  if (!(await mayRun(ctx))) return;
  const c = copyOf(ctx);
  const flow = ctx.state.staff.campaign!;
  if (flow.step === 'segment') return void say(ctx, { text: c.tapSegment });
  if (flow.step === 'confirm') return void say(ctx, { text: c.tapSegment });
  if (flow.step === 'slice') {
    const parsed = parseSlices(text);
    if (!parsed.ok) return void say(ctx, { text: c.badSlice({ reason: parsed.reason }), choices: [{ label: c.noSliceButton, value: `${PREFIX}noslice` }] });
    ctx.state.staff.campaign = { ...flow, step: 'template', slices: text.slice(0, 500) };
    return void say(ctx, { text: c.askTemplate });
  }
  if (flow.step === 'template') {
    const t = parseTemplate(text);
    if (!t.ok) return void say(ctx, { text: c.badTemplate({ reason: t.reason }) });
    ctx.state.staff.campaign = { ...flow, step: 'time', template: t.value };
    return void say(ctx, { text: c.askTime });
  }
  const found = findVnWhen(text.slice(0, 100), ctx.deps.now(), ctx.deps.settings.timeZone);
  if (!found.ok || !found.value.when.time) return void say(ctx, { text: c.badTime });
  const sendAt = businessInstant(found.value.when.date, found.value.when.time.hour, found.value.when.time.minute, ctx.deps.settings.timeZone);
  const preview = await previewCampaign(depsOf(ctx), ctx.access, { segment: flow.segment ?? '', template: flow.template ?? '', ...(flow.slices ? { slices: flow.slices } : {}) });
  if (!preview.ok) return problem(ctx, preview.reason);
  ctx.state.staff.campaign = { ...flow, step: 'confirm', sendAt: sendAt.toISOString() };
  const p = preview.value;
  say(ctx, {
    text: [
      c.preview({ segment: segmentName(ctx, p.segment), slices: slicesText(p.slices), when: whenOf(ctx, sendAt), ...p.counts }),
      '',
      p.sample ? c.sample(p.sample) : c.noSample,
    ].join('\n'),
    choices: [
      { label: c.confirmButton, value: `${PREFIX}confirm` },
      { label: c.abortButton, value: `${PREFIX}abort` },
    ],
  });
}

async function confirm(ctx: StaffCtx): Promise<void> {
  const c = copyOf(ctx);
  const flow = ctx.state.staff.campaign!;
  const sendAt = new Date(flow.sendAt ?? '');
  const r = await createCampaign(depsOf(ctx), ctx.access, { segment: flow.segment ?? '', template: flow.template ?? '', sendAt, ...(flow.slices ? { slices: flow.slices } : {}) });
  if (!r.ok) return problem(ctx, r.reason);
  delete ctx.state.staff.campaign;
  say(ctx, { text: c.scheduled({ when: whenOf(ctx, sendAt), eligible: r.value.preview.counts.eligible }) });
}

/** A service refusal mid-flow: the friendly line for it; the flow goes back to the step that can fix it. */
function problem(ctx: StaffCtx, p: CampaignProblem): void {
  const c = copyOf(ctx);
  const flow = ctx.state.staff.campaign;
  if (p.kind === 'bad_template' && flow) {
    ctx.state.staff.campaign = { ...flow, step: 'template' };
    return void say(ctx, { text: c.badTemplate({ reason: p.reason }) });
  }
  if (p.kind === 'past' && flow) {
    ctx.state.staff.campaign = { ...flow, step: 'time' };
    return void say(ctx, { text: c.badTime });
  }
  if (p.kind === 'not_allowed') {
    delete ctx.state.staff.campaign;
    return void say(ctx, { text: c.staffOnly });
  }
  delete ctx.state.staff.campaign;
  say(ctx, { text: c.stale });
}
