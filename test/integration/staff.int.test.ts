// Staff, invitations, activity and the audit log on the real database server (FerretDB or MONGODB_URI).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { allModels, createStore, type Store } from '../../src/store/index.js';
import { staffChatKey } from '../../src/store/staff.js';
import { migrateStaffChats } from '../../src/store/staff-chats-migration.js';
import type { ChannelAddress } from '../../src/store/customers.js';
import { REDACTED_DETAIL } from '../../src/store/audit.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { Chat, makeEngine } from '../support/chat.js';
import { staffVi } from '../../src/engine/copy/staff-vi.js';

let db: TestDb;
let clock: TestClock;
let store: Store;

const tg = (userId: string): ChannelAddress => ({ channel: 'telegram', account: 'bot1', userId });
const zalo = (userId: string): ChannelAddress => ({ channel: 'zalo', account: 'oa1', userId });
const HOUR = 3_600_000;

beforeAll(async () => {
  db = await openTestDb('staff');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-12T02:00:00Z');
  store = createStore(db.conn, clock.now);
});

async function customer(name: string, phone: string, branchId?: string): Promise<string> {
  const r = await store.customers.create({ name, phone, ...(branchId ? { branchId } : {}) }, { kind: 'cli' });
  if (!r.ok) throw new Error('fixture customer not created');
  return r.value.id;
}

describe('staff written before chats were one list', () => {
  // A member document as the first staff release stored it: one column per channel, and its staff_chats claims.
  async function legacyMember(fields: Record<string, string>): Promise<string> {
    const _id = new Types.ObjectId();
    await db.conn.db!.collection('staff').insertOne({ _id, name: 'Hoa', role: 'staff', branchId: 'q1', active: true, ...fields } as never);
    if (fields.telegramId) await db.conn.db!.collection('staff_chats').insertOne({ _id: `telegram:${fields.telegramId}`, staffId: _id } as never);
    if (fields.zaloId) await db.conn.db!.collection('staff_chats').insertOne({ _id: `zalo:${fields.zaloId}`, staffId: _id } as never);
    return String(_id);
  }

  it('reads telegramId/zaloId as the chat list, so the member is still recognised before any migration', async () => {
    const id = await legacyMember({ telegramId: '111', zaloId: '999' });
    expect((await store.staff.findById(id))?.chats).toEqual([
      { channel: 'telegram', userId: '111' },
      { channel: 'zalo', userId: '999' },
    ]);
    expect((await store.staff.findByAddress(tg('111')))?.id).toBe(id);
    expect((await store.staff.findByAddress(zalo('999')))?.id).toBe(id);
  });

  it('moves them into `chats` at ensureIndexes without losing a chat, and a second run changes nothing', async () => {
    const both = await legacyMember({ telegramId: '111', zaloId: '999' });
    const zaloOnly = await legacyMember({ zaloId: '998' });
    expect(await migrateStaffChats(db.conn)).toBe(2);
    const raw = await db.conn.db!.collection('staff').findOne({ _id: new Types.ObjectId(both) });
    expect(raw).toMatchObject({ chats: [{ channel: 'telegram', userId: '111' }, { channel: 'zalo', userId: '999' }] });
    expect(raw).not.toHaveProperty('telegramId');
    expect(raw).not.toHaveProperty('zaloId');
    expect((await store.staff.findById(zaloOnly))?.chats).toEqual([{ channel: 'zalo', userId: '998' }]);
    expect((await store.staff.findByAddress(zalo('998')))?.id).toBe(zaloOnly);
    expect(await migrateStaffChats(db.conn)).toBe(0);
    // Removing a migrated member still frees every chat for a colleague.
    expect(await store.staff.remove(both)).toBe(true);
    expect((await store.staff.add({ name: 'Mai', role: 'staff', chats: [{ channel: 'telegram', userId: '111' }] })).ok).toBe(true);
  });
});

describe('indexes of the staff collections', () => {
  it('registers every new model and creates its indexes on this server', async () => {
    const names = allModels(db.conn).map((m) => m.collection.collectionName);
    expect(names).toEqual(expect.arrayContaining(['staff', 'staff_chats', 'staff_invites', 'staff_invite_claims', 'audit_log']));
    for (const model of allModels(db.conn)) await model.init();
  });
});

describe('StaffRepository', () => {
  it('adds Hoa with her Telegram and Zalo chats and recognises both, whatever bot or OA she writes to', async () => {
    const r = await store.staff.add({ name: 'Hoa', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: '111' }, { channel: 'zalo', userId: '999' }] });
    expect(r).toMatchObject({ ok: true, value: { name: 'Hoa', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: '111' }, { channel: 'zalo', userId: '999' }], active: true } });
    const id = r.ok ? r.value.id : '';
    expect((await store.staff.findByAddress(tg('111')))?.id).toBe(id);
    expect((await store.staff.findByAddress({ ...tg('111'), account: 'bot2' }))?.id).toBe(id);
    expect((await store.staff.findByAddress(zalo('999')))?.id).toBe(id);
    expect(await store.staff.findByAddress(tg('999'))).toBeNull();
    expect(await store.staff.findByAddress({ channel: 'playground', account: 'p', userId: '111' })).toBeNull();
    // The chat lookup is keyed by `_id`, the one filter FerretDB pushes down.
    expect(await db.conn.db!.collection('staff_chats').findOne({ _id: 'telegram:111' as never })).toMatchObject({ staffId: expect.anything() });
    expect(staffChatKey('telegram', '111')).toBe('telegram:111');
  });

  it('refuses a chat id another active member holds, and keeps the other id it had claimed free', async () => {
    await store.staff.add({ name: 'Hoa', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: '111' }, { channel: 'zalo', userId: '999' }] });
    expect(await store.staff.add({ name: 'Mai', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: '111' }] })).toEqual({ ok: false, reason: 'telegram_taken' });
    expect(await store.staff.add({ name: 'Mai', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: '222' }, { channel: 'zalo', userId: '999' }] })).toEqual({ ok: false, reason: 'zalo_taken' });
    expect(await db.conn.db!.collection('staff').countDocuments()).toBe(1);
    expect(await store.staff.findByAddress(tg('222'))).toBeNull();
    const mai = await store.staff.add({ name: 'Mai', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: '222' }] });
    expect(mai.ok).toBe(true);
  });

  it('removes a member: deactivated, out of the list, chats unlinked and free for someone else', async () => {
    const hoa = await store.staff.add({ name: 'Hoa', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: '111' }, { channel: 'zalo', userId: '999' }] });
    if (!hoa.ok) throw new Error('fixture');
    expect(await store.staff.remove(hoa.value.id)).toBe(true);
    expect(await store.staff.findByAddress(tg('111'))).toBeNull();
    expect(await store.staff.findByAddress(zalo('999'))).toBeNull();
    expect(await store.staff.list()).toEqual([]);
    expect(await store.staff.findById(hoa.value.id)).toEqual({ id: hoa.value.id, name: 'Hoa', role: 'staff', branchId: 'q1', chats: [], active: false });
    expect(await db.conn.db!.collection('staff_chats').countDocuments()).toBe(0);
    expect(await store.staff.remove(hoa.value.id)).toBe(false);
    expect(await store.staff.remove('65f000000000000000000000')).toBe(false);
    expect(await store.staff.remove('not-an-id')).toBe(false);
    expect((await store.staff.add({ name: 'Lan', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: '111' }] })).ok).toBe(true);
  });

  it('lists active members in Vietnamese alphabetical order, then by id', async () => {
    for (const name of ['Đào', 'Dung', 'An', 'Bình', 'An']) await store.staff.add({ name, role: 'staff', branchId: 'q1' });
    const list = await store.staff.list();
    expect(list.map((s) => s.name)).toEqual(['An', 'An', 'Bình', 'Dung', 'Đào']);
    expect(list[0]!.id < list[1]!.id).toBe(true);
  });

  it('treats a chat claim left by a crash (no such member) as free', async () => {
    await db.conn.db!.collection('staff_chats').insertOne({ _id: 'telegram:333' as never, staffId: new Types.ObjectId() });
    expect(await store.staff.findByAddress(tg('333'))).toBeNull();
    const r = await store.staff.add({ name: 'Hoa', role: 'manager', branchId: 'q1', chats: [{ channel: 'telegram', userId: '333' }] });
    expect(r.ok).toBe(true);
    expect((await store.staff.findByAddress(tg('333')))?.name).toBe('Hoa');
  });

  it('cleans invisible characters out of names and ids (FerretDB rejects NUL)', async () => {
    const r = await store.staff.add({ name: ' Hoa\u0000 \u200bNguyễn ', role: 'owner', chats: [{ channel: 'telegram', userId: ' 444 ' }] });
    expect(r).toMatchObject({ ok: true, value: { name: 'Hoa Nguyễn', chats: [{ channel: 'telegram', userId: '444' }] } });
  });
});

describe('invitations', () => {
  async function invite(role: 'manager' | 'staff' = 'staff') {
    return store.staff.createInvite({ role, branchId: 'q1', createdBy: 'owner-1' });
  }

  it('makes an 8-character code valid for 24 hours and stores only its hash', async () => {
    const { code, expiresAt } = await invite();
    expect(code).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$/);
    expect(expiresAt).toEqual(new Date(clock.now().getTime() + 24 * HOUR));
    const stored = await db.conn.db!.collection('staff_invites').find().toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]!._id).toBe(createHash('sha256').update(code).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(code);
  });

  it('links the colleague with the invited role and branch, once', async () => {
    const { code } = await invite('manager');
    const r = await store.staff.redeemInvite(code, tg('555'), 'Mai');
    expect(r).toMatchObject({ ok: true, value: { name: 'Mai', role: 'manager', branchId: 'q1', chats: [{ channel: 'telegram', userId: '555' }], active: true } });
    expect((await store.staff.findByAddress(tg('555')))?.name).toBe('Mai');
    expect(await store.staff.redeemInvite(code, tg('556'), 'Lan')).toEqual({ ok: false, reason: 'invalid' });
    expect(await store.staff.findByAddress(tg('556'))).toBeNull();
    const stored = await db.conn.db!.collection('staff_invites').findOne({});
    expect(stored).toMatchObject({ usedAt: clock.now(), usedByStaffId: r.ok ? r.value.id : '' });
  });

  it('accepts the code typed in lower case with a dash, and links a Zalo chat', async () => {
    const { code } = await invite();
    const typed = `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase();
    expect(await store.staff.redeemInvite(typed, zalo('777'), 'Lan')).toMatchObject({ ok: true, value: { chats: [{ channel: 'zalo', userId: '777' }] } });
  });

  it('is still valid just before 24 hours and invalid from then on', async () => {
    const early = await invite();
    const late = await invite();
    clock.advance(24 * HOUR - 1);
    expect((await store.staff.redeemInvite(early.code, tg('601'), 'An')).ok).toBe(true);
    clock.advance(1);
    expect(await store.staff.redeemInvite(late.code, tg('602'), 'Bình')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('answers the same "invalid" for a wrong, malformed or operator-looking code and links nobody', async () => {
    await invite();
    for (const wrong of ['ZZZZZZZZ', 'abc', '', '{"$gt": ""}', 'UUUUUUUU']) {
      expect(await store.staff.redeemInvite(wrong, tg('701'), 'Hoa')).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(await db.conn.db!.collection('staff').countDocuments()).toBe(0);
  });

  it('refuses a chat that is already staff without spending the code', async () => {
    await store.staff.add({ name: 'Hoa', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: '801' }] });
    const { code } = await invite();
    expect(await store.staff.redeemInvite(code, tg('801'), 'Hoa')).toEqual({ ok: false, reason: 'invalid' });
    expect((await store.staff.redeemInvite(code, tg('802'), 'Mai')).ok).toBe(true);
  });

  it('refuses the playground, which has no chat staff could be recognised by, and keeps the code for a real chat', async () => {
    // The rule is the channel's capability (staffChats), asked by the engine: the store knows no channel names.
    const { code } = await invite();
    const guest = new Chat(makeEngine(db, clock).engine, { channel: 'playground', account: 'playground', userId: 'session-0123456789abcdef' });
    expect((await guest.command('start', code))[0]?.text).toBe(staffVi.inviteInvalid);
    expect((await store.staff.list()).map((m) => m.name)).toEqual([]);
    expect((await store.staff.redeemInvite(code, tg('901'), 'Hoa')).ok).toBe(true);
  });

  it('names a colleague whose chat has no display name after the end of their chat id', async () => {
    const { code } = await invite();
    expect(await store.staff.redeemInvite(code, tg('123456'), ' \u200b ')).toMatchObject({ ok: true, value: { name: 'Nhân viên 3456' } });
  });
});

describe('ActivityRepository', () => {
  it('adds visits to the counts and totals: unpaid amounts become debt, the last visit never moves back', async () => {
    const lan = await customer('Nguyễn Thị Lan', '+84912345678', 'q1');
    const later = new Date('2026-03-10T03:00:00Z');
    const earlier = new Date('2026-03-01T03:00:00Z');
    await store.activity.logVisit({ customerId: lan, staffId: 's1', service: 'trị mụn', amountVnd: 500_000, paid: true, at: later, branchId: 'q1' });
    await store.activity.logVisit({ customerId: lan, staffId: 's2', service: 'massage', amountVnd: 300_000, paid: false, at: earlier });
    const raw = await db.conn.db!.collection('customers').findOne({});
    expect(raw).toMatchObject({ visitCount: 2, totals: { spentVnd: 800_000, debtVnd: 300_000 }, lastVisitAt: later, updatedBy: { kind: 'staff', id: 's2' } });
    // Appointment counters are derived from the appointment records (issue 13), never stored on the customer.
    expect(raw).not.toHaveProperty('appointments');
    expect((await store.customers.findById(lan))?.totals).toEqual({ spentVnd: 800_000, debtVnd: 300_000 });
    const visits = await store.activity.recentVisits(lan, 5);
    expect(visits.map((v) => [v.service, v.amountVnd, v.paid, v.staffId])).toEqual([
      ['trị mụn', 500_000, true, 's1'],
      ['massage', 300_000, false, 's2'],
    ]);
    expect(visits[0]!.branchId).toBe('q1');
  });

  it('rejects a fractional or negative amount and an unknown customer, writing nothing', async () => {
    const lan = await customer('Lan', '+84912345678');
    const base = { customerId: lan, staffId: 's1', service: 'x', paid: true, at: clock.now() };
    await expect(store.activity.logVisit({ ...base, amountVnd: 1.5 })).rejects.toThrow(RangeError);
    await expect(store.activity.logVisit({ ...base, amountVnd: -1 })).rejects.toThrow(RangeError);
    await expect(store.activity.logVisit({ ...base, amountVnd: Number.NaN })).rejects.toThrow(RangeError);
    await expect(store.activity.logVisit({ ...base, customerId: '65f000000000000000000000', amountVnd: 1 })).rejects.toThrow(RangeError);
    expect(await db.conn.db!.collection('visits').countDocuments()).toBe(0);
    expect((await store.customers.findById(lan))?.visitCount).toBe(0);
  });

  it('finds the last call in a window (seed 003: warn before calling the same customer twice)', async () => {
    const lan = await customer('Lan', '+84912345678');
    await store.activity.logCall({ customerId: lan, staffId: 'hoa', content: 'hẹn lịch thứ bảy', at: new Date(clock.now().getTime() - 3 * HOUR) });
    await store.activity.logCall({ customerId: lan, staffId: 'mai', content: 'nhắc lịch', at: new Date(clock.now().getTime() - 2 * HOUR) });
    expect(await store.activity.lastCallSince(lan, new Date(clock.now().getTime() - 24 * HOUR))).toEqual({ staffId: 'mai', at: new Date(clock.now().getTime() - 2 * HOUR), content: 'nhắc lịch' });
    expect(await store.activity.lastCallSince(lan, new Date(clock.now().getTime() - HOUR))).toBeNull();
    const other = await customer('Mai', '+84987654321');
    expect(await store.activity.lastCallSince(other, new Date(0))).toBeNull();
  });

  it('knows whom each staff member has served, by calls and visits', async () => {
    const [c1, c2, c3] = [await customer('An', '+84912345671'), await customer('Bình', '+84912345672'), await customer('Chi', '+84912345673')];
    await store.activity.logCall({ customerId: c1, staffId: 'hoa', content: 'gọi', at: clock.now() });
    await store.activity.logVisit({ customerId: c2, staffId: 'hoa', service: 'gội đầu', amountVnd: 0, paid: true, at: clock.now() });
    await store.activity.logCall({ customerId: c3, staffId: 'mai', content: 'gọi', at: clock.now() });
    await store.activity.addNote({ customerId: c3, staffId: 'hoa', kind: 'hobby', text: 'thích trà', at: clock.now() });
    expect(await store.activity.servedBy('hoa')).toEqual(new Set([c1, c2]));
    expect(await store.activity.servedBy('nobody')).toEqual(new Set());
  });

  it('returns recent notes and calls newest first, limited', async () => {
    const lan = await customer('Lan', '+84912345678');
    for (let i = 1; i <= 4; i++) {
      clock.advanceHours(1);
      await store.activity.addNote({ customerId: lan, staffId: 'hoa', kind: 'skin', text: `ghi chú ${i}`, at: clock.now() });
      await store.activity.logCall({ customerId: lan, staffId: 'hoa', content: `cuộc gọi ${i}\u0000`, at: clock.now() });
    }
    expect((await store.activity.recentNotes(lan, 2)).map((n) => [n.text, n.kind])).toEqual([
      ['ghi chú 4', 'skin'],
      ['ghi chú 3', 'skin'],
    ]);
    expect((await store.activity.recentCalls(lan, 3)).map((c) => c.content)).toEqual(['cuộc gọi 4', 'cuộc gọi 3', 'cuộc gọi 2']);
  });
});

describe('AuditLog', () => {
  it('lists a customer’s entries newest first, breaking same-instant ties by insertion order', async () => {
    await store.audit.record({ actor: { kind: 'staff', id: 's1' }, action: 'read_card', customerId: 'c1', channel: 'telegram' });
    clock.advanceHours(1);
    await store.audit.record({ actor: { kind: 'staff', id: 's1' }, action: 'note', customerId: 'c1', channel: 'telegram', detail: 'kind=skin' });
    await store.audit.record({ actor: { kind: 'staff', id: 's2' }, action: 'call', customerId: 'c1', channel: 'zalo' });
    await store.audit.record({ actor: { kind: 'cli' }, action: 'read_card', customerId: 'c2' });
    const entries = await store.audit.forCustomer('c1');
    expect(entries.map((e) => [e.action, e.actor.id])).toEqual([
      ['call', 's2'],
      ['note', 's1'],
      ['read_card', 's1'],
    ]);
    expect(entries[1]).toMatchObject({ customerId: 'c1', channel: 'telegram', detail: 'kind=skin', at: clock.now() });
    expect(await store.audit.forCustomer('c1', 1)).toHaveLength(1);
  });

  it('stores a detail that looks like personal data as [redacted]', async () => {
    for (const detail of ['phone=0912345678', 'name=Nguyễn Thị Lan', 'email=lan@example.com', 'q=+84912345678'])
      await store.audit.record({ actor: { kind: 'system' }, action: 'update', customerId: 'c1', detail });
    await store.audit.record({ actor: { kind: 'system' }, action: 'update', customerId: 'c1', detail: 'fields=phone,birthday staff=65f1a2b3c4d5e6f708192a3b results=3' });
    const details = (await store.audit.forCustomer('c1')).map((e) => e.detail);
    expect(details).toEqual(['fields=phone,birthday staff=65f1a2b3c4d5e6f708192a3b results=3', REDACTED_DETAIL, REDACTED_DETAIL, REDACTED_DETAIL, REDACTED_DETAIL]);
  });
});
