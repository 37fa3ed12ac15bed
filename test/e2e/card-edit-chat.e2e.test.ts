// Staff /sua and /bosung through the real Telegram adapter (issue 17): every field set by chat and shown on /xem,
// direct forms ("/sua dia chi 12 Lê Lợi, Q1", English names), enumerated fields as buttons, a referral with the
// referring customer, reassignment told to the new manager, /thieu → one tap → /bosung to 100 %, bad input asked
// again with nothing lost. Abuse: forged field and value buttons, masked access, a customer chat typing /sua,
// another customer's phone (refused without naming her), a removed colleague and a customer moved away mid-edit.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { User } from 'grammy/types';
import { cardEditVi } from '../../src/engine/copy/card-edit-vi.js';
import { createEngine } from '../../src/engine/engine.js';
import { profileCompleteness } from '../../src/domain/completeness.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { staffVi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, contact, GUEST, text } from '../support/telegram-updates.js';
import { TelegramUser } from '../support/telegram-user.js';

const OWNER: User = { id: 7201, is_bot: false, first_name: 'Chủ' };
const MANAGER: User = { id: 7202, is_bot: false, first_name: 'Quản lý' };
const HOA: User = { id: 7203, is_bot: false, first_name: 'Hoa' };
const TUAN: User = { id: 7204, is_bot: false, first_name: 'Tuấn' };
const NOW = new Date('2026-12-02T03:00:00Z');
const e = cardEditVi;
const f = e.fieldNames;

// Each test walks many chat turns through the real adapter: on a loaded 2-core CI machine that can pass 30 s.
jest.setTimeout(120_000);

describe('staff /sua and /bosung through the real Telegram adapter', () => {
  let db: TestDb;
  let h: TelegramHarness;
  let store: Store;
  const staff: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDb('card_edit_chat');
  });
  afterAll(async () => db?.close());
  afterEach(async () => h?.stop());

  async function member(key: string, user: User, role: 'owner' | 'manager' | 'staff', branchId?: string): Promise<void> {
    const r = await store.staff.add({ name: user.first_name, role, ...(branchId ? { branchId } : {}), chats: [{ channel: 'telegram', userId: String(user.id) }] });
    if (!r.ok) throw new Error('staff');
    staff[key] = r.value.id;
  }
  async function customer(key: string, name: string, phone: string, branchId: string, managerStaffId?: string): Promise<void> {
    const r = await store.customers.create({ name, phone, branchId, ...(managerStaffId ? { managerStaffId } : {}) }, { kind: 'cli' });
    if (!r.ok) throw new Error('seed');
    ids[key] = r.value.id;
  }
  const load = async (key: string) => (await store.customers.findById(ids[key]!))!;
  async function open(u: TelegramUser, query: string, label: string): Promise<void> {
    await u.send(command(u.user, `/tim ${query}`));
    await u.press(label);
  }

  beforeEach(async () => {
    await db.clear();
    const clock = new TestClock(NOW);
    store = createStore(db.conn, clock.now);
    await member('owner', OWNER, 'owner');
    await member('manager', MANAGER, 'manager', 'q1');
    await member('hoa', HOA, 'staff', 'q1');
    await member('tuan', TUAN, 'staff', 'q2');
    await customer('lan', 'Nguyễn Thị Lan', '+84912345678', 'q1', staff.hoa);
    await customer('mai', 'Trần Thị Mai', '+84987654321', 'q1');
    await customer('thu', 'Lê Thu', '+84933111222', 'q1', staff.hoa);
    h = await startTelegramHarness('polling', createEngine({ store, settings: { ...SETTINGS, staffVisibility: 'masked' }, now: clock.now, log: createLogger('silent') }));
  });

  it('sets every field by chat, directly or from the menu, and /xem shows each of them', async () => {
    const m = new TelegramUser(h, MANAGER);
    await open(m, 'lan', 'Nguyễn Thị Lan');
    await m.send(command(MANAGER, '/sua email lan@x.vn'));
    expect(m.said).toContain(e.saved({ field: f.email, name: 'Nguyễn Thị Lan', value: 'lan@x.vn' }));
    await m.send(command(MANAGER, '/sua nghe ke toan'));
    expect(m.said).toContain(e.saved({ field: f.occupation, name: 'Nguyễn Thị Lan', value: 'ke toan' }));
    await m.send(command(MANAGER, '/sua dia chi 12 Lê Lợi, Q1'));
    expect(m.said).toContain(e.saved({ field: f.address, name: 'Nguyễn Thị Lan', value: '12 Lê Lợi, Q1' }));
    await m.send(command(MANAGER, '/sua sinh nhat am lich 15/8'));
    expect(m.said).toContain(e.saved({ field: f.birthday, name: 'Nguyễn Thị Lan', value: 'âm lịch 15/8' }));
    await m.send(command(MANAGER, '/sua giới tính nữ'));
    expect(m.said).toContain(e.saved({ field: f.gender, name: 'Nguyễn Thị Lan', value: 'nữ' }));
    // English names and the /edit alias.
    await m.send(command(MANAGER, '/edit facebook facebook.com/lan.nguyen'));
    expect(m.said).toContain(e.saved({ field: f.facebook, name: 'Nguyễn Thị Lan', value: 'facebook.com/lan.nguyen' }));
    await m.send(command(MANAGER, '/sua needs Massage'));
    expect(m.said).toContain(e.saved({ field: f.needs, name: 'Nguyễn Thị Lan', value: 'Massage (quan tâm)' }));
    // Enumerated fields are offered as buttons from the spa's lists.
    await m.send(command(MANAGER, '/sua nhom khach'));
    expect(m.buttons.map((b) => b.text)).toEqual(['Khách mới', 'Khách quen', 'Khách VIP', e.skipButton]);
    await m.press('Khách VIP');
    expect(m.said).toContain(e.saved({ field: f.group, name: 'Nguyễn Thị Lan', value: 'Khách VIP' }));
    // A referral asks who referred her; her phone finds Mai.
    await m.send(command(MANAGER, '/sua'));
    expect(m.said).toContain(e.menuTitle({ name: 'Nguyễn Thị Lan' }));
    expect(m.buttons.map((b) => b.text)).toContain(e.menuButton({ field: f.email, value: 'lan@x.vn' }));
    await m.press(e.menuButton({ field: f.source }));
    await m.press('Giới thiệu');
    expect(m.said).toContain(e.askReferrer({ name: 'Nguyễn Thị Lan' }));
    await m.send(text(MANAGER, '0987 654 321'));
    expect(m.said).toContain(e.saved({ field: f.source, name: 'Nguyễn Thị Lan', value: e.referredBy({ source: 'Giới thiệu', who: 'Trần Thị Mai' }) }));
    await m.send(command(MANAGER, '/sua ten Nguyễn Thị Lan Anh'));
    await m.send(command(MANAGER, '/sua sdt 0912 000 111'));
    expect(m.said).toContain(e.saved({ field: f.phone, name: 'Nguyễn Thị Lan Anh', value: '0912 000 111' }));

    // The owner reassigns: the manager and branch are offered as buttons, the new manager is told via the outbox.
    const o = new TelegramUser(h, OWNER);
    await open(o, 'lan anh', 'Nguyễn Thị Lan Anh');
    await o.send(command(OWNER, '/sua quan ly'));
    await o.press('Tuấn');
    expect(o.said).toContain(e.managerAssigned({ staff: 'Tuấn' }));
    const told = await db.conn.db!.collection('outbox').findOne({ purpose: 'manager_assigned' });
    expect(told).toMatchObject({ audience: 'staff', staffId: staff.tuan, occasion: staff.owner, status: 'pending' });
    await o.send(command(OWNER, '/sua chi nhanh'));
    expect(o.buttons.map((b) => b.text)).toEqual(['q1', 'q2', e.skipButton]);
    await o.press('q2');
    await o.send(command(OWNER, '/xem'));
    for (const line of [
      '👤 Nguyễn Thị Lan Anh · 0912 000 111',
      'Ngày sinh: âm lịch 15/8',
      'Hồ sơ 100%',
      'Nhu cầu: Massage: quan tâm (từ 2/12/2026)',
      e.detailLine({ field: f.gender, value: 'nữ' }),
      e.detailLine({ field: f.email, value: 'lan@x.vn' }),
      e.detailLine({ field: f.address, value: '12 Lê Lợi, Q1' }),
      e.detailLine({ field: f.occupation, value: 'ke toan' }),
      e.detailLine({ field: f.facebook, value: 'facebook.com/lan.nguyen' }),
      e.detailLine({ field: f.group, value: 'Khách VIP' }),
      e.detailLine({ field: f.source, value: e.referredBy({ source: 'Giới thiệu', who: 'Trần Thị Mai' }) }),
      e.detailLine({ field: f.branch, value: 'q2' }),
      e.detailLine({ field: f.manager, value: 'Tuấn' }),
    ])
      expect(o.said).toContain(line);
    const lan = await load('lan');
    expect(lan).toMatchObject({ phone: '+84912000111', email: 'lan@x.vn', gender: 'female', branchId: 'q2', managerStaffId: staff.tuan, referredById: ids.mai, lunarBirthday: { day: 15, month: 8 } });
    expect(profileCompleteness(lan).percent).toBe(100);
  });

  it('a solar birthday typed by staff (/sua, /bosung) replaces a lunar one, and /xem shows the solar date', async () => {
    const hoa = new TelegramUser(h, HOA);
    await open(hoa, 'thu', 'Lê Thu');
    await hoa.send(command(HOA, '/sua ngay sinh âm lịch 15/8'));
    await hoa.send(command(HOA, '/xem'));
    expect(hoa.said).toContain('Ngày sinh: âm lịch 15/8');
    await hoa.send(command(HOA, '/sua ngay sinh 12/3/1990'));
    expect(hoa.said).toContain(e.saved({ field: f.birthday, name: 'Lê Thu', value: '12/3/1990' }));
    await hoa.send(command(HOA, '/xem'));
    expect(hoa.said).toContain('Ngày sinh: 12/3/1990');
    expect(hoa.said).not.toContain('âm lịch');
    const thu = await load('thu');
    expect(thu.birthday).toEqual({ day: 12, month: 3, year: 1990 });
    expect(thu.lunarBirthday).toBeUndefined();
    // Without a year, from /bosung's first question (the birthday is the first gap once cleared).
    await hoa.send(command(HOA, '/sua ngay sinh xoa'));
    await hoa.send(command(HOA, '/bosung'));
    expect(hoa.said).toContain(e.ask({ field: f.birthday, name: 'Lê Thu', example: e.examples.birthday }));
    await hoa.send(text(HOA, '2/9'));
    expect(hoa.said).toContain(e.saved({ field: f.birthday, name: 'Lê Thu', value: '2/9' }));
    await hoa.send(command(HOA, '/huy'));
    await hoa.send(command(HOA, '/xem'));
    expect(hoa.said).toContain('Ngày sinh: 2/9');
    expect(hoa.said).not.toContain('12/3/1990');
  });

  it('a staff member cannot reassign: no branch or manager in her menu, a typed or forged one refused', async () => {
    const hoa = new TelegramUser(h, HOA);
    await open(hoa, 'lan', 'Nguyễn Thị Lan');
    await hoa.send(command(HOA, '/sua'));
    const labels = hoa.buttons.map((b) => b.text).join('|');
    expect(labels).toContain(f.email);
    expect(labels).not.toContain(f.branch);
    expect(labels).not.toContain(f.manager);
    await hoa.forge('sua:f:branch');
    expect(hoa.said).toBe(staffVi.notAllowed);
    await hoa.send(command(HOA, '/sua chi nhanh q2'));
    expect(hoa.said).toBe(e.managersOnly);
    // A field name nobody knows: said so, and the menu instead.
    await hoa.send(command(HOA, '/sua mau toc do'));
    expect(hoa.said).toContain(e.unknownField({ typed: 'mau toc do' }));
    expect(hoa.said).toContain(e.menuTitle({ name: 'Nguyễn Thị Lan' }));
    expect((await load('lan')).branchId).toBe('q1');
  });

  it('/thieu leads to /bosung in one tap, every question skippable, and the card reaches 100 %', async () => {
    const hoa = new TelegramUser(h, HOA);
    await hoa.send(command(HOA, '/thieu'));
    expect(hoa.said).toContain(e.missingFooter);
    await hoa.press(e.fillButton({ name: 'Lê Thu' }));
    expect(hoa.said).toContain(e.fillStart({ name: 'Lê Thu', percent: 25, count: 9 }));
    expect(await db.conn.db!.collection('audit_log').countDocuments({ action: 'read_card', detail: 'fill', 'actor.id': staff.hoa })).toBe(1);
    expect(hoa.said).toContain(e.ask({ field: f.birthday, name: 'Lê Thu', example: e.examples.birthday }));
    await hoa.send(text(HOA, '12/3/1990'));
    expect(hoa.said).toContain(e.saved({ field: f.birthday, name: 'Lê Thu', value: '12/3/1990' }));
    expect(hoa.said).toContain(e.pick({ field: f.gender, name: 'Lê Thu' }));
    await hoa.press('nữ');
    // A bad email: said why, asked again, the birthday and gender already saved are kept.
    await hoa.send(text(HOA, 'thu@'));
    expect(hoa.said).toContain(e.invalid({ field: f.email, reason: { kind: 'email' } }));
    expect(hoa.said).toContain(e.ask({ field: f.email, name: 'Lê Thu', example: e.examples.email }));
    expect(await load('thu')).toMatchObject({ birthday: { day: 12, month: 3, year: 1990 }, gender: 'female' });
    await hoa.send(text(HOA, 'thu@gmail.com'));
    await hoa.send(text(HOA, '5 Hai Bà Trưng, Q3'));
    await hoa.send(text(HOA, 'giáo viên'));
    expect(hoa.said).toContain(e.pick({ field: f.needs, name: 'Lê Thu' }));
    await hoa.press('Trị mụn');
    expect(profileCompleteness(await load('thu')).percent).toBe(100);
    // The fields a complete card also holds: skipped by button and by typing "bỏ qua", the group by a tap.
    expect(hoa.said).toContain(e.ask({ field: f.facebook, name: 'Lê Thu', example: e.examples.facebook }));
    await hoa.press(e.skipButton);
    expect(hoa.said).toContain(e.skipped({ field: f.facebook }));
    await hoa.press('Khách quen');
    await hoa.send(text(HOA, 'bỏ qua'));
    expect(hoa.said).toContain(e.fillDone({ name: 'Lê Thu', percent: 100 }));
    const thu = await load('thu');
    expect(thu).toMatchObject({ email: 'thu@gmail.com', address: '5 Hai Bà Trưng, Q3', occupation: 'giáo viên', group: 'Khách quen' });
    expect(thu.facebook).toBeUndefined();
    expect(thu.source).toBeUndefined();
    // Text after the walk is a search again, not a field's value.
    await hoa.send(text(HOA, 'Lan'));
    expect(hoa.said).toContain(staffVi.searchResults({ count: 1 }));
    await hoa.press('Nguyễn Thị Lan');
    await hoa.send(command(HOA, '/bosung'));
    expect(hoa.said).toContain(e.fillStart({ name: 'Nguyễn Thị Lan', percent: 25, count: 9 }));
  });

  it('/huy stops /bosung with the completeness so far; /sua with a bad value asks again and keeps the stored one', async () => {
    const hoa = new TelegramUser(h, HOA);
    await open(hoa, 'thu', 'Lê Thu');
    await hoa.send(command(HOA, '/fill'));
    await hoa.send(text(HOA, '1/1/1991'));
    await hoa.send(command(HOA, '/huy'));
    expect(hoa.said).toBe(e.fillStopped({ name: 'Lê Thu', percent: 38 }));
    await hoa.send(command(HOA, '/sua email thu@gmail.com'));
    await hoa.send(command(HOA, '/sua'));
    await hoa.press(e.menuButton({ field: f.email, value: 'thu@gmail.com' }));
    expect(hoa.said).toContain(e.ask({ field: f.email, name: 'Lê Thu', current: 'thu@gmail.com', example: e.examples.email }));
    await hoa.send(text(HOA, 'not an email'));
    expect(hoa.said).toContain(e.invalid({ field: f.email, reason: { kind: 'email' } }));
    expect((await load('thu')).email).toBe('thu@gmail.com');
    await hoa.send(command(HOA, '/sua ngay sinh 31/2'));
    expect(hoa.said).toContain(e.invalid({ field: f.birthday, reason: { kind: 'birthday', reason: 'no_such_date' } }));
    await hoa.send(text(HOA, 'huỷ'));
    expect(hoa.said).toBe(e.editStopped);
    expect((await load('thu')).birthday).toEqual({ day: 1, month: 1, year: 1991 });
    // A phone shared as a contact answers the phone question too.
    await hoa.send(command(HOA, '/sua sdt'));
    await hoa.send(contact(HOA, '+84933999888', null));
    expect((await load('thu')).phone).toBe('+84933999888');
  });

  it("refuses another customer's phone without naming her", async () => {
    const hoa = new TelegramUser(h, HOA);
    await open(hoa, 'lan', 'Nguyễn Thị Lan');
    await hoa.send(command(HOA, '/sua sdt 0987 654 321'));
    expect(hoa.said).toContain(e.phoneTaken);
    expect(hoa.said).not.toContain('Mai');
    expect(hoa.said).toContain(e.ask({ field: f.phone, name: 'Nguyễn Thị Lan', current: '0912 345 678', example: e.examples.phone }));
    expect((await load('lan')).phone).toBe('+84912345678');
    expect((await load('mai')).phone).toBe('+84987654321');
  });

  it('a referrer nobody matches is asked again; skipping keeps the referral source without one', async () => {
    const hoa = new TelegramUser(h, HOA);
    await open(hoa, 'lan', 'Nguyễn Thị Lan');
    await hoa.send(command(HOA, '/sua nguon gioi thieu chi Không Có'));
    expect(hoa.said).toContain(e.referrerNotFound);
    expect((await load('lan')).source).toBeUndefined();
    await hoa.press('Giới thiệu');
    expect(hoa.said).toContain(e.askReferrer({ name: 'Nguyễn Thị Lan' }));
    await hoa.send(text(HOA, 'Không Có Ai'));
    expect(hoa.said).toContain(e.referrerNotFound);
    expect(hoa.said).toContain(e.askReferrer({ name: 'Nguyễn Thị Lan' }));
    await hoa.send(text(HOA, 'bỏ qua'));
    expect(hoa.said).toBe(e.skipped({ field: f.source }));
    const lan = await load('lan');
    expect(lan.source).toBe('Giới thiệu');
    expect(lan.referredById).toBeUndefined();
  });

  it('refuses forged field, value and fill buttons', async () => {
    const hoa = new TelegramUser(h, HOA);
    await open(hoa, 'lan', 'Nguyễn Thị Lan');
    // Never offered: a field, a value, a fill of a customer she only sees masked.
    await hoa.forge('sua:f:email');
    expect(hoa.said).toBe(staffVi.notAllowed);
    await hoa.forge(`sua:fill:${ids.mai!}`);
    expect(hoa.said).toBe(staffVi.notAllowed);
    await hoa.send(command(HOA, '/sua nhom'));
    await hoa.forge('sua:v:7');
    expect(hoa.said).toBe(staffVi.notAllowed);
    expect((await load('lan')).group).toBeUndefined();
    // Offered once, for Lan; replayed after Mai's card was opened instead: not applied to either.
    await hoa.send(command(HOA, '/sua'));
    const emailButton = hoa.buttons.find((b) => b.text.startsWith(f.email))!.callback_data!;
    await open(hoa, 'thu', 'Lê Thu');
    await hoa.forge(emailButton);
    expect(hoa.said).toBe(staffVi.notAllowed);
    // Mai's /thieu button replayed in Hoa's chat (Mai's manager sees her; Hoa does not in full).
    const m = new TelegramUser(h, MANAGER);
    await m.send(command(MANAGER, '/thieu'));
    const maiFill = m.buttons.find((b) => b.text === e.fillButton({ name: 'Trần Thị Mai' }))!.callback_data!;
    await hoa.forge(maiFill);
    expect(hoa.said).toBe(staffVi.notAllowed);
    expect(profileCompleteness(await load('mai')).percent).toBe(25);
  });

  it('a staff member with masked access to the open customer cannot /sua or /bosung her', async () => {
    const hoa = new TelegramUser(h, HOA);
    await open(hoa, 'mai', 'Trần Thị Mai');
    expect(hoa.said).toContain('chỉ xem tên và số che');
    await hoa.send(command(HOA, '/sua email mai@x.vn'));
    expect(hoa.said).toBe(staffVi.notAllowed);
    await hoa.send(command(HOA, '/bosung'));
    expect(hoa.said).toBe(staffVi.notAllowed);
    expect((await load('mai')).email).toBeUndefined();
    const tuan = new TelegramUser(h, TUAN);
    await tuan.send(command(TUAN, '/sua'));
    expect(tuan.said).toBe(staffVi.noOpenCustomer);
  });

  it('a customer chat typing /sua or forging its buttons never reaches staff editing', async () => {
    const lan = new TelegramUser(h, GUEST);
    await lan.send(command(GUEST, '/sua email lan@x.vn'));
    await lan.send(command(GUEST, '/sua'));
    expect(lan.said).not.toContain('Sửa hồ sơ');
    await lan.forge('sua:f:email');
    await lan.send(text(GUEST, 'hacker@x.vn'));
    await lan.forge(`sua:fill:${ids.lan!}`);
    await lan.forge('sua:v:0');
    expect(lan.said).not.toContain('Nguyễn Thị Lan');
    for (const key of ['lan', 'mai', 'thu']) {
      const c = await load(key);
      expect(c.email).toBeUndefined();
      expect(c.gender).toBeUndefined();
    }
    expect(await db.conn.db!.collection('card_edits').countDocuments()).toBe(0);
  });

  it('a colleague removed mid-edit, or a customer moved away mid-question, changes nothing', async () => {
    const hoa = new TelegramUser(h, HOA);
    await open(hoa, 'lan', 'Nguyễn Thị Lan');
    await hoa.send(command(HOA, '/sua'));
    await hoa.press(e.menuButton({ field: f.email }));
    // The manager moves Lan to Tuấn: Hoa's typed answer is refused, nothing stored.
    await store.customers.update(ids.lan!, { managerStaffId: staff.tuan! }, { kind: 'cli' });
    await hoa.send(text(HOA, 'lan@x.vn'));
    expect(hoa.said).toBe(staffVi.notAllowed);
    await store.customers.update(ids.lan!, { managerStaffId: staff.hoa! }, { kind: 'cli' });
    await hoa.send(command(HOA, '/bosung'));
    expect(hoa.said).toContain(e.fillStart({ name: 'Nguyễn Thị Lan', percent: 25, count: 9 }));
    await store.staff.remove(staff.hoa!);
    await hoa.send(text(HOA, '12/3/1990'));
    await hoa.send(command(HOA, '/sua email lan@x.vn'));
    await hoa.forge('sua:skip');
    const lan = await load('lan');
    expect(lan.email).toBeUndefined();
    expect(lan.birthday).toBeUndefined();
    expect(await db.conn.db!.collection('card_edits').countDocuments()).toBe(0);
  });
});
