// The owner's CLI end to end: real argument parsing, real database, exit codes and messages.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cliMessages } from '../../src/cli/messages.js';
import { runHoso } from '../support/cli.js';
import { openTestDb, type TestDb } from '../support/db.js';

let db: TestDb;
let env: Record<string, string>;

const hoso = (...argv: string[]) => runHoso(env, argv);

beforeAll(async () => {
  db = await openTestDb('cli');
  env = { MONGODB_URI: db.dbUri, LOG_LEVEL: 'silent' };
});
afterAll(async () => db.close());
beforeEach(async () => db.clear());

describe('hoso customers', () => {
  it('adds Nguyễn Thị Lan normalised, refuses the same phone written differently, and keeps one record', async () => {
    const add = await hoso('customers', 'add', '--name', 'nguyễn thị lan', '--phone', '0912 345 678', '--birthday', '12/3');
    expect(add.code).toBe(0);
    expect(add.out).toContain('Nguyễn Thị Lan');

    const raw = await db.conn.db!.collection('customers').findOne({});
    expect(raw).toMatchObject({ name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3 } });
    expect(raw?.birthday.year).toBeUndefined();

    const dup = await hoso('customers', 'add', '--name', 'Lan B', '--phone', '+84 912345678');
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('Nguyễn Thị Lan');
    expect(await db.conn.db!.collection('customers').countDocuments()).toBe(1);
  });

  it('finds her by name without diacritics and by the last four digits', async () => {
    await hoso('customers', 'add', '--name', 'nguyễn thị lan', '--phone', '0912 345 678');
    for (const q of ['nguyen thi', '5678']) {
      const r = await hoso('customers', 'find', q);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Nguyễn Thị Lan');
      expect(r.out).toContain('0912 345 678');
    }
  });

  it.each([
    [['--name', 'Lan', '--phone', '123'], 'Số điện thoại'],
    [['--name', 'Lan', '--phone', '0912345678', '--birthday', '31/02'], 'Ngày sinh'],
    [['--name', '', '--phone', '0912345678'], 'Họ tên'],
    [['--name', 'a'.repeat(300), '--phone', '0912345678'], 'Họ tên'],
    [['--name', '{"$gt": ""}', '--phone', '0912345678'], 'Họ tên'],
    [['--phone', '0912345678'], '--name'],
  ])('rejects %j with a clear reason and writes nothing', async (args, reason) => {
    const r = await hoso('customers', 'add', ...args);
    expect(r.code).toBe(1);
    expect(r.err).toContain(reason);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(await db.conn.db!.collection('customers').countDocuments()).toBe(0);
  });

  it('matches operator-looking search text only as plain text', async () => {
    await hoso('customers', 'add', '--name', 'Lan', '--phone', '0912345678');
    const r = await hoso('customers', 'find', '{"$gt": ""}');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('Lan');
  });

  it('shows one customer by any spelling of the phone', async () => {
    await hoso('customers', 'add', '--name', 'nguyễn thị lan', '--phone', '0912345678');
    const r = await hoso('customers', 'show', '+84 912 345 678');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ name: 'Nguyễn Thị Lan', phone: '+84912345678' });
    expect(await db.conn.db!.collection('audit_log').countDocuments({ action: 'read_card', 'actor.kind': 'cli' })).toBe(1);
    expect((await hoso('customers', 'show', '0987654321')).code).toBe(1);
  });

  it('exports UTF-8 CSV with a BOM so Excel shows Vietnamese, and JSON lines', async () => {
    await hoso('customers', 'add', '--name', 'nguyễn thị lan', '--phone', '0912345678', '--birthday', '12/3/1990');
    await hoso('customers', 'add', '--name', 'trần văn đức', '--phone', '0987654321');
    const csv = await hoso('customers', 'export', '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.out.startsWith('\uFEFFHọ tên,')).toBe(true);
    expect(csv.out).toContain('Nguyễn Thị Lan,0912 345 678,12/3/1990');
    expect(csv.out.trim().split('\n')).toHaveLength(3);
    const json = await hoso('customers', 'export', '--format', 'json');
    const rows = json.out.trim().split('\n').map((l) => JSON.parse(l) as { name: string });
    expect(rows.map((r) => r.name).sort()).toEqual(['Nguyễn Thị Lan', 'Trần Văn Đức']);
    expect((await hoso('customers', 'export', '--format', 'xml')).code).toBe(1);
  });
});

describe('the compiled hoso binary', () => {
  it('exits 1 with one line for bad input and 0 on success', () => {
    const bin = 'dist/src/cli/hoso.js';
    const bad = spawnSync('node', [bin, 'customers', 'add', '--name', 'Lan', '--phone', '123'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(cliMessages.badPhone('too_short'));
    const good = spawnSync('node', [bin, 'customers', 'add', '--name', 'Lan', '--phone', '0912345678'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
  });
});
