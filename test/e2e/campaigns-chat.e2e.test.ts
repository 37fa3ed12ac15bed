// /chiendich through the real Telegram adapter (issue 14): a manager picks a segment (buttons with counts in her
// scope), an optional slice, types the template and a Vietnamese time, sees the count and a preview, confirms; the
// list shows the campaign and cancels it. Abuse: staff and a customer chat refused, a Q1 manager never reaches Q3's
// customers, forged segment and cancel buttons refused, {$where} and unknown placeholders rejected. The list's
// "quay lại trong N ngày" counts over CAMPAIGN_RESULT_DAYS (a 7-day window: day 5 counts, day 10 does not).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import { Types } from 'mongoose';
import { campaignStaffVi as c } from '../../src/engine/copy/campaigns-vi.js';
import { CAMPAIGN_JOB } from '../../jobs/campaigns.js';
import { dispatchDue } from '../../jobs/dispatch.js';
import { runJob } from '../../jobs/scheduler.js';
import { createEngine } from '../../src/engine/engine.js';
import { formatWhen } from '../../src/domain/appointment-messages.js';
import { SEGMENT_NAMES } from '../../src/domain/segment-reasons.js';
import { createLogger } from '../../src/log.js';
import { createCampaign } from '../../src/services/campaigns.js';
import { customerAccess } from '../../src/services/customer-access.js';
import { recomputeAllSegments } from '../../src/services/segments.js';
import { createStore, type Store } from '../../src/store/index.js';
import { SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { staffVi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { jobsWorld } from '../support/jobs-fixture.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, GUEST, OTHER_GUEST, text } from '../support/telegram-updates.js';
import { TelegramUser } from '../support/telegram-user.js';

const MANAGER_Q1: User = { id: 7201, is_bot: false, first_name: 'Quản lý Một' };
const MANAGER_Q3: User = { id: 7202, is_bot: false, first_name: 'Quản lý Ba' };
const HOA: User = { id: 7203, is_bot: false, first_name: 'Hoa' };
// Wednesday 2 Dec 2026, 10:00 in Hồ Chí Minh City.
const NOW = new Date('2026-12-02T03:00:00Z');
const DAY = 86_400_000;
const name = SEGMENT_NAMES.vi;
const TEMPLATE = 'Dạ em chào {ten}, {ten_spa} tặng {xung_ho} ưu đãi 20% cho {dich_vu_cuoi} tuần này ạ.';

describe('/chiendich through the real Telegram adapter', () => {
  let db: TestDb;
  let h: TelegramHarness;
  let clock: TestClock;
  let store: Store;
  let seq = 0;

  beforeAll(async () => {
    db = await openTestDb('campaigns_chat');
  });
  afterAll(async () => db?.close());
  afterEach(async () => h?.stop());

  async function member(user: User, role: 'manager' | 'staff', branchId: string): Promise<string> {
    const r = await store.staff.add({ name: user.first_name, role, branchId, chats: [{ channel: 'telegram', userId: String(user.id) }] });
    if (!r.ok) throw new Error('staff');
    return r.value.id;
  }
  async function customer(fullName: string, branchId: string, marketing: boolean): Promise<string> {
    seq++;
    const consents = [{ purpose: 'care' as const, granted: true, at: NOW, channel: 'cli', wordingVersion: 't' }, ...(marketing ? [{ purpose: 'marketing' as const, granted: true, at: NOW, channel: 'cli', wordingVersion: 't' }] : [])];
    const r = await store.customers.create({ name: fullName, phone: `+8491700${String(seq).padStart(4, '0')}`, branchId }, { kind: 'cli' }, consents);
    if (!r.ok) throw new Error('seed');
    await db.conn.db!.collection('customers').updateOne({ _id: new Types.ObjectId(r.value.id) }, { $set: { createdAt: new Date(NOW.getTime() - 300 * DAY) } });
    await store.customers.linkIdentity(r.value.id, { channel: 'telegram', account: 'bot', userId: String(9100 + seq) });
    for (const d of [110, 89, 68, 47]) await store.activity.logVisit({ customerId: r.value.id, staffId: 'seed', service: 'Massage', amountVnd: 300_000, paid: true, at: new Date(NOW.getTime() - d * DAY) });
    return r.value.id;
  }
  const ids: Record<string, string> = {};

  beforeEach(async () => {
    await db.clear();
    seq = 0;
    clock = new TestClock(NOW);
    store = createStore(db.conn, clock.now);
    ids.managerQ1 = await member(MANAGER_Q1, 'manager', 'q1');
    await member(MANAGER_Q3, 'manager', 'q3');
    await member(HOA, 'staff', 'q1');
    ids.lan = await customer('Nguyễn Thị Lan', 'q1', true);
    ids.mai = await customer('Trần Thị Mai', 'q1', true);
    await customer('Lê Thị Cúc', 'q1', false);
    await customer('Võ Thị Hồng', 'q3', true);
    await recomputeAllSegments({ store, now: clock.now });
    h = await startTelegramHarness('polling', createEngine({ store, settings: { ...SETTINGS, staffVisibility: 'masked' }, now: clock.now, log: createLogger('silent') }));
  });

  it('makes a campaign step by step, shows the count and a preview, schedules it, lists and cancels it', async () => {
    const m = new TelegramUser(h, MANAGER_Q1);
    await m.send(command(MANAGER_Q1, '/chiendich'));
    expect(m.said).toBe(c.listNone);
    await m.press(c.newButton);
    expect(m.said).toBe(c.pickSegment);
    // Her branch only: three at-risk customers in Q1, Q3's one is not counted.
    expect(m.buttons.map((b) => b.text)).toEqual([c.segmentButton({ name: name.sap_roi, count: 3 })]);
    await m.press(c.segmentButton({ name: name.sap_roi, count: 3 }));
    expect(m.said).toBe(c.askSlice({ segment: name.sap_roi }));
    await m.send(text(MANAGER_Q1, 'mau:do'));
    expect(m.said).toContain('Không có điều kiện "mau"');
    await m.press(c.noSliceButton);
    expect(m.said).toBe(c.askTemplate);

    await m.send(text(MANAGER_Q1, 'Chào {$where}'));
    expect(m.said).toBe(c.badTemplate({ reason: { kind: 'unknown_placeholder', names: ['$where'] } }));
    await m.send(text(MANAGER_Q1, 'Chào {tne}'));
    expect(m.said).toContain('Em không có chỗ điền {tne}');
    await m.send(text(MANAGER_Q1, TEMPLATE));
    expect(m.said).toBe(c.askTime);
    await m.send(text(MANAGER_Q1, '2/12 9h'));
    expect(m.said).toBe(c.badTime);
    await m.send(text(MANAGER_Q1, 'mai 9h'));
    const sendAt = new Date('2026-12-03T02:00:00Z');
    const when = formatWhen(sendAt, 'Asia/Ho_Chi_Minh', 'vi');
    expect(m.said).toContain(c.preview({ segment: name.sap_roi, slices: '', when, eligible: 2, noConsent: 1, noChat: 0 }));
    expect(m.said).toContain(c.sample({ name: 'Nguyễn Thị Lan', text: 'Dạ em chào chị Lan, Spa Hoa Sen tặng chị ưu đãi 20% cho Massage tuần này ạ.' }));
    expect(await db.conn.db!.collection('campaigns').countDocuments()).toBe(0);
    await m.press(c.confirmButton);
    expect(m.said).toBe(c.scheduled({ when, eligible: 2 }));
    const stored = await db.conn.db!.collection('campaigns').findOne({});
    expect(stored).toMatchObject({ segment: 'sap_roi', state: 'scheduled', sendAt, template: TEMPLATE, createdBy: { kind: 'staff' } });

    await m.send(command(MANAGER_Q1, '/campaign'));
    expect(m.said).toContain(c.listLine({ n: 1, segment: name.sap_roi, slices: '', when, state: c.states.scheduled }));
    await m.press(c.cancelButton({ n: 1 }));
    expect(m.said).toBe(c.cancelled({ rows: 0 }));
    expect((await db.conn.db!.collection('campaigns').findOne({}))?.state).toBe('cancelled');
  });

  it('refuses staff, a customer chat, forged segment and cancel buttons, and another branch\'s campaign', async () => {
    const hoa = new TelegramUser(h, HOA);
    await hoa.send(command(HOA, '/chiendich'));
    expect(hoa.said).toBe(c.staffOnly);
    await hoa.forge('camp:new');
    expect(hoa.said).toBe(staffVi.notAllowed);

    const lan = new TelegramUser(h, GUEST);
    await lan.send(command(GUEST, '/chiendich'));
    const other = new TelegramUser(h, OTHER_GUEST);
    await other.send(command(OTHER_GUEST, '/lenhkhongco'));
    expect(lan.said).toBe(other.said);
    expect(lan.said).not.toContain('chiến dịch');

    // The Q3 manager sees one customer; a forged button for a segment never offered is refused.
    const q3 = new TelegramUser(h, MANAGER_Q3);
    await q3.send(command(MANAGER_Q3, '/chiendich moi'));
    expect(q3.buttons.map((b) => b.text)).toEqual([c.segmentButton({ name: name.sap_roi, count: 1 })]);
    await q3.forge('camp:seg:vip');
    expect(q3.said).toBe(staffVi.notAllowed);

    // The Q1 manager makes one; even slicing by Q3's branch reaches nobody there.
    const m = new TelegramUser(h, MANAGER_Q1);
    await m.send(command(MANAGER_Q1, '/chiendich moi'));
    await m.press(c.segmentButton({ name: name.sap_roi, count: 3 }));
    await m.send(text(MANAGER_Q1, 'chinhanh:q3'));
    await m.send(text(MANAGER_Q1, 'Chào {ten}'));
    await m.send(text(MANAGER_Q1, 'mai 9h'));
    expect(m.said).toContain('Sẽ nhận: 0 khách');
    expect(m.said).toContain(c.noSample);
    await m.press(c.confirmButton);
    const id = String((await db.conn.db!.collection('campaigns').findOne({}))!._id);

    // Her cancel button, replayed in the Q3 manager's chat: never offered there, refused, campaign untouched.
    await q3.forge(`camp:cancel:${id}`);
    expect(q3.said).toBe(staffVi.notAllowed);
    await q3.send(command(MANAGER_Q3, '/chiendich'));
    expect(q3.said).toBe(c.listNone);
    // A confirm button replayed after the flow ended does nothing.
    await m.send(command(MANAGER_Q1, '/chiendich'));
    await m.forge('camp:confirm');
    expect(m.said).toBe(staffVi.notAllowed);
    expect(await db.conn.db!.collection('campaigns').countDocuments()).toBe(1);
    expect((await db.conn.db!.collection('campaigns').findOne({}))?.state).toBe('scheduled');
  });

  it('counts "came back" over CAMPAIGN_RESULT_DAYS: with 7 days, a visit on day 5 counts and one on day 10 does not', async () => {
    // Sent at 11:00 today to Lan and Mai (Cúc has no marketing consent).
    const sendAt = new Date(NOW.getTime() + 3_600_000);
    const access = customerAccess({ store, staffVisibility: 'masked' }, { kind: 'staff', staffId: ids.managerQ1!, channel: 'telegram' });
    const made = await createCampaign({ store, now: clock.now, spaName: 'Spa Hoa Sen' }, access, { segment: 'sap_roi', template: TEMPLATE, sendAt });
    if (!made.ok) throw new Error(JSON.stringify(made.reason));
    const w = jobsWorld(db, clock);
    clock.set(sendAt);
    expect(await runJob(w.ctx, CAMPAIGN_JOB)).toMatchObject({ started: 1, queued: 2 });
    await dispatchDue(w.ctx);
    expect(w.telegram.sent).toHaveLength(2);
    const sentAt = Math.max(...(await db.conn.db!.collection('outbox').find({ purpose: 'campaign', status: 'sent' }).toArray()).map((r) => (r.sentAt as Date).getTime()));
    await store.activity.logVisit({ customerId: ids.lan!, staffId: 'seed', service: 'Massage', amountVnd: 300_000, paid: true, at: new Date(sentAt + 5 * DAY) });
    await store.activity.logVisit({ customerId: ids.mai!, staffId: 'seed', service: 'Massage', amountVnd: 300_000, paid: true, at: new Date(sentAt + 10 * DAY) });
    clock.set(new Date(sentAt + 12 * DAY));
    const results = (days: number, cameBack: number): string => c.listResults({ sent: 2, failed: 0, optedOut: 0, pending: 0, cameBack, days });

    await h.stop();
    // One settings object, changed in place as the runtime does when the configuration is reloaded.
    const settings: typeof SETTINGS & { staffVisibility: 'masked'; campaignResultDays?: number } = { ...SETTINGS, staffVisibility: 'masked', campaignResultDays: 7 };
    h = await startTelegramHarness('polling', createEngine({ store, settings, now: clock.now, log: createLogger('silent') }));
    const m = new TelegramUser(h, MANAGER_Q1);
    await m.send(command(MANAGER_Q1, '/chiendich'));
    expect(m.said).toContain(results(7, 1));
    expect(m.said).not.toContain('trong 30 ngày');

    // The same records under the default window: both came back within 30 days.
    delete settings.campaignResultDays;
    await m.send(command(MANAGER_Q1, '/chiendich'));
    expect(m.said).toContain(results(30, 2));
  });
});
