// Card edits on the real database (issue 17): access, audit, history, the phone's uniqueness, the customer's own fields.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { customerAccess } from '../../src/services/customer-access.js';
import { editCard, editOwnCard, webEditField } from '../../src/services/card-edits.js';
import { profileCompleteness } from '../../src/domain/completeness.js';
import { createStore, type Store } from '../../src/store/index.js';
import { ERASURE_PLAN } from '../../src/store/erasure.js';
import { MERGE_PLAN } from '../../src/store/merges.js';
import type { StaffMember } from '../../src/store/staff.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let store: Store;
let clock: TestClock;
let owner: StaffMember;
let receptionist: StaffMember;
let otherBranch: StaffMember;
let lan: string;
let mai: string;
const deps = () => ({ now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' });
const as = (m: StaffMember) => customerAccess({ store, staffVisibility: 'masked' }, { kind: 'staff', staffId: m.id, channel: 'telegram' });

beforeAll(async () => {
  db = await openTestDb('card_edits');
});
afterAll(async () => db.close());

beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-10T03:00:00Z');
  store = createStore(db.conn, clock.now);
  const add = async (name: string, role: 'owner' | 'manager' | 'staff', branchId?: string) => {
    const r = await store.staff.add({ name, role, ...(branchId ? { branchId } : {}) });
    if (!r.ok) throw new Error('seed staff');
    return r.value;
  };
  owner = await add('Chủ Spa', 'owner');
  receptionist = await add('Hoa Lễ Tân', 'manager', 'q1');
  otherBranch = await add('Tuấn', 'staff', 'q3');
  const c1 = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1' }, { kind: 'cli' });
  const c2 = await store.customers.create({ name: 'Trần Mai', phone: '+84987654321', branchId: 'q1' }, { kind: 'cli' });
  if (!c1.ok || !c2.ok) throw new Error('seed customers');
  lan = c1.value.id;
  mai = c2.value.id;
});

describe('editCard', () => {
  it('sets every field, keeps who changed what, and reaches 100 %', async () => {
    const a = as(receptionist);
    for (const [field, value] of [
      ['email', 'lan@example.com'],
      ['occupation', 'kế toán'],
      ['address', '12 Lê Lợi, Q1'],
      ['birthday', 'âm lịch 15/8'],
      ['gender', 'nữ'],
      ['facebook', 'facebook.com/lan.nguyen'],
      ['group', 'khach vip'],
      ['source', 'giới thiệu 0987 654 321'],
      ['needs', 'Trị mụn'],
      ['manager', 'Hoa'],
      ['branch', 'q3'],
    ] as const) {
      const r = await editCard(a, deps(), lan, field, value);
      expect(r).toMatchObject({ ok: true, value: { changed: true } });
    }
    const c = (await store.customers.findById(lan))!;
    expect(c).toMatchObject({ email: 'lan@example.com', occupation: 'kế toán', address: '12 Lê Lợi, Q1', lunarBirthday: { day: 15, month: 8 }, gender: 'female', group: 'Khách VIP', source: 'Giới thiệu', referredById: mai, managerStaffId: receptionist.id, branchId: 'q3' });
    expect(profileCompleteness(c)).toEqual({ missing: [], percent: 100 });
    const history = await store.cardEdits.forCustomer(lan, 50);
    expect(history.find((h) => h.field === 'email')).toMatchObject({ to: 'lan@example.com', by: { kind: 'staff', id: receptionist.id, channel: 'telegram' } });
    const audit = await store.audit.forCustomer(lan);
    expect(audit.filter((e) => e.action === 'update').map((e) => e.detail)).toContain('fields=email');
    expect(audit.every((e) => !String(e.detail).includes('@'))).toBe(true);
  });

  it('tells the front end about a new managing staff member once', async () => {
    const first = await editCard(as(owner), deps(), lan, 'manager', 'Tuấn');
    expect(first.ok && first.value.newManager?.id).toBe(otherBranch.id);
    const again = await editCard(as(owner), deps(), lan, 'manager', 'tuan');
    expect(again.ok && again.value.newManager).toBeUndefined();
  });

  it('replaces a lunar birthday with a solar one', async () => {
    await editCard(as(owner), deps(), lan, 'birthday', 'âm lịch 15/8');
    await editCard(as(owner), deps(), lan, 'birthday', '12/3/1990');
    const c = (await store.customers.findById(lan))!;
    expect(c.birthday).toEqual({ day: 12, month: 3, year: 1990 });
    expect(c.lunarBirthday).toBeUndefined();
  });

  it("refuses another customer's phone without saying whose it is, and keeps both cards", async () => {
    const r = await editCard(as(owner), deps(), lan, 'phone', '0987 654 321');
    expect(r).toEqual({ ok: false, reason: { kind: 'phone_taken' } });
    expect((await store.customers.findById(lan))!.phone).toBe('+84912345678');
    expect((await store.customers.findByPhone('+84987654321'))!.id).toBe(mai);
  });

  it('moves the phone key with a changed phone, unverified', async () => {
    const r = await editCard(as(owner), deps(), lan, 'phone', '0909 111 222');
    expect(r.ok).toBe(true);
    expect((await store.customers.findByPhone('+84909111222'))!.id).toBe(lan);
    expect(await store.customers.findByPhone('+84912345678')).toBeNull();
    expect((await store.customers.findById(lan))!.phoneVerified).toBe(false);
    // The old number is free for a new registration.
    expect((await store.customers.create({ name: 'Người Mới', phone: '+84912345678' }, { kind: 'cli' })).ok).toBe(true);
  });

  it('refuses a staff member without full access, and a plain staff member the branch or the manager', async () => {
    expect(await editCard(as(otherBranch), deps(), lan, 'email', 'x@y.vn')).toEqual({ ok: false, reason: { kind: 'not_allowed' } });
    const plain = await store.staff.add({ name: 'KTV Q1', role: 'staff', branchId: 'q1' });
    if (!plain.ok) throw new Error('seed');
    await store.activity.logCall({ customerId: lan, staffId: plain.value.id, content: 'tư vấn', at: clock.now() });
    const a = customerAccess({ store, staffVisibility: 'masked' }, { kind: 'staff', staffId: plain.value.id, channel: 'telegram' });
    expect((await editCard(a, deps(), lan, 'email', 'x@y.vn')).ok).toBe(true);
    expect(await editCard(a, deps(), lan, 'branch', 'q3')).toEqual({ ok: false, reason: { kind: 'managers_only' } });
    expect(await editCard(a, deps(), lan, 'manager', 'Tuấn')).toEqual({ ok: false, reason: { kind: 'managers_only' } });
  });

  it('keeps the history of needs instead of replacing them', async () => {
    await editCard(as(owner), deps(), lan, 'needs', 'Trị mụn');
    clock.advance(86_400_000);
    await editCard(as(owner), deps(), lan, 'needs', 'Massage');
    const c = (await store.customers.findById(lan))!;
    expect(c.needs.map((n) => n.service)).toEqual(['Trị mụn', 'Massage']);
    expect(c.needs[0]!.at.getTime()).toBeLessThan(c.needs[1]!.at.getTime());
  });

  it('gives the web page a reason code', async () => {
    expect(await webEditField(deps())(as(owner), lan, 'email', 'nope')).toEqual({ ok: false, reason: 'invalid_email' });
    expect(await webEditField(deps())(as(owner), lan, 'email', 'lan@spa.vn')).toEqual({ ok: true });
  });
});

describe('editOwnCard', () => {
  it('lets the customer correct name, birthday, email and address, and nothing else', async () => {
    const me = (await store.customers.findById(lan))!;
    expect((await editOwnCard(store, deps(), me, 'zalo', 'address', '5 Hai Bà Trưng')).ok).toBe(true);
    expect(await editOwnCard(store, deps(), me, 'zalo', 'group', 'Khách VIP')).toEqual({ ok: false, reason: { kind: 'not_own_field' } });
    expect(await editOwnCard(store, deps(), me, 'zalo', 'phone', '0909 111 222')).toEqual({ ok: false, reason: { kind: 'not_own_field' } });
    const [edit] = await store.cardEdits.forCustomer(lan);
    expect(edit).toMatchObject({ field: 'address', to: '5 Hai Bà Trưng', by: { kind: 'customer', id: lan, channel: 'zalo' } });
  });
});

describe('the history collection', () => {
  it('is erased with the customer and moved on a merge', async () => {
    expect(ERASURE_PLAN.card_edits?.run).toBeDefined();
    expect(MERGE_PLAN.card_edits).toBeDefined();
    await editCard(as(owner), deps(), lan, 'email', 'lan@example.com');
    await store.customers.erase(lan, { kind: 'cli' });
    expect(await store.cardEdits.forCustomer(lan)).toEqual([]);
  });
});
