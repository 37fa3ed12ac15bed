// Campaigns and the reads their audience and results need: which customers a chat can reach first, their campaign
// outbox rows, and who came back after a message. State changes filter on the state read (compare-and-set), so two
// job runs never both start one campaign; the messages' uniqueness is the outbox key's, not this document's.
import { Types, type Connection } from 'mongoose';
import { builtinCapabilities, proactiveOrder, type CapabilitiesOf } from '../domain/channel.js';
import { cleanSlices, type Slices } from '../domain/segment-slices.js';
import type { Segment } from '../domain/segments.js';
import { visitModel, type VisitModel } from './models/activity.js';
import { appointmentModel, type AppointmentModel } from './models/appointment.js';
import { campaignModel, CAMPAIGN_STATES, type CampaignModel } from './models/campaign.js';
import { identityModel, type IdentityModel } from './models/identity.js';
import { outboxModel, type OutboxModel, type OutboxStatus } from './models/outbox.js';

export { CAMPAIGN_STATES };
export type CampaignState = (typeof CAMPAIGN_STATES)[number];
export const CAMPAIGN_PURPOSE = 'campaign' as const;

export type CampaignCreator = { kind: 'staff'; staffId: string } | { kind: 'cli'; asManagerOf?: string };

export interface AudienceCounts {
  eligible: number;
  noConsent: number;
  noChat: number;
}

export interface NewCampaign {
  segment: Segment;
  slices: Slices;
  template: string;
  sendAt: Date;
  state: 'draft' | 'scheduled';
  createdBy: CampaignCreator;
}

export interface Campaign extends Omit<NewCampaign, 'state'> {
  id: string;
  state: CampaignState;
  audience?: AudienceCounts;
  enqueuedAt?: Date;
  enqueued?: number;
  startedAt?: Date;
  doneAt?: Date;
  cancelledAt?: Date;
  cancelReason?: string;
  createdAt: Date;
}

/** One customer's message of a campaign, as its result needs it. */
export interface CampaignRow {
  customerId: string;
  status: OutboxStatus;
  statusReason?: string;
  sentAt?: Date;
}

const OPEN: OutboxStatus[] = ['pending', 'claimed', 'sending'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toCampaign(d: any): Campaign {
  const by = d.createdBy ?? {};
  const opt = <K extends string>(k: K, v: unknown): Partial<Record<K, unknown>> => (v === undefined || v === null ? {} : ({ [k]: v } as Record<K, unknown>));
  return {
    id: String(d._id),
    segment: d.segment,
    slices: cleanSlices(d.slices ?? {}),
    template: d.template,
    sendAt: d.sendAt,
    state: d.state,
    createdBy: by.kind === 'staff' ? { kind: 'staff', staffId: String(by.staffId) } : { kind: 'cli', ...(by.asManagerOf ? { asManagerOf: String(by.asManagerOf) } : {}) },
    ...(d.audience ? { audience: { eligible: d.audience.eligible ?? 0, noConsent: d.audience.noConsent ?? 0, noChat: d.audience.noChat ?? 0 } } : {}),
    ...(opt('enqueuedAt', d.enqueuedAt) as { enqueuedAt?: Date }),
    ...(opt('enqueued', d.enqueued) as { enqueued?: number }),
    ...(opt('startedAt', d.startedAt) as { startedAt?: Date }),
    ...(opt('doneAt', d.doneAt) as { doneAt?: Date }),
    ...(opt('cancelledAt', d.cancelledAt) as { cancelledAt?: Date }),
    ...(opt('cancelReason', d.cancelReason) as { cancelReason?: string }),
    createdAt: d.createdAt,
  };
}

const oid = (id: string): Types.ObjectId | null => (Types.ObjectId.isValid(String(id)) && /^[0-9a-f]{24}$/i.test(String(id)) ? new Types.ObjectId(String(id)) : null);

export class CampaignRepository {
  private readonly model: CampaignModel;
  private readonly outbox: OutboxModel;
  private readonly identities: IdentityModel;
  private readonly visits: VisitModel;
  private readonly appointments: AppointmentModel;

  constructor(conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.model = campaignModel(conn);
    this.outbox = outboxModel(conn);
    this.identities = identityModel(conn);
    this.visits = visitModel(conn);
    this.appointments = appointmentModel(conn);
  }

  async create(c: NewCampaign): Promise<Campaign> {
    const at = this.now();
    const slices = cleanSlices(c.slices as Record<string, unknown>);
    const createdBy = c.createdBy.kind === 'staff' ? { kind: 'staff' as const, staffId: c.createdBy.staffId } : { kind: 'cli' as const, ...(c.createdBy.asManagerOf ? { asManagerOf: c.createdBy.asManagerOf } : {}) };
    const doc = await this.model.create({ segment: c.segment, slices, template: c.template, sendAt: c.sendAt, state: c.state, createdBy, createdAt: at, updatedAt: at });
    return toCampaign(doc.toObject());
  }

  async findById(id: string): Promise<Campaign | null> {
    const _id = oid(id);
    if (!_id) return null;
    const d = await this.model.collection.findOne({ _id });
    return d ? toCampaign(d) : null;
  }

  /** Newest first; optionally only those one staff member made. */
  async list(opts: { createdByStaffId?: string; limit?: number } = {}): Promise<Campaign[]> {
    const q = opts.createdByStaffId ? { 'createdBy.kind': 'staff', 'createdBy.staffId': String(opts.createdByStaffId) } : {};
    const docs = await this.model.collection.find(q).sort({ createdAt: -1, _id: -1 }).limit(opts.limit ?? 20).toArray();
    return docs.map(toCampaign);
  }

  /** Campaigns the send job looks at: scheduled and due, or still sending. */
  async active(now: Date): Promise<Campaign[]> {
    const docs = await this.model.collection.find({ state: { $in: ['scheduled', 'sending'] }, sendAt: { $lte: now } }).sort({ sendAt: 1, _id: 1 }).toArray();
    return docs.map(toCampaign);
  }

  /** Moves the campaign on only if it is still in one of `from`: the loser of a race changes nothing. */
  async transition(id: string, from: readonly CampaignState[], to: CampaignState, set: Partial<Pick<Campaign, 'startedAt' | 'doneAt' | 'cancelledAt' | 'cancelReason'>> = {}): Promise<boolean> {
    const _id = oid(id);
    if (!_id) return false;
    const stamp = to === 'cancelled' && !set.cancelledAt ? { cancelledAt: this.now() } : to === 'done' && !set.doneAt ? { doneAt: this.now() } : {};
    const res = await this.model.collection.updateOne({ _id, state: { $in: [...from] } }, { $set: { state: to, ...stamp, ...set, updatedAt: this.now() } });
    return res.matchedCount === 1;
  }

  async markEnqueued(id: string, audience: AudienceCounts, enqueued: number): Promise<void> {
    const _id = oid(id);
    if (_id) await this.model.collection.updateOne({ _id, enqueuedAt: { $exists: false } }, { $set: { audience, enqueued, enqueuedAt: this.now(), updatedAt: this.now() } });
  }

  /** Customers with a chat a job may write to first (free or windowed channels), of those given. */
  async reachableByChat(customerIds: readonly string[], capabilities: CapabilitiesOf = builtinCapabilities): Promise<Set<string>> {
    const out = new Set<string>();
    const ids = customerIds.map(oid).filter((x): x is Types.ObjectId => x !== null);
    for (let i = 0; i < ids.length; i += 1000) {
      const docs = await this.identities.collection.find({ customerId: { $in: ids.slice(i, i + 1000) } }, { projection: { customerId: 1, channel: 1 } }).toArray();
      for (const d of docs) if (proactiveOrder([{ channel: String(d.channel) }], capabilities).length > 0) out.add(String(d.customerId));
    }
    return out;
  }

  /** Every message of a campaign, by its occasion (the campaign id). */
  async rowsOf(campaignId: string): Promise<CampaignRow[]> {
    const docs = await this.outbox.collection
      .find({ purpose: CAMPAIGN_PURPOSE, occasion: String(campaignId) }, { projection: { customerId: 1, status: 1, statusReason: 1, sentAt: 1 } })
      .toArray();
    return docs.map((d) => ({ customerId: String(d.customerId), status: d.status as OutboxStatus, ...(d.statusReason ? { statusReason: String(d.statusReason) } : {}), ...(d.sentAt ? { sentAt: d.sentAt as Date } : {}) }));
  }

  async openRows(campaignId: string): Promise<number> {
    return this.outbox.collection.countDocuments({ purpose: CAMPAIGN_PURPOSE, occasion: String(campaignId), status: { $in: OPEN } });
  }

  /** Cancels the campaign's messages still waiting; a row already taken by a dispatcher re-checks the campaign itself. */
  async cancelPendingRows(campaignId: string): Promise<number> {
    const res = await this.outbox.collection.updateMany(
      { purpose: CAMPAIGN_PURPOSE, occasion: String(campaignId), status: 'pending' },
      { $set: { status: 'cancelled', statusReason: 'campaign_cancelled', updatedAt: this.now() }, $inc: { version: 1 } },
    );
    return res.modifiedCount;
  }

  /**
   * How many of these customers came back within `days` of their message: a visit done, or an appointment made (not
   * cancelled), after it was sent.
   */
  async cameBack(sent: readonly { customerId: string; sentAt: Date }[], days: number): Promise<number> {
    const sentAt = new Map<string, number>();
    for (const s of sent) if (oid(s.customerId)) sentAt.set(s.customerId, s.sentAt.getTime());
    const back = new Set<string>();
    const windowMs = days * 86_400_000;
    const inWindow = (id: string, at: unknown): boolean => {
      const from = sentAt.get(id);
      return from !== undefined && at instanceof Date && at.getTime() > from && at.getTime() <= from + windowMs;
    };
    const ids = [...sentAt.keys()].map((id) => new Types.ObjectId(id));
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      for (const v of await this.visits.collection.find({ customerId: { $in: chunk }, status: 'done' }, { projection: { customerId: 1, at: 1 } }).toArray()) {
        if (inWindow(String(v.customerId), v.at)) back.add(String(v.customerId));
      }
      for (const a of await this.appointments.collection.find({ customerId: { $in: chunk }, status: { $ne: 'cancelled' } }, { projection: { customerId: 1, createdAt: 1 } }).toArray()) {
        if (inWindow(String(a.customerId), a.createdAt)) back.add(String(a.customerId));
      }
    }
    return back.size;
  }
}
