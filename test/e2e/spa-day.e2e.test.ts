// A day at a spa (issue 13, "done when") through the real Telegram adapter (fake Bot API), the real engine, outbox
// dispatcher and Telegram sender, on a controllable clock: a package sold and a deposit taken the day before; a
// booking by the receptionist and one refused as a double booking; a booking by the customer that staff confirm
// from the outbox message; reminders sent once each, never in quiet hours; attended (her package's last session,
// the deposit spent) and a no-show; a sale on credit paid off, and the rank rising, told to her managing staff.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import { channelDirectory } from '../../bots/index.js';
import { createTelegramSender } from '../../bots/telegram/sender.js';
import { dispatchDue } from '../../jobs/dispatch.js';
import { createJobContext, type JobContext } from '../../jobs/job-deps.js';
import { storeStaffDirectory } from '../../jobs/staff-directory.js';
import { appointmentNews, appointmentReminder } from '../../src/domain/appointment-messages.js';
import { businessDateTime } from '../../src/domain/business-time.js';
import { appointmentCustomerVi as b, appointmentStaffVi as t } from '../../src/engine/copy/appointments-vi.js';
import { moneyStaffVi as m } from '../../src/engine/copy/money-vi.js';
import { createEngine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { SPA, you } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { testConfig, virtualClock } from '../support/jobs-fixture.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, text } from '../support/telegram-updates.js';
import { TelegramUser } from '../support/telegram-user.js';

const MAI: User = { id: 7301, is_bot: false, first_name: 'Mai' };
const HOA: User = { id: 7302, is_bot: false, first_name: 'Hoa' };
const TUAN: User = { id: 7303, is_bot: false, first_name: 'Tuấn' };
const LAN: User = { id: 5301, is_bot: false, first_name: 'Lan' };
const TZ = 'Asia/Ho_Chi_Minh';
const LAN_YOU = you('Nguyễn Thị Lan');
const news = (kind: 'confirmed' | 'changed', service: string, when: string) => appointmentNews(kind, { name: 'Nguyễn Thị Lan', language: 'vi', spa: SPA, service, when });
const reminder = (kind: 'day_before' | 'hours_before', service: string, when: string) => appointmentReminder(kind, { name: 'Nguyễn Thị Lan', language: 'vi', spa: SPA, service, when });

describe('a day at a spa, through Telegram', () => {
  let db: TestDb;
  let h: TelegramHarness;
  let clock: TestClock;
  let store: Store;
  let jobs: JobContext;
  let lanId: string;

  beforeAll(async () => {
    db = await openTestDb('spa_day');
  });
  afterAll(async () => db?.close());
  afterEach(async () => h?.stop());

  beforeEach(async () => {
    await db.clear();
    // Tuesday 1 December 2026, 10:00 in Hanoi.
    clock = new TestClock('2026-12-01T03:00:00Z');
    store = createStore(db.conn, clock.now);
    for (const [user, name, role] of [[MAI, 'Lễ Tân Mai', 'manager'], [HOA, 'Nguyễn Thị Hoa', 'staff'], [TUAN, 'Trần Văn Tuấn', 'staff']] as const) {
      const r = await store.staff.add({ name, role, branchId: 'q1', chats: [{ channel: 'telegram', userId: String(user.id) }] });
      if (!r.ok) throw new Error('staff');
    }
    const mai = (await store.staff.list()).find((x) => x.name === 'Lễ Tân Mai')!;
    h = await startTelegramHarness('polling', createEngine({ store, settings: SETTINGS, now: clock.now, log: createLogger('silent') }));
    const c = await store.customers.create(
      { name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1', managerStaffId: mai.id, birthday: { day: 12, month: 3 }, needs: [{ service: 'Massage' }] },
      { kind: 'cli' },
      [{ purpose: 'care', granted: true, at: clock.now(), channel: 'cli', wordingVersion: 'test' }],
    );
    if (!c.ok) throw new Error('customer');
    lanId = c.value.id;
    await store.customers.linkIdentity(lanId, { channel: 'telegram', account: String(h.api.me.id), userId: String(LAN.id) });
    const config = testConfig({ TELEGRAM_BOT_TOKEN: h.api.token, TELEGRAM_API_ROOT: h.api.apiRoot });
    jobs = createJobContext({
      conn: db.conn,
      config,
      log: createLogger('silent'),
      senders: [createTelegramSender({ token: h.api.token, apiRoot: h.api.apiRoot })],
      staff: storeStaffDirectory(store, channelDirectory(config)),
      clock: virtualClock(clock),
      settings: { dispatchConcurrency: 1 },
    });
  });

  /** What the dispatcher sent to one chat since `from` (index into sendMessage calls). */
  const sentTo = (user: User, from = 0) => h.api.callsTo('sendMessage').slice(from).filter((p) => String(p.chat_id) === String(user.id));
  const sendCount = () => h.api.callsTo('sendMessage').length;
  const buttonsOf = (p: { reply_markup?: unknown }) => ((p.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat();
  const dispatch = async () => {
    await dispatchDue(jobs);
  };

  it('books, reminds, marks and takes the money of one day, with every counter agreeing at the end', async () => {
    const mai = new TelegramUser(h, MAI);
    const lan = new TelegramUser(h, LAN);
    new TelegramUser(h, HOA);
    new TelegramUser(h, TUAN);

    // Tuesday: the receptionist opens Lan, sells a two-session massage package, uses one session, takes a deposit.
    await mai.send(command(MAI, '/tim 5678'));
    await mai.press('Nguyễn Thị Lan');
    await mai.send(command(MAI, '/goilieutrinh massage 2 buổi 3tr5 chuyển khoản'));
    expect(mai.said).toContain('🎫 Đã bán gói');
    await mai.send(command(MAI, '/ghe massage từ gói chị Hoa'));
    expect(mai.said).toBe(m.visitFromPackage({ name: 'Nguyễn Thị Lan', service: 'Massage', session: 1, total: 2, left: 1, technician: 'Nguyễn Thị Hoa' }));
    await mai.send(command(MAI, '/coc 1tr tiền mặt'));
    expect(mai.said).toBe(m.depositAdded({ name: 'Nguyễn Thị Lan', amount: '1.000.000 ₫', balance: '1.000.000 ₫' }));

    // Staff book Wednesday 09:30 with Hoa; Minh wants the same time with Hoa: refused, booked with Tuấn instead.
    await mai.send(command(MAI, '/hen thứ 4 9h30 massage chị Hoa'));
    expect(mai.said).toBe(t.booked({ customer: 'Nguyễn Thị Lan', service: 'Massage', when: '09:30 thứ 4, 2/12', technician: 'Nguyễn Thị Hoa' }));
    await mai.send(command(MAI, '/hen Minh 0987654321 thứ 4 9h30 massage chị Hoa'));
    expect(mai.said).toContain(t.taken({ technician: 'Nguyễn Thị Hoa', from: '09:30', to: '10:30', free: 'Lễ Tân Mai, Trần Văn Tuấn' }));
    await mai.press('Trần Văn Tuấn');
    expect(mai.said).toBe(t.booked({ customer: 'Minh', service: 'Massage', when: '09:30 thứ 4, 2/12', technician: 'Trần Văn Tuấn' }));

    // Lan books Wednesday 14:00 herself, from the free times of her branch.
    await lan.send(command(LAN, '/datlich'));
    await lan.press('Trị mụn');
    await lan.send(text(LAN, 'thứ 4'));
    expect(lan.said).toBe(b.askTime({ you: LAN_YOU, day: 'thứ 4, 2/12' }));
    await lan.press('14:00');
    expect(lan.said).toBe(b.requested({ you: LAN_YOU, service: 'Trị mụn', when: '14:00 thứ 4, 2/12' }));

    // The request reaches Mai (her managing staff member) with buttons; a forged confirm from Lan's chat does nothing.
    let mark = sendCount();
    await dispatch();
    const request = sentTo(MAI, mark).at(-1)!;
    expect(String(request.text)).toContain('📅 Khách đặt lịch: Nguyễn Thị Lan');
    const confirm = buttonsOf(request).find((x) => x.text === '✅ Xác nhận')!;
    await lan.forge(confirm.callback_data);
    expect((await db.conn.db!.collection('appointments').countDocuments({ status: 'requested' }))).toBe(1);
    await mai.forge(confirm.callback_data);
    expect(mai.said).toBe(t.confirmed({ customer: 'Nguyễn Thị Lan', when: '14:00 thứ 4, 2/12' }));
    mark = sendCount();
    await dispatch();
    expect(sentTo(LAN, mark).map((p) => p.text)).toEqual([news('confirmed', 'Trị mụn', '14:00 thứ 4, 2/12')]);

    // Reminders: the day before at 19:00 (both appointments), then two hours before each; 07:30 is quiet hours.
    const reminders: string[] = [];
    const step = async (at: string) => {
      clock.set(at);
      const before = sendCount();
      await dispatch();
      await dispatch();
      const got = sentTo(LAN, before).map((p) => String(p.text));
      reminders.push(...got);
      return got;
    };
    expect(await step('2026-12-01T11:30:00Z')).toEqual([]); // 18:30: not yet
    expect((await step('2026-12-01T12:00:00Z')).sort()).toEqual([reminder('day_before', 'Massage', '09:30 thứ 4, 2/12'), reminder('day_before', 'Trị mụn', '14:00 thứ 4, 2/12')].sort());
    expect(await step('2026-12-01T16:00:00Z')).toEqual([]); // 23:00
    expect(await step('2026-12-02T00:30:00Z')).toEqual([]); // 07:30: the 09:30 reminder is due, but quiet hours hold it
    expect(await step('2026-12-02T01:00:00Z')).toEqual([reminder('hours_before', 'Massage', '09:30 thứ 4, 2/12')]); // 08:00
    const withButtons = sentTo(LAN).filter((p) => buttonsOf(p).some((x) => x.callback_data.startsWith('appt_c:')));
    expect(withButtons.length).toBeGreaterThanOrEqual(3);

    // 09:45: Lan came (her package's last session), Minh did not.
    clock.set('2026-12-02T02:45:00Z');
    await mai.send(command(MAI, '/homnay'));
    expect(mai.said).toContain(t.todayTitle({ date: '2/12', count: 3 }));
    await mai.press('09:30 Lan');
    await mai.press('Đã đến');
    expect(mai.said).toBe(t.askAmount({ customer: 'Nguyễn Thị Lan', service: 'Massage', technician: 'Nguyễn Thị Hoa' }));
    await mai.press('Dùng buổi');
    expect(mai.said).toBe(m.visitFromPackage({ name: 'Nguyễn Thị Lan', service: 'Massage', session: 2, total: 2, left: 0, technician: 'Nguyễn Thị Hoa' }));
    await mai.send(command(MAI, '/homnay'));
    await mai.press('09:30 Minh');
    await mai.press('Không đến');
    expect(mai.said).toBe(t.markedNoShow({ customer: 'Minh' }));

    expect(await step('2026-12-02T05:00:00Z')).toEqual([reminder('hours_before', 'Trị mụn', '14:00 thứ 4, 2/12')]); // 12:00

    // 15:00: the customer's own booking attended, paid from the deposit; a serum on credit, then the debt paid off.
    clock.set('2026-12-02T08:00:00Z');
    await mai.send(command(MAI, '/homnay'));
    await mai.press('14:00 Lan');
    await mai.press('Đã đến');
    await mai.send(text(MAI, '800k từ cọc'));
    expect(mai.said).toBe(m.visitSaved({ name: 'Nguyễn Thị Lan', service: 'Trị mụn', amount: '800.000 ₫', method: 'từ cọc', technician: 'Lễ Tân Mai', debt: false }));
    await mai.send(command(MAI, '/ban serum 1tr2 nợ'));
    expect(mai.said).toContain('Tổng 1.200.000 ₫ (chưa trả)');
    await mai.send(command(MAI, '/tra 1tr2 chuyển khoản'));
    expect(mai.said).toBe(`${m.paid({ name: 'Nguyễn Thị Lan', amount: '1.200.000 ₫', debt: '0 ₫' })}\n${m.rankUp({ name: 'Nguyễn Thị Lan', rank: 'Bạc' })}`);
    mark = sendCount();
    await dispatch();
    expect(String(sentTo(MAI, mark).at(-1)?.text)).toContain('⭐ Nguyễn Thị Lan đổi hạng: Đồng → Bạc.');

    // Each reminder once, none in quiet hours (21:00–08:00), none after its appointment began.
    expect(reminders).toHaveLength(4);
    expect(new Set(reminders).size).toBe(4);
    const sentRows = await store.outbox.list({ purpose: 'appointment_reminder', status: 'sent' });
    expect(sentRows).toHaveLength(4);
    for (const r of sentRows) {
      const hour = businessDateTime(r.sentAt!, TZ).hour;
      expect(hour >= 8 && hour < 21).toBe(true);
      expect(r.sentAt!.getTime()).toBeLessThan(r.referenceAt!.getTime());
    }

    // The card: appointments and money from the records.
    await mai.send(command(MAI, '/xem'));
    expect(mai.said).toContain(b.counters({ total: 2, attended: 2, missed: 0, cancelled: 0 }));
    expect(mai.said).toContain('💰 Đã chi: 5.500.000 ₫ · Nợ: 0 ₫ · Cọc: 200.000 ₫ (1 lần)');
    expect(mai.said).toContain('Lượt làm: 3');
    expect(mai.said).toContain('🎫 Massage: còn 0/2 buổi');
    expect(mai.said).toContain('⭐ Bạc: 5,5 tr₫ trong 12 tháng');
    await mai.send(command(MAI, '/tim 4321'));
    await mai.press('Minh');
    expect(mai.said).toContain(b.counters({ total: 1, attended: 0, missed: 1, cancelled: 0 }));
    const lan2 = await store.customers.findById(lanId);
    expect(lan2!.totals).toEqual({ spentVnd: 5_500_000, debtVnd: 0 });
  });
});
