// A reassigned customer's new managing staff member is told (issue 17), through the outbox and the real dispatcher:
// the message names the customer and who reassigned her, read when sent; reassigned again (or erased) before it
// goes, nothing is said to the one who is no longer her manager; assigning oneself plans nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dispatchDue } from '../../jobs/dispatch.js';
import { cardEditVi } from '../../src/engine/copy/card-edit-vi.js';
import { editCard, webEditField } from '../../src/services/card-edits.js';
import { customerAccess } from '../../src/services/customer-access.js';
import { tellNewManager } from '../../src/services/manager-notice.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { StaffMember } from '../../src/store/staff.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { BOT, jobsWorld } from '../support/jobs-fixture.js';

let db: TestDb;
let store: Store;
let clock: TestClock;
let owner: StaffMember;
let tuan: StaffMember;
let hoa: StaffMember;
let lan: string;
const deps = () => ({ now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' });
const TUAN_CHAT = { channel: 'telegram' as const, account: BOT, userId: '7301' };
const HOA_CHAT = { channel: 'telegram' as const, account: BOT, userId: '7302' };

beforeAll(async () => {
  db = await openTestDb('manager_notice');
});
afterAll(async () => db.close());

beforeEach(async () => {
  await db.clear();
  clock = new TestClock('2026-12-02T03:00:00Z');
  store = createStore(db.conn, clock.now);
  const add = async (name: string, role: 'owner' | 'staff', branchId?: string) => {
    const r = await store.staff.add({ name, role, ...(branchId ? { branchId } : {}) });
    if (!r.ok) throw new Error('seed staff');
    return r.value;
  };
  owner = await add('Chủ Spa', 'owner');
  tuan = await add('Tuấn', 'staff', 'q1');
  hoa = await add('Hoa', 'staff', 'q1');
  const c = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1', managerStaffId: hoa.id }, { kind: 'cli' });
  if (!c.ok) throw new Error('seed customer');
  lan = c.value.id;
});

const ownerAccess = (channel = 'telegram') => customerAccess({ store, staffVisibility: 'masked' }, { kind: 'staff', staffId: owner.id, channel });

/** The edit service plans the message itself, for the chat and the web page alike. */
async function reassign(to: string): Promise<void> {
  const r = await editCard(ownerAccess(), deps(), lan, 'manager', to);
  if (!r.ok || !r.value.newManager) throw new Error(`reassign: ${JSON.stringify(r)}`);
}

describe('the new managing staff member is told', () => {
  it('sends the new manager one message naming the customer and who reassigned her', async () => {
    await reassign('Tuấn');
    const w = jobsWorld(db, clock);
    w.staffChats.set(tuan.id, TUAN_CHAT);
    expect(await dispatchDue(w.ctx)).toMatchObject({ sent: 1 });
    expect(w.telegram.sent).toEqual([expect.objectContaining({ address: TUAN_CHAT, text: cardEditVi.managerToldYou({ customer: 'Nguyễn Thị Lan', phone: '0912 345 678', by: 'Chủ Spa' }) })]);
    expect(await dispatchDue(w.ctx)).toMatchObject({ sent: 0 });
  });

  it('says nothing to a manager she no longer has by the time it goes, and the current one is told', async () => {
    await reassign('Tuấn');
    clock.advance(1_000);
    await reassign('Hoa');
    const w = jobsWorld(db, clock);
    w.staffChats.set(tuan.id, TUAN_CHAT);
    w.staffChats.set(hoa.id, HOA_CHAT);
    expect(await dispatchDue(w.ctx)).toMatchObject({ sent: 1, cancelled: 1 });
    expect(w.telegram.sent.map((s) => s.address)).toEqual([HOA_CHAT]);
  });

  it('the web page\'s edit form tells the new manager too', async () => {
    expect(await webEditField(deps())(ownerAccess('web'), lan, 'manager', 'Tuấn')).toEqual({ ok: true });
    const rows = await db.conn.db!.collection('outbox').find({ purpose: 'manager_assigned' }).toArray();
    expect(rows).toEqual([expect.objectContaining({ audience: 'staff', staffId: tuan.id, occasion: owner.id })]);
    // The same value again is no reassignment: nothing more planned.
    expect(await webEditField(deps())(ownerAccess('web'), lan, 'manager', 'Tuấn')).toEqual({ ok: true });
    expect(await db.conn.db!.collection('outbox').countDocuments({ purpose: 'manager_assigned' })).toBe(1);
  });

  it('plans nothing when a member assigns the customer to themselves', async () => {
    await tellNewManager(store, { customer: (await store.customers.findById(lan))!, manager: owner, by: owner, now: clock.now(), timeZone: 'Asia/Ho_Chi_Minh' });
    expect(await db.conn.db!.collection('outbox').countDocuments({ purpose: 'manager_assigned' })).toBe(0);
  });
});
