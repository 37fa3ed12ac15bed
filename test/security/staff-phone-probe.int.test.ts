// Issue 12: /kh with a phone already on file shows that customer only within the viewer's visibility, and is audited.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Store } from '../../src/store/index.js';
import { Chat, makeEngine, SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { staffVi } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let store: Store;
let clock: TestClock;

beforeAll(async () => {
  db = await openTestDb('sec_probe');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-03-10T03:00:00Z');
  store = makeEngine(db, clock).store;
});

async function member(role: 'manager' | 'staff', branchId: string, tg: string) {
  const r = await store.staff.add({ name: `${role}-${branchId}`, role, branchId, chats: [{ channel: 'telegram', userId: tg }] });
  if (!r.ok) throw new Error('setup');
  return r.value;
}

describe('/kh with a phone that is already a customer', () => {
  it('outside the viewer\'s visibility: names nobody, asks for a manager, creates nothing, and audits the probe', async () => {
    const made = await store.customers.create({ name: 'Lan Ba', phone: '+84912000003', branchId: 'q3' }, { kind: 'cli' });
    if (!made.ok) throw new Error('setup');
    const hoa = await member('staff', 'q1', '903');
    const { engine } = makeEngine(db, clock, { ...SETTINGS, staffVisibility: 'masked' });
    const chat = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '903' }, 'Hoa');
    await chat.command('kh', 'Khách Mới 0912000003');
    expect(chat.said).toBe(staffVi.duplicateHidden);
    expect(chat.buttons).toEqual([]);
    expect(await store.customers.count()).toBe(1);
    const entries = await store.audit.forCustomer(made.value.id);
    expect(entries).toEqual([expect.objectContaining({ action: 'probe_phone', actor: { kind: 'staff', id: hoa.id }, channel: 'telegram', detail: 'access=hidden' })]);
  });

  it('within it: shows the customer as far as allowed, and audits the probe too', async () => {
    const made = await store.customers.create({ name: 'Lan Một', phone: '+84912000001', branchId: 'q1' }, { kind: 'cli' });
    if (!made.ok) throw new Error('setup');
    const manager = await member('manager', 'q1', '901');
    const { engine } = makeEngine(db, clock);
    const chat = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '901' }, 'Mai');
    await chat.command('kh');
    await chat.text('Khách Mới');
    await chat.text('0912 000 001');
    expect(chat.said).toContain(staffVi.duplicate({ name: 'Lan Một', phone: '0912 000 001' }));
    expect((await store.audit.forCustomer(made.value.id)).map((e) => [e.action, e.actor.id, e.detail])).toEqual([['probe_phone', manager.id, 'access=full']]);
  });
});
