// `hoso customers import khach.xlsx|khach.csv [--dry-run] [--mapping map.json] [--report out.csv]`: the spa's own
// list into the database. Every row goes through the intake's validators (src/domain/import-row.ts); a phone on
// file only fills that customer's empty fields; rejected rows are written to a report with line, column, value and
// reason. Imported customers get no consent: nobody agreed to chat messages by being on a spreadsheet.
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { businessToday } from '../domain/business-time.js';
import { IMPORT_FIELDS, type ImportField } from '../domain/import-row.js';
import { importSheet } from '../services/customer-import.js';
import { COLUMN_LABEL, importMessages as m, importReportWords } from './import-messages.js';
import { readSheet, UnreadableFileError } from '../services/sheet-read.js';
import { CliError, withStore, type CliIo } from './io-and-store.js';

const mappingSchema = z.record(z.string().min(1).max(100), z.enum(IMPORT_FIELDS));
const optionsSchema = z.object({ dryRun: z.boolean().optional(), mapping: z.string().optional(), report: z.string().optional() });

async function readMapping(path: string | undefined): Promise<Record<string, ImportField>> {
  if (!path) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new CliError(m.badMapping(e instanceof Error ? e.message : String(e)));
  }
  const parsed = mappingSchema.safeParse(raw);
  if (!parsed.success) throw new CliError(m.badMapping(`${parsed.error.issues[0]!.path.join('.')}: ${IMPORT_FIELDS.join(', ')}`));
  return parsed.data;
}

export function defaultReportPath(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}-bao-cao.csv`);
}

export function registerImportCommand(customers: Command, io: CliIo, env?: Record<string, string | undefined>): void {
  customers
    .command('import')
    .description('Nhập danh sách khách từ Excel/CSV / import the spa\'s customer list (xlsx or csv)')
    .argument('<file>', 'khach.xlsx hoặc khach.csv')
    .option('--dry-run', 'chỉ kiểm tra, không ghi gì / check only, write nothing')
    .option('--mapping <file>', 'JSON: tên cột → trường, ví dụ {"Tên khách": "name"} / header → field')
    .option('--report <file>', 'nơi ghi báo cáo các dòng bỏ qua / where the report of rejected rows goes')
    .action(async (file: string, raw: unknown) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
      const opts = parsed.data;
      const mapping = await readMapping(opts.mapping);
      const sheet = await readSheet(file).catch((e: unknown) => {
        if (e instanceof UnreadableFileError) throw new CliError(m.unreadable(e.message));
        throw e;
      });
      await withStore(env, async (store, config) => {
        const today = businessToday(new Date(), config.BUSINESS_TIME_ZONE);
        const done = await importSheet(store, sheet, { mapping, actor: { kind: 'cli' }, channel: 'cli', today, dryRun: opts.dryRun === true, words: importReportWords, branches: config.SPA_BRANCHES });
        if (!done.ok && done.why === 'missing_columns') throw new CliError(m.missingColumns(done.missing.map((f) => COLUMN_LABEL[f]).join(', ')));
        if (!done.ok) throw new CliError(m.empty);
        if (done.unknown.length) io.out(m.unknownColumns(done.unknown.join(', ')));
        const report = done.report;
        report.push(['', '', '', '', m.noConsent]);
        const reportPath = opts.report ?? defaultReportPath(file);
        await writeFile(reportPath, '\uFEFF' + stringify([m.reportHeader, ...report]));
        io.out(m.summary({ ...done, dryRun: opts.dryRun === true }));
        io.out(m.noConsent);
        io.out(m.report(reportPath));
      });
    });
}
