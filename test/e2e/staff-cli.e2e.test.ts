// `hoso staff`, `hoso audit` and the manager's branch export end to end: real parsing, real database, exit codes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { roleLabels, staffMessages } from '../../src/cli/staff-messages.js';
import { createStore, type Store } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { copyPattern } from '../support/copy.js';
import { runHoso } from '../support/cli.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let env: Record<string, string>;
let store: Store;

const hoso = (...argv: string[]) => runHoso(env, argv);

const staffCount = () => db.conn.db!.collection('staff').countDocuments();

beforeAll(async () => {
  db = await openTestDb('staffcli');
  env = { MONGODB_URI: db.dbUri, LOG_LEVEL: 'silent' };
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  store = createStore(db.conn, new TestClock('2026-03-12T02:00:00Z').now);
});

describe('hoso staff', () => {
  it('adds the owner without a branch and Hoa with her branch and Telegram id, then lists them', async () => {
    const owner = await hoso('staff', 'add', '--name', 'trần thị chủ', '--role', 'owner');
    expect(owner.code).toBe(0);
    expect(owner.out).toContain('Trần Thị Chủ');
    const hoa = await hoso('staff', 'add', '--name', 'hoa', '--role', 'staff', '--branch', 'q1', '--telegram-id', '111', '--zalo-id', '999');
    expect(hoa.code).toBe(0);
    const addedLine = copyPattern((hole) => staffMessages.added(['Hoa', roleLabels.staff, staffMessages.branch('q1'), 'telegram 111', 'zalo 999', `id ${hole()}`].join(' · ')));
    expect(hoa.out).toMatch(addedLine);
    expect(addedLine.exec(hoa.out)![1]).toMatch(/^[0-9a-f]{24}$/);

    const list = await hoso('staff', 'list');
    expect(list.code).toBe(0);
    const lines = list.out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('Hoa');
    expect(lines[1]).toContain('Trần Thị Chủ');
    expect((await store.staff.findByAddress({ channel: 'telegram', account: 'any', userId: '111' }))?.name).toBe('Hoa');
  });

  it('says so when there is nobody yet', async () => {
    expect(await hoso('staff', 'list')).toMatchObject({ code: 0, out: expect.stringContaining(staffMessages.noStaff) });
  });

  it('refuses a Telegram id that already belongs to a colleague, in one line, and writes nothing', async () => {
    await hoso('staff', 'add', '--name', 'Hoa', '--role', 'staff', '--branch', 'q1', '--telegram-id', '111');
    const dup = await hoso('staff', 'add', '--name', 'Mai', '--role', 'manager', '--branch', 'q1', '--telegram-id', '111');
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('Telegram');
    expect(dup.err.trim().split('\n')).toHaveLength(1);
    expect(await staffCount()).toBe(1);
  });

  it.each([
    [['--role', 'staff', '--branch', 'q1'], '--name'],
    [['--name', 'Hoa', '--branch', 'q1'], '--role'],
    [['--name', 'Hoa', '--role', 'boss', '--branch', 'q1'], '--role'],
    [['--name', 'Hoa', '--role', 'staff'], '--branch'],
    [['--name', 'Hoa', '--role', 'manager', '--branch', 'quận 1'], 'Chi nhánh'],
    [['--name', 'Hoa', '--role', 'staff', '--branch', 'q1', '--telegram-id', '@hoa'], 'Telegram id'],
    [['--name', 'Hoa', '--role', 'staff', '--branch', 'q1', '--zalo-id', 'x1'], 'Zalo id'],
    [['--name', '{"$gt": ""}', '--role', 'staff', '--branch', 'q1'], 'Họ tên'],
  ])('rejects %j with a clear reason and writes nothing', async (args, reason) => {
    const r = await hoso('staff', 'add', ...args);
    expect(r.code).toBe(1);
    expect(r.err).toContain(reason);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(await staffCount()).toBe(0);
  });

  it('removes a colleague: gone from the list, her chat is a customer chat again, a second remove fails', async () => {
    await hoso('staff', 'add', '--name', 'Hoa', '--role', 'staff', '--branch', 'q1', '--telegram-id', '111');
    const [hoa] = await store.staff.list();
    const r = await hoso('staff', 'remove', hoa!.id);
    expect(r.code).toBe(0);
    expect(r.out).toContain(staffMessages.removed('Hoa'));
    expect((await hoso('staff', 'list')).out).toContain(staffMessages.noStaff);
    expect(await store.staff.findByAddress({ channel: 'telegram', account: 'bot', userId: '111' })).toBeNull();
    expect((await hoso('staff', 'remove', hoa!.id)).code).toBe(1);
    expect((await hoso('staff', 'remove', 'khong-co')).code).toBe(1);
  });

  it('writes every staff change to the audit log without names', async () => {
    await hoso('staff', 'add', '--name', 'Hoa', '--role', 'staff', '--branch', 'q1');
    const rows = await db.conn.db!.collection('audit_log').find({ action: 'staff_change' }).toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: { kind: 'cli' }, detail: expect.stringMatching(/^added staff=[0-9a-f]{24} role=staff$/) });
  });
});

describe('hoso audit', () => {
  it('shows the owner who read or changed a customer, what, when (business time) and from which channel, newest first', async () => {
    await hoso('customers', 'add', '--name', 'nguyễn thị lan', '--phone', '0912345678');
    const lan = (await store.customers.findByPhone('+84912345678'))!;
    const hoa = await store.staff.add({ name: 'Hoa', role: 'staff', branchId: 'q1' });
    const mai = await store.staff.add({ name: 'Mai', role: 'staff', branchId: 'q1' });
    if (!hoa.ok || !mai.ok) throw new Error('fixture');
    await store.audit.record({ actor: { kind: 'staff', id: hoa.value.id }, action: 'read_card', customerId: lan.id, channel: 'telegram' });
    await store.audit.record({ actor: { kind: 'staff', id: mai.value.id }, action: 'call', customerId: lan.id, channel: 'zalo', detail: 'calls=1' });
    await store.staff.remove(mai.value.id);

    const r = await hoso('audit', '--customer', '0912 345 678');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^2026-03-12 09:00 · Mai \(đã nghỉ \/ former staff\) · gọi điện \/ call · zalo · calls=1$/),
      expect.stringMatching(/^2026-03-12 09:00 · Hoa · xem thẻ \/ read card · telegram$/),
    ]);
    expect((await hoso('audit', '--customer', '0912345678', '--limit', '1')).out.trim().split('\n')).toHaveLength(1);
  });

  it('says so when a customer has no entries yet', async () => {
    await hoso('customers', 'add', '--name', 'Lan', '--phone', '0912345678');
    expect(await hoso('audit', '--customer', '0912345678')).toMatchObject({ code: 0, out: expect.stringContaining('Chưa có ghi nhận') });
  });

  it.each([
    [[], '--customer'],
    [['--customer', '123'], 'Số điện thoại'],
    [['--customer', '0987654321'], 'Không có khách'],
    [['--customer', '0912345678', '--limit', 'nhiều'], '--limit'],
    [['--customer', '0912345678', '--limit', '0'], '--limit'],
  ])('rejects %j with one line', async (args, reason) => {
    await hoso('customers', 'add', '--name', 'Lan', '--phone', '0912345678');
    const r = await hoso('audit', ...args);
    expect(r.code).toBe(1);
    expect(r.err).toContain(reason);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('hoso customers export --branch', () => {
  beforeEach(async () => {
    await store.customers.create({ name: 'An Quận Một', phone: '+84912345671', branchId: 'q1' }, { kind: 'cli' });
    await store.customers.create({ name: 'Bình Quận Bảy', phone: '+84912345672', branchId: 'q7' }, { kind: 'cli' });
    await store.customers.create({ name: 'Chi Chưa Có Chi Nhánh', phone: '+84912345673' }, { kind: 'cli' });
  });

  it('exports what the manager of that branch sees: the branch plus customers without one', async () => {
    const json = await hoso('customers', 'export', '--format', 'json', '--branch', 'q1');
    expect(json.code).toBe(0);
    const names = json.out.trim().split('\n').map((l) => (JSON.parse(l) as { name: string }).name);
    expect(names.sort()).toEqual(['An Quận Một', 'Chi Chưa Có Chi Nhánh']);
    const csv = await hoso('customers', 'export', '--branch', 'q7');
    expect(csv.out.startsWith('\uFEFFHọ tên,')).toBe(true);
    expect(csv.out).toContain('Bình Quận Bảy');
    expect(csv.out).not.toContain('An Quận Một');
    expect(csv.out.trim().split('\n')).toHaveLength(3);
  });

  it('still exports everyone without --branch, and records each export in the audit log', async () => {
    const all = await hoso('customers', 'export', '--format', 'json');
    expect(all.out.trim().split('\n')).toHaveLength(3);
    await hoso('customers', 'export', '--format', 'csv', '--branch', 'q1');
    const details = (await db.conn.db!.collection('audit_log').find({ action: 'export' }).sort({ _id: 1 }).toArray()).map((d) => d.detail as string);
    expect(details).toEqual(['format=json count=3', 'format=csv branch=q1 count=2']);
  });

  it('rejects a malformed branch or format in one line', async () => {
    for (const args of [['--branch', 'q 1'], ['--format', 'xml']]) {
      const r = await hoso('customers', 'export', ...args);
      expect(r.code).toBe(1);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
