// Issue 17: staff notes by kind through the real grammY bot on the real database: grouped on /xem; skin and health
// notes refused without the customer's separate health consent, and hidden from viewers without full access or
// consent (chat card and the web card's timeline); examination results (kết quả khám) are kept and hidden the same way.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import { notesVi } from '../../src/engine/copy/notes-vi.js';
import { peopleVi } from '../../src/engine/copy/people-vi.js';
import { customerAccess } from '../../src/services/customer-access.js';
import { readTimeline } from '../../src/services/customer-timeline.js';
import type { Store } from '../../src/store/index.js';
import { makeEngine, SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { staffVi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, OTHER_GUEST } from '../support/telegram-updates.js';
import { TelegramUser } from '../support/telegram-user.js';

const MASKED_STAFF: User = { id: 5010, is_bot: false, first_name: 'Mai' };
const HER_STAFF: User = { id: 5011, is_bot: false, first_name: 'Hoa' };
const LAN = 'Nguyễn Thị Lan';

let db: TestDb;
let clock: TestClock;
let store: Store;
let h: TelegramHarness;
let id: string;
let owner: TelegramUser;

beforeAll(async () => {
  db = await openTestDb('notes_by_kind');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-10T03:00:00Z');
  const made = makeEngine(db, clock, { ...SETTINGS, staffVisibility: 'masked' });
  store = made.store;
  h = await startTelegramHarness('polling', made.engine);
  const c = await store.customers.create({ name: LAN, phone: '+84912345678', branchId: 'q1' }, { kind: 'cli' });
  if (!c.ok) throw new Error('setup');
  id = c.value.id;
  await store.staff.add({ name: 'Chủ spa', role: 'owner', chats: [{ channel: 'telegram', userId: String(OTHER_GUEST.id) }] });
  owner = new TelegramUser(h, OTHER_GUEST);
  await owner.send(command(OTHER_GUEST, '/tim 5678'));
  await owner.press(LAN);
});
afterEach(async () => h?.stop());

const notesInDb = () => db.conn.db!.collection('notes').find({}).sort({ at: 1 }).toArray();

describe('notes by kind', () => {
  it('keeps each kind typed before a colon and shows them grouped on /xem', async () => {
    await owner.send(command(OTHER_GUEST, '/ghichu tính cách: kỹ tính, thích yên tĩnh'));
    expect(owner.said).toBe(notesVi.saved({ name: LAN, kind: 'Tính cách' }));
    await owner.send(command(OTHER_GUEST, '/ghichu so thich: thích trà sen'));
    await owner.send(command(OTHER_GUEST, '/ghichu Gia đình: con gái Na 5 tuổi, sinh nhật 2/9'));
    await owner.send(command(OTHER_GUEST, '/ghichu khách quen của chị Hoa'));
    expect(owner.said).toBe(staffVi.noteSaved({ name: LAN }));
    expect((await notesInDb()).map((n) => [n.kind, n.text])).toEqual([
      ['personality', 'kỹ tính, thích yên tĩnh'],
      ['hobby', 'thích trà sen'],
      ['family', 'con gái Na 5 tuổi, sinh nhật 2/9'],
      ['other', 'khách quen của chị Hoa'],
    ]);
    await owner.send(command(OTHER_GUEST, '/xem'));
    expect(owner.said).toContain('Ghi chú: [Tính cách] kỹ tính, thích yên tĩnh · [Sở thích] thích trà sen · [Gia đình] con gái Na 5 tuổi, sinh nhật 2/9 · [Khác] khách quen của chị Hoa');
  });

  it('refuses a skin or health note without her health consent, and keeps it once she agreed (on paper)', async () => {
    for (const note of ['/ghichu da/sức khỏe: da nhạy cảm, dị ứng retinol', '/ghichu kết quả khám: soi da thấy mụn ẩn']) {
      await owner.send(command(OTHER_GUEST, note));
      expect(owner.said).toMatch(/^Chưa lưu: ghi chú/);
    }
    expect(owner.said).toBe(notesVi.sensitiveRefused({ name: LAN, kind: 'Kết quả khám' }));
    expect(await notesInDb()).toEqual([]);

    await owner.send(command(OTHER_GUEST, '/dongy'));
    await owner.press(peopleVi.purposeNames.health);
    expect((await store.customers.findById(id))!.consent.health).toBe(true);
    await owner.send(command(OTHER_GUEST, '/ghichu da: da nhạy cảm, dị ứng retinol'));
    expect(owner.said).toBe(notesVi.saved({ name: LAN, kind: 'Da/sức khỏe' }));
    await owner.send(command(OTHER_GUEST, '/xem'));
    expect(owner.said).toContain('[Da/sức khỏe] da nhạy cảm, dị ứng retinol');
  });

  it('keeps an exam result (kết quả khám) as a sensitive note: her own technician and the owner read it on /xem, a masked colleague does not', async () => {
    await store.customers.recordConsent(id, { purpose: 'health', granted: true, at: clock.now(), channel: 'paper', wordingVersion: 'giay' }, { kind: 'cli' });
    await owner.send(command(OTHER_GUEST, '/ghichu kết quả khám: soi da thấy mụn ẩn vùng cằm'));
    expect(owner.said).toBe(notesVi.saved({ name: LAN, kind: 'Kết quả khám' }));
    // The technician who looks after her (full access) writes one too, with the short kind name.
    const hoa = await store.staff.add({ name: 'Hoa', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: String(HER_STAFF.id) }] });
    if (!hoa.ok) throw new Error('setup');
    await store.customers.update(id, { managerStaffId: hoa.value.id }, { kind: 'cli' });
    const tech = new TelegramUser(h, HER_STAFF);
    await tech.send(command(HER_STAFF, '/tim 5678'));
    await tech.press(LAN);
    await tech.send(command(HER_STAFF, '/ghichu khám: tái khám sau 2 tuần'));
    expect(tech.said).toBe(notesVi.saved({ name: LAN, kind: 'Kết quả khám' }));
    expect((await notesInDb()).map((n) => [n.kind, n.text])).toEqual([
      ['exam', 'soi da thấy mụn ẩn vùng cằm'],
      ['exam', 'tái khám sau 2 tuần'],
    ]);
    await tech.send(command(HER_STAFF, '/xem'));
    const examLine = 'Ghi chú: [Kết quả khám] tái khám sau 2 tuần; soi da thấy mụn ẩn vùng cằm';
    expect(tech.said).toContain(examLine);
    await owner.send(command(OTHER_GUEST, '/xem'));
    expect(owner.said).toContain(examLine);

    // A colleague of the branch who never served her: masked, no exam result, and she may not write one.
    const mai = await store.staff.add({ name: 'Mai', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: String(MASKED_STAFF.id) }] });
    if (!mai.ok) throw new Error('setup');
    const colleague = new TelegramUser(h, MASKED_STAFF);
    await colleague.send(command(MASKED_STAFF, '/tim 5678'));
    await colleague.press(LAN);
    await colleague.send(command(MASKED_STAFF, '/xem'));
    expect(colleague.said).toContain(staffVi.maskedCard({ name: LAN, phone: '0912 *** 678' }));
    expect(colleague.said).not.toMatch(/Kết quả khám|mụn ẩn|tái khám/);
    await colleague.send(command(MASKED_STAFF, '/ghichu kết quả khám: bịa đặt'));
    expect(colleague.said).toBe(staffVi.notAllowed);
    expect(await notesInDb()).toHaveLength(2);

    // Her health consent withdrawn: her technician no longer reads the exam results either.
    clock.advance(60_000);
    await store.customers.recordConsent(id, { purpose: 'health', granted: false, at: clock.now(), channel: 'telegram', wordingVersion: 'v1' }, { kind: 'customer', id });
    await tech.send(command(HER_STAFF, '/xem'));
    expect(tech.said).toContain(LAN);
    expect(tech.said).not.toMatch(/Kết quả khám|mụn ẩn|tái khám/);
  });

  it('hides skin and health notes from a masked colleague and from a full viewer once the consent is gone', async () => {
    await store.customers.recordConsent(id, { purpose: 'health', granted: true, at: clock.now(), channel: 'paper', wordingVersion: 'giay' }, { kind: 'cli' });
    await owner.send(command(OTHER_GUEST, '/ghichu sức khỏe: đang mang thai 3 tháng'));
    await owner.send(command(OTHER_GUEST, '/ghichu sở thích: trà gừng'));
    const full = customerAccess({ store, staffVisibility: 'masked' }, { kind: 'owner-cli' });
    expect((await readTimeline(full, id)).events.filter((e) => e.kind === 'note').map((e) => e.kind === 'note' && e.noteKind)).toEqual(['hobby', 'skin']);

    // A colleague of the branch who never served her: masked card, no notes, no timeline.
    const mai = await store.staff.add({ name: 'Mai', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: String(MASKED_STAFF.id) }] });
    if (!mai.ok) throw new Error('setup');
    const colleague = new TelegramUser(h, MASKED_STAFF);
    await colleague.send(command(MASKED_STAFF, '/tim 5678'));
    await colleague.press(LAN);
    expect(colleague.said).toContain(staffVi.maskedCard({ name: LAN, phone: '0912 *** 678' }));
    expect(colleague.said).not.toMatch(/mang thai|trà gừng/);
    const masked = customerAccess({ store, staffVisibility: 'masked' }, { kind: 'staff', staffId: mai.value.id, channel: 'web' });
    expect((await readTimeline(masked, id)).events).toEqual([]);

    // She withdraws the health consent: even the owner no longer reads the health note, chat or web.
    clock.advance(60_000);
    await store.customers.recordConsent(id, { purpose: 'health', granted: false, at: clock.now(), channel: 'telegram', wordingVersion: 'v1' }, { kind: 'customer', id });
    const after = customerAccess({ store, staffVisibility: 'masked' }, { kind: 'owner-cli' });
    const notes = (await readTimeline(after, id)).events.filter((e) => e.kind === 'note');
    expect(notes.map((e) => e.kind === 'note' && e.text)).toEqual(['trà gừng']);
    await owner.send(command(OTHER_GUEST, '/xem'));
    expect(owner.said).toContain('Ghi chú: [Sở thích] trà gừng');
    expect(owner.said).not.toContain('mang thai');
  });
});
