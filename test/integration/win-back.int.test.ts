// The weekly win-back list (issue 14) on the real database with a controllable clock: each staff member gets the
// sắp rời and ngủ đông customers they manage with the reason, the last service and a suggested message; a call or
// a visit logged since takes the customer off; one list per member and week, whatever re-runs or restarts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dispatchDue } from '../../jobs/dispatch.js';
import { OWNER_STAFF_ID } from '../../jobs/ports.js';
import { runJob } from '../../jobs/scheduler.js';
import { WIN_BACK_JOB, WIN_BACK_PURPOSE } from '../../jobs/win-back.js';
import { segmentStaffVi } from '../../src/engine/copy/segments-vi.js';
import { withSegmentHook } from '../../src/services/segment-hook.js';
import { recomputeAllSegments } from '../../src/services/segments.js';
import { createStore, type Store } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { addCustomer, BOT, jobsWorld, OWNER_CHAT, type JobsWorld } from '../support/jobs-fixture.js';

let db: TestDb;
let clock: TestClock;
let store: Store;
const DAY = 86_400_000;
// Monday 30 Nov 2026, 08:00 in Hồ Chí Minh City; the list goes at 08:45 (WIN_BACK_TIME), Mondays (WIN_BACK_DAY).
const MONDAY = new Date('2026-11-30T01:00:00Z');
const monday = { year: 2026, month: 11, day: 30 };
const HOA_CHAT = { channel: 'telegram', account: BOT, userId: '801' };
const MAI_CHAT = { channel: 'telegram', account: BOT, userId: '802' };

beforeAll(async () => {
  db = await openTestDb('win_back');
});
afterAll(async () => db.close());

describe('the weekly win-back list', () => {
  const ids: Record<string, string> = {};
  let w: JobsWorld;

  async function customer(key: string, name: string, manager: string | undefined, visitDaysAgo: number[], service = 'Trị mụn'): Promise<void> {
    ids[key] = await addCustomer(db, clock, { name, phone: `+849140000${String(Object.keys(ids).length).padStart(2, '0')}`, ...(manager ? { manager } : {}), createdAt: new Date(MONDAY.getTime() - 400 * DAY) });
    for (const d of visitDaysAgo) await store.activity.logVisit({ customerId: ids[key]!, staffId: 'seed', service, amountVnd: 300_000, paid: true, at: new Date(MONDAY.getTime() - d * DAY) });
  }

  beforeEach(async () => {
    await db.clear();
    for (const k of Object.keys(ids)) delete ids[k];
    clock = new TestClock(MONDAY);
    store = createStore(db.conn, clock.now);
    w = jobsWorld(db, clock);
    w.staffChats.set('hoa', HOA_CHAT);
    w.staffChats.set('mai', MAI_CHAT);
    await customer('atRisk', 'Trần Thị Rời', 'hoa', [110, 89, 68, 47], 'Massage');
    await customer('dormant', 'Đỗ Thị Ngủ', 'hoa', [300, 200, 120]);
    await customer('regular', 'Võ Thị Quen', 'hoa', [60, 40, 20]);
    await customer('maisAtRisk', 'Ngô Văn Ba', 'mai', [110, 89, 68, 47]);
    await customer('nobodys', 'Bùi Thị Chủ', undefined, [300, 200, 120]);
    await recomputeAllSegments({ store, now: clock.now });
  });

  const rows = () => db.conn.db!.collection('outbox').find({ purpose: WIN_BACK_PURPOSE }).sort({ staffId: 1 }).toArray();

  it('gives each member their at-risk and dormant customers with reason, last service and a suggested message', async () => {
    expect(await runJob(w.ctx, WIN_BACK_JOB, { date: monday })).toMatchObject({ lists: 3, customers: 4, planned: 3 });
    expect((await rows()).map((r) => [r.staffId, r.items.length])).toEqual([
      ['hoa', 2],
      ['mai', 1],
      [OWNER_STAFF_ID, 1],
    ]);
    // Held until 08:45.
    await dispatchDue(w.ctx);
    expect(w.telegram.sent).toHaveLength(0);
    clock.set(new Date(MONDAY.getTime() + 50 * 60_000));
    await dispatchDue(w.ctx);

    const hoa = w.telegram.to(HOA_CHAT.userId).map((s) => s.text).join('\n');
    expect(hoa).toContain(segmentStaffVi.winBackTitle({ date: '30/11', count: 2 }));
    expect(hoa).toContain(segmentStaffVi.winBackLine({ who: 'chị Rời (0914 000 000)', explained: 'sắp rời: thường 21 ngày quay lại, đã 47 ngày', lastService: 'Massage' }));
    expect(hoa).toContain('Lần trước chị làm Massage');
    expect(hoa).toContain(segmentStaffVi.winBackLine({ who: 'chị Ngủ (0914 000 001)', explained: 'ngủ đông: đã 120 ngày chưa quay lại (3 lần đến)', lastService: 'Trị mụn' }));
    expect(hoa).toContain('Spa Hoa Sen nhớ chị lắm ạ');
    // Not at risk: the regular customer; not hers: Mai's and the owner's.
    expect(hoa).not.toContain('Quen');
    expect(hoa).not.toContain('Ngô Văn Ba');
    expect(w.telegram.to(MAI_CHAT.userId).map((s) => s.text).join('\n')).toContain('anh Ba (0914 000 003)');
    expect(w.telegram.to(OWNER_CHAT.userId).map((s) => s.text).join('\n')).toContain('chị Chủ');
  });

  it('a call or a visit logged after planning takes the customer off; nobody left: nothing is sent', async () => {
    await runJob(w.ctx, WIN_BACK_JOB, { date: monday });
    const hooked = withSegmentHook(store, { now: clock.now });
    clock.advance(10 * 60_000);
    await hooked.activity.logCall({ customerId: ids.atRisk!, staffId: 'hoa', content: 'Hẹn tuần sau', at: clock.now() });
    await hooked.activity.logVisit({ customerId: ids.maisAtRisk!, staffId: 'mai', service: 'Massage', amountVnd: 400_000, paid: true, at: clock.now() });
    clock.set(new Date(MONDAY.getTime() + 50 * 60_000));
    await dispatchDue(w.ctx);
    const hoa = w.telegram.to(HOA_CHAT.userId).map((s) => s.text).join('\n');
    expect(hoa).toContain(segmentStaffVi.winBackTitle({ date: '30/11', count: 1 }));
    expect(hoa).not.toContain('Rời');
    expect(hoa).toContain('Ngủ');
    expect(w.telegram.to(MAI_CHAT.userId)).toHaveLength(0);
    expect((await rows()).find((r) => r.staffId === 'mai')).toMatchObject({ status: 'cancelled' });

    // The next Monday: the customer called last week is still off; the one who came is no longer at risk.
    clock.set(new Date(MONDAY.getTime() + 7 * DAY - 3 * DAY));
    await recomputeAllSegments({ store, now: clock.now });
    clock.set(new Date(MONDAY.getTime() + 7 * DAY));
    const next = (await runJob(w.ctx, WIN_BACK_JOB, { date: { year: 2026, month: 12, day: 7 } })) as { customers: number };
    expect(next.customers).toBe(2); // the dormant one (Hoa) and the owner's
  });

  it('plans once per member and week: a re-run, another weekday and a restart add nothing', async () => {
    await runJob(w.ctx, WIN_BACK_JOB, { date: monday });
    expect(await runJob(w.ctx, WIN_BACK_JOB, { date: monday })).toMatchObject({ planned: 0, existing: 3 });
    expect(await runJob(w.ctx, WIN_BACK_JOB, { date: { year: 2026, month: 12, day: 1 } })).toMatchObject({ skipped: 1, lists: 0 });
    const restarted = jobsWorld(db, clock);
    expect(await runJob(restarted.ctx, WIN_BACK_JOB, { date: monday })).toMatchObject({ planned: 0, existing: 3 });
    expect(await rows()).toHaveLength(3);
  });
});
