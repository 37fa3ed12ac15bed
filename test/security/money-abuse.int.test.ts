// Tamper and abuse cases for every money command (issue 13): negative, zero and absurd amounts, impossible
// packages, a method that makes no sense for the command, a removed colleague, a customer chat typing staff money
// commands, a forged button. Nothing of it may write a money record.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readAmountAndMethod, readPackageWords, readSaleWords, readVisitWords } from '../../src/domain/money-commands.js';
import { MAX_OPERATION_VND } from '../../src/domain/money-rules.js';
import { moneyStaffVi as m } from '../../src/engine/copy/money-vi.js';
import type { Store } from '../../src/store/index.js';
import { Chat, makeEngine, SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';

describe('money commands refuse what they must', () => {
  let db: TestDb;
  let store: Store;
  let mai: Chat;
  let engine: ReturnType<typeof makeEngine>['engine'];
  let maiId: string;

  beforeAll(async () => {
    db = await openTestDb('money_abuse');
  });
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.clear();
    const made = makeEngine(db, new TestClock('2026-12-02T03:00:00Z'));
    store = made.store;
    engine = made.engine;
    const r = await store.staff.add({ name: 'Lễ Tân Mai', role: 'manager', branchId: 'q1', chats: [{ channel: 'telegram', userId: '8201' }] });
    if (!r.ok) throw new Error('setup');
    maiId = r.value.id;
    mai = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '8201' });
    const c = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', branchId: 'q1' }, { kind: 'cli' });
    if (!c.ok) throw new Error('setup');
    await mai.command('tim', '5678');
    await mai.press('Nguyễn Thị Lan');
  });
  const written = async () => (await db.conn.db!.collection('money_entries').countDocuments()) + (await db.conn.db!.collection('treatment_packages').countDocuments()) + (await db.conn.db!.collection('visits').countDocuments());

  it('/goilieutrinh: negative or absurd price, no or too many sessions, an expiry in the past, paid now above the price', async () => {
    for (const [args, want] of [
      ['trị mụn 10 buổi -5tr', m.badAmount],
      ['trị mụn 10 buổi 5000 tỷ', m.badAmount],
      ['trị mụn 0 buổi 5tr', m.badPackage],
      ['trị mụn 1000 buổi 5tr', m.badPackage],
      ['trị mụn 10 buổi 5tr hạn 1/1/2020', m.badPackage],
      ['trị mụn 10 buổi 5tr cọc 9tr', m.badAmount],
      ['trị mụn 10 buổi 5tr từ gói', m.badAmount],
      ['trị mụn 5tr', m.packageUsage],
    ] as const) {
      await mai.command('goilieutrinh', args);
      expect([args, mai.said]).toEqual([args, want]);
    }
    expect(await written()).toBe(0);
  });

  it('/coc, /ban, /tra, /doidiem: zero, negative, absurd, a method that cannot apply', async () => {
    for (const [cmd, args, want] of [
      ['coc', '0', m.badAmount],
      ['coc', '-1tr', m.badAmount],
      ['coc', '1tr từ cọc', m.depositUsage],
      ['coc', '1tr nợ', m.depositUsage],
      ['ban', 'kem -2 x 250k', m.badAmount],
      ['ban', 'kem 0 x 250k', m.badAmount],
      ['ban', 'kem 2000 x 250k', m.badAmount],
      ['ban', 'kem 999 x 999tr', m.badAmount],
      ['ban', 'kem 250k từ gói', m.badAmount],
      ['tra', '500k', m.noDebt({ name: 'Nguyễn Thị Lan' })],
      ['tra', '500k nợ', m.badAmount],
      ['doidiem', '1', m.pointsShort({ points: 0 })],
      ['doidiem', '99999999999', m.redeemUsage],
    ] as const) {
      await mai.command(cmd, args);
      expect([cmd, args, mai.said]).toEqual([cmd, args, want]);
    }
    expect(await written()).toBe(0);
  });

  it('a removed colleague\'s chat, a forged button and a customer chat write nothing', async () => {
    await store.staff.remove(maiId);
    for (const [c, a] of [['ghe', 'massage 500k'], ['goilieutrinh', 'massage 5 buổi 2tr'], ['coc', '1tr'], ['ban', 'kem 200k'], ['tra', '100k'], ['doidiem', '1'], ['congno', '']] as const) {
      await mai.command(c, a);
      expect(mai.said).not.toContain('Nguyễn Thị Lan');
    }
    const guest = new Chat(engine, { channel: 'telegram', account: 'testbot', userId: '9998' });
    await guest.send({ kind: 'choice', value: 'open:000000000000000000000000' });
    for (const [c, a] of [['goilieutrinh', 'massage 5 buổi 2tr'], ['congno', ''], ['tra', '1tr']] as const) {
      await guest.command(c, a);
      expect(guest.said).not.toContain('Nguyễn Thị Lan');
    }
    expect(await written()).toBe(0);
  });
});

describe('money command readers take any text', () => {
  it('never throw, and every amount they return is a whole, non-negative number within bounds', () => {
    const today = { year: 2026, month: 12, day: 2 };
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.array(fc.constantFrom('350k', '-1tr', '1tr5', 'buổi', '10', 'x', 'cọc', 'từ', 'gói', 'hạn', '3', 'tháng', 'nợ', 'chị', 'Hoa', '31/2', '9999tỷ', ';'), { maxLength: 12 }), (noise, words) => {
        const text = `${noise} ${words.join(' ')}`;
        const amounts: number[] = [];
        const v = readVisitWords(text, SETTINGS.services);
        if (v.ok && v.value.amountVnd !== undefined) amounts.push(v.value.amountVnd);
        const p = readPackageWords(text, SETTINGS.services, today);
        if (p.ok) amounts.push(p.value.priceVnd, p.value.paidNowVnd ?? 0, p.value.sessions);
        const s = readSaleWords(text);
        if (s.ok) for (const l of s.lines) amounts.push(l.unitVnd, l.quantity);
        const a = readAmountAndMethod(text);
        if (a.ok) amounts.push(a.amountVnd);
        for (const n of amounts) expect(Number.isSafeInteger(n) && n >= 0 && n <= 1000 * MAX_OPERATION_VND).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
