// Branches are a list, not free text (issue 17): `/moi staff q1` and `/moi staff Q1` invite into the one branch "Q1";
// `/moi staff` without a branch asks which, offering the list; a branch not on the list is refused with the list;
// a forged branch button is refused; the CLI and the import match the same way.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readImportRow } from '../../src/domain/import-row.js';
import { staffVi } from '../../src/engine/copy/staff-vi.js';
import { createStore, type Store } from '../../src/store/index.js';
import { Chat, makeEngine, SETTINGS } from '../support/chat.js';
import { runHoso } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let store: Store;
const clock = new TestClock('2026-12-02T03:00:00Z');
const today = { year: 2026, month: 12, day: 2 };

beforeAll(async () => {
  db = await openTestDb('branches');
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.clear();
  store = createStore(db.conn, clock.now);
});

async function owner(): Promise<Chat> {
  const r = await store.staff.add({ name: 'Chủ', role: 'owner', chats: [{ channel: 'telegram', userId: '900' }] });
  if (!r.ok) throw new Error('owner');
  const { engine } = makeEngine(db, clock, { ...SETTINGS, branches: ['Q1', 'Q3', 'Thủ Đức'] });
  return new Chat(engine, { channel: 'telegram', account: 'bot', userId: '900' });
}
const inviteBranches = async () => (await db.conn.db!.collection('staff_invites').find({}).toArray()).map((i) => i.branchId as string | undefined);

describe('branches as a list', () => {
  it('matches a typed branch without case, diacritics or spaces; asks when none is typed; refuses one not on the list', async () => {
    const chat = await owner();
    await chat.command('moi', 'staff q1');
    expect(chat.said).toContain('Mã mời');
    await chat.command('moi', 'manager thu duc');
    expect(await inviteBranches()).toEqual(['Q1', 'Thủ Đức']);

    await chat.command('moi', 'staff');
    expect(chat.said).toBe(staffVi.inviteBranchAsk({ role: staffVi.roleNames.staff }));
    expect(chat.buttons).toEqual(['Q1', 'Q3', 'Thủ Đức']);
    await chat.press('Q3');
    expect(chat.said).toContain('Mã mời');
    expect(await inviteBranches()).toEqual(['Q1', 'Thủ Đức', 'Q3']);

    await chat.command('moi', 'staff Quận 7');
    expect(chat.said).toBe(staffVi.inviteBranchUnknown({ list: 'Q1, Q3, Thủ Đức' }));
    // A branch button never offered, and one past the list: refused, no invitation made.
    await chat.send({ kind: 'choice', value: 'inv:manager:1' });
    expect(chat.said).toBe(staffVi.notAllowed);
    await chat.send({ kind: 'choice', value: 'inv:staff:9' });
    expect(chat.said).toBe(staffVi.notAllowed);
    expect(await inviteBranches()).toHaveLength(3);
  });

  it('a manager\'s invitations stay in her branch whatever she types', async () => {
    const r = await store.staff.add({ name: 'Quản lý', role: 'manager', branchId: 'Q1', chats: [{ channel: 'telegram', userId: '901' }] });
    if (!r.ok) throw new Error('manager');
    const { engine } = makeEngine(db, clock, { ...SETTINGS, branches: ['Q1', 'Q3'] });
    const chat = new Chat(engine, { channel: 'telegram', account: 'bot', userId: '901' });
    await chat.command('moi', 'staff q3');
    expect(await inviteBranches()).toEqual(['Q1']);
  });

  it('without a configured list, a typed branch takes the staff\'s spelling ("q1" is their "Q1")', async () => {
    await store.staff.add({ name: 'Hoa', role: 'staff', branchId: 'Q1', chats: [{ channel: 'telegram', userId: '902' }] });
    await store.staff.add({ name: 'Chủ', role: 'owner', chats: [{ channel: 'telegram', userId: '900' }] });
    const { engine } = makeEngine(db, clock);
    const chat = new Chat(engine, { channel: 'telegram', account: 'bot', userId: '900' });
    await chat.command('moi', 'staff q1');
    await chat.command('moi', 'staff q9');
    expect(await inviteBranches()).toEqual(['Q1', 'q9']);
  });

  it('the CLI adds staff to a listed branch only, and lists the branches', async () => {
    const env = { MONGODB_URI: db.dbUri, LOG_LEVEL: 'silent', SPA_BRANCHES: 'Q1,Thủ Đức' };
    expect((await runHoso(env, ['staff', 'add', '--name', 'Hoa', '--role', 'staff', '--branch', 'thu duc'])).code).toBe(0);
    const bad = await runHoso(env, ['staff', 'add', '--name', 'Mai', '--role', 'staff', '--branch', 'q7']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Q1, Thủ Đức');
    expect((await store.staff.list()).map((m) => m.branchId)).toEqual(['Thủ Đức']);
    const listed = await runHoso(env, ['branches']);
    expect(listed.out.trim().split('\n')).toEqual(['Q1', 'Thủ Đức']);
  });

  it('an import cell names a listed branch or is rejected when the list is configured', () => {
    const row = (branch: string, strict: boolean) => readImportRow({ name: 'Lan', phone: '0912345678', branch }, today, { list: ['Q1', 'Thủ Đức'], strict });
    expect(row('thu duc', true)).toMatchObject({ ok: true, value: { branchId: 'Thủ Đức' } });
    expect(row('q 1', true)).toMatchObject({ ok: true, value: { branchId: 'Q1' } });
    expect(row('q7', true).ok).toBe(false);
    expect(row('q7', false)).toMatchObject({ ok: true, value: { branchId: 'q7' } });
  });
});
