// The incremental recompute (issue 14): every write a chat turn makes goes through one hook in the service layer,
// so a registration, a card edit, a call, a visit, a note and an appointment each leave the customer's segment
// current without the nightly job. Real engine, real database, controllable clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { vi } from '../../src/engine/copy/vi.js';
import { withSegmentHook } from '../../src/services/segment-hook.js';
import { recomputeAllSegments } from '../../src/services/segments.js';
import type { Engine } from '../../src/engine/types.js';
import type { Store } from '../../src/store/index.js';
import { Chat, makeEngine, reachStep } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let clock: TestClock;
let store: Store;
let engine: Engine;
const DAY = 86_400_000;

beforeAll(async () => {
  db = await openTestDb('segment-hook');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-12-02T03:00:00Z');
  ({ engine, store } = makeEngine(db, clock));
});

async function ownerChat(): Promise<Chat> {
  const r = await store.staff.add({ name: 'Chủ', role: 'owner', chats: [{ channel: 'telegram', userId: '700' }] });
  if (!r.ok) throw new Error('owner');
  return new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '700' }, 'Chủ');
}

describe('the segment follows every write of a chat turn', () => {
  it('a registration in the customer chat gets a row at once: tiềm năng', async () => {
    const chat = new Chat(engine);
    await reachStep(chat, 'confirm');
    await chat.press(vi.confirmSave);
    const customer = await store.customers.findByPhone('+84912345678');
    expect(customer).not.toBeNull();
    const row = await store.segments.findById(customer!.id);
    expect(row).toMatchObject({ segment: 'tiem_nang', marketing: false });
  });

  it('/ghe, /goi and /ghichu by staff recompute the open customer', async () => {
    const created = await store.customers.create({ name: 'Trần Thị Rời', phone: '+84912000111', branchId: 'q1' }, { kind: 'cli' });
    if (!created.ok) throw new Error('seed');
    const id = created.value.id;
    // A raw store (no hook) writes no row: the test below proves the chat's writes do.
    expect(await store.segments.findById(id)).toBeNull();
    const owner = await ownerChat();
    await owner.command('tim', '0111');
    await owner.press('Trần Thị Rời');

    await owner.command('ghe', 'Massage 300k');
    expect(owner.said).not.toBe('');
    const afterVisit = await store.segments.findById(id);
    expect(afterVisit).toMatchObject({ segment: 'moi', lastService: 'Massage' });
    expect(afterVisit?.figures.totalVisits).toBe(1);

    clock.advance(DAY);
    await owner.command('goi', 'hỏi thăm sau liệu trình');
    expect((await store.segments.findById(id))?.lastContactAt?.getTime()).toBe(clock.now().getTime());

    await owner.command('ghichu', 'thích trà gừng');
    // A note of kind "other" is not a slice; the row is recomputed (computedAt moves) all the same.
    expect((await store.segments.findById(id))?.computedAt.getTime()).toBe(clock.now().getTime());
  });

  it('an appointment booked, then cancelled, moves an at-risk customer out of sắp rời and back', async () => {
    const hooked = withSegmentHook(store, { now: clock.now });
    const created = await hooked.customers.create({ name: 'Lê Thị Hẹn', phone: '+84912000222', branchId: 'q1' }, { kind: 'cli' });
    if (!created.ok) throw new Error('seed');
    const id = created.value.id;
    for (const d of [110, 89, 68, 47]) await store.activity.logVisit({ customerId: id, staffId: 'x', service: 'Trị mụn', amountVnd: 300_000, paid: true, at: new Date(clock.now().getTime() - d * DAY) });
    await recomputeAllSegments({ store, now: clock.now });
    expect((await store.segments.findById(id))?.segment).toBe('sap_roi');

    const tech = await store.staff.add({ name: 'Mai', role: 'staff', branchId: 'q1' });
    if (!tech.ok) throw new Error('tech');
    const start = new Date(clock.now().getTime() + 2 * DAY);
    const booked = await hooked.appointments.book({ customerId: id, branchId: 'q1', technicianId: tech.value.id, service: 'Trị mụn', start, end: new Date(start.getTime() + 3_600_000), status: 'confirmed', by: { kind: 'cli' } });
    if (!booked.ok) throw new Error('book');
    const coming = await store.segments.findById(id);
    expect(coming?.segment).not.toBe('sap_roi');
    expect(coming?.figures.nextAppointmentAt?.getTime()).toBe(start.getTime());

    await hooked.appointments.setStatus(booked.value, 'cancelled', { kind: 'cli' });
    expect((await store.segments.findById(id))?.segment).toBe('sap_roi');
  });

  it('a card edit and a consent change are hooked too (marketing is what campaigns read)', async () => {
    const hooked = withSegmentHook(store, { now: clock.now });
    expect(withSegmentHook(hooked, { now: clock.now })).toBe(hooked);
    const created = await hooked.customers.create({ name: 'Phạm Thị Sửa', phone: '+84912000333' }, { kind: 'cli' });
    if (!created.ok) throw new Error('seed');
    const id = created.value.id;
    await hooked.customers.update(id, { branchId: 'q3', occupation: 'Giáo viên' }, { kind: 'cli' });
    expect(await store.segments.findById(id)).toMatchObject({ branchId: 'q3', attributes: { occupation: 'giao vien' } });
    await hooked.customers.recordConsent(id, { purpose: 'marketing', granted: true, at: clock.now(), channel: 'cli', wordingVersion: 'v1' }, { kind: 'cli' });
    expect((await store.segments.findById(id))?.marketing).toBe(true);
  });
});
