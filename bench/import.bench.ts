// Importing N rows (hoso customers import's whole path: read the xlsx, validate every row, claim phones, write
// customers) against a bare insertMany of the very documents the import wrote, same server, same run (issue 17:
// ≤ 2×). Args: [rows=50000] [batch=1000].
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/hoso.js';
import { connectDatabase } from '../src/store/connection.js';
import { ensureIndexes } from '../src/store/index.js';
import { generateSheet, SHEET_HEADER, writeXlsx } from '../test/support/customer-sheet.js';
import { benchDatabase, fmt } from './harness.js';

export async function run(args: string[]): Promise<void> {
  const rows = Number(args[0] ?? 50_000);
  const batch = Number(args[1] ?? 1000);
  if (!Number.isSafeInteger(rows) || rows <= 0 || !Number.isSafeInteger(batch) || batch <= 0) throw new Error('usage: import [rows] [batch]');
  const out = (s: string): void => void process.stdout.write(s + '\n');
  const db = await benchDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'hoso-bench-import-'));
  const uri = (name: string): string => {
    const u = new URL(db.uri);
    u.pathname = '/' + name;
    return u.toString();
  };
  const importConn = await connectDatabase(db.uri, { dbName: 'hoso_bench_import', serverSelectionTimeoutMS: 30_000 });
  const bareConn = await connectDatabase(db.uri, { dbName: 'hoso_bench_import_bare', serverSelectionTimeoutMS: 30_000 });
  try {
    for (const c of [importConn, bareConn]) {
      await c.db!.dropDatabase();
      await ensureIndexes(c);
    }
    const sheet = generateSheet(rows);
    const file = join(dir, 'khach.xlsx');
    await writeXlsx(file, SHEET_HEADER, sheet.rows);
    out(`import on ${db.label}: ${rows.toLocaleString('en')} rows (${sheet.bad.size} bad, ${sheet.repeats.size} repeated phones), batches of ${batch}`);

    const t0 = performance.now();
    const lines: string[] = [];
    const code = await runCli(['customers', 'import', file, '--report', join(dir, 'report.csv')], { out: (l) => lines.push(l), err: (l) => lines.push(l), write: () => undefined }, { MONGODB_URI: uri('hoso_bench_import'), LOG_LEVEL: 'silent' });
    const importMs = performance.now() - t0;
    if (code !== 0) throw new Error(`import failed: ${lines.join(' | ')}`);

    // The same documents, bare: read back what the import stored, insert them into an empty database with the same indexes.
    const docs = await importConn.db!.collection('customers').find({}).sort({ _id: 1 }).toArray();
    const t1 = performance.now();
    const col = bareConn.db!.collection('customers');
    for (let i = 0; i < docs.length; i += batch) await col.insertMany(docs.slice(i, i + batch), { ordered: false });
    const bareMs = performance.now() - t1;
    out(`  import (xlsx read + validate + phone keys + customers + notes): ${fmt(importMs / 1000, 2)} s, ${fmt(docs.length / (importMs / 1000), 0)} customers/s`);
    out(`  bare insertMany of the same ${docs.length.toLocaleString('en')} documents: ${fmt(bareMs / 1000, 2)} s`);
    out(`  import / bare insertMany: ${fmt(importMs / bareMs, 2)}x (target ≤ 2)`);
  } finally {
    for (const c of [importConn, bareConn]) {
      await c.db!.dropDatabase().catch(() => undefined);
      await c.close();
    }
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
