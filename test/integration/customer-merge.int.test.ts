// Merging two records of one person and undoing it, on the real FerretDB: the undo leaves every collection
// exactly as before, document by document; a crashed merge finishes when run again.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { createStore, type Store } from '../../src/store/index.js';
import { MERGE_PLAN } from '../../src/store/merges.js';
import { TestClock } from '../support/clock.js';
import { snapshot } from '../support/db-snapshot.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let store: Store;
const clock = new TestClock('2026-03-12T02:00:00Z');
const cli = { kind: 'cli' as const, channel: 'cli' };

interface World {
  a: string;
  b: string;
  c: string;
  chatB: { channel: 'telegram'; account: string; userId: string };
}

async function world(): Promise<World> {
  const consent = (purpose: 'care' | 'marketing', granted: boolean, at: string) => ({ purpose, granted, at: new Date(at), channel: 'telegram', wordingVersion: 'v1' });
  const a = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3 }, needs: [{ service: 'trị mụn' }] }, { kind: 'staff', id: 's1' }, [consent('care', true, '2026-01-01T00:00:00Z')]);
  const b = await store.customers.create({ name: 'Lan Nguyễn', phone: '+84987654321', email: 'lan@gmail.com', birthday: { day: 12, month: 3, year: 1990 }, needs: [{ service: 'massage' }] }, { kind: 'customer' }, [consent('care', true, '2026-02-01T00:00:00Z'), consent('marketing', true, '2026-02-01T00:00:00Z')]);
  const c = await store.customers.create({ name: 'Trần Thị Hoa', phone: '+84911111111' }, { kind: 'cli' });
  if (!a.ok || !b.ok || !c.ok) throw new Error('setup');
  const [A, B, C] = [a.value.id, b.value.id, c.value.id];
  const chatB = { channel: 'telegram' as const, account: 'bot', userId: '777' };
  await store.customers.linkIdentity(B, chatB);
  await store.customers.linkIdentity(C, { channel: 'telegram', account: 'bot', userId: '888' });
  for (const [id, n] of [[A, 2], [B, 3], [C, 1]] as const) {
    for (let i = 0; i < n; i++) {
      await store.activity.logCall({ customerId: id, staffId: 's1', content: `gọi ${i}`, at: clock.now() });
      await db.conn.db!.collection('visits').insertOne({ customerId: new Types.ObjectId(id), at: clock.now(), service: 'massage', amountVnd: 350_000, status: 'done', paid: true });
      await db.conn.db!.collection('notes').insertOne({ customerId: new Types.ObjectId(id), kind: 'other', text: `ghi chú ${i}`, at: clock.now() });
    }
  }
  await db.conn.db!.collection('customers').updateOne({ _id: new Types.ObjectId(B) }, { $set: { visitCount: 3, 'totals.spentVnd': 1_050_000, lastVisitAt: new Date('2026-03-01T00:00:00Z') } });
  await db.conn.db!.collection('customers').updateOne({ _id: new Types.ObjectId(A) }, { $set: { visitCount: 2, 'totals.spentVnd': 700_000 } });
  // Her chat's conversation is linked to B; a staff member's conversation has B's card open.
  await db.conn.db!.collection('conversations').insertMany([
    { _id: 'telegram:bot:777' as never, version: 4, chat: JSON.stringify({ s: { lang: 'vi' }, r: [], l: { c: B, t: true } }) },
    { _id: 'telegram:bot:55' as never, version: 9, chat: JSON.stringify({ s: { staff: { openCustomerId: B } }, r: [] }) },
    { _id: 'telegram:bot:888' as never, version: 1, chat: JSON.stringify({ s: null, r: [], l: { c: C, t: true } }) },
  ]);
  // A birthday greeting planned for both records on the same day, a follow-up for B only, a staff digest naming B.
  const row = (customerId: string, purpose: string, occasion: string) => ({ key: `${purpose}:${customerId}:${occasion}`, purpose, audience: 'customer', customerId: new Types.ObjectId(customerId), occasion, occasionDate: '2026-03-12', dueAt: clock.now(), expiresAt: clock.now(), status: 'pending', attempts: 0, nextAttemptAt: clock.now(), version: 0, createdAt: clock.now(), updatedAt: clock.now() });
  await db.conn.db!.collection('outbox').insertMany([
    row(A, 'birthday', '2026'),
    row(B, 'birthday', '2026'),
    row(B, 'follow_up_registration', 'registration'),
    { ...row(A, 'staff_digest', '2026-03-12'), customerId: undefined, key: 'staff_digest:s1:2026-03-12', audience: 'staff', staffId: 's1', items: [{ customerId: new Types.ObjectId(B), section: 'call' }, { customerId: new Types.ObjectId(C), section: 'incomplete' }] },
  ]);
  // Claims from chats that typed her numbers: one chat on B only, one chat on both records.
  const claim = (customerId: string, userId: string) => ({ customerId: new Types.ObjectId(customerId), chat: `zalo:oa:${userId}`, channel: 'zalo', account: 'oa', userId, name: 'Lan', phone: '+84987654321', needs: [], language: 'vi', consents: [], createdAt: clock.now() });
  await db.conn.db!.collection('pending_claims').insertMany([claim(B, 'z1'), claim(B, 'z2'), claim(A, 'z2')]);
  return { a: A, b: B, c: C, chatB };
}

beforeAll(async () => {
  db = await openTestDb('merge');
  store = createStore(db.conn, clock.now);
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock.set('2026-03-12T02:00:00Z');
});

describe('merging two records of one person', () => {
  it('moves everything to the kept record, and the undo restores every collection exactly, document by document', async () => {
    const w = await world();
    const before = await snapshot(db);

    const preview = await store.merges.preview(w.a, w.b);
    if (!preview.ok) throw new Error(preview.reason);
    expect(preview.value.fields.find((f) => f.field === 'name')).toMatchObject({ conflict: true, from: 'kept' });
    expect(preview.value.fields.find((f) => f.field === 'email')).toMatchObject({ conflict: false, from: 'merged' });
    expect(preview.value.counts).toMatchObject({ calls: 3, visits: 3, notes: 3, channel_identities: 1, customer_phones: 1, pending_claims: 2, conversations: 2, outbox: 3 });

    clock.advanceHours(1);
    const done = await store.merges.merge(w.a, w.b, { phone: 'merged', birthday: 'merged' }, cli);
    if (!done.ok) throw new Error(done.reason);
    const A = new Types.ObjectId(w.a);
    const B = new Types.ObjectId(w.b);
    const col = (n: string) => db.conn.db!.collection(n);

    expect(await col('customers').findOne({ _id: B })).toBeNull();
    const kept = (await col('customers').findOne({ _id: A }))!;
    expect(kept).toMatchObject({ name: 'Nguyễn Thị Lan', phone: '+84987654321', phoneLast4: '4321', email: 'lan@gmail.com', birthday: { day: 12, month: 3, year: 1990 }, visitCount: 5, totals: { spentVnd: 1_750_000 }, consent: { care: true, marketing: true } });
    expect(kept.needs.map((n: { service: string }) => n.service)).toEqual(['trị mụn', 'massage']);
    expect(kept.consents).toHaveLength(3);
    for (const c of ['calls', 'visits', 'notes']) {
      expect(await col(c).countDocuments({ customerId: A })).toBe(5);
      expect(await col(c).countDocuments({ customerId: B })).toBe(0);
    }
    // Both numbers now lead to her one record; her chat is linked to it and still trusted.
    expect((await store.customers.findByPhone('+84987654321'))?.id).toBe(w.a);
    expect(await col('customer_phones').countDocuments({ customerId: A })).toBe(2);
    expect((await store.customers.findLink(w.chatB))).toMatchObject({ customer: { id: w.a }, trusted: true });
    const conv = (await col('conversations').findOne({ _id: 'telegram:bot:777' as never }))!;
    expect(conv.chat).toContain(w.a);
    expect(conv.chat).not.toContain(w.b);
    // One birthday greeting, not two; the follow-up moved; the digest names the kept record.
    expect(await col('outbox').countDocuments({ customerId: A, purpose: 'birthday', status: 'pending' })).toBe(1);
    expect(await col('outbox').findOne({ key: `birthday:${w.b}:2026` })).toMatchObject({ status: 'cancelled', statusReason: 'merged' });
    expect((await col('outbox').findOne({ key: 'staff_digest:s1:2026-03-12' }))!.items[0].customerId).toEqual(A);
    expect(await col('pending_claims').countDocuments({ customerId: A })).toBe(2);
    // The other customer is untouched.
    expect(await col('calls').countDocuments({ customerId: new Types.ObjectId(w.c) })).toBe(1);
    const audit = await col('audit_log').find({ action: 'merge' }).toArray();
    expect(audit.map((e) => e.customerId).sort()).toEqual([w.a, w.b].sort());

    clock.advanceHours(24 * 29);
    const undone = await store.merges.undo(done.value.mergeId, cli);
    expect(undone.ok).toBe(true);
    expect(await snapshot(db)).toEqual(before);
    expect(await col('audit_log').countDocuments({ action: 'merge_undo' })).toBe(2);

    // Undo twice: refused, nothing changes.
    expect(await store.merges.undo(done.value.mergeId, cli)).toEqual({ ok: false, reason: 'already_undone' });
    expect(await snapshot(db)).toEqual(before);
  });

  it('moves the customers the merged record referred to the kept one, and the undo gives them back', async () => {
    const w = await world();
    const d = await store.customers.create({ name: 'Phạm Thu', phone: '+84922222222', source: 'giới thiệu', referredById: w.b }, cli);
    const e = await store.customers.create({ name: 'Lê Mai', phone: '+84944444444', source: 'giới thiệu', referredById: w.c }, cli);
    const f = await store.customers.create({ name: 'Võ Hằng', phone: '+84955555555', source: 'giới thiệu', referredById: w.b }, cli);
    if (!d.ok || !e.ok || !f.ok) throw new Error('setup');
    const before = await snapshot(db);
    const done = await store.merges.merge(w.a, w.b, {}, cli);
    if (!done.ok) throw new Error(done.reason);
    // B is gone: a referral left pointing at it would show no referrer on Thu's card and count for nobody.
    expect((await store.customers.findById(d.value.id))?.referredById).toBe(w.a);
    expect((await store.customers.findById(f.value.id))?.referredById).toBe(w.a);
    expect((await store.customers.findById(e.value.id))?.referredById).toBe(w.c);
    // Staff correct Hằng's referrer while the merge stands: the undo gives B back only what still points at A.
    const hang = { _id: new Types.ObjectId(f.value.id) };
    await db.conn.db!.collection('customers').updateOne(hang, { $set: { referredById: w.c } });
    expect((await store.merges.undo(done.value.mergeId, cli)).ok).toBe(true);
    expect((await store.customers.findById(d.value.id))?.referredById).toBe(w.b);
    expect((await store.customers.findById(f.value.id))?.referredById).toBe(w.c);
    await db.conn.db!.collection('customers').updateOne(hang, { $set: { referredById: w.b } });
    expect(await snapshot(db)).toEqual(before);
  });

  it('takes the referrer with the source it explains, and drops a referral between the two records', async () => {
    const cases: { a: object; b: (w: World) => object; take?: 'merged'; want: (w: World) => object }[] = [
      // Source chosen from B (Facebook): A's referrer explained A's "giới thiệu", not Facebook.
      { a: { source: 'giới thiệu', referredById: 'D' }, b: () => ({ source: 'Facebook' }), take: 'merged', want: () => ({ source: 'Facebook', referredById: undefined }) },
      { a: { source: 'Facebook' }, b: (w) => ({ source: 'giới thiệu', referredById: w.c }), take: 'merged', want: (w) => ({ source: 'giới thiệu', referredById: w.c }) },
      // A was referred by B, or B by A: after the merge she would refer herself or a record that is gone.
      { a: { source: 'giới thiệu', referredById: 'B' }, b: () => ({}), want: () => ({ source: 'giới thiệu', referredById: undefined }) },
      { a: {}, b: (w) => ({ source: 'giới thiệu', referredById: w.a }), want: () => ({ source: 'giới thiệu', referredById: undefined }) },
    ];
    for (const [i, k] of cases.entries()) {
      await db.clear();
      const w = await world();
      const d = await store.customers.create({ name: 'Phạm Thu', phone: '+84922222222' }, cli);
      if (!d.ok) throw new Error('setup');
      const a = Object.fromEntries(Object.entries(k.a).map(([f, v]) => [f, v === 'D' ? d.value.id : v === 'B' ? w.b : v]));
      await db.conn.db!.collection('customers').updateOne({ _id: new Types.ObjectId(w.a) }, { $set: a });
      if (Object.keys(k.b(w)).length) await db.conn.db!.collection('customers').updateOne({ _id: new Types.ObjectId(w.b) }, { $set: k.b(w) });
      const done = await store.merges.merge(w.a, w.b, k.take ? { source: k.take } : {}, cli);
      if (!done.ok) throw new Error(done.reason);
      const kept = await store.customers.findById(w.a);
      expect({ case: i, source: kept?.source, referredById: kept?.referredById }).toEqual({ case: i, ...k.want(w) });
    }
  });

  it('finishes a merge that stopped half-way when the same merge is run again, and its undo is still exact', async () => {
    const w = await world();
    const before = await snapshot(db);
    // A crash after the record and two steps: simulate by running the steps of the record by hand.
    const original = MERGE_PLAN.visits!.apply!;
    let crashed = false;
    MERGE_PLAN.visits!.apply = async () => {
      crashed = true;
      throw new Error('process killed');
    };
    await expect(store.merges.merge(w.a, w.b, {}, cli)).rejects.toThrow('process killed');
    MERGE_PLAN.visits!.apply = original;
    expect(crashed).toBe(true);
    const rec = (await db.conn.db!.collection('customer_merges').findOne({}))!;
    expect(rec).toMatchObject({ state: 'applying', stepsDone: ['conversations', 'outbox', 'calls'] });

    const again = await store.merges.merge(w.a, w.b, {}, cli);
    if (!again.ok) throw new Error(again.reason);
    expect(again.value.mergeId).toBe(String(rec._id));
    expect(await db.conn.db!.collection('customer_merges').countDocuments()).toBe(1);
    expect(await db.conn.db!.collection('visits').countDocuments({ customerId: new Types.ObjectId(w.a) })).toBe(5);
    expect(await db.conn.db!.collection('customers').countDocuments()).toBe(2);
    // Running it a third time is a different request: B no longer exists.
    expect(await store.merges.merge(w.a, w.b, {}, cli)).toEqual({ ok: false, reason: 'not_found' });
    expect((await store.merges.undo(again.value.mergeId, cli)).ok).toBe(true);
    expect(await snapshot(db)).toEqual(before);
  });

  it('refuses a customer merged with herself, an undo after 30 days, a superseded undo, and an undo after erasure', async () => {
    const w = await world();
    expect(await store.merges.merge(w.a, w.a, {}, cli)).toEqual({ ok: false, reason: 'same_customer' });
    expect(await store.merges.merge(w.a, 'not-an-id', {}, cli)).toEqual({ ok: false, reason: 'not_found' });

    const first = await store.merges.merge(w.a, w.b, {}, cli);
    if (!first.ok) throw new Error(first.reason);
    clock.advanceHours(24 * 30 + 1);
    const snap = await snapshot(db);
    expect(await store.merges.undo(first.value.mergeId, cli)).toEqual({ ok: false, reason: 'expired' });
    expect(await snapshot(db)).toEqual(snap);
    // Past the window the before-images (personal data) are dropped at the next merge or undo.
    await store.merges.pruneExpired();
    expect((await db.conn.db!.collection('customer_merges').findOne({}))!.images).toEqual([]);

    // A later merge involving the kept record: the earlier one can no longer be undone on its own.
    const d = await store.customers.create({ name: 'Lan Ba', phone: '+84933333333' }, cli);
    if (!d.ok) throw new Error('setup');
    clock.set('2026-06-01T00:00:00Z');
    const second = await store.merges.merge(w.c, d.value.id, {}, cli);
    if (!second.ok) throw new Error(second.reason);
    const third = await store.merges.merge(w.a, w.c, {}, cli);
    if (!third.ok) throw new Error(third.reason);
    expect(await store.merges.undo(second.value.mergeId, cli)).toEqual({ ok: false, reason: 'superseded' });

    // Erasing the kept customer deletes the merge records (their images hold her data): nothing to undo.
    await store.customers.erase(w.a, cli);
    expect(await db.conn.db!.collection('customer_merges').countDocuments({ kept: new Types.ObjectId(w.a) })).toBe(0);
    expect(await store.merges.undo(third.value.mergeId, cli)).toEqual({ ok: false, reason: 'not_found' });
  });
});
