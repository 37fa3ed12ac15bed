// Customer photos through the real Telegram adapter and the fake Bot API (issue 17): a staff member opens a customer,
// sends a photo (getFile + download), tags it, and /xem shows it; every way a photo must not be kept is refused.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import { Types } from 'mongoose';
import { peopleVi } from '../../src/engine/copy/people-vi.js';
import { createEngine } from '../../src/engine/engine.js';
import type { EngineSettings } from '../../src/engine/turn-context.js';
import type { StaffVisibility } from '../../src/domain/visibility.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { staffVi, vi, you } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, document, GUEST, photo } from '../support/telegram-updates.js';
import { TelegramUser } from '../support/telegram-user.js';
import { fakeJpeg } from '../support/photos.js';

const OWNER: User = { id: 7001, is_bot: false, first_name: 'Chủ' };
const TECH: User = { id: 7002, is_bot: false, first_name: 'Thảo' };
const PDF = new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'));
const MAX = 1024 * 1024;

let db: TestDb;
let h: TelegramHarness | undefined;
let store: Store;
let clock: TestClock;

beforeAll(async () => {
  db = await openTestDb('photos_e2e');
});
afterAll(async () => db?.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-10T03:00:00Z');
  store = createStore(db.conn, clock.now);
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(staffVisibility: StaffVisibility = 'masked'): Promise<TelegramHarness> {
  const settings: EngineSettings = { ...SETTINGS, owners: [{ channel: 'telegram', userId: String(OWNER.id) }], photoMaxBytes: MAX, staffVisibility };
  h = await startTelegramHarness('polling', createEngine({ store, settings, now: clock.now, log: createLogger('silent') }));
  return h;
}

const photoConsent = () => [{ purpose: 'photo' as const, granted: true, at: clock.now(), channel: 'paper', wordingVersion: 'giay-v1' }];

async function customer(name: string, phone: string, opts: { consent?: boolean; branchId?: string; managerStaffId?: string } = {}): Promise<string> {
  const c = await store.customers.create({ name, phone, ...(opts.branchId ? { branchId: opts.branchId } : {}), ...(opts.managerStaffId ? { managerStaffId: opts.managerStaffId } : {}) }, { kind: 'cli' }, opts.consent === false ? [] : photoConsent());
  if (!c.ok) throw new Error('setup');
  return c.value.id;
}

async function open(u: TelegramUser, who: User, query: string, name: string): Promise<void> {
  await u.send(command(who, `/tim ${query}`));
  await u.press(name);
}

const files = () => db.conn.db!.collection('photos.files').find({}).sort({ uploadDate: 1 }).toArray();
const downloads = () => h!.api.callsTo('downloadFile').length;
const bytesOf = (p: Record<string, unknown>): Buffer => (p.photo as { bytes: Buffer }).bytes;

describe('photos in a staff chat', () => {
  it('keeps the photo of the open customer, tags it, and /xem shows her profile photo and the latest ones', async () => {
    const t = await start();
    const lan = await customer('Nguyễn Thị Lan', '+84912345678');
    // A visit logged today: the photos taken today belong to it.
    const visit = await db.conn.db!.collection('visits').insertOne({ customerId: new Types.ObjectId(lan), at: clock.now(), service: 'Trị mụn', amountVnd: 300_000, status: 'done', paid: true });
    const owner = new TelegramUser(t, OWNER);
    await open(owner, OWNER, 'Lan', 'Nguyễn Thị Lan');

    const face = fakeJpeg(300_000);
    await owner.send(photo(OWNER, t.api.addFile(face)));
    expect(owner.said).toBe(`${peopleVi.photoSaved({ name: 'Nguyễn Thị Lan' })} ${peopleVi.photoTagAsk}`);
    expect(owner.buttons.map((b) => b.text)).toEqual([peopleVi.tagNames.profile, peopleVi.tagNames.before, peopleVi.tagNames.after]);
    await owner.press(peopleVi.tagNames.profile);
    expect(owner.said).toBe(peopleVi.photoTagged({ tag: 'profile' }));

    // A caption saying "trước" tags it at once (the buttons stay, to change it).
    clock.advance(60_000);
    const before = fakeJpeg(200_000);
    await owner.send(photo(OWNER, t.api.addFile(before), 'Ảnh trước khi làm'));
    expect(owner.said).toBe(`${peopleVi.photoSaved({ name: 'Nguyễn Thị Lan' })} ${peopleVi.photoTagged({ tag: 'before' })}`);
    expect(owner.buttons.map((b) => b.text)).toContain(`✓ ${peopleVi.tagNames.before}`);

    const stored = await files();
    const ownerId = String((await db.conn.db!.collection('staff').findOne({}))!._id);
    expect(stored.map((f) => f.metadata)).toEqual([
      expect.objectContaining({ customerId: new Types.ObjectId(lan), tag: 'profile', visitId: String(visit.insertedId), uploadedBy: ownerId, mimeType: 'image/jpeg', size: 300_000 }),
      expect.objectContaining({ tag: 'before', visitId: String(visit.insertedId) }),
    ]);
    const back = await store.photos.read(lan, String(stored[0]!._id));
    expect(Buffer.from(back!.data).equals(Buffer.from(face))).toBe(true);

    await owner.send(command(OWNER, '/xem'));
    expect(owner.photos).toHaveLength(1);
    expect(bytesOf(owner.photos[0]!).equals(Buffer.from(face))).toBe(true);
    expect(owner.said).toContain(peopleVi.photoLatest({ count: 2, latest: `${peopleVi.tagNames.before} 10/03/2026, ${peopleVi.tagNames.profile} 10/03/2026` }));
    await owner.press(peopleVi.photoShowButton);
    expect(owner.photos.map((p) => String(p.caption))).toEqual([
      peopleVi.photoCaption({ name: 'Nguyễn Thị Lan', tag: peopleVi.tagNames.before, date: '10/03/2026' }),
      peopleVi.photoCaption({ name: 'Nguyễn Thị Lan', tag: peopleVi.tagNames.profile, date: '10/03/2026' }),
    ]);
    expect(bytesOf(owner.photos[0]!).equals(Buffer.from(before))).toBe(true);
    // Every photo read is audited as a read of her card, ids only.
    const reads = await db.conn.db!.collection('audit_log').find({ action: 'read_card', detail: /^photo=/ }).toArray();
    expect(reads.length).toBe(3);
    expect(await db.conn.db!.collection('audit_log').countDocuments({ action: 'photo_add', customerId: lan })).toBe(3);
  });

  it('tags a photo "sau" (after) by button and by caption, stores it, and /xem lists the after photos first among the latest', async () => {
    const t = await start();
    const lan = await customer('Nguyễn Thị Lan', '+84912345678');
    const owner = new TelegramUser(t, OWNER);
    await open(owner, OWNER, 'Lan', 'Nguyễn Thị Lan');
    const face = fakeJpeg(100_000);
    await owner.send(photo(OWNER, t.api.addFile(face), 'ảnh hồ sơ'));
    clock.advance(60_000);
    await owner.send(photo(OWNER, t.api.addFile(fakeJpeg(110_000)), 'trước'));
    // Untagged on arrival, then tagged by the "Sau" button.
    clock.advance(60_000);
    const after = fakeJpeg(120_000);
    await owner.send(photo(OWNER, t.api.addFile(after)));
    expect(owner.said).toBe(`${peopleVi.photoSaved({ name: 'Nguyễn Thị Lan' })} ${peopleVi.photoTagAsk}`);
    await owner.press(peopleVi.tagNames.after);
    expect(owner.said).toBe(peopleVi.photoTagged({ tag: 'after' }));
    // The next day, a caption that says "sau" tags it at once.
    clock.advance(24 * 3_600_000);
    const afterNextDay = fakeJpeg(130_000);
    await owner.send(photo(OWNER, t.api.addFile(afterNextDay), 'Ảnh sau 1 ngày'));
    expect(owner.said).toBe(`${peopleVi.photoSaved({ name: 'Nguyễn Thị Lan' })} ${peopleVi.photoTagged({ tag: 'after' })}`);
    expect(owner.buttons.map((b) => b.text)).toContain(`✓ ${peopleVi.tagNames.after}`);

    expect((await files()).map((f) => [f.metadata?.tag, f.metadata?.size])).toEqual([
      ['profile', 100_000],
      ['before', 110_000],
      ['after', 120_000],
      ['after', 130_000],
    ]);
    const stored = await files();
    const back = await store.photos.read(lan, String(stored[3]!._id));
    expect(Buffer.from(back!.data).equals(Buffer.from(afterNextDay))).toBe(true);

    await owner.send(command(OWNER, '/xem'));
    // The profile photo goes with the card even when it is no longer among the latest three.
    expect(owner.photos).toHaveLength(1);
    expect(bytesOf(owner.photos[0]!).equals(Buffer.from(face))).toBe(true);
    const s = peopleVi.tagNames;
    expect(owner.said).toContain(peopleVi.photoLatest({ count: 4, latest: `${s.after} 11/03/2026, ${s.after} 10/03/2026, ${s.before} 10/03/2026` }));
    await owner.press(peopleVi.photoShowButton);
    expect(owner.photos.map((p) => String(p.caption))).toEqual([
      peopleVi.photoCaption({ name: 'Nguyễn Thị Lan', tag: s.after, date: '11/03/2026' }),
      peopleVi.photoCaption({ name: 'Nguyễn Thị Lan', tag: s.after, date: '10/03/2026' }),
      peopleVi.photoCaption({ name: 'Nguyễn Thị Lan', tag: s.before, date: '10/03/2026' }),
    ]);
    expect(bytesOf(owner.photos[0]!).equals(Buffer.from(afterNextDay))).toBe(true);
    expect(bytesOf(owner.photos[1]!).equals(Buffer.from(after))).toBe(true);
  });

  it('refuses a photo with no open customer, for a customer without photo consent, too large, or not an image', async () => {
    const t = await start();
    await customer('Trần Thị Hoa', '+84987654321', { consent: false });
    await customer('Nguyễn Thị Lan', '+84912345678');
    const owner = new TelegramUser(t, OWNER);
    await owner.send(command(OWNER, '/help'));

    await owner.send(photo(OWNER, t.api.addFile(fakeJpeg(1_000))));
    expect(owner.said).toBe(peopleVi.photoNoCustomer);

    await open(owner, OWNER, 'Hoa', 'Trần Thị Hoa');
    await owner.send(photo(OWNER, t.api.addFile(fakeJpeg(1_000))));
    expect(owner.said).toBe(peopleVi.photoNoConsent({ name: 'Trần Thị Hoa' }));

    await open(owner, OWNER, 'Lan', 'Nguyễn Thị Lan');
    // Telegram says it is small, the download runs past the limit: cut off, not kept.
    await owner.send(photo(OWNER, t.api.addFile(fakeJpeg(MAX + 10), { reportedSize: 5_000 })));
    expect(owner.said).toBe(peopleVi.photoTooLarge({ maxMb: 1 }));
    const said = t.api.callsTo('getFile').length;
    await owner.send(photo(OWNER, t.api.addFile(fakeJpeg(10), { reportedSize: MAX + 1 })));
    expect(owner.said).toBe(peopleVi.photoTooLarge({ maxMb: 1 }));
    expect(t.api.callsTo('getFile').length).toBe(said);
    // A PDF renamed .jpg: Telegram believes the name, the bytes say otherwise.
    await owner.send(document(OWNER, t.api.addFile(PDF), 'anh-truoc.jpg', 'image/jpeg'));
    expect(owner.said).toBe(peopleVi.photoNotImage);
    // A document that says what it is is not even downloaded.
    await owner.send(document(OWNER, t.api.addFile(PDF), 'hoa-don.pdf', 'application/pdf'));
    expect(owner.said).toBe(peopleVi.photoNotImage);

    expect(await files()).toEqual([]);
    expect(await db.conn.db!.collection('photos.chunks').countDocuments()).toBe(0);
    // Downloaded: the photo cut off and the renamed PDF; nothing else was fetched.
    expect(downloads()).toBe(2);
  });

  it('does not download or keep a photo a customer sends in her own chat, and answers her kindly', async () => {
    const t = await start();
    const guest = new TelegramUser(t, GUEST);
    await guest.send(command(GUEST, '/start'));
    await guest.send(photo(GUEST, t.api.addFile(fakeJpeg(1_000)), 'ảnh của em'));
    expect(guest.said).toContain(vi.unsupported({ you: you() }));
    expect(t.api.callsTo('getFile')).toEqual([]);
    expect(await files()).toEqual([]);
  });

  it('refuses a staff member who sees the customer only masked, and a forged tag button', async () => {
    const t = await start('masked');
    const staff = await store.staff.add({ name: 'Thảo', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: String(TECH.id) }] });
    if (!staff.ok) throw new Error('setup');
    const lan = await customer('Nguyễn Thị Lan', '+84912345678', { branchId: 'q1' });
    const tech = new TelegramUser(t, TECH);
    await open(tech, TECH, 'Lan', 'Nguyễn Thị Lan');
    expect(tech.said).toContain(staffVi.maskedCard({ name: 'Nguyễn Thị Lan', phone: '0912 *** 678' }));
    await tech.send(photo(TECH, t.api.addFile(fakeJpeg(1_000))));
    expect(tech.said).toBe(peopleVi.photoNotAllowed);
    expect(t.api.callsTo('getFile')).toEqual([]);

    // The owner stored one; the technician forges its tag button and its "show" button.
    const added = await store.photos.add({ customerId: lan, data: fakeJpeg(1_000), uploadedBy: 'x' });
    if (!added.ok) throw new Error('setup');
    await tech.forge(`ptag:${added.value.photo.id}:after`);
    expect(tech.said).toBe(staffVi.notAllowed);
    await tech.forge(`pshow:${lan}`);
    expect(tech.said).toBe(staffVi.notAllowed);
    expect(tech.photos).toEqual([]);
    expect((await store.photos.find(added.value.photo.id))?.tag).toBeUndefined();
  });

  it('shows only photo and name with STAFF_VISIBILITY=none, even of her own customer', async () => {
    const t = await start('none');
    const staff = await store.staff.add({ name: 'Thảo', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: String(TECH.id) }] });
    if (!staff.ok) throw new Error('setup');
    const lan = await customer('Nguyễn Thị Lan', '+84912345678', { branchId: 'q1', managerStaffId: staff.value.id });
    const face = fakeJpeg(2_000);
    await store.photos.add({ customerId: lan, data: fakeJpeg(1_500), uploadedBy: 'x', tag: 'before' });
    await store.photos.add({ customerId: lan, data: face, uploadedBy: 'x', tag: 'profile' });
    const tech = new TelegramUser(t, TECH);
    await open(tech, TECH, 'Lan', 'Nguyễn Thị Lan');
    expect(tech.said).toBe(peopleVi.photoOnlyCard({ name: 'Nguyễn Thị Lan' }));
    expect(tech.said).not.toMatch(/0912|678/);
    expect(tech.photos).toHaveLength(1);
    expect(bytesOf(tech.photos[0]!).equals(Buffer.from(face))).toBe(true);
    // Photo and name only: she may not add photos, nor list the others.
    await tech.send(photo(TECH, t.api.addFile(fakeJpeg(1_000))));
    expect(tech.said).toBe(peopleVi.photoNotAllowed);
    await tech.forge(`pshow:${lan}`);
    expect(tech.photos).toEqual([]);
  });
});
