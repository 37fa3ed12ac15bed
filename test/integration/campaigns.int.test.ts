// Campaigns (issue 14) on the real database with a controllable clock: the audience is the creator's scope with
// marketing consent and a chat; messages go through the outbox at their time, after quiet hours, one per customer
// per campaign whatever re-runs or restarts; consent withdrawn after scheduling stops a message; cancelling stops the
// rest; the results count sent, failed, opted out and who came back within 30 days.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { CAMPAIGN_JOB } from '../../jobs/campaigns.js';
import { dispatchDue } from '../../jobs/dispatch.js';
import { runJob } from '../../jobs/scheduler.js';
import { cancelCampaign, createCampaign, previewCampaign, resultsOf, type CampaignDeps } from '../../src/services/campaigns.js';
import { customerAccess, type CustomerAccess } from '../../src/services/customer-access.js';
import { recomputeAllSegments } from '../../src/services/segments.js';
import { createStore, type Store } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { BOT, jobsWorld, type JobsWorld } from '../support/jobs-fixture.js';

let db: TestDb;
let clock: TestClock;
let store: Store;
let w: JobsWorld;
const DAY = 86_400_000;
// Wednesday 2 Dec 2026, 10:00 in Hồ Chí Minh City (UTC+7).
const NOW = new Date('2026-12-02T03:00:00Z');
const AT_22 = new Date('2026-12-02T15:00:00Z');
const NEXT_0800 = new Date('2026-12-03T01:00:00Z');
const TEMPLATE = 'Dạ em chào {ten}, {ten_spa} gửi {xung_ho} ưu đãi 20% cho {dich_vu_cuoi} tuần này ạ.';

beforeAll(async () => {
  db = await openTestDb('campaigns');
});
afterAll(async () => db.close());

describe('campaigns', () => {
  const ids: Record<string, string> = {};
  const staff: Record<string, string> = {};
  let seq = 0;

  const deps = (): CampaignDeps => ({ store, now: clock.now, spaName: 'Spa Hoa Sen' });
  const asStaff = (key: string): CustomerAccess => customerAccess({ store, staffVisibility: 'masked' }, { kind: 'staff', staffId: staff[key]!, channel: 'telegram' });
  const owner = (): CustomerAccess => customerAccess({ store, staffVisibility: 'masked' }, { kind: 'owner-cli' });
  const chatOf = (key: string): string => String(5000 + Object.keys(ids).indexOf(key));

  async function member(key: string, role: 'manager' | 'staff', branchId: string): Promise<void> {
    const r = await store.staff.add({ name: key, role, branchId, chats: [{ channel: 'telegram', userId: String(7000 + Object.keys(staff).length) }] });
    if (!r.ok) throw new Error('staff');
    staff[key] = r.value.id;
  }

  async function customer(key: string, name: string, branchId: string, opts: { marketing: boolean; chat: boolean }): Promise<void> {
    seq++;
    const consents = [
      { purpose: 'care' as const, granted: true, at: clock.now(), channel: 'cli', wordingVersion: 'test' },
      ...(opts.marketing ? [{ purpose: 'marketing' as const, granted: true, at: clock.now(), channel: 'cli', wordingVersion: 'test' }] : []),
    ];
    const r = await store.customers.create({ name, phone: `+8491500${String(seq).padStart(4, '0')}`, branchId }, { kind: 'cli' }, consents);
    if (!r.ok) throw new Error('seed');
    ids[key] = r.value.id;
    await db.conn.db!.collection('customers').updateOne({ _id: new Types.ObjectId(r.value.id) }, { $set: { createdAt: new Date(NOW.getTime() - 300 * DAY) } });
    if (opts.chat) await store.customers.linkIdentity(r.value.id, { channel: 'telegram', account: BOT, userId: chatOf(key) });
    // At risk: came every three weeks, last 47 days ago.
    for (const d of [110, 89, 68, 47]) await store.activity.logVisit({ customerId: r.value.id, staffId: 'seed', service: 'Massage', amountVnd: 300_000, paid: true, at: new Date(NOW.getTime() - d * DAY) });
  }

  beforeEach(async () => {
    await db.clear();
    for (const k of Object.keys(ids)) delete ids[k];
    for (const k of Object.keys(staff)) delete staff[k];
    seq = 0;
    clock = new TestClock(NOW);
    store = createStore(db.conn, clock.now);
    w = jobsWorld(db, clock);
    await member('managerQ1', 'manager', 'q1');
    await member('managerQ3', 'manager', 'q3');
    await member('hoa', 'staff', 'q1');
    await customer('lan', 'Nguyễn Thị Lan', 'q1', { marketing: true, chat: true });
    await customer('binh', 'Trần Văn Bình', 'q1', { marketing: true, chat: true });
    await customer('cuc', 'Lê Thị Cúc', 'q1', { marketing: false, chat: true });
    await customer('dao', 'Phạm Thị Đào', 'q1', { marketing: true, chat: false });
    await customer('em', 'Võ Thị Em', 'q3', { marketing: true, chat: true });
    await recomputeAllSegments({ store, now: clock.now });
  });

  const rows = () => db.conn.db!.collection('outbox').find({ purpose: 'campaign' }).sort({ dueAt: 1, _id: 1 }).toArray();
  const sentTo = (key: string) => w.telegram.to(chatOf(key));

  it('previews the Q1 manager\'s audience: who gets it, who is left out and why, and the message for one of them', async () => {
    const p = await previewCampaign(deps(), asStaff('managerQ1'), { segment: 'sap_roi', template: TEMPLATE });
    expect(p.ok && p.value.counts).toEqual({ eligible: 2, noConsent: 1, noChat: 1 });
    expect(p.ok && p.value.sample).toEqual({ name: 'Nguyễn Thị Lan', text: 'Dạ em chào chị Lan, Spa Hoa Sen gửi chị ưu đãi 20% cho Massage tuần này ạ.' });
    // A slice narrows it; Q3's customer is never in a Q1 manager's audience, even asked for by branch.
    const q3 = await previewCampaign(deps(), asStaff('managerQ1'), { segment: 'sap_roi', slices: 'chinhanh:q3', template: TEMPLATE });
    expect(q3.ok && q3.value.counts).toEqual({ eligible: 0, noConsent: 0, noChat: 0 });
    const all = await previewCampaign(deps(), owner(), { segment: 'sap_roi', template: TEMPLATE });
    expect(all.ok && all.value.counts).toEqual({ eligible: 3, noConsent: 1, noChat: 1 });
  });

  it('sends after quiet hours, only with marketing consent (withdrawn after scheduling: opted out), and counts the results', async () => {
    const created = await createCampaign(deps(), asStaff('managerQ1'), { segment: 'sap_roi', template: TEMPLATE, sendAt: AT_22 });
    if (!created.ok) throw new Error(JSON.stringify(created.reason));
    const id = created.value.campaign.id;
    // Bình withdraws marketing consent after the campaign was scheduled.
    await store.customers.recordConsent(ids.binh!, { purpose: 'marketing', granted: false, at: clock.now(), channel: 'telegram', wordingVersion: 'test' }, { kind: 'cli' });

    // Before its time nothing is queued.
    expect(await runJob(w.ctx, CAMPAIGN_JOB)).toMatchObject({ started: 0, queued: 0 });
    clock.set(AT_22);
    expect(await runJob(w.ctx, CAMPAIGN_JOB)).toMatchObject({ started: 1, queued: 2 });
    expect((await rows()).map((r) => String(r.customerId)).sort()).toEqual([ids.lan!, ids.binh!].sort());
    expect((await rows()).every((r) => r.dueAt.getTime() >= NEXT_0800.getTime())).toBe(true);

    // 22:00 and 07:59 are quiet hours: nothing goes.
    await dispatchDue(w.ctx);
    clock.set(new Date(NEXT_0800.getTime() - 60_000));
    await dispatchDue(w.ctx);
    expect(w.telegram.sent).toHaveLength(0);
    clock.set(NEXT_0800);
    await dispatchDue(w.ctx);
    expect(sentTo('lan').map((m) => m.text)).toEqual(['Dạ em chào chị Lan, Spa Hoa Sen gửi chị ưu đãi 20% cho Massage tuần này ạ.']);
    expect(sentTo('lan')[0]!.at.getTime()).toBeGreaterThanOrEqual(NEXT_0800.getTime());
    for (const k of ['binh', 'cuc', 'dao', 'em']) expect(sentTo(k)).toHaveLength(0);
    expect(w.telegram.sent).toHaveLength(1);

    // Every message finished: the next run marks the campaign done.
    expect(await runJob(w.ctx, CAMPAIGN_JOB)).toMatchObject({ done: 1 });
    const r1 = await resultsOf(deps(), asStaff('managerQ1'), id);
    expect(r1.ok && r1.value.campaign).toMatchObject({ state: 'done', audience: { eligible: 2, noConsent: 1, noChat: 1 } });
    expect(r1.ok && r1.value.results).toEqual({ queued: 2, sent: 1, failed: 0, optedOut: 1, cancelled: 0, pending: 0, cameBack: 0 });

    // A visit 31 days after the message is not "came back within 30 days"; an appointment made 5 days after is.
    await store.activity.logVisit({ customerId: ids.lan!, staffId: 'seed', service: 'Massage', amountVnd: 300_000, paid: true, at: new Date(NEXT_0800.getTime() + 31 * DAY) });
    const late = await resultsOf(deps(), owner(), id);
    expect(late.ok && late.value.results.cameBack).toBe(0);
    await db.conn.db!.collection('appointments').insertOne({ customerId: new Types.ObjectId(ids.lan!), start: new Date(NEXT_0800.getTime() + 8 * DAY), status: 'requested', createdAt: new Date(NEXT_0800.getTime() + 5 * DAY) });
    const r2 = await resultsOf(deps(), owner(), id);
    expect(r2.ok && r2.value.results.cameBack).toBe(1);
  });

  it('queues one message per customer whatever re-runs or restarts, and cancelling stops the ones still waiting', async () => {
    w = jobsWorld(db, clock, { settings: { campaignPerMinute: 1 } });
    const sendAt = new Date(NOW.getTime() + 3_600_000);
    const created = await createCampaign(deps(), owner(), { segment: 'sap_roi', template: 'Chào {ten}!', sendAt });
    if (!created.ok) throw new Error('create');
    const id = created.value.campaign.id;
    clock.set(sendAt);
    expect(await runJob(w.ctx, CAMPAIGN_JOB)).toMatchObject({ started: 1, queued: 3 });
    expect(await runJob(w.ctx, CAMPAIGN_JOB)).toMatchObject({ started: 0, queued: 0 });
    // A crash after queueing but before the campaign recorded it: a fresh process queues again and finds every key taken.
    await db.conn.db!.collection('campaigns').updateOne({ _id: new Types.ObjectId(id) }, { $unset: { enqueuedAt: '' } });
    w = jobsWorld(db, clock, { settings: { campaignPerMinute: 1 } });
    expect(await runJob(w.ctx, CAMPAIGN_JOB)).toMatchObject({ queued: 0, existing: 3 });
    expect(await rows()).toHaveLength(3);
    // Paced one a minute: the first is due now, the others a minute apart.
    expect((await rows()).map((r) => r.dueAt.getTime() - sendAt.getTime())).toEqual([0, 60_000, 120_000]);

    await dispatchDue(w.ctx);
    expect(w.telegram.sent).toHaveLength(1);
    const cancelled = await cancelCampaign(owner(), id);
    expect(cancelled.ok && cancelled.value.rows).toBe(2);
    clock.advance(10 * 60_000);
    await dispatchDue(w.ctx);
    expect(w.telegram.sent).toHaveLength(1);
    const r = await resultsOf(deps(), owner(), id);
    expect(r.ok && r.value.results).toMatchObject({ queued: 3, sent: 1, cancelled: 2, pending: 0 });
    expect(r.ok && r.value.campaign.state).toBe('cancelled');
    // A cancelled campaign cannot be cancelled twice, nor start again.
    expect(await cancelCampaign(owner(), id)).toEqual({ ok: false, reason: { kind: 'not_cancellable', state: 'cancelled' } });
    expect(await runJob(w.ctx, CAMPAIGN_JOB)).toMatchObject({ started: 0, queued: 0 });
  });

  it('a message still queued when its campaign was cancelled is not sent: the dispatcher re-reads the campaign', async () => {
    const created = await createCampaign(deps(), owner(), { segment: 'sap_roi', template: 'Chào {ten}!', sendAt: NOW });
    if (!created.ok) throw new Error('create');
    await runJob(w.ctx, CAMPAIGN_JOB);
    await db.conn.db!.collection('campaigns').updateOne({ _id: new Types.ObjectId(created.value.campaign.id) }, { $set: { state: 'cancelled' } });
    expect(await dispatchDue(w.ctx)).toMatchObject({ sent: 0, cancelled: 3 });
    expect((await rows()).map((r) => r.statusReason)).toEqual(['campaign_cancelled', 'campaign_cancelled', 'campaign_cancelled']);
  });

  it('refuses staff, bad templates and times; a manager sees and cancels only her own; a removed creator sends nothing', async () => {
    expect(await previewCampaign(deps(), asStaff('hoa'), { segment: 'sap_roi', template: TEMPLATE })).toEqual({ ok: false, reason: { kind: 'not_allowed' } });
    expect(await createCampaign(deps(), asStaff('hoa'), { segment: 'sap_roi', template: TEMPLATE, sendAt: AT_22 })).toEqual({ ok: false, reason: { kind: 'not_allowed' } });
    for (const [template, names] of [['Chào {$where}', ['$where']], ['Chào {tne} và {ten}', ['tne']], ['{"$gt": ""}', ['"$gt": ""']]] as const) {
      expect(await createCampaign(deps(), asStaff('managerQ1'), { segment: 'sap_roi', template, sendAt: AT_22 })).toEqual({ ok: false, reason: { kind: 'bad_template', reason: { kind: 'unknown_placeholder', names } } });
    }
    expect(await createCampaign(deps(), asStaff('managerQ1'), { segment: 'khong_co', template: TEMPLATE, sendAt: AT_22 })).toEqual({ ok: false, reason: { kind: 'bad_segment' } });
    expect(await createCampaign(deps(), asStaff('managerQ1'), { segment: 'sap_roi', slices: '$where:1', template: TEMPLATE, sendAt: AT_22 })).toMatchObject({ ok: false, reason: { kind: 'bad_slices' } });
    expect(await createCampaign(deps(), asStaff('managerQ1'), { segment: 'sap_roi', template: TEMPLATE, sendAt: new Date(NOW.getTime() - DAY) })).toEqual({ ok: false, reason: { kind: 'past' } });
    expect(await db.conn.db!.collection('campaigns').countDocuments()).toBe(0);

    const created = await createCampaign(deps(), asStaff('managerQ1'), { segment: 'sap_roi', template: TEMPLATE, sendAt: AT_22 });
    if (!created.ok) throw new Error('create');
    const id = created.value.campaign.id;
    // The Q3 manager neither sees nor cancels it.
    expect(await cancelCampaign(asStaff('managerQ3'), id)).toEqual({ ok: false, reason: { kind: 'not_found' } });
    expect(await resultsOf(deps(), asStaff('managerQ3'), id)).toEqual({ ok: false, reason: { kind: 'not_found' } });
    expect(await cancelCampaign(asStaff('hoa'), id)).toEqual({ ok: false, reason: { kind: 'not_allowed' } });
    // The Q1 manager leaves before the send time: her campaign is cancelled, not sent.
    await store.staff.remove(staff.managerQ1!);
    clock.set(AT_22);
    expect(await runJob(w.ctx, CAMPAIGN_JOB)).toMatchObject({ cancelled: 1, queued: 0 });
    expect(await rows()).toHaveLength(0);
    expect((await store.campaigns.findById(id))?.state).toBe('cancelled');
  });
});
