// Consent given at the counter (issue 17): after /kh the staff member gets a QR code and a one-time link; the
// customer opening it links her chat to her card and gives her consent herself; paper consent is staff-recorded.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import { lateStartLinks } from '../../src/channels/start-links.js';
import { peopleVi } from '../../src/engine/copy/people-vi.js';
import { createEngine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/log.js';
import { hashLinkToken } from '../../src/store/link-tokens.js';
import { createStore } from '../../src/store/index.js';
import { SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { staffVi, vi, you } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, GUEST, OTHER_GUEST } from '../support/telegram-updates.js';
import { TelegramUser } from '../support/telegram-user.js';

const OWNER: User = { id: 7001, is_bot: false, first_name: 'Chủ' };
const THIRD: User = { id: 5003, is_bot: false, first_name: 'Mai' };
const PNG = [0x89, 0x50, 0x4e, 0x47];

describe('the counter link through the real Telegram adapter', () => {
  let db: TestDb;
  let h: TelegramHarness;
  let clock: TestClock;
  beforeAll(async () => {
    db = await openTestDb('counter_link');
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    clock = new TestClock('2026-03-10T03:00:00Z');
    const store = createStore(db.conn, clock.now);
    const startLinks = lateStartLinks();
    const settings = { ...SETTINGS, owners: [{ channel: 'telegram', userId: String(OWNER.id) }], startLinks, chatLinkTtlMs: 24 * 3_600_000, paperConsentVersion: 'giay-v7' };
    h = await startTelegramHarness('polling', createEngine({ store, settings, now: clock.now, log: createLogger('silent') }), { startLinks });
  });
  afterEach(async () => h?.stop());

  const customer = async () => (await db.conn.db!.collection('customers').find({}).toArray())[0]!;
  const identities = () => db.conn.db!.collection('channel_identities').find({}).toArray();

  /** The owner adds Lan at the counter; returns the start payload of the link the bot gave. */
  async function addAtCounter(owner: TelegramUser): Promise<string> {
    await owner.send(command(OWNER, '/kh Nguyễn Thị Lan 0912345678 12/3 trị mụn'));
    await owner.press(staffVi.addSave).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${h.logLines.filter((l) => /"level":[345]0/.test(l)).join('\n')}`);
    });
    return linkIn(owner);
  }
  function linkIn(owner: TelegramUser): string {
    const photo = owner.photos[0];
    if (!photo) throw new Error(JSON.stringify(owner.last) + JSON.stringify(h.api.calls.slice(-6).map((c) => c.method)) + h.logLines.filter((l) => /warn|error|"level":[45]/.test(l)).join('\n'));
    const bytes = (photo!.photo as { bytes: Buffer }).bytes;
    expect([...bytes.subarray(0, 4)]).toEqual(PNG);
    const m = /https:\/\/t\.me\/hoso_test_bot\?start=(c_[A-Za-z0-9_-]{24})/.exec(String(photo!.caption));
    expect(m).not.toBeNull();
    return m![1]!;
  }

  it('a skipped health or photo question keeps the consent she gave on paper; her own "no" in the chat withdraws it', async () => {
    const owner = new TelegramUser(h, OWNER);
    const payload = await addAtCounter(owner);
    const id = String((await customer())._id);
    const store = createStore(db.conn, clock.now);
    for (const purpose of ['health', 'photo'] as const) {
      await store.customers.recordConsent(id, { purpose, granted: true, at: clock.now(), channel: 'paper', wordingVersion: 'giay-v7' }, { kind: 'cli' });
    }
    const lan = new TelegramUser(h, GUEST);
    await lan.send(command(GUEST, `/start ${payload}`));
    await lan.press(vi.consentYes);
    await lan.press(vi.no); // offers
    expect(lan.said).toBe(vi.healthQuestion({ spa: SETTINGS.spaName, you: you('Nguyễn Thị Lan') }));
    await lan.press(vi.skip); // health notes: the paper consent stands
    await lan.press(vi.no); // photos: her own answer now
    await lan.press(vi.confirmSave);
    const saved = await customer();
    expect(saved.consent).toMatchObject({ care: true, health: true, photo: false });
    const photoProof = (saved.consents as { purpose: string; channel: string; granted: boolean }[]).filter((c) => c.purpose === 'photo');
    expect(photoProof.map((c) => [c.channel, c.granted])).toEqual([['paper', true], ['telegram', false]]);
  });

  it('gives staff a QR code and a link; opening it links her chat as trusted and asks her consent in her own words', async () => {
    const owner = new TelegramUser(h, OWNER);
    const payload = await addAtCounter(owner);
    expect(owner.said).toContain(staffVi.addSaved({ name: 'Nguyễn Thị Lan' }));
    // Hashed at rest: the token itself is nowhere in the database.
    const tokens = await db.conn.db!.collection('customer_link_tokens').find({}).toArray();
    expect(tokens.map((t) => t._id)).toEqual([hashLinkToken(payload.slice(2))]);
    expect(JSON.stringify(tokens)).not.toContain(payload.slice(2));
    expect((await customer()).consent.care).toBe(false);

    const lan = new TelegramUser(h, GUEST);
    await lan.send(command(GUEST, `/start ${payload}`));
    const her = you('Nguyễn Thị Lan');
    expect(lan.said).toContain(peopleVi.linkWelcome({ spa: SETTINGS.spaName, you: her }));
    expect(lan.said).toContain(vi.consentQuestion({ spa: SETTINGS.spaName, you: her }));
    const links = await identities();
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ userId: String(GUEST.id), trusted: true, customerId: (await customer())._id });

    await lan.press(vi.consentYes);
    await lan.press(vi.no); // marketing
    await lan.press(vi.skip); // health notes, then photos: skipped
    await lan.press(vi.skip);
    expect(lan.buttons.map((b) => b.text)).toContain(vi.confirmSave);
    await lan.press(vi.confirmSave);
    const c = await customer();
    expect(c.consent).toMatchObject({ care: true, marketing: false });
    const care = c.consents.find((e: { purpose: string }) => e.purpose === 'care');
    expect(care).toMatchObject({ granted: true, channel: 'telegram', by: { kind: 'customer', id: String(c._id) }, chat: `telegram:${h.api.me.id}:${GUEST.id}` });
    // Nothing she did not change was rewritten: the staff's card stays as it was.
    expect(c).toMatchObject({ name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3 } });
  });

  it('refuses a replayed link, an expired link, and a link for a card already linked to another chat', async () => {
    const owner = new TelegramUser(h, OWNER);
    const payload = await addAtCounter(owner);
    const lan = new TelegramUser(h, GUEST);
    await lan.send(command(GUEST, `/start ${payload}`));

    // Replayed: someone else opens the same link (a photo of the QR code).
    const hoa = new TelegramUser(h, OTHER_GUEST);
    await hoa.send(command(OTHER_GUEST, `/start ${payload}`));
    expect(hoa.said).toContain(peopleVi.linkInvalid({ you: you() }));

    // A fresh link while her chat is linked: the card keeps the chat it has.
    await owner.send(command(OWNER, '/lienket'));
    const second = linkIn(owner);
    await hoa.send(command(OTHER_GUEST, `/start ${second}`));
    expect(hoa.said).toContain(peopleVi.linkTaken({ you: you() }));
    expect((await identities()).map((l) => l.userId)).toEqual([String(GUEST.id)]);

    // Expired: the link is older than its 24 hours.
    await db.conn.db!.collection('channel_identities').deleteMany({});
    await owner.send(command(OWNER, '/lienket'));
    const third = linkIn(owner);
    clock.advanceHours(25);
    const mai = new TelegramUser(h, THIRD);
    await mai.send(command(THIRD, `/start ${third}`));
    expect(mai.said).toContain(peopleVi.linkInvalid({ you: you() }));
    expect(await identities()).toHaveLength(0);
    const refusals = await db.conn.db!.collection('audit_log').find({ action: 'link_chat', detail: /^refused=/ }).toArray();
    expect(refusals.map((r) => String(r.detail).split(' ')[0])).toEqual(['refused=used', 'refused=card_has_chat', 'refused=expired']);
  });

  it('records consent she signed on paper as staff-recorded, with who, when and the form version', async () => {
    const owner = new TelegramUser(h, OWNER);
    await addAtCounter(owner);
    await owner.press(peopleVi.linkPaperButton);
    expect(owner.said).toContain(peopleVi.consentAsk({ name: 'Nguyễn Thị Lan', version: 'giay-v7' }));
    await owner.press(peopleVi.purposeNames.photo);
    expect(owner.said).toContain(peopleVi.consentRecorded({ name: 'Nguyễn Thị Lan', purpose: 'photo', version: 'giay-v7' }));
    const c = await customer();
    const staffId = String((await db.conn.db!.collection('staff').findOne({}))!._id);
    expect(c.consent).toMatchObject({ care: false, photo: true });
    expect(c.consents).toEqual([expect.objectContaining({ purpose: 'photo', granted: true, channel: 'paper', wordingVersion: 'giay-v7', by: { kind: 'staff', id: staffId }, at: clock.now() })]);
  });

  it('ignores a customer who forges the paper-consent button', async () => {
    const owner = new TelegramUser(h, OWNER);
    await addAtCounter(owner);
    await owner.send(command(OWNER, '/xem'));
    const guest = new TelegramUser(h, OTHER_GUEST);
    await guest.forge('pc:photo');
    await guest.forge('pc:care');
    const c = await customer();
    expect(c.consents).toEqual([]);
    expect(c.consent).toMatchObject({ care: false, photo: false });
  });
});
