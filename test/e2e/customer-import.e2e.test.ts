// `hoso customers import` end to end: a generated spa list (xlsx, csv) through the real CLI into FerretDB.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { importMessages } from '../../src/cli/import-messages.js';
import { createStore } from '../../src/store/index.js';
import { runHoso } from '../support/cli.js';
import { e164Of, generateSheet, phoneOf, SHEET_HEADER, writeCsv, writeXlsx } from '../support/customer-sheet.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let env: Record<string, string>;
let dir: string;
const hoso = (...argv: string[]) => runHoso(env, argv);
const customers = () => db.conn.db!.collection('customers');
const readReport = (path: string): string[][] => parse(readFileSync(path, 'utf8'), { bom: true }) as string[][];

beforeAll(async () => {
  db = await openTestDb('import');
  env = { MONGODB_URI: db.dbUri, LOG_LEVEL: 'silent' };
  dir = mkdtempSync(join(tmpdir(), 'hoso-import-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.close();
});
beforeEach(async () => db.clear());

describe('hoso customers import', () => {
  it('imports 5,000 xlsx rows with 3 % bad rows and 2 % duplicates: each bad row reported, no good row lost, nobody twice', async () => {
    const store = createStore(db.conn);
    // Customers already on file, some with empty fields an import may fill, one with a value it must not change.
    const existingPhones = Array.from({ length: 50 }, (_, i) => i);
    for (const i of existingPhones) {
      const r = await store.customers.create({ name: `Khách Cũ ${String.fromCharCode(65 + (i % 26))}`, phone: e164Of(i), ...(i === 0 ? { email: 'cu@spa.vn' } : {}) }, { kind: 'cli' });
      expect(r.ok).toBe(true);
    }
    const sheet = generateSheet(5_000, existingPhones);
    expect(sheet.bad.size).toBeGreaterThanOrEqual(150);
    expect(sheet.repeats.size).toBeGreaterThanOrEqual(95);
    const file = join(dir, 'khach.xlsx');
    await writeXlsx(file, SHEET_HEADER, sheet.rows);
    const reportPath = join(dir, 'bao-cao.csv');

    const run = await hoso('customers', 'import', file, '--report', reportPath);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain(importMessages.noConsent);

    const report = readReport(reportPath);
    const rejected = report.filter((r) => r[3] === importMessages.rejected);
    // Exactly the bad lines, each with its column and the value as typed.
    expect(new Map(rejected.map((r) => [Number(r[0]), r[1]]))).toEqual(sheet.bad);
    expect(rejected.every((r) => r[2] !== '' && r[4] !== '')).toBe(true);
    expect(report.at(-1)![4]).toBe(importMessages.noConsent);
    // Every duplicate line is in the report as merged, none as rejected.
    const merged = new Set(report.filter((r) => r[3] === importMessages.merged).map((r) => Number(r[0])));
    for (const line of sheet.repeats) expect(merged.has(line)).toBe(true);

    // No customer twice, no good phone lost: one record per distinct phone, old and new.
    const all = await customers().find({}).toArray();
    const phones = all.map((c) => c.phone as string);
    expect(new Set(phones).size).toBe(phones.length);
    const expected = new Set([...existingPhones.map(e164Of), ...[...sheet.goodPhones].map(e164Of)]);
    expect(new Set(phones)).toEqual(expected);
    expect(await db.conn.db!.collection('customer_phones').countDocuments()).toBe(expected.size);

    // Existing customers kept their name and email; only empty fields were filled.
    const first = all.find((c) => c.phone === e164Of(0))!;
    expect(first.name).toBe('Khách Cũ A');
    expect(first.email).toBe('cu@spa.vn');
    const filled = all.filter((c) => existingPhones.map(e164Of).includes(c.phone as string) && c.birthday);
    expect(filled.length).toBeGreaterThan(0);
    // Imported customers have no consent at all: nobody agreed to chat messages by being on a spreadsheet.
    const imported = all.filter((c) => c.createdBy?.channel === 'import');
    expect(imported.length).toBe(sheet.goodPhones.size - sheet.existing.size);
    expect(imported.every((c) => c.consent.care === false && c.consent.marketing === false && c.consents.length === 0)).toBe(true);
    // A row read from an Excel date cell and one typed as text both became birthdays; a numeric phone kept its 0.
    const line2 = all.find((c) => c.phone === e164Of(100_000))!;
    expect(line2.birthday).toEqual({ day: 1, month: 1, year: 1985 });
    expect(all.find((c) => c.phone === e164Of(100_003))).toBeDefined();

    // Running the same file again changes nothing: no new customer, no note twice.
    const notesBefore = await db.conn.db!.collection('notes').countDocuments();
    expect(notesBefore).toBeGreaterThan(0);
    const again = await hoso('customers', 'import', file, '--report', reportPath);
    expect(again.code).toBe(0);
    expect(await customers().countDocuments()).toBe(expected.size);
    expect(await db.conn.db!.collection('notes').countDocuments()).toBe(notesBefore);
    const audits = await db.conn.db!.collection('audit_log').find({ action: 'import' }).toArray();
    expect(audits).toHaveLength(2);
    expect(audits[1]!.detail).toContain('created=0');
  }, 240_000);

  it('--dry-run writes no customer, and the report still names the bad rows', async () => {
    const sheet = generateSheet(200);
    const file = join(dir, 'thu.xlsx');
    await writeXlsx(file, SHEET_HEADER, sheet.rows);
    const run = await hoso('customers', 'import', file, '--dry-run');
    expect(run.code).toBe(0);
    expect(await customers().countDocuments()).toBe(0);
    expect(await db.conn.db!.collection('customer_phones').countDocuments()).toBe(0);
    const report = readReport(join(dir, 'thu-bao-cao.csv'));
    expect(report.filter((r) => r[3] === importMessages.rejected).map((r) => Number(r[0]))).toEqual([...sheet.bad.keys()]);
  });

  it('reads a semicolon CSV with English headers, and a mapping file for headers it does not know', async () => {
    const file = join(dir, 'khach.csv');
    await writeCsv(file, [['Full name', 'Mobile', 'DOB', 'Gender', 'Loyalty tier'], ['lê thị hoa', '0987 654 321', '5/6/1992', 'female', 'VIP'], ['Trần Văn Nam', '0912-111-222', '', 'M', '']], ';');
    const mapping = join(dir, 'map.json');
    writeFileSync(mapping, JSON.stringify({ 'Loyalty tier': 'group' }));
    const run = await hoso('customers', 'import', file, '--mapping', mapping);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const hoa = await customers().findOne({ phone: '+84987654321' });
    expect(hoa).toMatchObject({ name: 'Lê Thị Hoa', birthday: { day: 5, month: 6, year: 1992 }, gender: 'female', group: 'VIP', nameKey: 'le thi hoa', phoneLast4: '4321' });
    expect(await customers().findOne({ phone: '+84912111222' })).toMatchObject({ gender: 'male' });
  });

  it.each([
    ['a mapping to a field that does not exist', { Tier: '$where' }],
    ['a mapping that is not an object', ['name']],
  ])('refuses %s with one line and writes nothing', async (_label, map) => {
    const file = join(dir, 'k.csv');
    await writeCsv(file, [['Tên', 'SĐT'], ['Lan', phoneOf(1)]]);
    const mapping = join(dir, 'bad-map.json');
    writeFileSync(mapping, JSON.stringify(map));
    const run = await hoso('customers', 'import', file, '--mapping', mapping);
    expect(run.code).toBe(1);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(await customers().countDocuments()).toBe(0);
  });

  it('refuses a file without a phone column, and one it cannot read, with a clear reason', async () => {
    const file = join(dir, 'nophone.csv');
    await writeCsv(file, [['Họ tên', 'Email'], ['Lan', 'lan@gmail.com']]);
    const r1 = await hoso('customers', 'import', file);
    expect(r1.code).toBe(1);
    expect(r1.err).toContain('SĐT');
    const junk = join(dir, 'junk.xlsx');
    writeFileSync(junk, 'not a zip');
    const r2 = await hoso('customers', 'import', junk);
    expect(r2.code).toBe(1);
    expect(await customers().countDocuments()).toBe(0);
  });
});
