// Campaigns for every front end (issue 14): an owner or manager picks a segment (and slices), a template and a time;
// the audience is what the creator sees in full (a manager: her branch), narrowed to customers with marketing consent
// and a chat a job may write to first. The chat, the CLI and the send job all call these, so the rules are one set.
import { formOfAddress } from '../domain/name.js';
import { parseTemplate, renderTemplate, type TemplateReason, type TemplateValues } from '../domain/campaign-template.js';
import { builtinCapabilities, type CapabilitiesOf } from '../domain/channel.js';
import { cleanSlices, matchesSlices, parseSlices, type SliceReason, type Slices } from '../domain/segment-slices.js';
import { isSegment, type Segment } from '../domain/segments.js';
import { err, ok, type Result } from '../domain/result.js';
import type { AudienceCounts, Campaign, CampaignCreator, CampaignRow } from '../store/campaigns.js';
import type { Customer } from '../store/customers.js';
import type { Store } from '../store/index.js';
import type { StoredSegment } from '../store/segments.js';
import { customerAccess, type CustomerAccess } from './customer-access.js';
import { visibleRows } from './segments.js';

export interface CampaignDeps {
  store: Store;
  now: () => Date;
  spaName: string;
  /** What each channel can do: a chat counts as reachable on a channel a job may write to first. */
  capabilities?: CapabilitiesOf;
  /** "Came back within N days" of the results (CAMPAIGN_RESULT_DAYS). */
  resultDays?: number;
}

export type CampaignProblem =
  | { kind: 'not_allowed' }
  | { kind: 'bad_segment' }
  | { kind: 'bad_slices'; reason: SliceReason }
  | { kind: 'bad_template'; reason: TemplateReason }
  | { kind: 'past' }
  | { kind: 'not_found' }
  | { kind: 'not_cancellable'; state: Campaign['state'] };

export interface CampaignInput {
  segment: string;
  /** Typed ("chinhanh:q1 ghichu:\"con nho\"") or already parsed. */
  slices?: string | Slices;
  template: string;
  sendAt: Date;
}

export interface CampaignPreview {
  counts: AudienceCounts;
  /** The message as one customer of the audience would get it; absent when nobody would. */
  sample?: { name: string; text: string };
}

export interface CampaignResults {
  queued: number;
  sent: number;
  failed: number;
  optedOut: number;
  cancelled: number;
  pending: number;
  cameBack: number;
}

/** A sent message in flight for this long after `now` without news is still "pending", not failed. */
const DEFAULT_RESULT_DAYS = 30;
/** A send time this far in the past is "now" (typed a moment ago), not a mistake. */
const NOW_SLACK_MS = 60_000;

/** Who may run campaigns: the owner (chat or CLI) and managers; null for staff and removed members. */
export async function campaignCreatorOf(access: CustomerAccess): Promise<CampaignCreator | null> {
  const v = access.viewer;
  if (v.kind === 'owner-cli') return { kind: 'cli', ...(v.asManagerOf ? { asManagerOf: v.asManagerOf } : {}) };
  const m = await access.staffMember();
  return m && (m.role === 'owner' || m.role === 'manager') ? { kind: 'staff', staffId: m.id } : null;
}

/** The access a campaign's messages are chosen with when it is sent: its creator's, re-read then (a removed manager sees nothing). */
export function accessOfCreator(store: Store, creator: CampaignCreator): CustomerAccess {
  return creator.kind === 'staff'
    ? customerAccess({ store, staffVisibility: 'masked' }, { kind: 'staff', staffId: creator.staffId, channel: 'campaign' })
    : customerAccess({ store, staffVisibility: 'masked' }, { kind: 'owner-cli', ...(creator.asManagerOf ? { asManagerOf: creator.asManagerOf } : {}) });
}

/** Segment, slices and template checked; each problem is a value the front end phrases. */
export function checkCampaignInput(input: Omit<CampaignInput, 'sendAt'>): Result<{ segment: Segment; slices: Slices; template: string }, CampaignProblem> {
  if (!isSegment(input.segment)) return err({ kind: 'bad_segment' });
  let slices: Slices = {};
  if (typeof input.slices === 'string') {
    const parsed = parseSlices(input.slices);
    if (!parsed.ok) return err({ kind: 'bad_slices', reason: parsed.reason });
    slices = parsed.value;
  } else if (input.slices) slices = cleanSlices(input.slices as Record<string, unknown>);
  const template = parseTemplate(input.template);
  if (!template.ok) return err({ kind: 'bad_template', reason: template.reason });
  return ok({ segment: input.segment, slices, template: template.value });
}

/** What a template's placeholders become for one customer. */
export function templateValues(c: Customer, spaName: string, lastService: string | undefined): TemplateValues {
  const form = formOfAddress(c.language, c.name, c.gender);
  return {
    ten: form.named,
    xung_ho: form.pronoun,
    ho_ten: c.name,
    ten_spa: spaName,
    dich_vu_cuoi: lastService ?? (c.language === 'en' ? 'our treatments' : 'dịch vụ bên em'),
  };
}

export interface Audience {
  counts: AudienceCounts;
  /** The customers who get the message, in the segment rows' order. */
  eligible: StoredSegment[];
}

/** The segment's customers the viewer sees in full, within the slices: who gets it and who is left out, and why. */
export async function campaignAudience(access: CustomerAccess, segment: Segment, slices: Slices, capabilities: CapabilitiesOf = builtinCapabilities): Promise<Audience> {
  const inScope: StoredSegment[] = [];
  for await (const row of visibleRows(access, [segment])) if (matchesSlices(row.attributes, slices)) inScope.push(row);
  const consenting = inScope.filter((r) => r.marketing);
  const reachable = await access.store.campaigns.reachableByChat(consenting.map((r) => r.customerId), capabilities);
  const eligible = consenting.filter((r) => reachable.has(r.customerId));
  return { counts: { eligible: eligible.length, noConsent: inScope.length - consenting.length, noChat: consenting.length - eligible.length }, eligible };
}

/** How many would receive it and the message for one of them; nothing is stored. */
export async function previewCampaign(deps: CampaignDeps, access: CustomerAccess, input: Omit<CampaignInput, 'sendAt'>): Promise<Result<CampaignPreview & { segment: Segment; slices: Slices; template: string }, CampaignProblem>> {
  if (!(await campaignCreatorOf(access))) return err({ kind: 'not_allowed' });
  const checked = checkCampaignInput(input);
  if (!checked.ok) return checked;
  const { segment, slices, template } = checked.value;
  const audience = await campaignAudience(access, segment, slices, deps.capabilities);
  let sample: CampaignPreview['sample'];
  for (const row of audience.eligible.slice(0, 5)) {
    const c = await access.withFullAccess(row.customerId);
    if (!c) continue;
    sample = { name: c.name, text: renderTemplate(template, templateValues(c, deps.spaName, row.lastService)) };
    break;
  }
  await access.record('search', undefined, `campaign_preview segment=${segment} eligible=${audience.counts.eligible}`);
  return ok({ segment, slices, template, counts: audience.counts, ...(sample ? { sample } : {}) });
}

/** Stores a campaign (scheduled, or a draft), with its preview as of now. */
export async function createCampaign(deps: CampaignDeps, access: CustomerAccess, input: CampaignInput, opts: { draft?: boolean } = {}): Promise<Result<{ campaign: Campaign; preview: CampaignPreview }, CampaignProblem>> {
  const creator = await campaignCreatorOf(access);
  if (!creator) return err({ kind: 'not_allowed' });
  if (!(input.sendAt instanceof Date) || Number.isNaN(input.sendAt.getTime())) return err({ kind: 'past' });
  if (input.sendAt.getTime() < deps.now().getTime() - NOW_SLACK_MS) return err({ kind: 'past' });
  const preview = await previewCampaign(deps, access, input);
  if (!preview.ok) return preview;
  const { segment, slices, template, counts, sample } = preview.value;
  const campaign = await deps.store.campaigns.create({ segment, slices, template, sendAt: input.sendAt, state: opts.draft ? 'draft' : 'scheduled', createdBy: creator });
  await access.record('campaign', undefined, `campaign_created id=${campaign.id} segment=${segment} eligible=${counts.eligible}`);
  return ok({ campaign, preview: { counts, ...(sample ? { sample } : {}) } });
}

/** A draft goes out at its time. */
export async function scheduleCampaign(access: CustomerAccess, id: string): Promise<Result<Campaign, CampaignProblem>> {
  const found = await campaignFor(access, id);
  if (!found.ok) return found;
  if (found.value.state !== 'draft') return err({ kind: 'not_cancellable', state: found.value.state });
  await access.store.campaigns.transition(id, ['draft'], 'scheduled');
  return ok({ ...found.value, state: 'scheduled' });
}

/** A campaign this viewer may see: the owner sees all, a manager those she made. */
async function campaignFor(access: CustomerAccess, id: string): Promise<Result<Campaign, CampaignProblem>> {
  const creator = await campaignCreatorOf(access);
  if (!creator) return err({ kind: 'not_allowed' });
  const c = await access.store.campaigns.findById(String(id));
  if (!c) return err({ kind: 'not_found' });
  if (!(await isOwnerViewer(access)) && !(c.createdBy.kind === 'staff' && creator.kind === 'staff' && c.createdBy.staffId === creator.staffId)) return err({ kind: 'not_found' });
  return ok(c);
}

async function isOwnerViewer(access: CustomerAccess): Promise<boolean> {
  const rules = await access.rules();
  return rules?.role === 'owner';
}

/** The viewer's campaigns, newest first (owner: all; manager: her own). */
export async function listCampaigns(access: CustomerAccess, limit = 10): Promise<Result<Campaign[], CampaignProblem>> {
  const creator = await campaignCreatorOf(access);
  if (!creator) return err({ kind: 'not_allowed' });
  const owner = await isOwnerViewer(access);
  return ok(await access.store.campaigns.list({ ...(!owner && creator.kind === 'staff' ? { createdByStaffId: creator.staffId } : {}), limit }));
}

/** Cancels a campaign not yet finished; its messages still waiting are cancelled too. */
export async function cancelCampaign(access: CustomerAccess, id: string): Promise<Result<{ campaign: Campaign; rows: number }, CampaignProblem>> {
  const found = await campaignFor(access, id);
  if (!found.ok) return found;
  const c = found.value;
  const at = access.store.campaigns;
  if (!(await at.transition(c.id, ['draft', 'scheduled', 'sending'], 'cancelled', { cancelReason: 'cancelled_by_staff' }))) {
    const now = await at.findById(c.id);
    return err({ kind: 'not_cancellable', state: now?.state ?? c.state });
  }
  const rows = await at.cancelPendingRows(c.id);
  await access.record('campaign', undefined, `campaign_cancelled id=${c.id} rows=${rows}`);
  return ok({ campaign: { ...c, state: 'cancelled' }, rows });
}

/** Sent, failed, opted out (consent withdrawn before its turn), and who came back within the result window. */
export async function campaignResults(deps: Pick<CampaignDeps, 'store' | 'resultDays'>, campaign: Campaign): Promise<CampaignResults> {
  const rows: CampaignRow[] = await deps.store.campaigns.rowsOf(campaign.id);
  const r: CampaignResults = { queued: rows.length, sent: 0, failed: 0, optedOut: 0, cancelled: 0, pending: 0, cameBack: 0 };
  const sent: { customerId: string; sentAt: Date }[] = [];
  for (const row of rows) {
    if (row.status === 'sent') {
      r.sent++;
      if (row.sentAt) sent.push({ customerId: row.customerId, sentAt: row.sentAt });
    } else if (row.status === 'pending' || row.status === 'claimed' || row.status === 'sending') r.pending++;
    else if (row.status === 'cancelled' && row.statusReason === 'consent_withdrawn') r.optedOut++;
    else if (row.status === 'cancelled') r.cancelled++;
    else r.failed++;
  }
  r.cameBack = await deps.store.campaigns.cameBack(sent, deps.resultDays ?? DEFAULT_RESULT_DAYS);
  return r;
}

/** A campaign with its results, for lists. */
export async function campaignsWithResults(deps: Pick<CampaignDeps, 'store' | 'resultDays'>, access: CustomerAccess, limit = 10): Promise<Result<{ campaign: Campaign; results: CampaignResults }[], CampaignProblem>> {
  const list = await listCampaigns(access, limit);
  if (!list.ok) return list;
  return ok(await Promise.all(list.value.map(async (campaign) => ({ campaign, results: await campaignResults(deps, campaign) }))));
}

/** One campaign's results, if the viewer may see it. */
export async function resultsOf(deps: Pick<CampaignDeps, 'store' | 'resultDays'>, access: CustomerAccess, id: string): Promise<Result<{ campaign: Campaign; results: CampaignResults }, CampaignProblem>> {
  const found = await campaignFor(access, id);
  if (!found.ok) return found;
  return ok({ campaign: found.value, results: await campaignResults(deps, found.value) });
}
