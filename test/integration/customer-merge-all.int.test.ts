// A merge over every collection the app writes (issue 17), on the real FerretDB: the merged-away record B has a
// document in each (appointments and their slots, money, packages, segment row, link token, photo in GridFS, card
// edits, staged needs, …); after the merge nothing but an idempotency key names B, and the undo puts the database
// back document by document. The store is the one the chat and the CLI use, with the segment hook installed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { DEFAULT_MONEY_SETTINGS } from '../../src/domain/money-rules.js';
import { currentNeeds } from '../../src/domain/needs.js';
import { addDeposit, moneySummary, payDebt, sellProducts, type MoneyDeps } from '../../src/services/money.js';
import { customerAccess } from '../../src/services/customer-access.js';
import { mergeCustomers, undoLatestMerge } from '../../src/services/merge-customers.js';
import { withSegmentHook } from '../../src/services/segment-hook.js';
import { recordVisit, sellPackage } from '../../src/services/visits.js';
import { allModels, createStore, type Store } from '../../src/store/index.js';
import type { Customer } from '../../src/store/customers.js';
import type { StaffMember } from '../../src/store/staff.js';
import { MERGE_PLAN } from '../../src/store/merges.js';
import { TestClock } from '../support/clock.js';
import { placesNaming, snapshot } from '../support/db-snapshot.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { fakeJpeg } from '../support/photos.js';

let db: TestDb;
let store: Store;
const clock = new TestClock('2026-03-12T02:00:00Z');
const cli = { kind: 'cli' as const, channel: 'cli' };
const money = (): MoneyDeps => ({ store, settings: DEFAULT_MONEY_SETTINGS, now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' });
const col = (n: string) => db.conn.db!.collection(n);
const tick = () => clock.advance(60_000);

/**
 * Segment rows are recomputed by the hook after the merge (B's removed, A's from the joined records) and again after
 * the undo, so their `computedAt` is the time of that recompute; everything else of the row, `since` included,
 * must be as before.
 */
const asBefore = () => snapshot(db, { drop: { customer_segments: ['computedAt'] } });

interface World {
  a: string;
  b: string;
  c: string;
  referred: string;
  mai: StaffMember;
  photoId: string;
  photoBytes: Uint8Array;
  appointmentId: string;
  packageId: string;
  linkToken: string;
}

async function fresh(id: string): Promise<Customer> {
  return (await store.customers.findById(id))!;
}

async function world(): Promise<World> {
  const staff = await store.staff.add({ name: 'Lễ Tân Mai', role: 'manager', branchId: 'q1', chats: [{ channel: 'telegram', userId: '8101' }] });
  if (!staff.ok) throw new Error('setup');
  const mai = staff.value;
  const consent = (purpose: 'care' | 'marketing' | 'photo', at: string) => ({ purpose, granted: true, at: new Date(at), channel: 'telegram', wordingVersion: 'v1' });
  const a = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1', needs: [{ service: 'Massage' }] }, { kind: 'staff', id: mai.id }, [consent('care', '2026-01-01T00:00:00Z')]);
  const b = await store.customers.create({ name: 'Lan Nguyễn', phone: '+84987654321', branchId: 'q1', email: 'lan@gmail.com', needs: [{ service: 'Trị mụn' }] }, { kind: 'customer' }, [consent('care', '2026-02-01T00:00:00Z'), consent('photo', '2026-02-01T00:00:00Z')]);
  const c = await store.customers.create({ name: 'Trần Thị Hoa', phone: '+84911111111', branchId: 'q1' }, cli);
  if (!a.ok || !b.ok || !c.ok) throw new Error('setup');
  const [A, B, C] = [a.value.id, b.value.id, c.value.id];
  const referred = await store.customers.create({ name: 'Phạm Thu', phone: '+84922222222', source: 'giới thiệu', referredById: B }, cli);
  if (!referred.ok) throw new Error('setup');

  // A bought products and never came (tiềm năng); B came (mới). Each paid under the 5,000,000 ₫ of bạc (đồng);
  // together they pass it.
  tick();
  if (!(await sellProducts(money(), { key: 'tg:8101:products', customer: await fresh(A), member: mai, lines: [{ label: 'Serum', quantity: 2, unitVnd: 1_500_000 }], method: 'cash' })).ok) throw new Error('setup sale');
  for (const [n, id] of [B, C].entries()) {
    tick();
    const v = await recordVisit(money(), { key: `tg:8101:visit-${n}`, customer: await fresh(id), member: mai, service: 'Massage', amountVnd: 3_000_000, method: 'cash' });
    if (!v.ok) throw new Error('setup visit');
  }
  for (const id of [A, B]) await store.activity.logCall({ customerId: id, staffId: mai.id, content: 'hẹn lịch', at: clock.now() });
  // B: a package half paid (debt), a session of it, part of the debt paid (an outflow number), a deposit.
  tick();
  const sold = await sellPackage(money(), { key: 'tg:8101:sell', customer: await fresh(B), member: mai, service: 'Trị mụn', sessions: 5, priceVnd: 2_000_000, paidNowVnd: 500_000, method: 'cash', expiresAt: new Date('2026-09-12T00:00:00Z') });
  if (!sold.ok) throw new Error('setup package');
  tick();
  const session = await recordVisit(money(), { key: 'tg:8101:session', customer: await fresh(B), member: mai, service: 'Trị mụn' });
  if (!session.ok || !session.package) throw new Error('setup session');
  tick();
  if (!(await payDebt(money(), { key: 'tg:8101:pay', customer: await fresh(B), member: mai, amountVnd: 500_000, method: 'transfer' })).ok) throw new Error('setup pay');
  if (!(await addDeposit(money(), { key: 'tg:8101:deposit', customer: await fresh(B), member: mai, amountVnd: 1_000_000, method: 'cash' })).ok) throw new Error('setup deposit');
  await store.activity.addNote({ customerId: B, staffId: mai.id, kind: 'family', text: 'con gái tên Na', at: clock.now() });
  // An appointment next week (its technician's time units are appointment_slots).
  const booked = await store.appointments.book({ customerId: B, branchId: 'q1', technicianId: mai.id, service: 'Trị mụn', start: new Date('2026-03-19T03:00:00Z'), end: new Date('2026-03-19T04:00:00Z'), status: 'confirmed', by: { kind: 'staff', id: mai.id } });
  if (!booked.ok) throw new Error('setup appointment');
  const link = await store.linkTokens.issue({ customerId: B, createdBy: mai.id, ttlMs: 86_400_000 });
  // A photo of two GridFS chunks (255 kB each), tied to the session's visit.
  const photoBytes = fakeJpeg(300_000);
  const photo = await store.photos.add({ customerId: B, data: photoBytes, uploadedBy: mai.id, tag: 'before', visitId: session.visitId });
  if (!photo.ok) throw new Error('setup photo');
  // Her own edit of her card, and a need moved on (the move is a second, dated entry: its history).
  await store.cardEdits.add({ customerId: B, field: 'email', from: 'lan@yahoo.com', to: 'lan@gmail.com', by: { kind: 'customer', id: B, channel: 'telegram' }, at: clock.now() });
  tick();
  const need = currentNeeds((await fresh(B)).needs)[0]!;
  if (!(await store.customers.moveNeed(B, need.key, 'in_treatment', { kind: 'staff', id: mai.id }, clock.now()))?.changed) throw new Error('setup need');
  await store.customers.linkIdentity(B, { channel: 'telegram', account: 'bot', userId: '777' });
  await col('conversations').insertOne({ _id: 'telegram:bot:777' as never, version: 4, chat: JSON.stringify({ s: { lang: 'vi' }, r: [], l: { c: B, t: true } }) });
  await col('pending_claims').insertOne({ customerId: new Types.ObjectId(B), chat: 'zalo:oa:z1', channel: 'zalo', account: 'oa', userId: 'z1', name: 'Lan', phone: '+84987654321', needs: [], language: 'vi', consents: [], createdAt: clock.now() });
  await store.outbox.plan([{ key: `follow_up_registration:${B}:registration`, purpose: 'follow_up_registration', audience: 'customer', customerId: B, occasion: 'registration', occasionDate: '2026-03-13', dueAt: clock.now(), expiresAt: new Date('2026-03-20T00:00:00Z') }]);
  return { a: A, b: B, c: C, referred: referred.value.id, mai, photoId: photo.value.photo.id, photoBytes, appointmentId: booked.value.id, packageId: sold.pkg.id, linkToken: link.token };
}

/**
 * What may still name B after the merge, and why. An outbox key keeps B's id only when A's key was taken (her
 * twin, cancelled or sent): here the follow-up takes A's key (customer-merge-outbox.int). An outflow key's number
 * only has to be unique, and B's numbers never collide with A's `<A>:<n>`. Who acted, as recorded at
 * the time (her consent given and her card edited from her chat while she was record B): kept as proof, the merge's
 * audit entry links B to A, and the card reads only the actor's kind ("Khách tự sửa").
 */
const STILL_NAMING_B = ['card_edits by.id', 'customers consents[].by.id', 'money_entries outflowKey', 'outbox key'];

beforeAll(async () => {
  db = await openTestDb('merge_all');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock.set('2026-03-12T02:00:00Z');
  store = withSegmentHook(createStore(db.conn, clock.now), { now: clock.now });
});

describe('a merge over every collection', () => {
  it('gives A everything of B and leaves only keys naming B; the undo restores every document, GridFS included', async () => {
    const w = await world();
    const before = await asBefore();
    const A = new Types.ObjectId(w.a);
    const B = new Types.ObjectId(w.b);

    // The data covers the plan: every collection the merge changes has a document of B (or held by one of B's).
    const naming = new Set((await placesNaming(db, w.b)).map((p) => p.split(' ')[0]));
    const planned = Object.entries(MERGE_PLAN).filter(([, e]) => e.touched).map(([name]) => name);
    expect(planned.filter((c) => !naming.has(c))).toEqual([]);
    const slots = await col('appointment_slots').countDocuments({ appointmentId: w.appointmentId });
    expect(slots).toBe(12);
    expect(await col('photos.chunks').countDocuments({ files_id: new Types.ObjectId(w.photoId) })).toBe(2);
    // Every collection in the database is a model of src/store, so MERGE_PLAN (checked against allModels) names it;
    // `migrations` is written raw by store/needs-migration.ts: start-up markers, nothing about customers.
    const modelled = new Set([...allModels(db.conn).map((m) => m.collection.collectionName), 'migrations']);
    expect((await db.conn.db!.collections()).map((c) => c.collectionName).filter((n) => !modelled.has(n))).toEqual([]);
    expect(await col('customer_segments').findOne({ _id: A })).toMatchObject({ segment: 'tiem_nang' });
    const summaryA = await moneySummary(money(), w.a);
    const summaryB = await moneySummary(money(), w.b);

    clock.advanceHours(1);
    // Through the service the chat's /gop and `hoso customers merge` call, as the owner at the CLI.
    const owner = customerAccess({ store, staffVisibility: 'masked' }, { kind: 'owner-cli' });
    const done = await mergeCustomers(owner, w.a, w.b, {}, money());
    if (!done.ok) throw new Error(done.reason);

    expect((await placesNaming(db, w.b)).filter((p) => !STILL_NAMING_B.includes(p))).toEqual([]);
    expect(await col('outbox').findOne({ key: `follow_up_registration:${w.a}:registration` })).toMatchObject({ customerId: A });
    // Appointments keep their ids, times and slots.
    expect((await store.appointments.forCustomer(w.a)).map((x) => x.id)).toContain(w.appointmentId);
    expect(await col('appointment_slots').countDocuments({ appointmentId: w.appointmentId })).toBe(slots);
    // Money: A's ledger is both ledgers, and the card's cached counters are its recount (two đồng make a bạc).
    const summary = await moneySummary(money(), w.a);
    expect(summary).toMatchObject({ spentVnd: summaryA.spentVnd + summaryB.spentVnd, debtVnd: 1_000_000, depositBalanceVnd: 1_000_000, points: summaryA.points + summaryB.points, visitCount: 2 });
    expect([summaryA.standing.rank, summaryB.standing.rank, summary.standing.rank]).toEqual(['dong', 'dong', 'bac']);
    const kept = (await col('customers').findOne({ _id: A }))!;
    expect({ spent: kept.totals.spentVnd, debt: kept.totals.debtVnd, deposit: kept.depositBalanceVnd, points: kept.points, rank: kept.rank, visits: kept.visitCount }).toEqual({ spent: summary.spentVnd, debt: summary.debtVnd, deposit: summary.depositBalanceVnd, points: summary.points, rank: summary.standing.rank, visits: summary.visitCount });
    expect(summary.packages.find((p) => p.pkg.id === w.packageId)).toMatchObject({ used: 1, left: 4, usable: true });
    // Her chat link, photo (same bytes), card edits and need history are A's.
    expect(await store.linkTokens.peek(w.linkToken)).toEqual({ ok: true, value: { customerId: w.a } });
    expect((await store.photos.read(w.a, w.photoId))?.data).toEqual(w.photoBytes);
    expect(await store.photos.read(w.b, w.photoId)).toBeNull();
    expect((await store.cardEdits.forCustomer(w.a)).map((e) => e.field)).toContain('email');
    expect(currentNeeds((await fresh(w.a)).needs).map((n) => [n.service, n.stage])).toEqual([['Massage', 'interested'], ['Trị mụn', 'in_treatment']]);
    expect((await fresh(w.referred)).referredById).toBe(w.a);
    // Segments: B's row is gone, A's is recomputed from the joined records (B's visits make her mới).
    expect(await col('customer_segments').findOne({ _id: B })).toBeNull();
    expect(await col('customer_segments').findOne({ _id: A })).toMatchObject({ segment: 'moi', figures: { totalVisits: 2 } });

    clock.advanceHours(24);
    expect(await undoLatestMerge(owner, w.a, money())).toEqual({ ok: true, value: { keptId: w.a, mergedId: w.b } });
    expect(await asBefore()).toEqual(before);
    expect((await store.photos.read(w.b, w.photoId))?.data).toEqual(w.photoBytes);
  });

  it('gives the same database as an uncrashed merge when a merge that died after any step is run again; the undo is exact', async () => {
    const w = await world();
    const before = await asBefore();
    // The clock stands still: a merge run again writes the same times, so the two results compare document by document.
    const clean = await store.merges.merge(w.a, w.b, {}, cli);
    if (!clean.ok) throw new Error(clean.reason);
    const merged = await asBefore();
    expect((await store.merges.undo(clean.value.mergeId, cli)).ok).toBe(true);
    expect(await asBefore()).toEqual(before);
    const steps = Object.entries(MERGE_PLAN).filter(([, e]) => e.apply).map(([name]) => name);
    expect(steps.length).toBeGreaterThan(10);
    for (const step of steps) {
      const entry = MERGE_PLAN[step]!;
      const original = entry.apply!;
      // The step's writes are done; the process dies before `stepsDone` says so: the rerun applies it again.
      entry.apply = async (t, docs) => {
        await original(t, docs);
        throw new Error(`killed after ${step}`);
      };
      try {
        await expect(store.merges.merge(w.a, w.b, {}, cli)).rejects.toThrow(`killed after ${step}`);
      } finally {
        entry.apply = original;
      }
      const again = await store.merges.merge(w.a, w.b, {}, cli);
      if (!again.ok) throw new Error(`${step}: ${again.reason}`);
      const now = await asBefore();
      for (const c of Object.keys(merged)) expect({ step, c, docs: now[c] }).toEqual({ step, c, docs: merged[c] });
      expect((await store.merges.undo(again.value.mergeId, cli)).ok).toBe(true);
      const after = await asBefore();
      for (const c of Object.keys(before)) expect({ step, c, docs: after[c] }).toEqual({ step, c, docs: before[c] });
    }
  }, 120_000);
});
