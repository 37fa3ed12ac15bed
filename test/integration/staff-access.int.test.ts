// Authorization matrix: every staff command × role × (own / same branch / other branch) customer, through the engine.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { StaffVisibility } from '../../src/domain/visibility.js';
import type { Engine } from '../../src/engine/types.js';
import type { Store } from '../../src/store/index.js';
import type { StaffMember } from '../../src/store/staff.js';
import { Chat, makeEngine, SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { peopleVi } from '../../src/engine/copy/people-vi.js';
import { copyPattern, staffVi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let clock: TestClock;
let store: Store;
const members: Record<string, StaffMember> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await openTestDb('staffacl');
});
afterAll(async () => db.close());

async function seed(): Promise<void> {
  await db.clear();
  clock = new TestClock('2026-03-10T03:00:00Z');
  store = makeEngine(db, clock).store;
  const people: [string, 'owner' | 'manager' | 'staff', string | undefined, string][] = [
    ['owner', 'owner', undefined, '900'],
    ['managerQ1', 'manager', 'q1', '901'],
    ['managerQ3', 'manager', 'q3', '902'],
    ['staffA', 'staff', 'q1', '903'],
    ['staffB', 'staff', 'q1', '904'],
  ];
  for (const [key, role, branchId, tg] of people) {
    const r = await store.staff.add({ name: key, role, chats: [{ channel: 'telegram', userId: tg }], ...(branchId ? { branchId } : {}) });
    if (!r.ok) throw new Error('seed staff');
    members[key] = r.value;
  }
  const customers: [string, string, string, string][] = [
    ['ownOfA', 'Lan Một', '+84912000001', 'q1'],
    ['sameBranch', 'Lan Hai', '+84912000002', 'q1'],
    ['otherBranch', 'Lan Ba', '+84912000003', 'q3'],
  ];
  for (const [key, name, phone, branchId] of customers) {
    const r = await store.customers.create(
      { name, phone, branchId, birthday: { day: 11, month: 3 }, managerStaffId: key === 'ownOfA' ? members.staffA!.id : members.staffB!.id },
      { kind: 'cli' },
    );
    if (!r.ok) throw new Error('seed customer');
    ids[key] = r.value.id;
  }
}

function chatOf(engine: Engine, who: string): Chat {
  return new Chat(engine, { channel: 'telegram', account: 'testbot', userId: members[who]!.chats[0]!.userId }, who);
}

type Outcome = 'full' | 'masked' | 'hidden';
const matrix: Record<StaffVisibility, Record<string, Record<string, Outcome>>> = {
  masked: {
    owner: { ownOfA: 'full', sameBranch: 'full', otherBranch: 'full' },
    managerQ1: { ownOfA: 'full', sameBranch: 'full', otherBranch: 'hidden' },
    managerQ3: { ownOfA: 'hidden', sameBranch: 'hidden', otherBranch: 'full' },
    staffA: { ownOfA: 'full', sameBranch: 'masked', otherBranch: 'hidden' },
  },
  own: {
    staffA: { ownOfA: 'full', sameBranch: 'hidden', otherBranch: 'hidden' },
  },
  none: {
    staffA: { ownOfA: 'masked', sameBranch: 'hidden', otherBranch: 'hidden' },
  },
};
const phoneOf: Record<string, string> = { ownOfA: '0912 000 001', sameBranch: '0912 000 002', otherBranch: '0912 000 003' };
const maskedOf: Record<string, string> = { ownOfA: '0912 *** 001', sameBranch: '0912 *** 002', otherBranch: '0912 *** 003' };
const nameOf: Record<string, string> = { ownOfA: 'Lan Một', sameBranch: 'Lan Hai', otherBranch: 'Lan Ba' };

const cases = Object.entries(matrix).flatMap(([setting, byRole]) =>
  Object.entries(byRole).flatMap(([who, byCustomer]) => Object.entries(byCustomer).map(([customer, outcome]) => [setting as StaffVisibility, who, customer, outcome] as const)),
);

describe.each(cases)('setting %s: %s on customer %s → %s', (setting, who, customer, outcome) => {
  let engine: Engine;
  beforeEach(async () => {
    await seed();
    engine = makeEngine(db, clock, { ...SETTINGS, staffVisibility: setting }).engine;
  });

  it('/tim lists the customer only as far as allowed', async () => {
    const chat = chatOf(engine, who);
    await chat.command('tim', phoneOf[customer]!.slice(-4));
    const labels = chat.buttons.join('\n');
    if (outcome === 'hidden') expect(labels).not.toContain(nameOf[customer]);
    // Seed 000, setting none: "chỉ thấy ảnh và tên", the name without even the masked phone.
    if (outcome === 'masked' && setting === 'none') expect(chat.buttons).toContain(nameOf[customer]);
    if (outcome === 'masked') expect(labels).not.toContain(setting === 'none' ? maskedOf[customer]! : phoneOf[customer]!);
    if (outcome === 'masked' && setting !== 'none') expect(labels).toContain(`${nameOf[customer]} · ${maskedOf[customer]}`);
    if (outcome === 'full') expect(labels).toContain(`${nameOf[customer]} · ${phoneOf[customer]}`);
  });

  it('/xem, /ghichu, /goi, /ghe and /sinhnhat respect the same access, and reads are audited', async () => {
    const chat = chatOf(engine, who);
    await chat.command('tim', phoneOf[customer]!.slice(-4));
    if (outcome === 'hidden') {
      expect(chat.buttons.some((b) => b.includes(nameOf[customer]!))).toBe(false);
      await chat.command('sinhnhat');
      expect(chat.said).not.toContain(nameOf[customer]);
      expect(await store.audit.forCustomer(ids[customer]!)).toEqual([]);
      return;
    }
    await chat.press(nameOf[customer]!);
    // Seed 000, setting none: "chỉ thấy ảnh và tên", the card has not even the masked phone.
    if (outcome === 'masked' && setting === 'none') expect(chat.said).toBe(peopleVi.photoOnlyCard({ name: nameOf[customer]! }));
    else if (outcome === 'masked') expect(chat.said).toContain(maskedOf[customer]);
    else expect(chat.said).toContain(phoneOf[customer]);
    await chat.command('xem');
    const reads = await store.audit.forCustomer(ids[customer]!);
    expect(reads.filter((e) => e.action === 'read_card' && e.actor.id === members[who]!.id)).toHaveLength(2);

    await chat.command('ghichu', 'da nhạy cảm');
    await chat.command('goi', 'hỏi thăm sau liệu trình');
    await chat.command('ghe', 'Massage 300k');
    const notes = await store.activity.recentNotes(ids[customer]!, 5);
    const calls = await store.activity.recentCalls(ids[customer]!, 5);
    const visits = await store.activity.recentVisits(ids[customer]!, 5);
    const written = outcome === 'full' ? 1 : 0;
    expect([notes.length, calls.length, visits.length]).toEqual([written, written, written]);

    await chat.command('sinhnhat');
    expect(chat.said).toContain(nameOf[customer]);
    if (outcome === 'masked' && setting === 'none') expect(chat.said).not.toContain(maskedOf[customer]!);
    else expect(chat.said).toContain(outcome === 'full' ? phoneOf[customer] : maskedOf[customer]);
  });

  it('/thieu lists the customer (missing fields) only with full access', async () => {
    const chat = chatOf(engine, who);
    await chat.command('thieu');
    if (outcome === 'full') expect(chat.said).toContain(nameOf[customer]);
    else expect(chat.said).not.toContain(nameOf[customer]);
  });

  it('/kh with an existing phone shows the customer only as far as allowed and never duplicates', async () => {
    const chat = chatOf(engine, who);
    await chat.command('kh', `Khách Mới ${phoneOf[customer]!.replace(/ /g, '')}`);
    if (outcome === 'hidden') {
      expect(chat.said).not.toContain(nameOf[customer]);
      expect(chat.said).toContain(staffVi.duplicateHidden);
    } else {
      expect(chat.said).toContain(nameOf[customer]);
      expect(chat.said).toContain(outcome === 'full' ? phoneOf[customer] : maskedOf[customer]);
    }
    expect(await store.customers.count()).toBe(3);
  });
});

describe('chat-level guarantees', () => {
  let engine: Engine;
  beforeEach(async () => {
    await seed();
    engine = makeEngine(db, clock).engine;
  });

  it('a forged button naming another customer opens nothing', async () => {
    const chat = chatOf(engine, 'staffA');
    await chat.command('tim', '0001');
    await chat.send({ kind: 'choice', value: `open:${ids.otherBranch}` });
    expect(chat.said).not.toContain('Lan Ba');
    await chat.command('ghichu', 'thử');
    expect(await store.activity.recentNotes(ids.otherBranch!, 5)).toEqual([]);
  });

  it('staff commands from a customer get the customer flow with no hint that they exist', async () => {
    const customer = new Chat(engine);
    await customer.command('tim', 'lan');
    expect(customer.said).not.toContain('/tim');
    expect(customer.said).not.toContain('Lan');
    await customer.command('kh', 'Lan 0912000009');
    expect(await store.customers.count()).toBe(3);
  });

  it('warns before a second call within 24 hours, naming who called and when', async () => {
    const a = chatOf(engine, 'owner');
    await a.command('tim', '0001');
    await a.press('Lan Một');
    await a.command('goi', 'Đã tư vấn gói trị mụn');
    clock.advanceHours(2);
    const b = chatOf(engine, 'managerQ1');
    await b.command('tim', '0001');
    await b.press('Lan Một');
    await b.command('goi', 'gọi lại');
    expect(b.said).toContain(staffVi.callWarning({ who: 'owner', customer: 'Lan Một', ago: staffVi.hoursAgo(2), content: 'Đã tư vấn gói trị mụn' }));
    expect(await store.activity.recentCalls(ids.ownOfA!, 5)).toHaveLength(1);
    await b.press(staffVi.callLogAnyway);
    expect(await store.activity.recentCalls(ids.ownOfA!, 5)).toHaveLength(2);
    clock.advanceHours(25);
    await b.command('goi', 'hẹn lịch');
    expect(b.said).not.toContain('⚠️');
    expect(await store.activity.recentCalls(ids.ownOfA!, 5)).toHaveLength(3);
  });

  it('one-line quick add parses what it can, asks what is missing, and saves to the confirmed card only', async () => {
    const chat = chatOf(engine, 'staffA');
    await chat.command('kh', 'lan bốn 091234567 12/3 trị mụn');
    expect(chat.said).toContain(staffVi.addDoubtful({ fields: staffVi.fieldNames.phone }));
    expect(chat.said).toContain(staffVi.addAskPhone);
    await chat.text('0912 000 004');
    expect(chat.said).toContain(staffVi.addCard({ name: 'Lan Bốn', phone: '0912 000 004', birthday: '12/3', needs: 'Trị mụn' }));
    await chat.press(staffVi.addSave);
    const saved = await store.customers.findByPhone('+84912000004');
    expect(saved).toMatchObject({ name: 'Lan Bốn', birthday: { day: 12, month: 3 }, managerStaffId: members.staffA!.id, branchId: 'q1' });
    expect((await store.audit.forCustomer(saved!.id)).map((e) => e.action)).toContain('create');
    // The new customer is the open one: a note lands on her and nobody else.
    await chat.command('ghichu', 'thích trà gừng');
    expect(await store.activity.recentNotes(saved!.id, 5)).toHaveLength(1);
  });

  it('invitations: a code works once, a wrong or reused or expired code says only that it is invalid', async () => {
    const manager = chatOf(engine, 'managerQ1');
    const invited = copyPattern((hole) => staffVi.inviteCreated({ code: hole(), role: staffVi.roleNames.staff, hours: hole<number>() }));
    await manager.command('moi', 'staff');
    const code = invited.exec(manager.said)![1]!;
    expect(code).toMatch(/^[0-9A-Z]{8}$/);
    const newbie = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '777' }, 'Hoa');
    await newbie.command('start', code);
    expect(newbie.said).toContain(staffVi.inviteAccepted({ name: 'Hoa', role: staffVi.roleNames.staff }));
    const member = await store.staff.findByAddress(newbie.address);
    expect(member).toMatchObject({ role: 'staff', branchId: 'q1' });
    const other = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '778' });
    await other.command('start', code);
    expect(other.said).toContain(staffVi.inviteInvalid);
    await other.command('start', 'ZZZZZZZZ');
    const wrong = other.said;
    expect(wrong).toContain(staffVi.inviteInvalid);
    await manager.command('moi', 'staff');
    const late = invited.exec(manager.said)![1]!;
    clock.advanceHours(25);
    await other.command('start', late);
    expect(other.said).toBe(wrong);
    expect(await store.staff.findByAddress(other.address)).toBeNull();
  });

  it('a manager cannot invite a manager, and staff cannot invite at all', async () => {
    const manager = chatOf(engine, 'managerQ1');
    await manager.command('moi', 'manager');
    expect(manager.said).not.toMatch(/[0-9A-Z]{8}\n/);
    const staff = chatOf(engine, 'staffA');
    await staff.command('moi', 'staff');
    expect(staff.said).toContain(staffVi.notAllowed);
  });
});
