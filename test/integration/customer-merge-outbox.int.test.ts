// After a merge the kept record is greeted once (issue 17): a message planned for the merged-away record takes the
// kept record's key, so the planner running again the same day finds it there instead of planning a second one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { planBirthdayGreetings } from '../../jobs/birthday-greetings.js';
import { createStore, type Store } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { snapshot } from '../support/db-snapshot.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { addCustomer, jobsWorld } from '../support/jobs-fixture.js';

let db: TestDb;
let store: Store;
const clock = new TestClock('2026-03-12T01:00:00Z');
const cli = { kind: 'cli' as const, channel: 'cli' };
const today = { year: 2026, month: 3, day: 12 };

beforeAll(async () => {
  db = await openTestDb('merge_outbox');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock.set('2026-03-12T01:00:00Z');
  store = createStore(db.conn, clock.now);
});

describe('messages planned for a merged-away record', () => {
  it.each(['pending', 'sent'] as const)('greets her once on her birthday when the job runs again after the merge (greeting %s)', async (status) => {
    const w = jobsWorld(db, clock);
    // Staff added her without a birthday; she registered again with her second number and her birthday, today.
    const a = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', phone: '+84912345678' });
    const b = await addCustomer(db, clock, { name: 'Lan Nguyễn', phone: '+84987654321', birthday: { day: 12, month: 3 } });
    expect((await planBirthdayGreetings(w.ctx, today)).planned).toBe(1);
    await db.conn.db!.collection('outbox').updateOne({ customerId: new Types.ObjectId(b) }, { $set: { status } });
    const before = await snapshot(db);

    const done = await store.merges.merge(a, b, {}, cli);
    if (!done.ok) throw new Error(done.reason);
    expect((await store.customers.findById(a))?.birthday).toMatchObject({ day: 12, month: 3 });
    expect((await planBirthdayGreetings(w.ctx, today)).planned).toBe(0);
    const rows = await db.conn.db!.collection('outbox').find({ purpose: 'birthday' }).toArray();
    expect(rows.map((r) => [String(r.customerId), r.key, r.status])).toEqual([[a, `birthday:${a}:2026`, status]]);

    // The undo gives the row its own key back; nothing else was planned in between.
    expect((await store.merges.undo(done.value.mergeId, cli)).ok).toBe(true);
    expect(await snapshot(db)).toEqual(before);
  });
});
