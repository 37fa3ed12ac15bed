// Needs by stage on the real database (issue 17): the start-up migration of older need lists (idempotent, over the
// wire), adding that keeps the history, moving a need to another stage (access, audit, history), forged stages
// and keys, `$`/`.` in the typed text, and the readers of needs (csv, completeness) with a history of entries.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { currentNeeds, needKey } from '../../src/domain/needs.js';
import { profileCompleteness } from '../../src/domain/completeness.js';
import { editCard } from '../../src/services/card-edits.js';
import { customerAccess } from '../../src/services/customer-access.js';
import { csvLine } from '../../src/services/customer-csv.js';
import { moveNeedStage } from '../../src/services/need-stages.js';
import { ensureIndexes, createStore, type Store } from '../../src/store/index.js';
import { migrateNeeds } from '../../src/store/needs-migration.js';
import type { StaffMember } from '../../src/store/staff.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let store: Store;
let clock: TestClock;
let manager: StaffMember;
let tech: StaffMember;
let lan: string;
const deps = () => ({ now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' });
const as = (m: StaffMember) => customerAccess({ store, staffVisibility: 'masked' }, { kind: 'staff', staffId: m.id, channel: 'telegram' });
const raw = () => db.conn.db!.collection('customers');

beforeAll(async () => {
  db = await openTestDb('needs_by_stage');
});
afterAll(async () => db.close());

beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-12-01T03:00:00Z');
  store = createStore(db.conn, clock.now);
  const m = await store.staff.add({ name: 'Quản lý', role: 'manager', branchId: 'q1' });
  const t = await store.staff.add({ name: 'Tuấn', role: 'staff', branchId: 'q1' });
  if (!m.ok || !t.ok) throw new Error('seed staff');
  manager = m.value;
  tech = t.value;
  const c = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1', needs: [{ service: 'Trị mụn' }] }, { kind: 'cli' });
  if (!c.ok) throw new Error('seed customer');
  lan = c.value.id;
});

describe('the start-up migration of needs', () => {
  const created = new Date('2025-05-05T00:00:00Z');
  async function legacy(needs: unknown[]): Promise<Types.ObjectId> {
    const _id = new Types.ObjectId();
    await raw().insertOne({ _id, name: 'Cũ', nameKey: 'cu', needs, createdAt: created, updatedAt: created, createdBy: { kind: 'cli' }, updatedBy: { kind: 'cli' } } as never);
    return _id;
  }

  it('turns strings and unstaged entries into dated entries, leaves current lists alone, and a rerun changes nothing', async () => {
    const at = new Date('2025-06-01T00:00:00Z');
    const strings = await legacy(['Trị mụn', 'Massage']);
    const noStage = await legacy([{ service: 'Gội đầu', at }]);
    const unknownStage = await legacy([{ service: 'Chăm sóc da', stage: 'hot lead', note: 'muốn làm trước Tết', at }]);
    const mixed = await legacy(['Massage', { service: 'Trị mụn', stage: 'done', at }]);
    const junk = await legacy([42, null, '   ', { note: 'no service' }, 'Tắm trắng']);
    const current = await legacy([{ service: 'Trị mụn', stage: 'in_treatment', at }]);
    const before = await raw().findOne({ _id: current });

    expect(await migrateNeeds(db.conn, { force: true })).toBe(5);
    const read = async (id: Types.ObjectId) => (await raw().findOne({ _id: id }))!.needs;
    expect(await read(strings)).toEqual([
      { service: 'Trị mụn', stage: 'interested', at: created },
      { service: 'Massage', stage: 'interested', at: created },
    ]);
    expect(await read(noStage)).toEqual([{ service: 'Gội đầu', stage: 'interested', at }]);
    expect(await read(unknownStage)).toEqual([{ service: 'Chăm sóc da', stage: 'interested', note: 'muốn làm trước Tết', at }]);
    expect(await read(mixed)).toEqual([
      { service: 'Massage', stage: 'interested', at: created },
      { service: 'Trị mụn', stage: 'done', at },
    ]);
    // Nothing is invented for what is not a need; the one real need is kept.
    expect(await read(junk)).toEqual([{ service: 'Tắm trắng', stage: 'interested', at: created }]);
    expect(await raw().findOne({ _id: current })).toEqual(before);

    // Idempotent: a second pass finds nothing left, and a later start-up (ensureIndexes) skips the scan.
    expect(await migrateNeeds(db.conn, { force: true })).toBe(0);
    const late = await legacy(['Massage']);
    await ensureIndexes(db.conn);
    expect(await read(late)).toEqual(['Massage']);
    expect(await read(strings)).toHaveLength(2);
    const c = await store.customers.findById(String(mixed));
    expect(currentNeeds(c!.needs).map((n) => [n.service, n.stage])).toEqual([
      ['Massage', 'interested'],
      ['Trị mụn', 'done'],
    ]);
  });

  it('runs at start-up on a database that has not had it (a restored older backup)', async () => {
    const id = await legacy(['Trị mụn', { service: 'Massage', at: created }, { service: 'Gội đầu', stage: 'interested', at: created }]);
    await db.conn.db!.collection('migrations').deleteMany({});
    await ensureIndexes(db.conn);
    expect((await raw().findOne({ _id: id }))!.needs.map((n: { stage: string }) => n.stage)).toEqual(['interested', 'interested', 'interested']);
  });

  it('reads a list not migrated yet as the migration would write it', async () => {
    const id = await legacy(['Trị mụn']);
    const c = await store.customers.findById(String(id));
    expect(c!.needs).toEqual([{ service: 'Trị mụn', stage: 'interested', at: created }]);
    expect(profileCompleteness(c!).missing).not.toContain('needs');
  });
});

describe('adding and moving needs', () => {
  it('a new need (intake, /kh, import) starts as quan tâm; adding keeps the history instead of replacing the list', async () => {
    expect((await store.customers.findById(lan))!.needs).toEqual([{ service: 'Trị mụn', stage: 'interested', at: clock.now() }]);
    clock.advanceHours(24);
    // An update with needs (the registration card saved again) adds the new one only.
    await store.customers.update(lan, { needs: [{ service: 'Trị mụn' }, { service: 'Massage' }] }, { kind: 'customer', id: lan });
    const c = (await store.customers.findById(lan))!;
    expect(c.needs.map((n) => [n.service, n.stage])).toEqual([
      ['Trị mụn', 'interested'],
      ['Massage', 'interested'],
    ]);
    expect(c.needs[1]!.at.getTime() - c.needs[0]!.at.getTime()).toBe(24 * 3_600_000);
  });

  it('moves a need by appending a dated entry, audits it and keeps who changed what', async () => {
    clock.advanceHours(48);
    const r = await moveNeedStage(as(manager), clock.now(), lan, needKey({ service: 'Trị mụn' }), 'in_treatment');
    expect(r).toMatchObject({ ok: true, value: { need: 'Trị mụn', from: 'interested', stage: 'in_treatment', changed: true } });
    const c = (await store.customers.findById(lan))!;
    expect(c.needs.map((n) => n.stage)).toEqual(['interested', 'in_treatment']);
    expect(currentNeeds(c.needs)).toEqual([{ key: 'tri mun', service: 'Trị mụn', stage: 'in_treatment', since: clock.now(), first: new Date('2026-12-01T03:00:00Z') }]);
    expect(await db.conn.db!.collection('audit_log').countDocuments({ action: 'update', detail: 'fields=needs', 'actor.id': manager.id })).toBe(1);
    expect(await store.cardEdits.forCustomer(lan)).toEqual([expect.objectContaining({ field: 'needs', from: 'Trị mụn: quan tâm', to: 'Trị mụn: đang điều trị', by: { kind: 'staff', id: manager.id, channel: 'telegram' } })]);
    // The same stage again: nothing written.
    const again = await moveNeedStage(as(manager), clock.now(), lan, 'tri mun', 'in_treatment');
    expect(again).toMatchObject({ ok: true, value: { changed: false } });
    expect((await store.customers.findById(lan))!.needs).toHaveLength(2);
  });

  it('refuses a forged stage, an unknown need and a viewer without full access; nothing is written', async () => {
    const key = 'tri mun';
    for (const stage of ['hacked', '$set', 'interested.x', '']) expect(await moveNeedStage(as(manager), clock.now(), lan, key, stage)).toEqual({ ok: false, reason: { kind: 'bad_stage' } });
    expect(await moveNeedStage(as(manager), clock.now(), lan, 'massage', 'done')).toEqual({ ok: false, reason: { kind: 'no_such_need' } });
    expect(await moveNeedStage(as(manager), clock.now(), lan, '$where', 'done')).toEqual({ ok: false, reason: { kind: 'no_such_need' } });
    // A technician of the branch sees Lan only masked; a made-up id is the same answer.
    expect(await moveNeedStage(as(tech), clock.now(), lan, key, 'done')).toEqual({ ok: false, reason: { kind: 'not_allowed' } });
    expect(await moveNeedStage(as(manager), clock.now(), String(new Types.ObjectId()), key, 'done')).toEqual({ ok: false, reason: { kind: 'not_allowed' } });
    expect((await store.customers.findById(lan))!.needs).toHaveLength(1);
    expect(await store.cardEdits.forCustomer(lan)).toEqual([]);
  });

  it('keeps `$` and `.` in a typed need as text: no field is made from it', async () => {
    const r = await editCard(as(manager), deps(), lan, 'needs', '$set.phone {"$gt": ""}');
    expect(r.ok).toBe(true);
    const doc = (await raw().findOne({ _id: new Types.ObjectId(lan) }))!;
    expect(doc.needs[1]).toMatchObject({ service: '$set.phone {"$gt": ""}', stage: 'interested' });
    expect(doc.phone).toBe('+84912345678');
    expect(Object.keys(doc).filter((k) => k.startsWith('$') || k.includes('.'))).toEqual([]);
  });

  it('readers of needs see each service once with a history of entries', async () => {
    await moveNeedStage(as(manager), clock.now(), lan, 'tri mun', 'in_treatment');
    await moveNeedStage(as(manager), clock.now(), lan, 'tri mun', 'done');
    const c = (await store.customers.findById(lan))!;
    expect(c.needs).toHaveLength(3);
    expect(csvLine(c)).toContain(',Trị mụn,');
    expect(profileCompleteness(c).missing).not.toContain('needs');
  });
});

describe('clearing a field (service)', () => {
  it('unsets the field and its derived keys, keeps history and audit; refuses required fields and masked viewers', async () => {
    await store.customers.update(lan, { email: 'lan@x.vn', lunarBirthday: { day: 15, month: 8, leapMonth: false }, source: 'Giới thiệu', referredById: lan }, { kind: 'cli' });
    expect(await editCard(as(manager), deps(), lan, 'email', 'XÓA')).toMatchObject({ ok: true, value: { changed: true, cleared: true } });
    expect(await editCard(as(manager), deps(), lan, 'birthday', 'clear')).toMatchObject({ ok: true, value: { changed: true } });
    expect(await editCard(as(manager), deps(), lan, 'source', '-')).toMatchObject({ ok: true, value: { changed: true } });
    const doc = (await raw().findOne({ _id: new Types.ObjectId(lan) }))!;
    for (const k of ['email', 'lunarBirthday', 'source', 'referredById']) expect(doc[k]).toBeUndefined();
    for (const field of ['name', 'phone', 'needs', 'branch']) expect(await editCard(as(manager), deps(), lan, field, 'xoa')).toEqual({ ok: false, reason: { kind: 'not_clearable', field } });
    expect(await editCard(as(tech), deps(), lan, 'occupation', 'xoa')).toEqual({ ok: false, reason: { kind: 'not_allowed' } });
    expect((await store.cardEdits.forCustomer(lan)).map((x) => x.field).sort()).toEqual(['birthday', 'email', 'source']);
    expect(await db.conn.db!.collection('audit_log').countDocuments({ action: 'update', detail: { $in: ['fields=email cleared', 'fields=birthday cleared', 'fields=source cleared'] } })).toBe(3);
  });
});
