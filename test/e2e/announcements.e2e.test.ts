// New self-registrations reach a person (issue 17), through the real Telegram adapter and the real dispatcher: a
// guest who registers from Q1's link with a need is announced to Q1's staff at once; the first colleague who taps
// the announcement opens her card in full, becomes her manager and logs the call; a second colleague sees her as
// anyone else would. Abuse: a colleague of another branch forging the button, a customer chat forging it, a
// registration without a need (no announcement), and one without a branch (the owner hears of it).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import { dispatchDue } from '../../jobs/dispatch.js';
import { OWNER_STAFF_ID } from '../../jobs/ports.js';
import { createEngine } from '../../src/engine/engine.js';
import { peopleVi } from '../../src/engine/copy/people-vi.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { staffVi, vi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { BOT, jobsWorld, type JobsWorld } from '../support/jobs-fixture.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, GUEST, OTHER_GUEST, text } from '../support/telegram-updates.js';
import { TelegramUser } from '../support/telegram-user.js';

const HOA: User = { id: 7301, is_bot: false, first_name: 'Hoa' };
const MAI: User = { id: 7302, is_bot: false, first_name: 'Mai' };
const TUAN: User = { id: 7303, is_bot: false, first_name: 'Tuấn' };
// 10:00 in Hồ Chí Minh City: outside quiet hours.
const NOW = new Date('2026-12-02T03:00:00Z');

describe('a self-registration with a need is announced to her branch', () => {
  let db: TestDb;
  let h: TelegramHarness;
  let store: Store;
  let clock: TestClock;
  let jobs: JobsWorld;
  const staff: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDb('announcements');
  });
  afterAll(async () => db?.close());
  afterEach(async () => h?.stop());

  beforeEach(async () => {
    await db.clear();
    clock = new TestClock(NOW);
    store = createStore(db.conn, clock.now);
    jobs = jobsWorld(db, clock);
    for (const [user, branchId] of [[HOA, 'Q1'], [MAI, 'Q1'], [TUAN, 'Q2']] as const) {
      const r = await store.staff.add({ name: user.first_name, role: 'staff', branchId, chats: [{ channel: 'telegram', userId: String(user.id) }] });
      if (!r.ok) throw new Error('staff');
      staff[user.first_name] = r.value.id;
      jobs.staffChats.set(r.value.id, { channel: 'telegram', account: BOT, userId: String(user.id) });
    }
    h = await startTelegramHarness('polling', createEngine({ store, settings: { ...SETTINGS, staffVisibility: 'masked' }, now: clock.now, log: createLogger('silent') }));
  });

  /** Registers as a guest (consents yes; the need picked when `need`); optional questions added later are answered yes. */
  async function register(user: User, start: string, phone: string, need: boolean): Promise<void> {
    const guest = new TelegramUser(h, user);
    const has = (l: string) => guest.buttons.some((b) => b.text.includes(l));
    await guest.send(command(user, start));
    await guest.press(vi.consentYes);
    while (has(vi.yes)) await guest.press(vi.yes);
    for (const answer of ['Lan Nguyễn', phone, '14/2/1992']) await guest.send(text(user, answer));
    if (need) {
      await guest.press('Trị mụn');
      await guest.press(vi.needsDone);
    } else await guest.press(vi.skip);
    for (let step = 0; step < 5 && !has(vi.confirmSave); step++) await guest.press(has(vi.consentYes) ? vi.consentYes : vi.yes);
    await guest.press(vi.confirmSave);
    expect(guest.said).toContain('Spa Hoa Sen');
  }

  const announcementsTo = (user: User) => jobs.telegram.replies.filter((_, i) => jobs.telegram.sent[i]!.address.userId === String(user.id));

  it('reaches Q1 at once; the first colleague who taps takes her and logs the call; the second sees her masked', async () => {
    await register(GUEST, '/start b_q1', '0912 345 678', true);
    const lan = (await store.customers.findByPhone('+84912345678'))!;
    expect(lan.branchId).toBe('Q1');
    expect(lan.managerStaffId).toBeUndefined();
    const rows = await store.outbox.list({ purpose: 'new_customer' });
    expect(rows.map((r) => r.staffId).sort()).toEqual([staff.Hoa, staff.Mai].sort());

    await dispatchDue(jobs.ctx);
    const toHoa = announcementsTo(HOA);
    expect(toHoa).toHaveLength(1);
    expect(toHoa[0]!.text).toBe(peopleVi.newCustomer({ name: 'Lan Nguyễn', phone: '0912 345 678', needs: 'Trị mụn', branch: 'Q1', channel: 'telegram' }));
    expect(announcementsTo(TUAN)).toHaveLength(0);
    const button = toHoa[0]!.choices![0]!;
    expect(button.label).toBe(peopleVi.newCustomerOpen);

    // Before the tap Hoa sees her masked, as any customer of the branch that is not hers.
    const hoa = new TelegramUser(h, HOA);
    await hoa.send(command(HOA, '/tim 5678'));
    expect(hoa.buttons.map((b) => b.text)).toEqual(['Lan Nguyễn · 0912 *** 678']);
    await hoa.forge(button.value);
    expect(hoa.said).toContain('0912 345 678');
    expect(hoa.said).toContain(peopleVi.newCustomerCallHint({ name: 'Lan Nguyễn' }));
    expect((await store.customers.findById(lan.id))!.managerStaffId).toBe(staff.Hoa);
    await hoa.send(command(HOA, '/goi đã gọi, hẹn thứ 6'));
    expect(hoa.said).toBe(staffVi.callSaved({ name: 'Lan Nguyễn' }));

    // Mai taps hers a moment later: Lan is Hoa's now, Mai sees her masked and takes nothing.
    const mai = new TelegramUser(h, MAI);
    await mai.forge(announcementsTo(MAI)[0]!.choices![0]!.value);
    expect(mai.said).toBe(staffVi.maskedCard({ name: 'Lan Nguyễn', phone: '0912 *** 678' }));
    expect((await store.customers.findById(lan.id))!.managerStaffId).toBe(staff.Hoa);

    // Tuấn (Q2) was never told: the same button, forged in his chat, opens nothing.
    const tuan = new TelegramUser(h, TUAN);
    await tuan.forge(button.value);
    expect(tuan.said).toBe(staffVi.notAllowed);
    // A customer chat forging it learns nothing either.
    const other = new TelegramUser(h, OTHER_GUEST);
    await other.forge(button.value);
    expect(other.said).not.toContain('0912');
    expect((await store.customers.findById(lan.id))!.managerStaffId).toBe(staff.Hoa);
  });

  it('announces nothing without a need, and to the owner when she came without a branch link', async () => {
    await register(OTHER_GUEST, '/start', '0987 654 321', false);
    expect(await store.outbox.list({ purpose: 'new_customer' })).toHaveLength(0);

    await register(GUEST, '/start', '0912 345 678', true);
    const rows = await store.outbox.list({ purpose: 'new_customer' });
    expect(rows.map((r) => r.staffId)).toEqual([OWNER_STAFF_ID]);
    await dispatchDue(jobs.ctx);
    expect(jobs.telegram.replies.some((r) => r.text.startsWith('🆕'))).toBe(true);
  });
});
