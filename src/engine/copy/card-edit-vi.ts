// Staff card edits in Vietnamese (card-edit-types.ts).
import type { CardReason } from '../../domain/card-fields.js';
import type { CardEditCopy } from './card-edit-types.js';

function invalid(field: string, r: CardReason): string {
  switch (r.kind) {
    case 'empty':
      return `Chưa có nội dung cho ${field}.`;
    case 'name':
      return r.reason === 'too_long' ? 'Tên dài quá (tối đa 100 ký tự).' : 'Tên này chưa đọc được. Gõ họ tên bằng chữ, ví dụ: Nguyễn Thị Lan.';
    case 'phone':
      return r.reason === 'landline' ? 'Đây là số bàn; cần số di động, ví dụ: 0912 345 678.' : r.reason === 'foreign' ? 'Chỉ nhận số di động Việt Nam, ví dụ: 0912 345 678.' : 'Số điện thoại chưa đúng. Ví dụ: 0912 345 678.';
    case 'birthday':
      return r.reason === 'in_future' ? 'Ngày sinh không thể ở tương lai.' : r.reason === 'no_such_date' ? 'Không có ngày này trong lịch. Ví dụ: 12/3 hoặc 12/3/1990.' : r.reason === 'too_old' ? 'Năm sinh quá xa, kiểm tra lại giúp.' : 'Ngày sinh chưa đọc được. Ví dụ: 12/3, 12/3/1990 hoặc âm lịch 15/8.';
    case 'lunar_birthday':
      return 'Ngày âm lịch chưa đúng. Ví dụ: âm lịch 15/8 (ngày 1–30, tháng 1–12).';
    case 'email':
      return 'Email chưa đúng. Ví dụ: lan@gmail.com';
    case 'gender':
      return 'Giới tính: nữ, nam hoặc khác.';
    case 'facebook':
      return 'Link Facebook không có khoảng trắng. Ví dụ: facebook.com/lan.nguyen';
    case 'too_long':
      return `${field} dài quá (tối đa ${r.max} ký tự).`;
    case 'not_in_list':
      return r.list.length ? `${field} phải là một trong: ${r.list.join(', ')}.` : `${field} chưa đúng (chữ và số, không dấu cách).`;
  }
}

export const cardEditVi: CardEditCopy = {
  helpLines: ['/sua [mục] [giá trị] — sửa hồ sơ khách đang mở (ví dụ: /sua email lan@gmail.com; chỉ /sua: chọn mục)', '/bosung — hỏi lần lượt những mục hồ sơ còn thiếu'],
  fieldNames: {
    name: 'Họ tên',
    phone: 'SĐT',
    birthday: 'Ngày sinh',
    email: 'Email',
    gender: 'Giới tính',
    address: 'Địa chỉ',
    occupation: 'Nghề nghiệp',
    facebook: 'Facebook',
    group: 'Nhóm khách',
    source: 'Nguồn khách',
    branch: 'Chi nhánh',
    manager: 'NV quản lý',
    needs: 'Nhu cầu',
  },
  genderNames: { female: 'nữ', male: 'nam', other: 'khác' },
  menuTitle: ({ name }) => `Sửa hồ sơ ${name}: chọn mục (hoặc gõ thẳng, ví dụ /sua nghe ke toan).`,
  menuButton: ({ field, value }) => `${field}: ${value ?? '—'}`,
  ask: ({ field, name, current, example }) => `${field} của ${name}?${current ? ` (hiện: ${current})` : ''} Ví dụ: ${example}`,
  pick: ({ field, name, current }) => `${field} của ${name}?${current ? ` (hiện: ${current})` : ''} Chọn hoặc gõ:`,
  examples: {
    name: 'Nguyễn Thị Lan',
    phone: '0912 345 678',
    birthday: '12/3, 12/3/1990 hoặc âm lịch 15/8',
    email: 'lan@gmail.com',
    gender: 'nữ',
    address: '12 Lê Lợi, Q1',
    occupation: 'kế toán',
    facebook: 'facebook.com/lan.nguyen',
    group: 'Khách quen',
    source: 'Facebook',
    branch: 'q1',
    manager: 'Hoa',
    needs: 'Trị mụn',
  },
  skipButton: 'Bỏ qua',
  stopButton: 'Dừng',
  unknownField: ({ typed }) => `Không rõ mục "${typed}". Chọn mục cần sửa:`,
  saved: ({ field, name, value }) => `✅ Đã lưu ${field} của ${name}: ${value}`,
  unchanged: ({ field }) => `${field} vẫn như cũ, không có gì thay đổi.`,
  skipped: ({ field }) => `Bỏ qua ${field}.`,
  invalid: ({ field, reason }) => `${invalid(field, reason)} Chưa lưu gì, gõ lại giúp.`,
  phoneTaken: 'Số này đã có trên hồ sơ một khách khác nên không lưu. Kiểm tra lại số, hoặc nhờ quản lý gộp hai hồ sơ.',
  cleared: ({ field, name }) => `Đã xóa ${field} của ${name}.`,
  notClearable: {
    name: 'Họ tên là bắt buộc nên không xóa được. Muốn đổi thì gõ /sua ten <họ tên mới>.',
    phone: 'Số điện thoại không xóa được (mỗi hồ sơ cần một số). Đổi số thì gõ /sua sdt <số mới>.',
    needs: 'Nhu cầu được giữ lại làm lịch sử nên không xóa. Trên /xem bấm "🔁 Giai đoạn nhu cầu" để chuyển sang "đã xong".',
    branch: 'Chi nhánh không xóa được (khách không có chi nhánh thì mọi chi nhánh đều thấy). Chọn chi nhánh khác bằng /sua chi nhanh.',
  },
  managersOnly: 'Chỉ chủ spa hoặc quản lý đổi được chi nhánh và nhân viên quản lý.',
  noSuchStaff: ({ typed }) => `Không tìm thấy đúng một nhân viên tên "${typed}". Gõ đủ họ tên hoặc chọn trong danh sách.`,
  referrerNotFound: 'Không tìm thấy khách giới thiệu. Gõ SĐT của người giới thiệu (chắc nhất) hoặc họ tên đầy đủ.',
  askReferrer: ({ name }) => `Ai giới thiệu ${name}? Gõ SĐT hoặc họ tên khách giới thiệu, hoặc bấm "Bỏ qua".`,
  managerAssigned: ({ staff }) => `${staff} sẽ được báo là người quản lý mới.`,
  managerToldYou: ({ customer, phone, by }) => `📌 ${by} vừa giao khách ${customer} (${phone}) cho bạn quản lý. Gõ /tim ${phone} để mở hồ sơ.`,
  staleMenu: 'Danh sách này đã cũ. Gõ /sua để mở lại cho khách đang mở.',
  editStopped: 'Đã dừng sửa hồ sơ.',
  fillStart: ({ name, percent, count }) => `Bổ sung hồ sơ ${name} (${percent}%): ${count} mục còn trống. Mỗi câu bấm "Bỏ qua" được; /huy để dừng.`,
  fillNothing: ({ name, percent }) => `Hồ sơ ${name} đã đủ (${percent}%). Muốn sửa mục nào thì gõ /sua.`,
  fillDone: ({ name, percent }) => `Xong. Hồ sơ ${name}: ${percent}%.`,
  fillStopped: ({ name, percent }) => `Đã dừng bổ sung. Hồ sơ ${name}: ${percent}%.`,
  fillButton: ({ name }) => `✍️ Bổ sung: ${name}`,
  missingFooter: 'Bấm tên để mở khách và bổ sung ngay.',
  detailLine: ({ field, value }) => `${field}: ${value}`,
  referredBy: ({ source, who }) => `${source} (người giới thiệu: ${who})`,
  someoneElse: 'một khách khác',
};
