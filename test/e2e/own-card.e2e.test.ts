// Issue 17: a customer sees everything the spa keeps about her (/toi) and corrects her name, birthday, email and
// address herself (/sua), through the real grammY bot and through signed Zalo webhooks, on the real database;
// staff see who changed what (on Telegram and in a staff member's own Zalo chat). Untrusted chats see and change
// nothing, and staff commands do nothing staff-like.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import { ownCardVi } from '../../src/engine/copy/own-card-vi.js';
import type { Engine } from '../../src/engine/types.js';
import { customerAccess } from '../../src/services/customer-access.js';
import { readTimeline } from '../../src/services/customer-timeline.js';
import type { Store } from '../../src/store/index.js';
import { makeEngine } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { staffVi, vi, you } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, GUEST, OTHER_GUEST, text } from '../support/telegram-updates.js';
import { TelegramUser } from '../support/telegram-user.js';
import { deliver, followEvent, signed, submitInfoEvent, textEvent, ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

const STRANGER: User = { id: 5003, is_bot: false, first_name: 'Lạ' };
const LAN = 'Nguyễn Thị Lan';
const lan = you(LAN);

let db: TestDb;
let clock: TestClock;
let engine: Engine;
let store: Store;

beforeAll(async () => {
  db = await openTestDb('own_card');
});
afterAll(async () => db.close());

/** Lan's record, linked to `address` as a chat that proved her phone (or created the record). */
async function lanLinkedTo(address: { channel: string; account: string; userId: string }): Promise<string> {
  const made = await store.customers.create({ name: LAN, phone: '+84912345678', phoneVerified: true, birthday: { day: 12, month: 3, year: 1990 }, needs: [{ service: 'Trị mụn' }] }, { kind: 'customer', channel: address.channel }, [
    { purpose: 'care', granted: true, at: clock.now(), channel: address.channel, wordingVersion: 'v1' },
  ]);
  if (!made.ok) throw new Error('setup');
  await store.customers.linkIdentity(made.value.id, address, { trusted: true });
  return made.value.id;
}

const rawCustomer = async (id: string) => (await store.customers.findById(id))!;

describe('on Telegram', () => {
  let h: TelegramHarness;
  let id: string;
  let guest: TelegramUser;
  const tg = (u: User) => ({ channel: 'telegram', account: String(h.api.me.id), userId: String(u.id) });

  beforeEach(async () => {
    await db.clear();
    clock = new TestClock('2026-03-10T03:00:00Z');
    ({ engine, store } = makeEngine(db, clock));
    h = await startTelegramHarness('polling', engine);
    id = await lanLinkedTo(tg(GUEST));
    guest = new TelegramUser(h, GUEST);
  });
  afterEach(async () => h?.stop());

  it('corrects email, address and birthday, shows them on /toi, and keeps her as the changer in the history', async () => {
    await guest.send(command(GUEST, '/sua'));
    expect(guest.said).toContain(ownCardVi.pick({ you: lan }));
    expect(guest.buttons.map((b) => b.text)).toEqual(['Họ tên', 'Ngày sinh', 'Email', 'Địa chỉ', ownCardVi.pickCard]);
    await guest.press('Email');
    expect(guest.said).toContain(ownCardVi.ask({ you: lan, field: 'email' }));
    // A bad email: re-asked with an example, nothing written, the question still open.
    await guest.send(text(GUEST, 'lan.nguyen@gmail'));
    expect(guest.said).toBe(ownCardVi.bad({ you: lan, field: 'email', reason: 'email' }));
    expect((await rawCustomer(id)).email).toBeUndefined();
    await guest.send(text(GUEST, 'Lan.Nguyen@Gmail.com'));
    expect(guest.said).toBe(ownCardVi.done({ you: lan, label: 'Email', value: 'lan.nguyen@gmail.com' }));

    await guest.send(command(GUEST, '/sua dia chi 12 Lê Lợi, Phường Bến Nghé, Q1'));
    expect(guest.said).toBe(ownCardVi.done({ you: lan, label: 'Địa chỉ', value: '12 Lê Lợi, Phường Bến Nghé, Q1' }));
    // The intake's own edit words work too, and the birthday takes a lunar date.
    await guest.send(text(GUEST, 'sửa ngày sinh'));
    expect(guest.said).toContain(ownCardVi.ask({ you: lan, field: 'birthday', current: '12/3/1990' }));
    await guest.send(text(GUEST, 'âm lịch 15/8'));
    expect(guest.said).toBe(ownCardVi.done({ you: lan, label: 'Ngày sinh', value: 'âm lịch 15/8' }));

    await guest.send(command(GUEST, '/toi'));
    expect(guest.said).toContain(vi.myInfo({ you: lan, card: { name: LAN, phone: '0912 345 678', birthday: 'âm lịch 15/8', needs: 'Trị mụn: quan tâm (từ 10/3/2026)' }, care: true, marketing: false }));
    expect(guest.said).toContain('• Email: lan.nguyen@gmail.com');
    expect(guest.said).toContain('• Địa chỉ: 12 Lê Lợi, Phường Bến Nghé, Q1');
    expect(guest.said).toContain(ownCardVi.consents({ photo: false, health: false }));

    const c = await rawCustomer(id);
    expect(c).toMatchObject({ email: 'lan.nguyen@gmail.com', address: '12 Lê Lợi, Phường Bến Nghé, Q1', lunarBirthday: { day: 15, month: 8, leapMonth: false } });
    const history = await store.cardEdits.forCustomer(id);
    expect(history.map((e) => [e.field, e.from, e.to])).toEqual([
      ['birthday', '12/3/1990', 'âm lịch 15/8'],
      ['address', undefined, '12 Lê Lợi, Phường Bến Nghé, Q1'],
      ['email', undefined, 'lan.nguyen@gmail.com'],
    ]);
    expect(history.every((e) => e.by.kind === 'customer' && e.by.id === id && e.by.channel === 'telegram')).toBe(true);

    // Staff see that she changed it herself: on /xem and on the web card's timeline.
    await store.staff.add({ name: 'Chủ spa', role: 'owner', chats: [{ channel: 'telegram', userId: String(OTHER_GUEST.id) }] });
    const owner = new TelegramUser(h, OTHER_GUEST);
    await owner.send(command(OTHER_GUEST, '/tim 5678'));
    await owner.press(LAN);
    expect(owner.said).toContain(ownCardVi.selfEdits({ fields: 'Ngày sinh, Địa chỉ, Email', date: '10/3' }));
    const { events } = await readTimeline(customerAccess({ store, staffVisibility: 'masked' }, { kind: 'owner-cli' }), id);
    expect(events.filter((e) => e.kind === 'card_edit')).toEqual([
      expect.objectContaining({ field: 'birthday', by: 'customer', byId: id }),
      expect.objectContaining({ field: 'address', by: 'customer', byId: id }),
      expect.objectContaining({ field: 'email', by: 'customer', byId: id, to: 'lan.nguyen@gmail.com' }),
    ]);
  });

  it('explains which fields are hers to change, and cancels with nothing written', async () => {
    await guest.send(command(GUEST, '/sua nhom khach Khách VIP'));
    expect(guest.said).toBe(ownCardVi.notOwn({ you: lan, label: 'Nhóm khách' }));
    await guest.send(command(GUEST, '/sua email'));
    await guest.send(text(GUEST, 'hủy'));
    expect(guest.said).toBe(vi.cancelled({ you: lan }));
    await guest.send(text(GUEST, 'lan@gmail.com'));
    const c = await rawCustomer(id);
    expect(c.group).toBeUndefined();
    expect(c.email).toBeUndefined();
    expect(await store.cardEdits.forCustomer(id)).toEqual([]);
  });

  it('a chat that registered by typing her phone can neither see nor edit her card', async () => {
    const stranger = new TelegramUser(h, STRANGER);
    await stranger.send(command(STRANGER, '/start'));
    await stranger.press(vi.consentYes);
    await stranger.press(vi.no);
    await stranger.press(vi.skip);
    await stranger.press(vi.skip);
    await stranger.send(text(STRANGER, 'Kẻ Lạ'));
    await stranger.send(text(STRANGER, '0912345678'));
    await stranger.send(text(STRANGER, '1/1/2000'));
    await stranger.press(vi.needsDone);
    await stranger.press(vi.confirmSave);
    expect(await store.claims.forChat(tg(STRANGER))).toHaveLength(1);

    for (const probe of ['/toi', '/sua', '/sua email ke.la@evil.com', '/sua dia chi 1 Đường Lạ']) {
      await stranger.send(command(STRANGER, probe));
      expect(stranger.said).toBe(vi.myInfoNeedsVerification({ you: you('Kẻ Lạ') }));
      expect(stranger.said).not.toMatch(/Lan|0912|Trị mụn/);
    }
    const c = await rawCustomer(id);
    expect(c).toMatchObject({ name: LAN, birthday: { day: 12, month: 3, year: 1990 } });
    expect(c.email).toBeUndefined();
    expect(c.address).toBeUndefined();
    expect(await store.cardEdits.forCustomer(id)).toEqual([]);
  });

  it('staff commands typed in a customer chat do nothing staff-like; /sua edits only her own card', async () => {
    const other = await store.customers.create({ name: 'Trần Thị Hoa', phone: '+84987654321' }, { kind: 'cli' });
    if (!other.ok) throw new Error('setup');
    for (const probe of ['/xem', '/kh Hoa 0987654321', '/tim 4321', '/ghichu thích trà sen', '/goi đã gọi', '/thieu', '/moi staff']) {
      await guest.send(command(GUEST, probe));
      expect(guest.said).toContain(vi.help({ you: lan }));
      expect(guest.said).not.toMatch(/Hoa|4321|0987/);
      expect(guest.said).not.toContain(staffVi.noOpenCustomer);
    }
    await guest.send(command(GUEST, '/sua email hoa@gmail.com'));
    expect((await rawCustomer(id)).email).toBe('hoa@gmail.com');
    expect((await rawCustomer(other.value.id)).email).toBeUndefined();
    expect(await db.conn.db!.collection('customers').countDocuments({})).toBe(2);
    expect(await db.conn.db!.collection('notes').countDocuments({})).toBe(0);
    expect(await db.conn.db!.collection('calls').countDocuments({})).toBe(0);
  });
});

describe('on Zalo', () => {
  let h: ZaloHarness;
  let seen = 0;
  const zalo = { channel: 'zalo', account: ZALO_TEST.oaId, userId: ZALO_TEST.user };

  beforeEach(async () => {
    await db.clear();
    clock = new TestClock('2026-03-10T03:00:00Z');
    ({ engine, store } = makeEngine(db, clock));
    h = await startZaloHarness(db, clock, engine);
    await h.seedTokens();
    seen = 0;
  });
  afterEach(async () => h.stop());

  async function turn(event: Record<string, unknown>): Promise<string> {
    clock.advance(5_000);
    const res = await deliver(h.webhookUrl, signed(event));
    expect(res.status).toBe(200);
    await h.zalo.idle();
    const texts = h.standin.texts.slice(seen).map((t) => t.text);
    seen = h.standin.texts.length;
    return texts.join('\n');
  }
  const say = (t: string) => turn(textEvent(t, { at: clock.now() }));
  const number = (said: string, label: string): string => {
    const line = said.split('\n').find((l) => l.endsWith(`. ${label}`));
    if (!line) throw new Error(`no numbered choice "${label}" in:\n${said}`);
    return line.split('.')[0]!;
  };

  it('corrects email, address and birthday by webhook, shows them on /toi, history names her', async () => {
    const id = await lanLinkedTo(zalo);
    let said = await say('/sua');
    expect(said).toContain(ownCardVi.pick({ you: lan }));
    said = await say(number(said, 'Email'));
    expect(said).toContain(ownCardVi.ask({ you: lan, field: 'email' }));
    said = await say('lan nguyen @ gmail');
    expect(said).toBe(ownCardVi.bad({ you: lan, field: 'email', reason: 'email' }));
    said = await say('lan.nguyen@gmail.com');
    expect(said).toBe(ownCardVi.done({ you: lan, label: 'Email', value: 'lan.nguyen@gmail.com' }));
    said = await say('/sua địa chỉ 45 Nguyễn Huệ, Q1');
    expect(said).toBe(ownCardVi.done({ you: lan, label: 'Địa chỉ', value: '45 Nguyễn Huệ, Q1' }));
    said = await say('/sua ngay sinh 31/2');
    expect(said).toBe(ownCardVi.bad({ you: lan, field: 'birthday', reason: 'birthday' }));
    said = await say('13/4/1991');
    expect(said).toBe(ownCardVi.done({ you: lan, label: 'Ngày sinh', value: '13/4/1991' }));

    said = await say('/toi');
    expect(said).toContain('• Ngày sinh: 13/4/1991');
    expect(said).toContain('• Email: lan.nguyen@gmail.com');
    expect(said).toContain('• Địa chỉ: 45 Nguyễn Huệ, Q1');
    const history = await store.cardEdits.forCustomer(id);
    expect(history.map((e) => [e.field, e.by])).toEqual([
      ['birthday', { kind: 'customer', id, channel: 'zalo' }],
      ['address', { kind: 'customer', id, channel: 'zalo' }],
      ['email', { kind: 'customer', id, channel: 'zalo' }],
    ]);
  });

  it('corrects her name by webhook, sees it on /toi, and staff on Zalo find her by it and see she changed it herself', async () => {
    const NEW = 'Nguyễn Thị Ngọc Lan';
    const id = await lanLinkedTo(zalo);
    let said = await say('/sua');
    said = await say(number(said, 'Họ tên'));
    expect(said).toContain(ownCardVi.ask({ you: lan, field: 'name', current: LAN }));
    // Not a name: re-asked with an example, the stored one kept.
    said = await say('0912345678');
    expect(said).toBe(ownCardVi.bad({ you: lan, field: 'name', reason: 'name' }));
    expect((await rawCustomer(id)).name).toBe(LAN);
    said = await say('nguyễn thị ngọc lan');
    expect(said).toBe(ownCardVi.done({ you: you(NEW), label: 'Họ tên', value: NEW }));
    said = await say('/toi');
    expect(said).toContain(vi.myInfo({ you: you(NEW), card: { name: NEW, phone: '0912 345 678', birthday: '12/3/1990', needs: 'Trị mụn: quan tâm (từ 10/3/2026)' }, care: true, marketing: false }));
    expect(said).not.toContain(LAN);
    // The direct form works too, and the history keeps both changes with her as the changer.
    said = await say(`/sua ten ${LAN}`);
    expect(said).toBe(ownCardVi.done({ you: lan, label: 'Họ tên', value: LAN }));
    said = await say(`/sua ho ten ${NEW}`);
    expect((await rawCustomer(id)).name).toBe(NEW);
    expect((await store.cardEdits.forCustomer(id)).map((e) => [e.field, e.from, e.to, e.by])).toEqual([
      ['name', LAN, NEW, { kind: 'customer', id, channel: 'zalo' }],
      ['name', NEW, LAN, { kind: 'customer', id, channel: 'zalo' }],
      ['name', LAN, NEW, { kind: 'customer', id, channel: 'zalo' }],
    ]);

    // The owner, in her own Zalo chat with the OA: the new name finds her, and the card says who changed it.
    const OWNER_ZALO = '5123400000000000077';
    await store.staff.add({ name: 'Chủ spa', role: 'owner', chats: [{ channel: 'zalo', userId: OWNER_ZALO }] });
    const asOwner = async (t: string): Promise<string> => {
      const from = h.standin.texts.length;
      await turn(textEvent(t, { at: clock.now(), user: OWNER_ZALO }));
      return h.standin.texts.slice(from).filter((x) => x.userId === OWNER_ZALO).map((x) => x.text).join('\n');
    };
    const before = h.standin.texts.length;
    said = await asOwner('/tim ngoc lan');
    said = await asOwner(number(said, `${NEW} · 0912 345 678`));
    expect(said).toContain(`👤 ${NEW} · 0912 345 678`);
    expect(said).toContain(ownCardVi.selfEdits({ fields: 'Họ tên', date: '10/3' }));
    expect(h.standin.texts.slice(before).every((x) => x.userId === OWNER_ZALO)).toBe(true);
    const { events } = await readTimeline(customerAccess({ store, staffVisibility: 'masked' }, { kind: 'owner-cli' }), id);
    expect(events.filter((e) => e.kind === 'card_edit').at(0)).toEqual(expect.objectContaining({ field: 'name', by: 'customer', byId: id, to: NEW }));
  });

  it('a Zalo chat that typed her phone can neither see nor edit her card', async () => {
    const id = await store.customers.create({ name: LAN, phone: '+84912345678' }, { kind: 'cli' }).then((r) => (r.ok ? r.value.id : ''));
    let said = await turn(followEvent('follow', { at: clock.now() }));
    said = await say(number(said, vi.consentYes));
    said = await say(number(said, vi.no));
    said = await say(number(said, vi.skip));
    said = await say(number(said, vi.skip));
    said = await say('Kẻ Lạ');
    said = await say('0912345678');
    said = await say('1/1/2000');
    said = await say(number(said, vi.needsDone));
    await say(number(said, vi.confirmSave));
    for (const probe of ['/toi', '/sua email ke.la@evil.com']) {
      said = await say(probe);
      expect(said).not.toMatch(/Lan|0912/);
      expect(said).toContain(vi.myInfoNeedsVerification({ you: you('Kẻ Lạ') }).slice(0, 40));
    }
    expect((await rawCustomer(id)).email).toBeUndefined();
    expect(await store.cardEdits.forCustomer(id)).toEqual([]);
  });

  it("keeps the address of Zalo's info card on the saved card", async () => {
    let said = await turn(followEvent('follow', { at: clock.now() }));
    said = await say(number(said, vi.consentYes));
    said = await say(number(said, vi.no));
    said = await say(number(said, vi.skip));
    said = await say(number(said, vi.skip));
    said = await turn(
      submitInfoEvent({ name: LAN, phone: '84912345678', user_dob: '12/03/1990', gender: 'Nữ', full_address: { user_address: '12 Lê Lợi', user_ward: 'Phường Bến Nghé', user_city: 'Hồ Chí Minh' } }, { at: clock.now() }),
    );
    said = await say(number(said, vi.needsDone));
    await say(number(said, vi.confirmSave));
    const [c] = await db.conn.db!.collection('customers').find({}).toArray();
    expect(c).toMatchObject({ name: LAN, address: '12 Lê Lợi, Phường Bến Nghé, Hồ Chí Minh' });
    said = await say('/toi');
    expect(said).toContain('• Địa chỉ: 12 Lê Lợi, Phường Bến Nghé, Hồ Chí Minh');
  });
});
