// Customer store against the real database server over the wire.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { allModels } from '../../src/store/index.js';
import { Types } from 'mongoose';
import { CustomerRepository, PhoneTakenError } from '../../src/store/customers.js';
import { openTestDb, type TestDb } from '../support/db.js';

const cli = { kind: 'cli' as const };
let db: TestDb;
let repo: CustomerRepository;

beforeAll(async () => {
  db = await openTestDb();
  repo = new CustomerRepository(db.conn);
});
afterAll(async () => db.close());
beforeEach(async () => db.clear());

describe('indexes', () => {
  it('creates every declared index on the server (a rejected index fails here)', async () => {
    for (const model of allModels(db.conn)) {
      await model.init();
      const onServer = await model.collection.indexes();
      const names = onServer.map((i) => i.name);
      for (const [, opts] of model.schema.indexes()) {
        expect(names).toContain(opts.name);
      }
    }
  });
});

describe('customers', () => {
  it('stores one customer per normalised phone and names the owner of a duplicate', async () => {
    const first = await repo.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3 } }, cli);
    expect(first.ok).toBe(true);
    const second = await repo.create({ name: 'Lan Khác', phone: '+84912345678' }, cli);
    expect(second).toMatchObject({ ok: false, reason: { kind: 'duplicate_phone', existing: { name: 'Nguyễn Thị Lan' } } });
    expect(await repo.count()).toBe(1);
  });

  it('the unique index itself refuses a second document with the same phone', async () => {
    await repo.create({ name: 'A', phone: '+84912345678' }, cli);
    const [customers] = allModels(db.conn);
    await expect(
      customers!.collection.insertOne({ name: 'B', nameKey: 'b', phone: '+84912345678', createdBy: cli, updatedBy: cli }),
    ).rejects.toMatchObject({ code: 11000 });
  });

  it('takes over a phone claim left behind by a crash between the claim and the customer write', async () => {
    await db.conn.db!.collection('customer_phones').insertOne({ _id: '+84912345678' as never, customerId: new Types.ObjectId() });
    const created = await repo.create({ name: 'Lan', phone: '+84912345678' }, cli);
    expect(created.ok).toBe(true);
    expect((await repo.findByPhone('+84912345678'))?.name).toBe('Lan');
  });

  it('two simultaneous registrations of one phone give one customer', async () => {
    const results = await Promise.all([repo.create({ name: 'A', phone: '+84912345678' }, cli), repo.create({ name: 'B', phone: '+84912345678' }, cli)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await repo.count()).toBe(1);
  });

  it('refuses to move a phone onto a second customer and frees the old number on change', async () => {
    const a = await repo.create({ name: 'A', phone: '+84912345678' }, cli);
    const b = await repo.create({ name: 'B', phone: '+84987654321' }, cli);
    if (!a.ok || !b.ok) throw new Error('setup');
    await expect(repo.update(b.value.id, { phone: '+84912345678' }, cli)).rejects.toBeInstanceOf(PhoneTakenError);
    await repo.update(a.value.id, { phone: '+84911111111' }, cli);
    expect((await repo.findByPhone('+84911111111'))?.name).toBe('A');
    expect(await repo.findByPhone('+84912345678')).toBeNull();
    expect((await repo.create({ name: 'C', phone: '+84912345678' }, cli)).ok).toBe(true);
  });

  it('lets several phone-less customers exist', async () => {
    expect((await repo.create({ name: 'Mai' }, cli)).ok).toBe(true);
    expect((await repo.create({ name: 'Hoa' }, cli)).ok).toBe(true);
    expect(await repo.count()).toBe(2);
  });

  it('finds a customer by name words without diacritics and by the last 3 or 4 digits', async () => {
    await repo.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678' }, cli);
    await repo.create({ name: 'Trần Văn Đức', phone: '+84987654321' }, cli);
    expect((await repo.search('nguyen thi')).map((c) => c.name)).toEqual(['Nguyễn Thị Lan']);
    expect((await repo.search('NGUYỄN lan')).map((c) => c.name)).toEqual(['Nguyễn Thị Lan']);
    expect((await repo.search('duc')).map((c) => c.name)).toEqual(['Trần Văn Đức']);
    expect((await repo.search('5678')).map((c) => c.name)).toEqual(['Nguyễn Thị Lan']);
    expect((await repo.search('678')).map((c) => c.name)).toEqual(['Nguyễn Thị Lan']);
    expect(await repo.search('uyen')).toEqual([]);
  });

  it('treats operator-looking text as plain text', async () => {
    await repo.create({ name: 'Lan', phone: '+84912345678' }, cli);
    expect(await repo.search('{"$gt": ""}')).toEqual([]);
    expect(await repo.search('.*')).toEqual([]);
    expect(await repo.findByPhone('{"$gt": ""}')).toBeNull();
  });

  it('keeps the birthday month and day as numbers for the greeting job', async () => {
    const created = await repo.create({ name: 'Lan', phone: '+84912345678', birthday: { day: 12, month: 3 } }, cli);
    if (!created.ok) throw new Error('create failed');
    const [customers] = allModels(db.conn);
    const raw = await customers!.collection.findOne({ birthMonth: 3, birthDay: 12 });
    expect(raw?.name).toBe('Lan');
    expect(created.value.birthday).toEqual({ day: 12, month: 3 });
  });

  it('fills only missing fields and never overwrites an answer', async () => {
    const created = await repo.create({ name: 'Lan', phone: '+84912345678', birthday: { day: 12, month: 3 } }, cli);
    if (!created.ok) throw new Error('create failed');
    const filled = await repo.fillMissing(created.value.id, { birthday: { day: 1, month: 1 }, email: 'lan@example.com' }, cli);
    expect(filled?.birthday).toEqual({ day: 12, month: 3 });
    expect(filled?.email).toBe('lan@example.com');
  });
});

describe('channel identities', () => {
  const address = { channel: 'telegram' as const, account: 'bot1', userId: '42' };

  it('links a chat to exactly one customer', async () => {
    const a = await repo.create({ name: 'A', phone: '+84912345678' }, cli);
    const b = await repo.create({ name: 'B', phone: '+84987654321' }, cli);
    if (!a.ok || !b.ok) throw new Error('create failed');
    expect(await repo.linkIdentity(a.value.id, address)).toEqual({ ok: true, value: 'linked' });
    expect(await repo.linkIdentity(a.value.id, address)).toEqual({ ok: true, value: 'already_linked' });
    expect(await repo.linkIdentity(b.value.id, address)).toEqual({ ok: false, reason: { kind: 'linked_to_other', customerId: a.value.id } });
    expect((await repo.findByIdentity(address))?.name).toBe('A');
  });

  it('erasure removes personal data and unlinks every chat', async () => {
    const a = await repo.create({ name: 'Lan', phone: '+84912345678', birthday: { day: 12, month: 3 } }, cli);
    if (!a.ok) throw new Error('create failed');
    await repo.linkIdentity(a.value.id, address);
    await repo.erase(a.value.id, cli);
    expect(await repo.findByIdentity(address)).toBeNull();
    expect(await repo.findByPhone('+84912345678')).toBeNull();
    expect(await repo.search('lan')).toEqual([]);
    // The phone is free again: the person can register anew.
    expect((await repo.create({ name: 'Lan', phone: '+84912345678' }, cli)).ok).toBe(true);
  });
});
