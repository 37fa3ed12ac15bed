// The export's columns, one definition for the CLI (`hoso customers export`) and the web page's export.
import { stringify } from 'csv-stringify/sync';
import { formatBirthday } from '../domain/birthday.js';
import { formatPhoneVn } from '../domain/phone.js';
import type { Customer } from '../store/customers.js';
import { needServices } from '../domain/needs.js';

export const CSV_HEADER = ['Họ tên', 'Số điện thoại', 'Ngày sinh', 'Giới tính', 'Email', 'Địa chỉ', 'Nhu cầu', 'Đồng ý chăm sóc', 'Ngày tạo'];

/** UTF-8 with a byte-order mark, so Excel opens Vietnamese names correctly. */
export const CSV_START = '\uFEFF' + stringify([CSV_HEADER]);

export function csvLine(c: Customer): string {
  return stringify([
    [
      c.name,
      c.phone ? formatPhoneVn(c.phone) : '',
      c.birthday ? formatBirthday(c.birthday) : '',
      c.gender ?? '',
      c.email ?? '',
      c.address ?? '',
      needServices(c.needs).join('; '),
      c.consent.care ? 'có' : 'không',
      c.createdAt.toISOString(),
    ],
  ]);
}
