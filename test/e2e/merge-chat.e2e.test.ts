// /gop (/merge) through the real Telegram adapter and `hoso customers merge` (issue 17): the preview field by field,
// a value taken from the other record, the merge moving her visits and her chat, `/gop hoan` putting both records
// back. Abuse: a record the member sees only masked, a forged pick, access lost between preview and confirmation,
// a removed colleague, a replayed confirmation, a customer typing /gop.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { User } from 'grammy/types';
import { mergeStaffVi } from '../../src/engine/copy/merge-vi.js';
import { createEngine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { SETTINGS } from '../support/chat.js';
import { runHoso } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { staffVi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, GUEST, OTHER_GUEST, text } from '../support/telegram-updates.js';
import { TelegramUser } from '../support/telegram-user.js';

const HOA: User = { id: 7201, is_bot: false, first_name: 'Hoa' };
const MAI: User = { id: 7202, is_bot: false, first_name: 'Mai' };
const c = mergeStaffVi;
const NOW = new Date('2026-12-02T03:00:00Z');

describe('/gop through the real Telegram adapter', () => {
  let db: TestDb;
  let h: TelegramHarness;
  let store: Store;
  let clock: TestClock;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDb('merge_chat');
  });
  afterAll(async () => db?.close());
  afterEach(async () => h?.stop());

  async function member(user: User, role: 'manager' | 'staff', branchId: string): Promise<string> {
    const r = await store.staff.add({ name: user.first_name, role, branchId, chats: [{ channel: 'telegram', userId: String(user.id) }] });
    if (!r.ok) throw new Error('staff');
    return r.value.id;
  }

  beforeEach(async () => {
    await db.clear();
    clock = new TestClock(NOW);
    store = createStore(db.conn, clock.now);
    ids.hoa = await member(HOA, 'staff', 'q1');
    ids.mai = await member(MAI, 'staff', 'q2');
    const add = async (key: string, input: Parameters<Store['customers']['create']>[0]) => {
      const r = await store.customers.create(input, { kind: 'cli' });
      if (!r.ok) throw new Error('seed');
      ids[key] = r.value.id;
    };
    await add('lan', { name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3 }, branchId: 'q1', managerStaffId: ids.hoa });
    await add('lan2', { name: 'Lan Nguyễn', phone: '+84987654321', email: 'lan@gmail.com', branchId: 'q1', managerStaffId: ids.hoa });
    await add('hai', { name: 'Ngô Thị Hai', phone: '+84911114444', branchId: 'q2', managerStaffId: ids.mai });
    for (let i = 0; i < 2; i++) await store.activity.logVisit({ customerId: ids.lan2!, staffId: 'seed-staff', service: 'Trị mụn', amountVnd: 300_000, paid: true, at: new Date(NOW.getTime() - (i + 1) * 86_400_000) });
    await store.customers.linkIdentity(ids.lan2!, { channel: 'telegram', account: 'x', userId: String(GUEST.id) });
    h = await startTelegramHarness('polling', createEngine({ store, settings: { ...SETTINGS, staffVisibility: 'masked' }, now: clock.now, log: createLogger('silent') }));
  });

  async function openLan(hoa: TelegramUser): Promise<void> {
    await hoa.send(command(HOA, '/tim 5678'));
    await hoa.press('Nguyễn Thị Lan');
  }

  it('previews field by field, takes a value from the other record, merges her visits and chat, and undoes it exactly', async () => {
    const hoa = new TelegramUser(h, HOA);
    await openLan(hoa);
    await hoa.send(command(HOA, '/gop'));
    expect(hoa.said).toBe(c.usage({ name: 'Nguyễn Thị Lan', undo: false }));

    await hoa.send(command(HOA, '/gop 4321'));
    expect(hoa.said).toContain('Giữ: Nguyễn Thị Lan · 0912 345 678');
    expect(hoa.said).toContain('Gộp vào và xóa: Lan Nguyễn · 0987 654 321');
    expect(hoa.said).toContain(c.fieldLine({ label: 'Họ tên', value: 'Nguyễn Thị Lan', other: 'Lan Nguyễn', fromMerged: false }));
    expect(hoa.said).toContain(c.fieldLine({ label: 'Email', value: 'lan@gmail.com', fromMerged: true }));
    expect(hoa.said).toContain('2 lần đến');
    expect(hoa.said).toContain('1 chat của khách');

    await hoa.press(c.takeButton({ label: 'Họ tên', value: 'Lan Nguyễn' }));
    expect(hoa.said).toContain(c.fieldLine({ label: 'Họ tên', value: 'Lan Nguyễn', other: 'Nguyễn Thị Lan', fromMerged: true }));
    // Nothing is written by a preview.
    expect(await store.customers.findById(ids.lan2!)).not.toBeNull();

    await hoa.press(c.confirmButton);
    expect(hoa.said).toContain('✅ Đã gộp vào Nguyễn Thị Lan');
    expect(await store.customers.findById(ids.lan2!)).toBeNull();
    const kept = (await store.customers.findById(ids.lan!))!;
    expect(kept.name).toBe('Lan Nguyễn');
    expect(kept.email).toBe('lan@gmail.com');
    expect(kept.phone).toBe('+84912345678');
    expect(await store.activity.recentVisits(ids.lan!, 5)).toHaveLength(2);
    expect((await store.customers.findLink({ channel: 'telegram', account: 'x', userId: String(GUEST.id) }))?.customer.id).toBe(ids.lan);
    expect(await db.conn.db!.collection('audit_log').countDocuments({ action: 'merge' })).toBe(2);
    // The confirmation cannot be replayed: its buttons were taken back.
    await hoa.forge('mg:yes');
    expect(hoa.said).toBe(staffVi.notAllowed);

    await hoa.send(command(HOA, '/gop'));
    expect(hoa.said).toBe(c.usage({ name: 'Lan Nguyễn', undo: true }));
    await hoa.send(command(HOA, '/gop hoàn'));
    expect(hoa.said).toContain('Hoàn tác lần gộp vào Lan Nguyễn');
    await hoa.press(c.undoButton);
    expect(hoa.said).toBe(c.undone({ name: 'Lan Nguyễn', other: 'Lan Nguyễn · 0987 654 321' }));
    const back = (await store.customers.findById(ids.lan!))!;
    expect(back.name).toBe('Nguyễn Thị Lan');
    expect(back.email).toBeUndefined();
    expect((await store.customers.findById(ids.lan2!))?.email).toBe('lan@gmail.com');
    expect(await store.activity.recentVisits(ids.lan2!, 5)).toHaveLength(2);
    expect(await store.activity.recentVisits(ids.lan!, 5)).toHaveLength(0);
    expect((await store.customers.findLink({ channel: 'telegram', account: 'x', userId: String(GUEST.id) }))?.customer.id).toBe(ids.lan2);
    expect(await db.conn.db!.collection('audit_log').countDocuments({ action: 'merge_undo' })).toBe(2);
    // Twice is refused.
    await hoa.send(command(HOA, '/gop hoan'));
    expect(hoa.said).toBe(c.undoRefused.nothing_to_undo);
  });

  it('never merges a record the member does not see in full, a forged pick, or after access was lost', async () => {
    const hoa = new TelegramUser(h, HOA);
    await openLan(hoa);
    // Q2's customer is masked for Hoa: not offered for a merge.
    await hoa.send(command(HOA, '/gop 4444'));
    expect(hoa.said).toBe(c.noneFound);
    await hoa.forge(`mg:pick:${ids.hai!}`);
    expect(hoa.said).toBe(staffVi.notAllowed);

    // Access lost between the preview and the tap: Lan Nguyễn moved to Q2 and to Mai.
    await hoa.send(command(HOA, '/gop 4321'));
    await store.customers.update(ids.lan2!, { branchId: 'q2', managerStaffId: ids.mai! }, { kind: 'cli' });
    await hoa.press(c.confirmButton);
    expect(hoa.said).toBe(c.refused.not_allowed);
    expect(await store.customers.findById(ids.lan2!)).not.toBeNull();
    await store.customers.update(ids.lan2!, { branchId: 'q1', managerStaffId: ids.hoa! }, { kind: 'cli' });

    // A colleague removed after the preview: the tap merges nothing.
    await hoa.send(command(HOA, '/gop 4321'));
    await store.staff.remove(ids.hoa!);
    await hoa.send(text(HOA, '✅ Gộp'));
    expect(await store.customers.findById(ids.lan2!)).not.toBeNull();
    expect(await db.conn.db!.collection('audit_log').countDocuments({ action: 'merge' })).toBe(0);
  });

  it('a customer typing /gop gets the customer\'s reply and nothing is merged', async () => {
    const lan = new TelegramUser(h, GUEST);
    await lan.send(command(GUEST, '/gop 5678'));
    const other = new TelegramUser(h, OTHER_GUEST);
    await other.send(command(OTHER_GUEST, '/lenhkhongco'));
    expect(lan.said).not.toContain('Gộp');
    expect(lan.said).not.toContain('Nguyễn Thị Lan');
    expect(await store.customers.findById(ids.lan2!)).not.toBeNull();
    expect(await db.conn.db!.collection('customer_merges').countDocuments()).toBe(0);
  });

  it('hoso customers merge: preview without --yes, merge with --take, undo with --undo', async () => {
    const env = { MONGODB_URI: db.dbUri, LOG_LEVEL: 'silent' };
    const preview = await runHoso(env, ['customers', 'merge', '0912345678', '0987654321']);
    expect(preview.code).toBe(0);
    expect(preview.out).toContain('name: Nguyễn Thị Lan');
    expect(preview.out).toContain('email: lan@gmail.com');
    expect(await store.customers.findById(ids.lan2!)).not.toBeNull();

    const bad = await runHoso(env, ['customers', 'merge', '0912345678', '0987654321', '--take', 'name,$where', '--yes']);
    expect(bad.code).toBe(1);
    expect(await store.customers.findById(ids.lan2!)).not.toBeNull();
    expect((await runHoso(env, ['customers', 'merge', '0912345678', '0912345678', '--yes'])).code).toBe(1);

    const done = await runHoso(env, ['customers', 'merge', '0912345678', '0987654321', '--take', 'name', '--yes']);
    expect(done.code).toBe(0);
    expect(await store.customers.findById(ids.lan2!)).toBeNull();
    expect((await store.customers.findById(ids.lan!))!.name).toBe('Lan Nguyễn');

    const undo = await runHoso(env, ['customers', 'merge', '0912345678', '--undo']);
    expect(undo.code).toBe(0);
    expect((await store.customers.findById(ids.lan!))!.name).toBe('Nguyễn Thị Lan');
    expect((await store.customers.findById(ids.lan2!))!.name).toBe('Lan Nguyễn');
    expect((await runHoso(env, ['customers', 'merge', '0912345678', '--undo'])).code).toBe(1);
  });
});
