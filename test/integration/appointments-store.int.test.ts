// The appointment store on the real database: the overlap rule, the race it must survive without transactions,
// crash leftovers, moves, closing and the derived counters.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { AppointmentRepository } from '../../src/store/appointments.js';
import { connectDatabase } from '../../src/store/connection.js';
import { appointmentSlotModel } from '../../src/store/models/appointment.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

const HOA = new Types.ObjectId().toString();
const TUAN = new Types.ObjectId().toString();
const by = { kind: 'staff' as const, id: 'x', channel: 'telegram' };
const at = (hhmm: string, day = '2026-12-04'): Date => new Date(`${day}T${hhmm}:00+07:00`);

describe('appointments store', () => {
  let db: TestDb;
  let clock: TestClock;
  let repo: AppointmentRepository;
  const customer = new Types.ObjectId().toString();
  const book = (technicianId: string, from: string, to: string, r = repo) => r.book({ customerId: customer, technicianId, service: 'Massage', start: at(from), end: at(to), status: 'confirmed', by });

  beforeAll(async () => {
    db = await openTestDb('appointments_store');
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    clock = new TestClock('2026-12-02T03:00:00Z');
    repo = new AppointmentRepository(db.conn, clock.now);
  });

  it('refuses an overlapping time for the same technician and names who holds it; others and adjacent times are fine', async () => {
    const first = await book(HOA, '15:00', '16:00');
    expect(first.ok).toBe(true);
    const clash = await book(HOA, '15:30', '16:30');
    expect(clash.ok).toBe(false);
    if (!clash.ok && first.ok) expect(clash.reason.conflicts.map((a) => a.id)).toEqual([first.value.id]);
    expect((await book(TUAN, '15:30', '16:30')).ok).toBe(true);
    expect((await book(HOA, '16:00', '17:00')).ok).toBe(true);
    expect((await book(HOA, '14:00', '15:00')).ok).toBe(true);
    // The refused attempt left no keys behind: exactly the three booked appointments' units exist.
    expect(await appointmentSlotModel(db.conn).countDocuments({})).toBe(12 * 4);
  });

  it('lets exactly one of many simultaneous bookings of one slot win, across two connections', async () => {
    const conn2 = await connectDatabase(db.uri, { dbName: db.dbName });
    try {
      const other = new AppointmentRepository(conn2, clock.now);
      const attempts = Array.from({ length: 8 }, (_, i) => book(HOA, i % 2 ? '15:00' : '15:20', i % 2 ? '16:00' : '16:20', i % 2 ? repo : other));
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const active = await repo.overlapping([HOA], at('15:00'), at('16:20'));
      expect(active).toHaveLength(1);
    } finally {
      await conn2.close();
    }
  });

  it('frees the time when an appointment is cancelled, marked no-show or attended', async () => {
    for (const status of ['cancelled', 'no_show', 'attended'] as const) {
      const a = await book(HOA, '10:00', '11:00');
      expect(a.ok).toBe(true);
      if (!a.ok) return;
      expect((await repo.setStatus(a.value, status, by)).ok).toBe(true);
    }
    expect((await book(HOA, '10:00', '11:00')).ok).toBe(true);
  });

  it('takes over keys a crash left between the two inserts, once they are a minute old', async () => {
    const slots = appointmentSlotModel(db.conn);
    const ghost = new Types.ObjectId().toString();
    await slots.collection.insertOne({ _id: `${HOA}:${at('10:00').toISOString()}` as never, appointmentId: ghost, technicianId: HOA, at: at('10:00'), createdAt: clock.now() });
    // Fresh: it may be a booking still in flight.
    expect((await book(HOA, '10:00', '11:00')).ok).toBe(false);
    clock.advance(2 * 60_000);
    expect((await book(HOA, '10:00', '11:00')).ok).toBe(true);
  });

  it('moves an appointment onto time it partly holds, and refuses a move onto someone else', async () => {
    const a = await book(HOA, '10:00', '11:00');
    const b = await book(HOA, '12:00', '13:00');
    if (!a.ok || !b.ok) throw new Error('setup');
    const moved = await repo.move(a.value, { start: at('10:30'), end: at('11:30') }, by);
    expect(moved.ok && moved.value.start.toISOString()).toBe(at('10:30').toISOString());
    if (!moved.ok) return;
    expect(moved.value.history.at(-1)).toMatchObject({ action: 'moved', fromStart: at('10:00') });
    const onto = await repo.move(moved.value, { start: at('11:45'), end: at('12:45') }, by);
    expect(onto.ok).toBe(false);
    // 10:00–10:30 is free again, 10:30–11:30 still held.
    expect((await book(TUAN, '10:00', '10:30')).ok).toBe(true);
    expect((await book(HOA, '10:00', '10:30')).ok).toBe(true);
    expect((await book(HOA, '11:00', '11:30')).ok).toBe(false);
  });

  it('refuses a change made on a stale copy (compare-and-set on the version)', async () => {
    const a = await book(HOA, '10:00', '11:00');
    if (!a.ok) throw new Error('setup');
    expect((await repo.setStatus(a.value, 'attended', by)).ok).toBe(true);
    const stale = await repo.setStatus(a.value, 'no_show', by);
    expect(stale.ok ? 'ok' : stale.reason.kind).toBe('changed');
  });

  it('counts total, attended, no-show and cancelled from the records', async () => {
    const statuses = ['attended', 'attended', 'no_show', 'cancelled', null] as const;
    for (const [i, s] of statuses.entries()) {
      const a = await book(HOA, `${10 + i}:00`, `${10 + i}:30`);
      if (!a.ok) throw new Error('setup');
      if (s) await repo.setStatus(a.value, s, by);
    }
    expect(await repo.countsFor(customer)).toEqual({ total: 5, attended: 2, noShow: 1, cancelled: 1 });
    expect(await repo.countsFor(new Types.ObjectId().toString())).toEqual({ total: 0, attended: 0, noShow: 0, cancelled: 0 });
  });
});
