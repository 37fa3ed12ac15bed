// The money rows staff get through the outbox (issue 13): a rank change told to the managing staff member once,
// and a package with sessions left but no visit for PACKAGE_IDLE_DAYS brought up once per idle stretch, not when
// it was used meanwhile.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DISPATCH_JOB } from '../../jobs/dispatch.js';
import { PACKAGE_IDLE_JOB } from '../../jobs/package-reminders.js';
import { runJob } from '../../jobs/scheduler.js';
import { DEFAULT_MONEY_SETTINGS } from '../../src/domain/money-rules.js';
import { moneyStaffVi as m } from '../../src/engine/copy/money-vi.js';
import { recordVisit, sellPackage } from '../../src/services/visits.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { StaffMember } from '../../src/store/staff.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { addCustomer, jobsWorld } from '../support/jobs-fixture.js';

describe('money messages to staff', () => {
  let db: TestDb;
  let store: Store;
  let clock: TestClock;
  let hoa: StaffMember;
  const deps = () => ({ store, settings: DEFAULT_MONEY_SETTINGS, now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' });

  beforeAll(async () => {
    db = await openTestDb('money_jobs');
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    clock = new TestClock('2026-12-02T03:00:00Z');
    store = createStore(db.conn, clock.now);
    const r = await store.staff.add({ name: 'Nguyễn Thị Hoa', role: 'manager', branchId: 'q1', chats: [{ channel: 'telegram', userId: '7100' }] });
    if (!r.ok) throw new Error('setup');
    hoa = r.value;
  });

  it('tells the managing staff member of a rank change, once', async () => {
    const id = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', phone: '+84912345678', manager: hoa.id });
    const lan = (await store.customers.findById(id))!;
    const world = jobsWorld(db, clock);
    world.staffChats.set(hoa.id, { channel: 'telegram', account: '123456', userId: '7100' });
    const v = await recordVisit(deps(), { key: 'v1', customer: lan, member: hoa, service: 'Massage', amountVnd: 6_000_000, method: 'cash' });
    expect(v.ok && v.rankChanged).toEqual({ from: 'dong', to: 'bac' });
    await recordVisit(deps(), { key: 'v1', customer: lan, member: hoa, service: 'Massage', amountVnd: 6_000_000, method: 'cash' });
    await runJob(world.ctx, DISPATCH_JOB);
    expect(world.telegram.to('7100').map((s) => s.text)).toEqual([m.rankChanged({ customer: 'Nguyễn Thị Lan', from: 'Đồng', to: 'Bạc', rankLine: 'Bạc: 6 tr₫ trong 12 tháng; còn 4 tr₫ lên Vàng' })]);
  });

  it('brings up an idle package after PACKAGE_IDLE_DAYS, once, and not when it was used meanwhile', async () => {
    const id = await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', phone: '+84912345678', manager: hoa.id });
    const lan = (await store.customers.findById(id))!;
    const sold = await sellPackage(deps(), { key: 'p1', customer: lan, member: hoa, service: 'Trị mụn', sessions: 10, priceVnd: 5_000_000, method: 'transfer', expiresAt: new Date('2027-12-01T00:00:00Z') });
    if (!sold.ok) throw new Error('sale');
    await recordVisit(deps(), { key: 'v1', customer: lan, member: hoa, service: 'Trị mụn' });
    clock.set('2026-12-20T01:00:00Z');
    const early = jobsWorld(db, clock);
    expect(await runJob(early.ctx, PACKAGE_IDLE_JOB)).toMatchObject({ idle: 0 });
    clock.set('2027-01-02T01:00:00Z');
    const world = jobsWorld(db, clock);
    world.staffChats.set(hoa.id, { channel: 'telegram', account: '123456', userId: '7100' });
    expect(await runJob(world.ctx, PACKAGE_IDLE_JOB)).toMatchObject({ idle: 1, planned: 1 });
    expect(await runJob(world.ctx, PACKAGE_IDLE_JOB)).toMatchObject({ idle: 1, planned: 0, existing: 1 });
    clock.set('2027-01-02T02:00:00Z');
    await runJob(world.ctx, DISPATCH_JOB);
    expect(world.telegram.to('7100').map((s) => s.text)).toEqual([m.packageIdle({ customer: 'Nguyễn Thị Lan', phone: '0912 345 678', service: 'Trị mụn', left: 9, total: 10, days: 30, expires: '1/12/2027' })]);
    // The next idle stretch: planned, but she came before it was sent, so nothing goes.
    clock.set('2027-02-05T01:00:00Z');
    const later = jobsWorld(db, clock);
    later.staffChats.set(hoa.id, { channel: 'telegram', account: '123456', userId: '7100' });
    await runJob(later.ctx, PACKAGE_IDLE_JOB);
    await recordVisit(deps(), { key: 'v2', customer: lan, member: hoa, service: 'Trị mụn' });
    clock.set('2027-02-05T02:00:00Z');
    await runJob(later.ctx, DISPATCH_JOB);
    expect(later.telegram.to('7100')).toEqual([]);
  });
});
