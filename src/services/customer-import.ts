// The spa's own list into the database, for every front end (`hoso customers import`, the web page's import):
// each row through the intake's validators (src/domain/import-row.ts), a phone on file only fills that customer's
// empty fields, and a report of every rejected or merged row (line, column, value, outcome, reason). The words of
// the report are the caller's, so the CLI and the page each keep their copy.
import type { LocalDate } from '../domain/business-time.js';
import { spaBranches } from './branches.js';
import { matchHeader, readImportRow, type CellReason, type ImportField } from '../domain/import-row.js';
import type { Actor } from '../store/customers.js';
import { importCustomers, type ImportRow } from '../store/customer-import.js';
import type { Store } from '../store/index.js';
import type { Sheet } from './sheet-read.js';

export interface ImportReportWords {
  columnLabel: Record<ImportField, string>;
  cellReason(r: CellReason): string;
  rejected: string;
  merged: string;
  sameAsLine(line: number): string;
  filledExisting(fields: string): string;
  unchangedExisting: string;
}

export type SheetImport =
  | { ok: false; why: 'missing_columns'; missing: ImportField[] }
  | { ok: false; why: 'empty' }
  | {
      ok: true;
      rows: number;
      created: number;
      filled: number;
      unchanged: number;
      /** Lines with at least one rejected cell. */
      rejected: number;
      notes: number;
      /** Header cells matched to no field. */
      unknown: string[];
      /** line, column, value, outcome, reason; in line order. */
      report: string[][];
    };

export async function importSheet(
  store: Store,
  sheet: Sheet,
  p: { mapping?: Readonly<Record<string, ImportField>>; actor: Actor; today: LocalDate; dryRun: boolean; words: ImportReportWords; channel: string; branches?: readonly string[] },
): Promise<SheetImport> {
  const { words: w } = p;
  const header = matchHeader(sheet.header, p.mapping ?? {});
  if (header.missing.length) return { ok: false, why: 'missing_columns', missing: header.missing };
  if (sheet.rows.length === 0) return { ok: false, why: 'empty' };
  const headerOf = new Map([...header.columns].map(([i, f]) => [f, sheet.header[i] ?? w.columnLabel[f]]));
  const report: string[][] = [];
  const good: ImportRow[] = [];
  const branches = { list: await spaBranches(store, p.branches), strict: (p.branches?.length ?? 0) > 0 };
  for (const row of sheet.rows) {
    const cells: Partial<Record<ImportField, string>> = {};
    for (const [i, f] of header.columns) cells[f] = row.cells[i] ?? '';
    const read = readImportRow(cells, p.today, branches);
    if (read.ok) good.push({ line: row.line, fields: read.value });
    else for (const x of read.reason) report.push([String(row.line), headerOf.get(x.field) ?? w.columnLabel[x.field], x.value, w.rejected, w.cellReason(x.reason)]);
  }
  const rejected = new Set(report.map((r) => r[0])).size;
  const result = await importCustomers(store.conn, good, p.actor, { dryRun: p.dryRun });
  const phoneHeader = headerOf.get('phone')!;
  const byLine = new Map(good.map((g) => [g.line, g]));
  for (const l of result.lines) {
    if (l.outcome === 'created') continue;
    const reason = l.sameAsLine !== undefined ? w.sameAsLine(l.sameAsLine) : l.filled.length ? w.filledExisting(l.filled.join(', ')) : w.unchangedExisting;
    report.push([String(l.line), phoneHeader, byLine.get(l.line)?.fields.phone ?? '', w.merged, reason]);
  }
  report.sort((a, b) => Number(a[0]) - Number(b[0]));
  if (!p.dryRun) {
    await store.audit.record({ actor: p.actor, action: 'import', channel: p.channel, detail: `rows=${sheet.rows.length} created=${result.created} filled=${result.filled} unchanged=${result.unchanged} rejected=${rejected}` });
  }
  return { ok: true, rows: sheet.rows.length, created: result.created, filled: result.filled, unchanged: result.unchanged, rejected, notes: result.notes, unknown: header.unknown, report };
}
