// Reads the spa's own list, Excel (.xlsx, the first sheet, streamed by exceljs) or CSV (csv-parse: comma,
// semicolon or tab, with or without a BOM), into a header and rows of cell texts with their line numbers.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export interface SheetRow {
  /** The line (spreadsheet row) the owner sees in Excel, header included: the first data row is line 2. */
  line: number;
  cells: string[];
}

export interface Sheet {
  header: string[];
  rows: SheetRow[];
}

export class UnreadableFileError extends Error {}

const pad = (n: number): string => String(n);

/** A cell's value as the owner typed or sees it. Dates (Excel stores them at UTC midnight) become day/month/year. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : `${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
  if ('hyperlink' in v) return String(v.text ?? v.hyperlink);
  if ('error' in v) return '';
  return '';
}

async function readXlsx(path: string): Promise<Sheet> {
  // styles 'cache' so date-formatted cells arrive as dates, not as Excel serial numbers.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'emit' });
  let header: string[] | undefined;
  const rows: SheetRow[] = [];
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = row.values as ExcelJS.CellValue[];
      const cells = values.slice(1).map(cellText);
      if (!header) {
        if (cells.some((c) => c.trim() !== '')) header = cells;
        continue;
      }
      if (cells.some((c) => c.trim() !== '')) rows.push({ line: row.number, cells });
    }
    break; // the first sheet only
  }
  return { header: header ?? [], rows };
}

async function readCsv(path: string): Promise<Sheet> {
  const parser = createReadStream(path).pipe(
    parse({ bom: true, delimiter: [',', ';', '\t'], relax_column_count: true, skip_empty_lines: true, info: true, trim: false }),
  );
  let header: string[] | undefined;
  const rows: SheetRow[] = [];
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!header) {
      header = record;
      continue;
    }
    if (record.some((c) => c.trim() !== '')) rows.push({ line: info.lines, cells: record });
  }
  return { header: header ?? [], rows };
}

export async function readSheet(path: string): Promise<Sheet> {
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.xlsx') return await readXlsx(path);
    if (ext === '.csv' || ext === '.txt') return await readCsv(path);
  } catch (e) {
    throw new UnreadableFileError(e instanceof Error ? e.message : String(e));
  }
  throw new UnreadableFileError(`unsupported file type ${ext || '(none)'}`);
}
