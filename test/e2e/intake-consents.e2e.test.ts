// Issue 17: the intake asks for the health-notes and the photo consents as their own optional questions, through
// the real grammY bot on the real database. What she answers decides whether staff may keep a skin or health note
// and a photo of her; a skip records nothing (counter-link.e2e: a consent she gave on paper stands); a forged or
// stale button is asked again, never read as a yes.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import { notesVi } from '../../src/engine/copy/notes-vi.js';
import { peopleVi } from '../../src/engine/copy/people-vi.js';
import type { Store } from '../../src/store/index.js';
import { makeEngine, SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { SPA, vi, you } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { fakeJpeg } from '../support/photos.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, photo, tap, text } from '../support/telegram-updates.js';
import { TelegramUser } from '../support/telegram-user.js';

const OWNER: User = { id: 6100, is_bot: false, first_name: 'Chủ' };
const LAN: User = { id: 6101, is_bot: false, first_name: 'Lan' };
const MAI: User = { id: 6102, is_bot: false, first_name: 'Mai' };

let db: TestDb;
let clock: TestClock;
let store: Store;
let h: TelegramHarness;
let owner: TelegramUser;

beforeAll(async () => {
  db = await openTestDb('intake_consents');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-10T03:00:00Z');
  const made = makeEngine(db, clock, { ...SETTINGS, owners: [{ channel: 'telegram', userId: String(OWNER.id) }] });
  store = made.store;
  h = await startTelegramHarness('polling', made.engine);
  owner = new TelegramUser(h, OWNER);
});
afterEach(async () => h?.stop());

/** A guest up to the health question: consent yes, offers no. */
async function toHealthQuestion(u: TelegramUser): Promise<void> {
  await u.send(command(u.user, '/start'));
  await u.press(vi.consentYes);
  await u.press(vi.no);
  expect(u.said).toBe(vi.healthQuestion({ spa: SPA, you: you() }));
}

/** From the name on: name, typed phone, no birthday, no need, save. */
async function finish(u: TelegramUser, name: string, phone: string): Promise<void> {
  await u.send(text(u.user, name));
  await u.send(text(u.user, phone));
  await u.press(vi.skip);
  await u.press(vi.skip);
  await u.press(vi.confirmSave);
  expect(u.said).toContain(vi.saved({ spa: SPA, you: you(name) }));
}

async function openAs(staff: TelegramUser, query: string, name: string): Promise<void> {
  await staff.send(command(staff.user, `/tim ${query}`));
  await staff.press(name);
}

const photoFiles = () => db.conn.db!.collection('photos.files').countDocuments();

describe('the health and photo consents in the intake', () => {
  it('both given: her answers are kept with their proof, and staff with full access may keep a health note and a photo', async () => {
    const lan = new TelegramUser(h, LAN);
    await toHealthQuestion(lan);
    expect(lan.buttons.map((b) => b.text)).toEqual([vi.yes, vi.no, vi.skip]);
    await lan.press(vi.yes);
    expect(lan.said).toBe(vi.photoQuestion({ spa: SPA, you: you() }));
    await lan.press(vi.yes);
    expect(lan.said).toBe(vi.askName({ you: you() }));
    await finish(lan, 'Nguyễn Thị Lan', '0912345678');

    const saved = (await store.customers.findByPhone('+84912345678'))!;
    expect(saved.consent).toMatchObject({ care: true, health: true, photo: true });
    const proof = (await db.conn.db!.collection('customers').findOne({ phone: '+84912345678' }))!.consents as Record<string, unknown>[];
    for (const purpose of ['health', 'photo']) {
      expect(proof).toContainEqual(expect.objectContaining({ purpose, granted: true, channel: 'telegram', chat: expect.stringMatching(new RegExp(`^telegram:\\d+:${LAN.id}$`)), wordingVersion: '2026-12-v2' }));
    }

    await openAs(owner, '5678', 'Nguyễn Thị Lan');
    await owner.send(command(OWNER, '/ghichu da/sức khỏe: da nhạy cảm, dị ứng retinol'));
    expect(owner.said).toBe(notesVi.saved({ name: 'Nguyễn Thị Lan', kind: 'Da/sức khỏe' }));
    await owner.send(photo(OWNER, h.api.addFile(fakeJpeg(20_000))));
    expect(owner.said).toContain(peopleVi.photoSaved({ name: 'Nguyễn Thị Lan' }));
    expect(await photoFiles()).toBe(1);
    await owner.send(command(OWNER, '/xem'));
    expect(owner.said).toContain('[Da/sức khỏe] da nhạy cảm, dị ứng retinol');
  });

  it('both skipped: nothing is recorded, and staff are told clearly why a health note or a photo is not kept', async () => {
    const mai = new TelegramUser(h, MAI);
    await toHealthQuestion(mai);
    await mai.press(vi.skip);
    await mai.press(vi.skip);
    expect(mai.said).toBe(vi.askName({ you: you() }));
    await mai.send(text(MAI, 'Trần Thị Mai'));
    await mai.send(text(MAI, '0987654321'));
    await mai.press(vi.skip);
    await mai.press(vi.skip);
    expect(mai.said).toContain('• Lưu ghi chú da/sức khỏe: chưa trả lời\n• Lưu ảnh trước/sau: chưa trả lời');
    await mai.press(vi.confirmSave);

    const doc = (await db.conn.db!.collection('customers').findOne({ phone: '+84987654321' }))!;
    expect((doc.consents as { purpose: string }[]).map((c) => c.purpose)).toEqual(['care', 'marketing']);
    expect(doc.consent).toMatchObject({ health: false, photo: false });

    await openAs(owner, '4321', 'Trần Thị Mai');
    await owner.send(command(OWNER, '/ghichu da: da dầu'));
    expect(owner.said).toBe(notesVi.sensitiveRefused({ name: 'Trần Thị Mai', kind: 'Da/sức khỏe' }));
    await owner.send(photo(OWNER, h.api.addFile(fakeJpeg(20_000))));
    expect(owner.said).toBe(peopleVi.photoNoConsent({ name: 'Trần Thị Mai' }));
    expect(await db.conn.db!.collection('notes').countDocuments()).toBe(0);
    expect(await photoFiles()).toBe(0);
  });

  it('a forged or stale button at a consent question is asked again and records nothing', async () => {
    const lan = new TelegramUser(h, LAN);
    await toHealthQuestion(lan);
    const question = lan.said;
    // The photo question's "yes" pressed while the health question is open, then a value no button ever had.
    for (const forged of ['photo:yes', 'health:maybe', 'mkt:yes']) {
      await lan.send(tap(LAN, forged));
      expect(lan.said).toContain(vi.choicePrompt);
      expect(lan.buttons.map((b) => b.text)).toEqual([vi.yes, vi.no, vi.skip]);
    }
    await lan.press(vi.no);
    expect(lan.said).toBe(vi.photoQuestion({ spa: SPA, you: you() }));
    await lan.send(tap(LAN, 'health:yes'));
    expect(lan.said).toContain(vi.choicePrompt);
    await lan.press(vi.no);
    await finish(lan, 'Nguyễn Thị Lan', '0912345678');
    expect((await store.customers.findByPhone('+84912345678'))!.consent).toMatchObject({ health: false, photo: false });
    expect(question).toBe(vi.healthQuestion({ spa: SPA, you: you() }));
  });

  it('the confirm card changes an answer: "Sửa: lưu ảnh" asks the photo question again and comes back to the card', async () => {
    const lan = new TelegramUser(h, LAN);
    await toHealthQuestion(lan);
    await lan.press(vi.no);
    await lan.press(vi.no);
    await lan.send(text(LAN, 'Nguyễn Thị Lan'));
    await lan.send(text(LAN, '0912345678'));
    await lan.press(vi.skip);
    await lan.press(vi.skip);
    expect(lan.said).toContain('• Lưu ảnh trước/sau: không đồng ý');
    await lan.press(vi.editPhoto);
    expect(lan.said).toBe(vi.photoQuestion({ spa: SPA, you: you('Nguyễn Thị Lan') }));
    await lan.press(vi.yes);
    expect(lan.said).toContain('• Lưu ảnh trước/sau: đồng ý');
    await lan.press(vi.confirmSave);
    expect((await store.customers.findByPhone('+84912345678'))!.consent).toMatchObject({ health: false, photo: true });
  });
});
