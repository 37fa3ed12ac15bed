// Generates a spa's customer list (xlsx via exceljs, or CSV) with known bad rows and duplicates, for import tests
// and the import bench. Phones are distinct valid mobiles derived from the row number.
import ExcelJS from 'exceljs';
import { writeFile } from 'node:fs/promises';

export const SHEET_HEADER = ['STT', 'Họ tên', 'Số điện thoại', 'Ngày sinh', 'Email', 'Giới tính', 'Địa chỉ', 'Nghề nghiệp', 'Nguồn', 'Nhóm', 'Chi nhánh', 'Ghi chú'];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng'];
const GIVEN = ['Lan', 'Hoa', 'Mai', 'Thu', 'Linh', 'Vy', 'Trang', 'Hương'];

/** 09xx xxx xxx from a number below 10^8: distinct inputs give distinct valid Viettel/Vina mobiles. */
export const phoneOf = (i: number): string => `09${String(12_000_000 + i).padStart(8, '0')}`;
export const e164Of = (i: number): string => `+84${phoneOf(i).slice(1)}`;

export interface GeneratedSheet {
  rows: (string | number | Date)[][];
  /** Spreadsheet lines (header = 1) that must be rejected, with the column expected in the report. */
  bad: Map<number, string>;
  /** Lines whose phone repeats an earlier line of the file. */
  repeats: Set<number>;
  /** Lines whose phone belongs to a customer stored before the import (phoneIndex → line). */
  existing: Map<number, number>;
  /** Distinct phones (indices) of good rows. */
  goodPhones: Set<number>;
}

/**
 * `count` rows; every 33rd row is bad (≈3 %), every 50th repeats a phone (half of an earlier row, half of
 * `existingPhones`, ≈2 %). `existingPhones` are phone indices the test stored beforehand.
 */
export function generateSheet(count: number, existingPhones: number[] = []): GeneratedSheet {
  const rows: (string | number | Date)[][] = [];
  const bad = new Map<number, string>();
  const repeats = new Set<number>();
  const existing = new Map<number, number>();
  const goodPhones = new Set<number>();
  const phoneOfLine = new Map<number, number>();
  let nextExisting = 0;
  for (let k = 0; k < count; k++) {
    const line = k + 2;
    let phoneIndex = 100_000 + k;
    let phone: string | number = phoneOf(phoneIndex);
    const name = `${FAMILY[k % FAMILY.length]} Thị ${GIVEN[k % GIVEN.length]}`;
    let birthday: string | Date = k % 3 === 0 ? new Date(Date.UTC(1985 + (k % 20), k % 12, 1 + (k % 28))) : `${1 + (k % 28)}/${1 + (k % 12)}`;
    let email = k % 4 === 0 ? `khach${k}@gmail.com` : '';
    let nameCell = name;
    const gender = k % 5 === 0 ? 'Nữ' : k % 7 === 0 ? 'nam' : '';
    if (k % 33 === 17) {
      // One bad cell per bad row, rotating through the validators.
      const kind = (k / 33) % 4 | 0;
      if (kind === 0) { phone = '0912 34'; bad.set(line, 'Số điện thoại'); }
      else if (kind === 1) { birthday = '31/02/1990'; bad.set(line, 'Ngày sinh'); }
      else if (kind === 2) { email = 'lan@@gmail'; bad.set(line, 'Email'); }
      else { nameCell = '{"$gt": ""}'; bad.set(line, 'Họ tên'); }
    } else if (k % 50 === 49) {
      repeats.add(line);
      if (existingPhones.length && (k / 50) % 2 < 1 && nextExisting < existingPhones.length) {
        phoneIndex = existingPhones[nextExisting++]!;
        existing.set(phoneIndex, line);
      } else {
        // An earlier good line of this file; written the other way (+84, spaces) on purpose.
        const earlierLines = [...phoneOfLine.entries()].filter(([l]) => !bad.has(l) && !repeats.has(l) && l < line - 10);
        const earlier = earlierLines[(k * 7) % earlierLines.length]!;
        phoneIndex = earlier[1];
      }
      phone = `+84 ${phoneOf(phoneIndex).slice(1, 4)} ${phoneOf(phoneIndex).slice(4)}`;
    }
    // Excel often holds phones as numbers, which drops the leading 0.
    if (!bad.has(line) && k % 10 === 3 && !repeats.has(line)) phone = Number(phoneOf(phoneIndex));
    phoneOfLine.set(line, phoneIndex);
    if (!bad.has(line)) goodPhones.add(phoneIndex);
    rows.push([k + 1, nameCell, phone, birthday, email, gender, k % 6 === 0 ? `${k} Lê Lợi, Q1` : '', k % 8 === 0 ? 'Kế toán' : '', k % 9 === 0 ? 'Facebook' : '', '', k % 2 ? 'q1' : '', k % 11 === 0 ? `Da nhạy cảm ${k}` : '']);
  }
  return { rows, bad, repeats, existing, goodPhones };
}

export async function writeXlsx(path: string, header: string[], rows: (string | number | Date)[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Khách hàng');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(4).numFmt = 'dd/mm/yyyy';
  await wb.xlsx.writeFile(path);
}

export async function writeCsv(path: string, rows: string[][], delimiter = ','): Promise<void> {
  const esc = (c: string): string => (/[",;\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  await writeFile(path, '\uFEFF' + rows.map((r) => r.map(esc).join(delimiter)).join('\r\n') + '\r\n');
}
