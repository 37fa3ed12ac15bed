// Needs by stage through the real Telegram adapter (issue 17): staff add a need with /sua nhu cau (quan tâm, dated),
// move one to another stage with the card's buttons (the history stays), /xem and the customer's own /toi show stage
// and date. Abuse: forged stage buttons (an unknown stage, another customer's id, a replay after another card was
// opened), a customer chat probing /sua nhu cau and the stage buttons, `$`/`.` in the typed text.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { User } from 'grammy/types';
import { cardEditVi } from '../../src/engine/copy/card-edit-vi.js';
import { needsVi } from '../../src/engine/copy/needs-vi.js';
import { createEngine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { staffVi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startTelegramHarness, type TelegramHarness } from '../support/telegram-harness.js';
import { command, GUEST } from '../support/telegram-updates.js';
import { TelegramUser } from '../support/telegram-user.js';

const MANAGER: User = { id: 7302, is_bot: false, first_name: 'Quản lý' };
const HOA: User = { id: 7303, is_bot: false, first_name: 'Hoa' };
const NOW = new Date('2026-12-02T03:00:00Z');
const e = cardEditVi;
const n = needsVi;

jest.setTimeout(120_000);

describe('needs by stage through the real Telegram adapter', () => {
  let db: TestDb;
  let h: TelegramHarness;
  let store: Store;
  let clock: TestClock;
  const staff: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDb('needs_stage_chat');
  });
  afterAll(async () => db?.close());
  afterEach(async () => h?.stop());

  const load = async (key: string) => (await store.customers.findById(ids[key]!))!;
  async function open(u: TelegramUser, query: string, label: string): Promise<void> {
    await u.send(command(u.user, `/tim ${query}`));
    await u.press(label);
  }

  beforeEach(async () => {
    await db.clear();
    clock = new TestClock(NOW);
    store = createStore(db.conn, clock.now);
    for (const [key, user, role] of [['manager', MANAGER, 'manager'], ['hoa', HOA, 'staff']] as const) {
      const r = await store.staff.add({ name: user.first_name, role, branchId: 'q1', chats: [{ channel: 'telegram', userId: String(user.id) }] });
      if (!r.ok) throw new Error('staff');
      staff[key] = r.value.id;
    }
    const lan = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', phoneVerified: true, branchId: 'q1', needs: [{ service: 'Trị mụn' }] }, { kind: 'cli' }, [
      { purpose: 'care', granted: true, at: NOW, channel: 'telegram', wordingVersion: 'v1' },
    ]);
    const mai = await store.customers.create({ name: 'Trần Thị Mai', phone: '+84987654321', branchId: 'q1', needs: [{ service: 'Massage' }] }, { kind: 'cli' });
    if (!lan.ok || !mai.ok) throw new Error('seed');
    ids.lan = lan.value.id;
    ids.mai = mai.value.id;
    h = await startTelegramHarness('polling', createEngine({ store, settings: { ...SETTINGS, staffVisibility: 'masked' }, now: clock.now, log: createLogger('silent') }));
    await store.customers.linkIdentity(ids.lan, { channel: 'telegram', account: String(h.api.me.id), userId: String(GUEST.id) }, { trusted: true });
  });

  it('staff add a need and move one to another stage; /xem and her /toi show stage and date, the history stays', async () => {
    const m = new TelegramUser(h, MANAGER);
    await open(m, 'lan', 'Nguyễn Thị Lan');
    expect(m.said).toContain('Nhu cầu: Trị mụn: quan tâm (từ 2/12/2026)');
    clock.advanceHours(24);
    await m.send(command(MANAGER, '/sua nhu cau Massage'));
    expect(m.said).toContain(e.saved({ field: e.fieldNames.needs, name: 'Nguyễn Thị Lan', value: 'Trị mụn (quan tâm), Massage (quan tâm)' }));

    clock.advanceHours(24);
    await m.send(command(MANAGER, '/xem'));
    await m.press(n.stagesButton);
    expect(m.said).toBe(n.stagesTitle({ name: 'Nguyễn Thị Lan', lines: '• Trị mụn: quan tâm (từ 2/12/2026)\n• Massage: quan tâm (từ 3/12/2026)' }));
    expect(m.buttons.map((b) => b.text)).toEqual(['Trị mụn → đang điều trị', 'Trị mụn → đã xong', 'Massage → đang điều trị', 'Massage → đã xong']);
    await m.press('Trị mụn → đang điều trị');
    expect(m.said).toBe(n.moved({ name: 'Nguyễn Thị Lan', need: 'Trị mụn', from: 'quan tâm', stage: 'đang điều trị' }));
    await m.send(command(MANAGER, '/xem'));
    expect(m.said).toContain('Nhu cầu: Trị mụn: đang điều trị (từ 4/12/2026); Massage: quan tâm (từ 3/12/2026)');

    // Every entry kept, dated, in order; the moves are audited and in the card's history.
    const lan = await load('lan');
    expect(lan.needs.map((x) => [x.service, x.stage, x.at.toISOString().slice(0, 10)])).toEqual([
      ['Trị mụn', 'interested', '2026-12-02'],
      ['Massage', 'interested', '2026-12-03'],
      ['Trị mụn', 'in_treatment', '2026-12-04'],
    ]);
    expect(await db.conn.db!.collection('audit_log').countDocuments({ action: 'update', detail: 'fields=needs', 'actor.id': staff.manager })).toBe(2);
    expect(await db.conn.db!.collection('card_edits').countDocuments({ field: 'needs' })).toBe(2);

    // Her own card shows the same stages and dates.
    const guest = new TelegramUser(h, GUEST);
    await guest.send(command(GUEST, '/toi'));
    expect(guest.said).toContain('• Nhu cầu: Trị mụn: đang điều trị (từ 4/12/2026); Massage: quan tâm (từ 3/12/2026)');
  });

  it('refuses forged stage buttons: an unknown stage, another customer, a replay on another card', async () => {
    const m = new TelegramUser(h, MANAGER);
    await open(m, 'lan', 'Nguyễn Thị Lan');
    await m.press(n.stagesButton);
    const offered = m.buttons.find((b) => b.text === 'Trị mụn → đã xong')!.callback_data!;
    expect(offered).toBe(`nc:${ids.lan}:0:done`);
    for (const forged of [`nc:${ids.lan}:0:hacked`, `nc:${ids.lan}:0:$set`, `nc:${ids.lan}:5:done`, `nc:${ids.mai}:0:done`, `nc:list:${ids.mai}`, 'nc:list:$where']) {
      await m.forge(forged);
      expect(m.said).toBe(staffVi.notAllowed);
    }
    // Offered for Lan; replayed after Mai's card was opened: applied to neither.
    await open(m, 'mai', 'Trần Thị Mai');
    await m.forge(offered);
    expect(m.said).toBe(staffVi.notAllowed);
    expect((await load('lan')).needs).toHaveLength(1);
    expect((await load('mai')).needs).toHaveLength(1);
    // Hoa sees Lan only masked: no stage button on her card, and a /sua nhu cau is refused.
    const hoa = new TelegramUser(h, HOA);
    await open(hoa, 'lan', 'Nguyễn Thị Lan');
    expect(hoa.buttons.map((b) => b.text)).not.toContain(n.stagesButton);
    await hoa.send(command(HOA, '/sua nhu cau Massage'));
    expect(hoa.said).toBe(staffVi.notAllowed);
    await hoa.forge(offered);
    expect(hoa.said).toBe(staffVi.notAllowed);
    expect(await db.conn.db!.collection('card_edits').countDocuments()).toBe(0);
  });

  it('a customer probing /sua nhu cau or the stage buttons changes no card; `$` and `.` stay text', async () => {
    const guest = new TelegramUser(h, GUEST);
    await guest.send(command(GUEST, `/sua nhu cau Massage`));
    await guest.forge(`nc:list:${ids.mai}`);
    await guest.forge(`nc:${ids.mai}:0:done`);
    await guest.forge(`nc:${ids.lan}:0:done`);
    expect(guest.said).not.toContain('Trần Thị Mai');
    expect((await load('mai')).needs.map((x) => x.stage)).toEqual(['interested']);
    expect((await load('lan')).needs.map((x) => x.stage)).toEqual(['interested']);
    expect(await db.conn.db!.collection('card_edits').countDocuments()).toBe(0);

    const m = new TelegramUser(h, MANAGER);
    await open(m, 'lan', 'Nguyễn Thị Lan');
    await m.send(command(MANAGER, '/sua nhu cau $set.phone.x'));
    const doc = (await db.conn.db!.collection('customers').findOne({ phone: '+84912345678' }))!;
    expect(doc.needs.map((x: { service: string }) => x.service)).toEqual(['Trị mụn', '$set.phone.x']);
    expect(Object.keys(doc).filter((k) => k.startsWith('$') || k.includes('.'))).toEqual([]);
  });
});

describe('clearing a field through the real Telegram adapter', () => {
  let db: TestDb;
  let h: TelegramHarness;
  let store: Store;
  let lanId: string;
  const MANAGER2: User = { id: 7402, is_bot: false, first_name: 'Quản lý' };
  const HOA2: User = { id: 7403, is_bot: false, first_name: 'Hoa' };

  beforeAll(async () => {
    db = await openTestDb('clear_field_chat');
  });
  afterAll(async () => db?.close());
  afterEach(async () => h?.stop());

  beforeEach(async () => {
    await db.clear();
    const clock = new TestClock(NOW);
    store = createStore(db.conn, clock.now);
    for (const [user, role] of [[MANAGER2, 'manager'], [HOA2, 'staff']] as const) {
      const r = await store.staff.add({ name: user.first_name, role, branchId: 'q1', chats: [{ channel: 'telegram', userId: String(user.id) }] });
      if (!r.ok) throw new Error('staff');
    }
    const lan = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1', email: 'lan@x.vn', address: '12 Lê Lợi', occupation: 'kế toán', birthday: { day: 12, month: 3 }, source: 'Facebook', needs: [{ service: 'Trị mụn' }] }, { kind: 'cli' });
    if (!lan.ok) throw new Error('seed');
    lanId = lan.value.id;
    h = await startTelegramHarness('polling', createEngine({ store, settings: { ...SETTINGS, staffVisibility: 'masked' }, now: clock.now, log: createLogger('silent') }));
  });

  it('clears optional fields with xoa / xóa / - / clear, refuses name, phone, needs and branch, and audits each', async () => {
    const m = new TelegramUser(h, MANAGER2);
    await m.send(command(MANAGER2, '/tim lan'));
    await m.press('Nguyễn Thị Lan');
    await m.send(command(MANAGER2, '/sua email xoa'));
    expect(m.said).toBe(e.cleared({ field: e.fieldNames.email, name: 'Nguyễn Thị Lan' }));
    await m.send(command(MANAGER2, '/sua dia chi xóa'));
    await m.send(command(MANAGER2, '/sua nghe -'));
    await m.send(command(MANAGER2, '/sua ngay sinh clear'));
    expect(m.said).toBe(e.cleared({ field: e.fieldNames.birthday, name: 'Nguyễn Thị Lan' }));
    // Already empty: nothing written.
    await m.send(command(MANAGER2, '/sua email xoa'));
    expect(m.said).toBe(e.unchanged({ field: e.fieldNames.email }));
    for (const [typed, field] of [['/sua ten xoa', 'name'], ['/sua sdt xóa', 'phone'], ['/sua nhu cau xoa', 'needs'], ['/sua chi nhanh -', 'branch']] as const) {
      await m.send(command(MANAGER2, typed));
      expect(m.said).toContain(e.notClearable[field]);
    }
    const doc = (await db.conn.db!.collection('customers').findOne({ phone: '+84912345678' }))!;
    for (const k of ['email', 'address', 'occupation', 'birthday', 'birthMonth', 'birthDay']) expect(doc[k]).toBeUndefined();
    expect(doc).toMatchObject({ name: 'Nguyễn Thị Lan', branchId: 'q1', source: 'Facebook' });
    expect(doc.needs).toHaveLength(1);
    // Who changed what: one audit entry and one history row (old value, no new one) per cleared field.
    expect(await db.conn.db!.collection('audit_log').countDocuments({ action: 'update', detail: /cleared$/ })).toBe(4);
    const history = await store.cardEdits.forCustomer(lanId);
    expect(history.map((x) => [x.field, x.from, x.to])).toEqual(
      expect.arrayContaining([
        ['email', 'lan@x.vn', undefined],
        ['address', '12 Lê Lợi', undefined],
        ['occupation', 'kế toán', undefined],
        ['birthday', '12/3', undefined],
      ]),
    );
    expect(history.every((x) => x.by.kind === 'staff')).toBe(true);

    // A colleague who sees her only masked cannot clear anything.
    const hoa = new TelegramUser(h, HOA2);
    await hoa.send(command(HOA2, '/tim lan'));
    await hoa.press('Nguyễn Thị Lan');
    await hoa.send(command(HOA2, '/sua nguon xoa'));
    expect(hoa.said).toBe(staffVi.notAllowed);
    expect((await store.customers.findById(lanId))!.source).toBe('Facebook');
  });
});

describe('STAFF_VISIBILITY=none: /tim and /sinhnhat show staff the name only', () => {
  let db: TestDb;
  let h: TelegramHarness;
  const HOA3: User = { id: 7503, is_bot: false, first_name: 'Hoa' };
  const MANAGER3: User = { id: 7502, is_bot: false, first_name: 'Quản lý' };

  beforeAll(async () => {
    db = await openTestDb('visibility_none_chat');
  });
  afterAll(async () => db?.close());
  afterEach(async () => h?.stop());

  it('a staff member sees her own customer by name only (no masked phone); a manager still sees the phone', async () => {
    await db.clear();
    const clock = new TestClock(NOW);
    const store = createStore(db.conn, clock.now);
    const hoa = await store.staff.add({ name: 'Hoa', role: 'staff', branchId: 'q1', chats: [{ channel: 'telegram', userId: String(HOA3.id) }] });
    const mgr = await store.staff.add({ name: 'Quản lý', role: 'manager', branchId: 'q1', chats: [{ channel: 'telegram', userId: String(MANAGER3.id) }] });
    if (!hoa.ok || !mgr.ok) throw new Error('staff');
    // 2 December in Vietnam: her birthday is today.
    await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1', managerStaffId: hoa.value.id, birthday: { day: 2, month: 12 } }, { kind: 'cli' });
    h = await startTelegramHarness('polling', createEngine({ store, settings: { ...SETTINGS, staffVisibility: 'none' }, now: clock.now, log: createLogger('silent') }));

    const u = new TelegramUser(h, HOA3);
    await u.send(command(HOA3, '/tim lan'));
    expect(u.buttons.map((b) => b.text)).toEqual(['Nguyễn Thị Lan']);
    await u.send(command(HOA3, '/sinhnhat'));
    expect(u.said).toContain('Nguyễn Thị Lan');
    expect(u.said).not.toMatch(/678|\*\*\*|0912/);
    await u.send(command(HOA3, '/tim 5678'));
    expect(u.said + u.buttons.map((b) => b.text).join('|')).not.toMatch(/678|\*\*\*/);

    const m = new TelegramUser(h, MANAGER3);
    await m.send(command(MANAGER3, '/sinhnhat'));
    expect(m.said).toContain('0912 345 678');
  });
});
