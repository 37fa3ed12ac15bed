// /phanloai through the real Telegram adapter (issue 14): counts within the viewer's visibility, a tap lists the
// customers with their reason a page at a time, /xem shows the segment; abuse: a Q1 staff member never counts or
// lists Q2's customers, forged and replayed buttons are refused, and a customer typing /phanloai learns nothing.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import { Types } from 'mongoose';
import { segmentStaffVi } from '../../src/engine/copy/segments-vi.js';
import { createEngine } from '../../src/engine/engine.js';
import { explainSegment, segmentReason, SEGMENT_NAMES } from '../../src/domain/segment-reasons.js';
import { defaultSegmentSettings } from '../../src/domain/segments.js';
import { createLogger } from '../../src/log.js';
import { recomputeAllSegments } from '../../src/services/segments.js';
import { createStore, type Store } from '../../src/store/index.js';
import { SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { staffVi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, GUEST, OTHER_GUEST } from '../support/telegram-updates.js';
import { TelegramUser } from '../support/telegram-user.js';

const HOA: User = { id: 7101, is_bot: false, first_name: 'Hoa' };
const MAI: User = { id: 7102, is_bot: false, first_name: 'Mai' };
const MANAGER: User = { id: 7103, is_bot: false, first_name: 'Quản lý' };
const NOW = new Date('2026-12-02T03:00:00Z');
const DAY = 86_400_000;
const c = segmentStaffVi;
const name = SEGMENT_NAMES.vi;

describe('/phanloai through the real Telegram adapter', () => {
  let db: TestDb;
  let h: TelegramHarness;
  let clock: TestClock;
  let store: Store;
  const ids: Record<string, string> = {};
  let seq = 0;

  beforeAll(async () => {
    db = await openTestDb('segments_chat');
  });
  afterAll(async () => db?.close());
  afterEach(async () => h?.stop());

  async function member(user: User, role: 'manager' | 'staff', branchId: string): Promise<string> {
    const r = await store.staff.add({ name: user.first_name, role, branchId, chats: [{ channel: 'telegram', userId: String(user.id) }] });
    if (!r.ok) throw new Error('staff');
    return r.value.id;
  }
  async function customer(key: string, fullName: string, branchId: string, managerStaffId: string, visitDaysAgo: number[], registeredDaysAgo = 300): Promise<void> {
    seq++;
    const r = await store.customers.create({ name: fullName, phone: `+8491300${String(seq).padStart(4, '0')}`, branchId, managerStaffId }, { kind: 'cli' });
    if (!r.ok) throw new Error('seed');
    await db.conn.db!.collection('customers').updateOne({ _id: new Types.ObjectId(r.value.id) }, { $set: { createdAt: new Date(NOW.getTime() - registeredDaysAgo * DAY) } });
    for (const d of visitDaysAgo) await store.activity.logVisit({ customerId: r.value.id, staffId: 'seed', service: 'Trị mụn', amountVnd: 300_000, paid: true, at: new Date(NOW.getTime() - d * DAY) });
    ids[key] = r.value.id;
  }

  beforeEach(async () => {
    await db.clear();
    seq = 0;
    clock = new TestClock(NOW);
    store = createStore(db.conn, clock.now);
    const hoa = await member(HOA, 'staff', 'q1');
    const mai = await member(MAI, 'staff', 'q2');
    await member(MANAGER, 'manager', 'q1');
    // Hoa manages twelve at-risk customers (two pages) and one new one; Mai (Q2) has at-risk and dormant ones.
    for (let i = 1; i <= 12; i++) await customer(`q1Risk${i}`, `Trần Thị Rời ${String(i).padStart(2, '0')}`, 'q1', hoa, [110, 89, 68, 47]);
    await customer('q1New', 'Lê Thị Mới', 'q1', hoa, [12], 12);
    await customer('q2Risk', 'Ngô Thị Hai', 'q2', mai, [110, 89, 68, 47]);
    await customer('q2Dormant', 'Đỗ Thị Ngủ', 'q2', mai, [300, 200, 120]);
    await recomputeAllSegments({ store, now: clock.now });
    h = await startTelegramHarness('polling', createEngine({ store, settings: { ...SETTINGS, staffVisibility: 'masked' }, now: clock.now, log: createLogger('silent') }));
  });

  it('counts, lists with reasons, pages, opens a card with its segment, and keeps to the viewer\'s own customers', async () => {
    const hoa = new TelegramUser(h, HOA);
    await hoa.send(command(HOA, '/phanloai'));
    expect(hoa.said).toContain(c.countsTitle({ total: 13 }));
    expect(hoa.said).toContain(c.countLine({ name: name.sap_roi, count: 12 }));
    expect(hoa.said).toContain(c.countLine({ name: name.moi, count: 1 }));
    // Q2's dormant customer is not counted, and no ngủ đông button is offered to Hoa.
    expect(hoa.said).not.toContain(name.ngu_dong);
    expect(hoa.buttons.map((b) => b.text)).toEqual([c.segmentButton({ name: name.moi, count: 1 }), c.segmentButton({ name: name.sap_roi, count: 12 })]);

    await hoa.press(c.segmentButton({ name: name.sap_roi, count: 12 }));
    const reason = 'thường 21 ngày quay lại, đã 47 ngày';
    expect(hoa.said).toContain(c.listTitle({ name: name.sap_roi, total: 12, page: 1, pages: 2 }));
    expect(hoa.said).toContain(c.memberLine({ n: 1, name: 'Trần Thị Rời 01', phone: '0913 000 001', reason }));
    expect(hoa.said).not.toContain('Ngô Thị Hai');
    expect(hoa.buttons.filter((b) => b.callback_data?.startsWith('open:'))).toHaveLength(10);

    await hoa.press(c.nextPage);
    expect(hoa.said).toContain(c.listTitle({ name: name.sap_roi, total: 12, page: 2, pages: 2 }));
    expect(hoa.said).toContain(c.memberLine({ n: 12, name: 'Trần Thị Rời 12', phone: '0913 000 012', reason }));
    expect(hoa.buttons.map((b) => b.text)).toContain(c.prevPage);
    expect(hoa.buttons.map((b) => b.text)).not.toContain(c.nextPage);

    await hoa.press('Trần Thị Rời 12');
    await hoa.send(command(HOA, '/xem'));
    const row = await store.segments.findById(ids.q1Risk12!);
    expect(hoa.said).toContain(c.cardLine({ explained: explainSegment(row!.segment, row!.figures, clock.now(), defaultSegmentSettings, 'vi') }));
    expect(segmentReason(row!.segment, row!.figures, clock.now(), defaultSegmentSettings, 'vi')).toBe(reason);

    // The Q1 manager sees the branch (13), never Q2's two.
    const manager = new TelegramUser(h, MANAGER);
    await manager.send(command(MANAGER, '/segments'));
    expect(manager.said).toContain(c.countsTitle({ total: 13 }));
  });

  it('refuses forged and replayed buttons, and a page past the end of the viewer\'s list', async () => {
    const mai = new TelegramUser(h, MAI);
    await mai.send(command(MAI, '/phanloai'));
    expect(mai.said).toContain(c.countsTitle({ total: 2 }));
    const dormantButton = mai.buttons.find((b) => b.text.startsWith(name.ngu_dong))!.callback_data!;

    const hoa = new TelegramUser(h, HOA);
    await hoa.send(command(HOA, '/phanloai'));
    // Mai's button, replayed in Hoa's chat: never offered to Hoa, refused, nothing of Q2 shown.
    await hoa.forge(dormantButton);
    expect(hoa.said).toBe(staffVi.notAllowed);
    // A page number Hoa was never offered, and one past her list.
    await hoa.forge('seg:sap_roi:1');
    expect(hoa.said).toBe(staffVi.notAllowed);
    await hoa.send(command(HOA, '/phanloai'));
    await hoa.press(c.segmentButton({ name: name.sap_roi, count: 12 }));
    await hoa.forge('seg:sap_roi:7');
    expect(hoa.said).toBe(staffVi.notAllowed);
    await hoa.send(command(HOA, '/phanloai'));
    await hoa.press(c.segmentButton({ name: name.sap_roi, count: 12 }));
    // A page that was offered but is outside her scope by the time it is tapped: three customers moved to Mai.
    const maiId = (await store.staff.findByAddress({ channel: 'telegram', account: 'x', userId: String(MAI.id) }))!.id;
    for (const k of ['q1Risk10', 'q1Risk11', 'q1Risk12']) await store.customers.update(ids[k]!, { branchId: 'q2', managerStaffId: maiId }, { kind: 'cli' });
    await recomputeAllSegments({ store, now: clock.now });
    await hoa.press(c.nextPage);
    expect(hoa.said).toBe(staffVi.notAllowed);
    await hoa.send(command(HOA, '/phanloai'));
    await hoa.press(c.segmentButton({ name: name.sap_roi, count: 9 }));
    expect(hoa.said).not.toContain('Trần Thị Rời 12');
    // A replay of the counts message's buttons after the list replaced them.
    await hoa.press(c.backToCounts);
    await hoa.press(c.segmentButton({ name: name.sap_roi, count: 9 }));
    await hoa.forge('seg:moi:0');
    expect(hoa.said).toBe(staffVi.notAllowed);
    // Hoa's open-customer buttons never name a Q2 customer either.
    await hoa.forge(`open:${ids.q2Risk!}`);
    expect(hoa.said).toBe(staffVi.notAllowed);
  });

  it('a customer typing /phanloai gets the customer\'s reply, nothing about segments', async () => {
    const lan = new TelegramUser(h, GUEST);
    await lan.send(command(GUEST, '/phanloai'));
    const other = new TelegramUser(h, OTHER_GUEST);
    await other.send(command(OTHER_GUEST, '/lenhkhongco'));
    expect(lan.said).toBe(other.said);
    for (const word of [...Object.values(name), 'Trần Thị Rời', 'Phân loại']) expect(lan.said).not.toContain(word);
  });
});
