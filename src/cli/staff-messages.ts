// One-line replies of `hoso staff` and `hoso audit`, Vietnamese first with English after a slash (like messages.ts).
import type { Role } from '../domain/visibility.js';
import type { AuditAction, AuditActorKind } from '../store/audit.js';

export const roleLabels: Record<Role, string> = { owner: 'chủ / owner', manager: 'quản lý / manager', staff: 'nhân viên / staff' };

export const actionLabels: Record<AuditAction, string> = {
  read_card: 'xem thẻ / read card',
  search: 'tìm kiếm / search',
  create: 'tạo / create',
  update: 'sửa / update',
  note: 'ghi chú / note',
  call: 'gọi điện / call',
  visit: 'ghé / visit',
  export: 'xuất / export',
  erase: 'xóa / erase',
  invite: 'mời / invite',
  staff_change: 'đổi nhân sự / staff change',
  probe_phone: 'dò số / phone probe',
  claim_create: 'đăng ký bằng số chưa xác minh / unverified claim',
  claim_confirm: 'xác nhận đăng ký / claim confirmed',
  claim_reject: 'bác đăng ký / claim rejected',
  appointment: 'lịch hẹn / appointment',
  link_issue: 'tạo mã liên kết chat / chat link issued',
  link_chat: 'khách liên kết chat / chat linked by link',
  consent: 'ghi nhận đồng ý / consent recorded',
  photo_add: 'thêm ảnh / photo added',
  import: 'nhập từ file / import',
  merge: 'gộp hồ sơ / merge',
  merge_undo: 'hoàn tác gộp / merge undone',
  web_login: 'đăng nhập trang web / web login',
  outbox_retry: 'gửi lại tin / message retried',
  outbox_cancel: 'hủy tin / message cancelled',
  settings_change: 'đổi cài đặt / settings changed',
  campaign: 'chiến dịch / campaign',
};

export const actorLabels: Record<Exclude<AuditActorKind, 'staff'>, string> = {
  customer: 'khách hàng / the customer',
  cli: 'dòng lệnh / command line',
  system: 'hệ thống / system',
};

export const staffMessages = {
  nameRequired: 'Thiếu --name / --name is required',
  roleInvalid: 'Vai trò: owner, manager hoặc staff (--role) / --role must be owner, manager or staff',
  branchRequired: 'Quản lý và nhân viên cần --branch, ví dụ --branch q1 / --branch is required for managers and staff',
  branchInvalid: 'Chi nhánh: chữ không dấu, số, - hoặc _, ví dụ q1 / --branch: letters, digits, - or _',
  branchUnknown: (list: string) => `Chi nhánh không có trong danh sách của spa: ${list} / not one of the spa's branches`,
  noBranches: 'Chưa có chi nhánh nào (đặt SPA_BRANCHES, ví dụ SPA_BRANCHES=Q1,Q3) / no branches yet (set SPA_BRANCHES)',
  branchesFromStaff: '(chưa đặt SPA_BRANCHES: đây là chi nhánh của nhân viên / SPA_BRANCHES not set: these are the staff\'s branches)',
  telegramIdInvalid: 'Telegram id: chỉ gồm chữ số, ví dụ 123456789 / --telegram-id: digits only',
  zaloIdInvalid: 'Zalo id: chỉ gồm chữ số / --zalo-id: digits only',
  limitInvalid: '--limit: số từ 1 đến 1000 / a number from 1 to 1000',
  phoneRequired: 'Thiếu --customer <số điện thoại> / --customer <phone> is required',
  telegramTaken: 'Telegram id này đã là của một nhân viên khác; không thêm / this Telegram id already belongs to a staff member; nothing written',
  zaloTaken: 'Zalo id này đã là của một nhân viên khác; không thêm / this Zalo id already belongs to a staff member; nothing written',
  added: (line: string) => `Đã thêm nhân viên / staff added: ${line}`,
  branch: (id: string) => `chi nhánh / branch ${id}`,
  removed: (name: string) => `Đã cho ${name} nghỉ; chat của người này thành chat khách hàng / ${name} removed; their chats are customer chats again`,
  ownerFromConfig: (name: string) =>
    `${name} là chủ có trong OWNER_TELEGRAM_IDS: bỏ id Telegram này khỏi OWNER_TELEGRAM_IDS (.env) rồi chạy lại lệnh, nếu không tin nhắn tới của họ lại thành chủ / ${name} is an owner listed in OWNER_TELEGRAM_IDS: take their Telegram id out of it (.env) and run this again, or their next message makes them an owner again`,
  noSuchStaff: (id: string) => `Không có nhân viên đang làm với id ${id} / no active staff member with id ${id}`,
  noStaff: 'Chưa có nhân viên nào / no staff yet',
  noAudit: 'Chưa có ghi nhận nào cho khách này / no audit entries for this customer',
  formerStaff: 'đã nghỉ / former staff',
  unknownStaff: 'nhân viên không rõ / unknown staff',
};
