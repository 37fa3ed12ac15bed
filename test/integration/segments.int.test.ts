// Segments on the real database: a population built with a controllable clock, every segment and its reason, the
// nightly job and the incremental hook, the viewer's visibility (another branch's staff), and erasure.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import mongoose, { Types, type Connection } from 'mongoose';
import { createJobContext } from '../../jobs/job-deps.js';
import { runJob } from '../../jobs/scheduler.js';
import { SEGMENTS_NIGHTLY_JOB } from '../../jobs/segments-nightly.js';
import { loadConfig } from '../../src/config.js';
import { explainSegment } from '../../src/domain/segment-reasons.js';
import { defaultSegmentSettings, type Segment } from '../../src/domain/segments.js';
import { createLogger } from '../../src/log.js';
import { customerAccess } from '../../src/services/customer-access.js';
import { recomputeAllSegments, recomputeSegment, segmentCounts, segmentMembers } from '../../src/services/segments.js';
import { createStore, type Store } from '../../src/store/index.js';
import { customerSegmentModel } from '../../src/store/models/segment.js';
import type { StaffMember } from '../../src/store/staff.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let store: Store;
let clock: TestClock;
const DAY = 86_400_000;
const NOW = new Date('2026-12-02T03:00:00Z');
const S = defaultSegmentSettings;

beforeAll(async () => {
  db = await openTestDb('segments');
});
afterAll(async () => db.close());

let seq = 0;
/** A customer registered `registeredDaysAgo` days before NOW, with visits at the given days before NOW. */
async function customer(name: string, registeredDaysAgo: number, visitDaysAgo: number[], opts: { amount?: number; branchId?: string; managerStaffId?: string; staffId?: string } = {}): Promise<string> {
  clock.set(new Date(NOW.getTime() - registeredDaysAgo * DAY));
  seq++;
  const r = await store.customers.create(
    { name, phone: `+8491200${String(seq).padStart(4, '0')}`, ...(opts.branchId ? { branchId: opts.branchId } : {}), ...(opts.managerStaffId ? { managerStaffId: opts.managerStaffId } : {}) },
    { kind: 'cli' },
  );
  if (!r.ok) throw new Error('seed');
  // Mongoose stamps createdAt from the system clock, not the test clock: the registration date is set here.
  await db.conn.db!.collection('customers').updateOne({ _id: new Types.ObjectId(r.value.id) }, { $set: { createdAt: clock.now() } });
  for (const d of [...visitDaysAgo].sort((a, b) => b - a)) {
    await store.activity.logVisit({ customerId: r.value.id, staffId: opts.staffId ?? 'seed', service: 'Trị mụn', amountVnd: opts.amount ?? 300_000, paid: true, at: new Date(NOW.getTime() - d * DAY) });
  }
  return r.value.id;
}

describe('a population, classified', () => {
  const ids: Record<string, string> = {};
  let owner: StaffMember;
  let managerQ1: StaffMember;
  let managerQ3: StaffMember;
  let staffQ3: StaffMember;

  beforeEach(async () => {
    await db.clear();
    clock = new TestClock(NOW);
    store = createStore(db.conn, clock.now);
    seq = 0;
    const add = async (name: string, role: 'owner' | 'manager' | 'staff', branchId?: string): Promise<StaffMember> => {
      const r = await store.staff.add({ name, role, ...(branchId ? { branchId } : {}) });
      if (!r.ok) throw new Error('staff');
      return r.value;
    };
    owner = await add('Chủ', 'owner');
    managerQ1 = await add('Quản lý Q1', 'manager', 'q1');
    managerQ3 = await add('Quản lý Q3', 'manager', 'q3');
    staffQ3 = await add('Hoa', 'staff', 'q3');
    const q1 = { branchId: 'q1' };
    ids.vip = await customer('Nguyễn Thị Vip', 400, [330, 300, 270, 240, 210, 180, 150, 120, 90, 60, 40, 20], { ...q1, amount: 1_533_333 });
    ids.atRisk = await customer('Trần Thị Rời', 200, [110, 89, 68, 47], q1);
    ids.fresh = await customer('Lê Thị Mới', 12, [12], q1);
    ids.prospect = await customer('Phạm Thị Tiềm', 3, [], q1);
    ids.regular = await customer('Võ Thị Quen', 100, [60, 40, 20], q1);
    ids.dormant = await customer('Đỗ Thị Ngủ', 400, [300, 200, 120], q1);
    ids.lost = await customer('Bùi Thị Mất', 500, [400], q1);
    ids.occasional = await customer('Hồ Thị Lai', 500, [400, 40], q1);
    ids.q3AtRisk = await customer('Ngô Thị Ba', 200, [110, 89, 68, 47], { branchId: 'q3', managerStaffId: staffQ3.id });
    clock.set(NOW);
  });

  const expected: [string, Segment, string][] = [
    ['vip', 'vip', 'VIP: 12 lần đến, 18,4 tr₫ trong 12 tháng'],
    ['atRisk', 'sap_roi', 'sắp rời: thường 21 ngày quay lại, đã 47 ngày'],
    ['fresh', 'moi', 'mới: lần đầu đến 12 ngày trước'],
    ['prospect', 'tiem_nang', 'tiềm năng: đăng ký 3 ngày trước, chưa đến lần nào'],
    ['regular', 'than_thiet', 'thân thiết: 3 lần đến trong 12 tháng, thường 20 ngày quay lại'],
    ['dormant', 'ngu_dong', 'ngủ đông: đã 120 ngày chưa quay lại (3 lần đến)'],
    ['lost', 'da_mat', 'đã mất: đã 400 ngày chưa quay lại (1 lần đến)'],
    ['occasional', 'vang_lai', 'vãng lai: 1 lần đến trong 12 tháng, lần cuối 40 ngày trước'],
  ];

  it('puts every customer in their segment with the reason in words, through the nightly job', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const ctx = createJobContext({ conn: db.conn, config, log: createLogger('silent'), clock: { now: clock.now, sleep: async () => undefined } });
    const result = (await runJob(ctx, SEGMENTS_NIGHTLY_JOB)) as { customers: number; written: number };
    expect(result).toMatchObject({ customers: 9, written: 9 });
    for (const [key, segment, reason] of expected) {
      const row = await store.segments.findById(ids[key]!);
      expect(row?.segment).toBe(segment);
      expect(explainSegment(row!.segment, row!.figures, clock.now(), S, 'vi')).toBe(reason);
    }
    // A second night with nothing new writes nothing; the calendar alone moves the regular customer on.
    expect(await runJob(ctx, SEGMENTS_NIGHTLY_JOB)).toMatchObject({ customers: 9, written: 0 });
    clock.set(new Date(NOW.getTime() + 19 * DAY));
    expect(await runJob(ctx, SEGMENTS_NIGHTLY_JOB)).toMatchObject({ written: 2 });
    expect((await store.segments.findById(ids.regular!))?.segment).toBe('sap_roi');
    expect((await store.segments.findById(ids.fresh!))?.segment).toBe('vang_lai');
  });

  it('recomputes one customer when a record changes: a visit brings the at-risk customer back', async () => {
    await recomputeAllSegments({ store, now: clock.now });
    const before = await store.segments.findById(ids.atRisk!);
    expect(before?.segment).toBe('sap_roi');
    await store.activity.logVisit({ customerId: ids.atRisk!, staffId: 'x', service: 'Massage', amountVnd: 500_000, paid: true, at: clock.now() });
    const after = await recomputeSegment({ store, now: clock.now }, ids.atRisk!);
    expect(after?.segment).toBe('than_thiet');
    expect(after?.lastService).toBe('Massage');
    expect(after?.since.getTime()).toBe(clock.now().getTime());
  });

  it('counts and lists within the viewer\'s visibility; another branch sees none of q1', async () => {
    await recomputeAllSegments({ store, now: clock.now });
    const viewer = (m: StaffMember) => customerAccess({ store, staffVisibility: 'masked' }, { kind: 'staff', staffId: m.id, channel: 'telegram' });
    const all = await segmentCounts(viewer(owner));
    expect(all).toMatchObject({ vip: 1, sap_roi: 2, moi: 1, tiem_nang: 1, than_thiet: 1, ngu_dong: 1, da_mat: 1, vang_lai: 1 });
    expect((await segmentCounts(viewer(managerQ1))).sap_roi).toBe(1);
    const q3 = await segmentCounts(viewer(managerQ3));
    expect(Object.values(q3).reduce((a, b) => a + b, 0)).toBe(1);
    // Staff see only their own: Hoa manages the q3 customer; a q1 list is empty for her.
    expect((await segmentMembers(viewer(staffQ3), 'sap_roi')).members.map((m) => m.customer.id)).toEqual([ids.q3AtRisk]);
    expect((await segmentMembers(viewer(staffQ3), 'vip')).total).toBe(0);
    const list = await segmentMembers(viewer(managerQ1), 'sap_roi');
    expect(list.members.map((m) => m.customer.id)).toEqual([ids.atRisk]);
    // A removed colleague sees nothing.
    await store.staff.remove(managerQ1.id);
    expect(Object.values(await segmentCounts(viewer(managerQ1))).reduce((a, b) => a + b, 0)).toBe(0);
    // Each list is audited once.
    const audits = await db.conn.db!.collection('audit_log').countDocuments({ action: 'search', detail: { $regex: '^segment' } });
    expect(audits).toBe(7);
  });

  it('slices by branch and by a family note', async () => {
    await store.activity.addNote({ customerId: ids.vip!, staffId: 'x', kind: 'family', text: 'Có con nhỏ 3 tuổi', at: clock.now() });
    await store.activity.addNote({ customerId: ids.regular!, staffId: 'x', kind: 'skin', text: 'có con nhỏ', at: clock.now() });
    await recomputeAllSegments({ store, now: clock.now });
    const access = customerAccess({ store, staffVisibility: 'masked' }, { kind: 'owner-cli' });
    const withKids = await segmentCounts(access, { note: 'con nho' });
    expect(Object.entries(withKids).filter(([, n]) => n > 0)).toEqual([['vip', 1]]);
    expect((await segmentCounts(access, { branch: 'q3' })).sap_roi).toBe(1);
  });

  it('erasing a customer removes their segment row', async () => {
    await recomputeAllSegments({ store, now: clock.now });
    await store.activity.addNote({ customerId: ids.vip!, staffId: 'x', kind: 'family', text: 'Có con nhỏ', at: clock.now() });
    await recomputeSegment({ store, now: clock.now }, ids.vip!);
    await store.customers.erase(ids.vip!, { kind: 'cli' });
    expect(await customerSegmentModel(db.conn).countDocuments({ _id: ids.vip })).toBe(0);
    expect(await recomputeSegment({ store, now: clock.now }, ids.vip!)).toBeNull();
    expect((await recomputeAllSegments({ store, now: clock.now })).customers).toBe(8);
  });
});

describe('the nightly pass writes only what changed', () => {
  let watched: Connection;
  const writes: { command: string; statements: number; filters?: string[] }[] = [];

  beforeAll(async () => {
    watched = await mongoose.createConnection(db.dbUri, { monitorCommands: true, autoIndex: false, autoCreate: false }).asPromise();
    watched.getClient().on('commandStarted', (e) => {
      const target = e.command[e.commandName];
      if (target !== 'customer_segments') return;
      if (e.commandName === 'insert') writes.push({ command: 'insert', statements: (e.command.documents as unknown[]).length });
      // The filter's keys too: FerretDB's SQLite backend pushes down only a filter that is exactly `{_id}`; any other
      // key makes each statement scan the whole collection (the 100,000-customer bench's next night).
      const keys = (list: unknown): string[] => (list as { q: Record<string, unknown> }[]).map((s) => Object.keys(s.q).join(','));
      if (e.commandName === 'update') writes.push({ command: 'update', statements: (e.command.updates as unknown[]).length, filters: keys(e.command.updates) });
      if (e.commandName === 'delete') writes.push({ command: 'delete', statements: (e.command.deletes as unknown[]).length, filters: keys(e.command.deletes) });
    });
  });
  afterAll(async () => watched.close());

  beforeEach(async () => {
    await db.clear();
    clock = new TestClock(NOW);
    // Through the watched connection, without the hook: only the nightly pass writes segment rows here.
    store = createStore(watched, clock.now);
    writes.length = 0;
  });

  it('inserts every row in one command the first night; the second writes only the customer whose records changed', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await customer(`Khách ${i}`, 100, [60, 40, 20]));
    clock.set(NOW);
    writes.length = 0;
    expect(await recomputeAllSegments({ store, now: clock.now })).toMatchObject({ customers: 5, written: 5, removed: 0 });
    expect(writes).toEqual([{ command: 'insert', statements: 5 }]);

    // A day later one customer came back (written without the hook) and another one was removed from the database.
    const later = new Date(NOW.getTime() + DAY);
    clock.set(later);
    await store.activity.logVisit({ customerId: ids[0]!, staffId: 'x', service: 'Massage', amountVnd: 500_000, paid: true, at: later });
    await db.conn.db!.collection('customers').deleteOne({ _id: new Types.ObjectId(ids[4]!) });
    writes.length = 0;
    expect(await recomputeAllSegments({ store, now: clock.now })).toMatchObject({ customers: 4, written: 1, removed: 1 });
    expect(writes).toEqual([
      { command: 'update', statements: 1, filters: ['_id'] },
      { command: 'delete', statements: 1, filters: ['_id'] },
    ]);
    const rows = await store.segments.findMany(ids);
    expect(rows.get(ids[0]!)?.computedAt.getTime()).toBe(later.getTime());
    expect(rows.get(ids[0]!)?.lastService).toBe('Massage');
    for (const id of ids.slice(1, 4)) expect(rows.get(id)?.computedAt.getTime()).toBe(NOW.getTime());
    expect(rows.has(ids[4]!)).toBe(false);

    // A third night with nothing new sends no write at all.
    writes.length = 0;
    expect(await recomputeAllSegments({ store, now: clock.now })).toMatchObject({ customers: 4, written: 0, removed: 0 });
    expect(writes).toEqual([]);
  });

  it('rewrites once a row stored before signatures (no sig), then leaves it alone; reads stored rows by projection', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await customer(`Khách ${i}`, 100, [60, 40, 20]));
    clock.set(NOW);
    await recomputeAllSegments({ store, now: clock.now });
    const rows = db.conn.db!.collection('customer_segments');
    const before = await rows.findOne({ _id: new Types.ObjectId(ids[1]!) });
    expect(before?.sig).toMatch(/^[\w-]{16}$/);
    // The shape a row had before this change: everything but `sig`.
    await rows.updateOne({ _id: new Types.ObjectId(ids[1]!) }, { $unset: { sig: '' } });
    const finds: unknown[] = [];
    const onFind = (e: { commandName: string; command: Record<string, unknown> }): void => void (e.commandName === 'find' && e.command.find === 'customer_segments' && finds.push(e.command.projection));
    watched.getClient().on('commandStarted', onFind);
    clock.set(new Date(NOW.getTime() + 1000));
    writes.length = 0;
    try {
      expect(await recomputeAllSegments({ store, now: clock.now })).toMatchObject({ customers: 3, written: 1 });
    } finally {
      watched.getClient().off('commandStarted', onFind);
    }
    expect(writes).toEqual([{ command: 'update', statements: 1, filters: ['_id'] }]);
    // The scan's read of every row, then the replace's guard read by _id: neither returns whole rows.
    expect(finds).toEqual([{ _id: 1, segment: 1, since: 1, computedAt: 1, sig: 1 }, { computedAt: 1 }]);
    const after = await rows.findOne({ _id: new Types.ObjectId(ids[1]!) });
    expect(after?.sig).toBe(before?.sig);
    // Same segment: it keeps the day it entered it.
    expect((after?.since as Date).getTime()).toBe((before?.since as Date).getTime());
    writes.length = 0;
    expect(await recomputeAllSegments({ store, now: clock.now })).toMatchObject({ customers: 3, written: 0 });
    expect(writes).toEqual([]);
  });

  it('sees a change the signature covers even when the segment stays (a copied card field)', async () => {
    const id = await customer('Khách Q', 100, [60, 40, 20]);
    clock.set(NOW);
    await recomputeAllSegments({ store, now: clock.now });
    await db.conn.db!.collection('customers').updateOne({ _id: new Types.ObjectId(id) }, { $set: { branchId: 'q7' } });
    writes.length = 0;
    expect(await recomputeAllSegments({ store, now: clock.now })).toMatchObject({ written: 1 });
    expect((await store.segments.findById(id))?.branchId).toBe('q7');
  });

  it('keeps a row the incremental hook wrote after the scan read it (insert and replace alike)', async () => {
    const a = await customer('Khách A', 100, [60, 40, 20]);
    const b = await customer('Khách B', 100, [60, 40, 20]);
    clock.set(NOW);
    const hookRow = await recomputeSegment({ store, now: clock.now }, a);
    // The pass had read no row for A: its insert meets A's new row and keeps it; B is inserted.
    const stale = { ...hookRow!, computedAt: new Date(NOW.getTime() - DAY), segment: 'da_mat' as const };
    expect(await store.segments.insertNew([stale, { ...stale, customerId: b }])).toBe(1);
    expect((await store.segments.findById(a))?.segment).toBe(hookRow!.segment);
    // The pass read B's row, then the hook rewrote it: the pass's replacement of what it read changes nothing.
    const readByPass = (await store.segments.findById(b))!;
    const newer = (await recomputeSegment({ store, now: () => new Date(NOW.getTime() + 1000) }, b))!;
    expect(await store.segments.replaceChanged([{ row: { ...readByPass, segment: 'ngu_dong' }, read: readByPass }])).toBe(0);
    expect((await store.segments.findById(b))?.computedAt.getTime()).toBe(newer.computedAt.getTime());
    // And a row still as read is replaced.
    expect(await store.segments.replaceChanged([{ row: { ...newer, segment: 'ngu_dong' }, read: newer }])).toBe(1);
    expect((await store.segments.findById(b))?.segment).toBe('ngu_dong');
  });
});
