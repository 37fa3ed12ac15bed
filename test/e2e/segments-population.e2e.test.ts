// End to end (issue 14, Done when): a population built through the staff chat with a controllable clock (each
// customer added with /kh and each visit logged with /ghe on its own day), the night's recompute, then /phanloai:
// every segment is there with its reason in words.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { SEGMENT_NAMES } from '../../src/domain/segment-reasons.js';
import type { Segment } from '../../src/domain/segments.js';
import { segmentStaffVi } from '../../src/engine/copy/segments-vi.js';
import { recomputeAllSegments } from '../../src/services/segments.js';
import { Chat, makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { staffVi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';

const NOW = new Date('2026-12-02T03:00:00Z');
const DAY = 86_400_000;
const at = (daysAgo: number): Date => new Date(NOW.getTime() - daysAgo * DAY);

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb('segments_population');
});
afterAll(async () => db.close());

describe('a population built through the chat', () => {
  it('puts every customer in their segment with the reason in words', async () => {
    await db.clear();
    const clock = new TestClock(NOW);
    const { engine, store } = makeEngine(db, clock);
    const owner = await store.staff.add({ name: 'Chủ', role: 'owner', chats: [{ channel: 'telegram', userId: '900' }] });
    if (!owner.ok) throw new Error('owner');
    const chat = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '900' }, 'Chủ');

    const people: [string, number, number[], string, Segment, string][] = [
      ['Nguyễn Thị Vip', 400, [330, 300, 270, 240, 210, 180, 150, 120, 90, 60, 40, 20], '1533333', 'vip', '12 lần đến, 18,4 tr₫ trong 12 tháng'],
      ['Trần Thị Rời', 200, [110, 89, 68, 47], '300k', 'sap_roi', 'thường 21 ngày quay lại, đã 47 ngày'],
      ['Lê Thị Mới', 12, [12], '300k', 'moi', 'lần đầu đến 12 ngày trước'],
      ['Phạm Thị Tiềm', 3, [], '300k', 'tiem_nang', 'đăng ký 3 ngày trước, chưa đến lần nào'],
      ['Võ Thị Quen', 100, [60, 40, 20], '300k', 'than_thiet', '3 lần đến trong 12 tháng, thường 20 ngày quay lại'],
      ['Đỗ Thị Ngủ', 400, [300, 200, 120], '300k', 'ngu_dong', 'đã 120 ngày chưa quay lại (3 lần đến)'],
      ['Bùi Thị Mất', 500, [400], '300k', 'da_mat', 'đã 400 ngày chưa quay lại (1 lần đến)'],
      ['Hồ Thị Lai', 500, [400, 40], '300k', 'vang_lai', '1 lần đến trong 12 tháng, lần cuối 40 ngày trước'],
    ];
    for (const [i, [name, registered, visits, amount]] of people.entries()) {
      clock.set(at(registered));
      await chat.command('kh', `${name} 09150000${String(i).padStart(2, '0')} 12/3 trị mụn`);
      await chat.press(staffVi.addSave);
      expect(chat.said).toContain(staffVi.addSaved({ name }));
      // Mongoose stamps createdAt from the system clock, not the test clock: the registration day is set here.
      const c = await store.customers.findByPhone(`+849150000${String(i).padStart(2, '0')}`);
      await db.conn.db!.collection('customers').updateOne({ _id: new Types.ObjectId(c!.id) }, { $set: { createdAt: clock.now() } });
      for (const d of [...visits].sort((a, b) => b - a)) {
        clock.set(at(d));
        await chat.command('ghe', `Trị mụn ${amount}`);
        expect(chat.said).not.toBe(staffVi.visitUsage);
      }
    }
    // The night after: the calendar moved on since the last record of each.
    clock.set(NOW);
    await recomputeAllSegments({ store, now: clock.now });

    await chat.command('phanloai');
    expect(chat.said).toContain(segmentStaffVi.countsTitle({ total: 8 }));
    for (const [name, , , , segment, reason] of people) {
      await chat.command('phanloai');
      await chat.press(segmentStaffVi.segmentButton({ name: SEGMENT_NAMES.vi[segment], count: 1 }));
      expect(chat.said).toContain(segmentStaffVi.listTitle({ name: SEGMENT_NAMES.vi[segment], total: 1, page: 1, pages: 1 }));
      expect(chat.said).toMatch(new RegExp(`1\\. ${name} · 0915 000 0\\d\\d — ${reason.replace(/[()]/g, '\\$&')}`));
    }
  });
});
