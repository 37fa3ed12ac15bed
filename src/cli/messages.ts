// The CLI's one-line replies, Vietnamese first with English after a slash (the owner may be either).
import type { BirthdayReason } from '../domain/birthday.js';
import type { NameReason } from '../domain/name.js';
import type { PhoneReason } from '../domain/phone.js';

const phoneReasons: Record<PhoneReason, string> = {
  empty: 'chưa có số / no number given',
  too_short: 'số quá ngắn, ví dụ 0912 345 678 / too short',
  too_long: 'số quá dài, ví dụ 0912 345 678 / too long',
  not_a_number: 'chỉ gồm chữ số, ví dụ 0912 345 678 / digits only',
  foreign: 'không phải số Việt Nam / not a Vietnamese number',
  landline: 'đây là số máy bàn, cần số di động / a landline, a mobile number is needed',
  invalid: 'số không hợp lệ, ví dụ 0912 345 678 / not a valid mobile number',
};

const birthdayReasons: Record<BirthdayReason, string> = {
  empty: 'chưa có ngày sinh / no date given',
  not_understood: 'chưa đọc được ngày, ví dụ 12/3 hoặc 12/3/1990 / not understood',
  no_such_date: 'ngày này không có trên lịch / no such date',
  in_future: 'ngày sinh ở tương lai / in the future',
  too_old: 'hơn 120 tuổi / more than 120 years ago',
};

const nameReasons: Record<NameReason, string> = {
  empty: 'họ tên trống / empty name',
  too_long: 'họ tên quá dài (tối đa 100 ký tự) / name too long (100 characters at most)',
  not_a_name: 'họ tên chỉ gồm chữ cái / a name is made of letters',
};

export const cliMessages = {
  nameRequired: 'Thiếu --name / --name is required',
  phoneRequired: 'Thiếu --phone / --phone is required',
  badPhone: (r: PhoneReason) => `Số điện thoại: ${phoneReasons[r]}`,
  badBirthday: (r: BirthdayReason) => `Ngày sinh: ${birthdayReasons[r]}`,
  badName: (r: NameReason) => `Họ tên: ${nameReasons[r]}`,
  duplicate: (name: string, phone: string) => `Số ${phone} đã thuộc về khách ${name}; không thêm mới / already belongs to ${name}; nothing written`,
  added: (line: string) => `Đã thêm / added: ${line}`,
  noneFound: 'Không tìm thấy khách nào / no customer found',
  notFound: (phone: string) => `Không có khách với số ${phone} / no customer with this phone`,
  badFormat: 'Định dạng: csv hoặc json / format must be csv or json',
  eraseNeedsYes: 'Xóa mọi dữ liệu của khách này ở mọi nơi, không hoàn tác được: thêm --yes để xác nhận / erases this customer everywhere and cannot be undone: add --yes to confirm',
  erased: 'Đã xóa dữ liệu của khách; bản ghi ẩn danh giữ lại tổng tiền cho sổ sách / customer erased; an anonymous record keeps the totals for the accounts',
};
