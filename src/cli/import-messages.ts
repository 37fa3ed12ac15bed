// What `hoso customers import` prints and writes in its report: Vietnamese first, English after a slash.
import type { CellReason, ImportField } from '../domain/import-row.js';
import type { ImportReportWords } from '../services/customer-import.js';
import { cliMessages } from './messages.js';

export const COLUMN_LABEL: Record<ImportField, string> = {
  name: 'Họ tên',
  phone: 'SĐT',
  birthday: 'Ngày sinh',
  email: 'Email',
  gender: 'Giới tính',
  address: 'Địa chỉ',
  occupation: 'Nghề nghiệp',
  source: 'Nguồn',
  group: 'Nhóm',
  branch: 'Chi nhánh',
  facebook: 'Facebook',
  needs: 'Nhu cầu',
  note: 'Ghi chú',
};

export function cellReason(r: CellReason): string {
  switch (r.kind) {
    case 'name':
      return cliMessages.badName(r.reason);
    case 'phone':
      return cliMessages.badPhone(r.reason);
    case 'birthday':
      return cliMessages.badBirthday(r.reason);
    case 'email':
      return 'Email không hợp lệ, ví dụ lan@gmail.com / not a valid email';
    case 'gender':
      return 'Giới tính: nữ, nam hoặc khác / gender: nữ, nam or khác';
    case 'branch':
      return 'Chi nhánh chỉ gồm chữ không dấu, số, - và _, ví dụ q1 / branch: letters, digits, - and _';
    case 'facebook':
      return 'Facebook: một đường link, không có khoảng trắng / one link, no spaces';
    case 'too_long':
      return `Quá dài (tối đa ${r.max} ký tự) / too long (${r.max} characters at most)`;
  }
}

export const importMessages = {
  reportHeader: ['Dòng / line', 'Cột / column', 'Giá trị / value', 'Kết quả / outcome', 'Lý do / reason'],
  rejected: 'bỏ qua / rejected',
  merged: 'gộp / merged',
  sameAsLine: (line: number) => `Trùng SĐT với dòng ${line}; chỉ bổ sung ô còn trống / same phone as line ${line}; only empty fields filled`,
  filledExisting: (fields: string) => `SĐT đã có khách; đã bổ sung / phone already on file; filled: ${fields}`,
  unchangedExisting: 'SĐT đã có khách, không có ô trống nào để bổ sung / phone already on file; nothing to fill',
  noConsent:
    'Khách nhập từ file chưa đồng ý nhận tin qua chat: bot không gửi lời chúc hay nhắc lịch cho đến khi khách tự đồng ý / imported customers have no chat consent: no greeting or reminder is sent until they agree themselves',
  summary: (s: { rows: number; created: number; filled: number; unchanged: number; rejected: number; notes: number; dryRun: boolean }) =>
    `${s.dryRun ? 'Chạy thử, chưa ghi gì / dry run, nothing written: ' : ''}${s.rows} dòng / rows: ${s.created} khách mới / new, ${s.filled} khách đã có được bổ sung / filled, ${s.unchanged} không đổi / unchanged, ${s.rejected} dòng bỏ qua / rejected, ${s.notes} ghi chú / notes`,
  report: (path: string) => `Báo cáo / report: ${path}`,
  unknownColumns: (cols: string) => `Cột không dùng / columns ignored: ${cols}`,
  missingColumns: (cols: string) => `Thiếu cột / missing columns: ${cols} (dùng --mapping map.json, ví dụ {"Tên khách": "name"} / use a mapping file)`,
  badMapping: (why: string) => `File mapping không đọc được / unreadable mapping file: ${why}`,
  unreadable: (why: string) => `Không đọc được file / cannot read the file: ${why}`,
  empty: 'File không có dòng khách nào / the file has no customer rows',
};

/** The report's words (the CLI's report file and the web page's report table say the same). */
export const importReportWords: ImportReportWords = { ...importMessages, columnLabel: COLUMN_LABEL, cellReason };
