// Vietnamese copy for the customer's own card: /toi's full card, /sua's questions, and the staff line on /xem.
import { cardFieldLabel } from '../../domain/card-fields.js';
import type { OwnCardCopy, OwnField } from './own-card-types.js';

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const yn = (v: boolean): string => (v ? 'có' : 'không');

const EXAMPLE: Record<OwnField, string> = {
  name: 'Nguyễn Thị Lan',
  birthday: '12/3/1990, hoặc âm lịch 15/8',
  email: 'lan.nguyen@gmail.com',
  address: '12 Lê Lợi, Phường Bến Nghé, Quận 1',
};
const WHAT: Record<OwnField, string> = { name: 'họ tên', birthday: 'ngày sinh', email: 'email', address: 'địa chỉ' };

export const ownCardVi: OwnCardCopy = {
  line: ({ label, value }) => `• ${label}: ${value}`,
  genders: { female: 'Nữ', male: 'Nam', other: 'Khác' },
  lunar: ({ day, month, leap }) => `âm lịch ${day}/${month}${leap ? ' (nhuận)' : ''}`,
  consents: ({ photo, health }) => `• Chụp và lưu ảnh: ${yn(photo)}${health === undefined ? '' : ` · Ghi chú da/sức khỏe: ${yn(health)}`}`,
  pick: ({ you }) => `Dạ, ${you.pronoun} muốn sửa thông tin nào ạ?`,
  pickCard: 'SĐT, nhu cầu',
  ask: ({ you, field, current }) =>
    `${cap(you.pronoun)} nhập ${WHAT[field]} mới giúp em nhé${current ? ` (hiện là: ${current})` : ''}. Ví dụ: ${EXAMPLE[field]}. Nhắn "hủy" nếu không sửa nữa ạ.`,
  bad: ({ you, field, reason, max }) => {
    const again = `${cap(you.pronoun)} nhập lại giúp em, ví dụ: ${EXAMPLE[field]}. Thông tin cũ vẫn giữ nguyên ạ.`;
    if (reason === 'too_long') return `Dạ, ${WHAT[field]} này dài quá (tối đa ${max ?? 200} ký tự) ạ. ${again}`;
    if (reason === 'email') return `Dạ, email này em chưa nhận ra ạ (cần có @ và tên miền). ${again}`;
    if (reason === 'lunar_birthday') return `Dạ, ngày âm lịch này chưa đúng ạ (ngày 1–30, tháng 1–12). ${again}`;
    if (reason === 'birthday') return `Dạ, em chưa đọc được ngày sinh này ạ. ${again}`;
    if (reason === 'name') return `Dạ, em chưa nhận ra họ tên ạ. ${again}`;
    return `Dạ, em chưa thấy ${WHAT[field]} ạ. ${again}`;
  },
  done: ({ you, label, value }) => `Dạ, em đã cập nhật ${label.toLowerCase()} của ${you.pronoun}: ${value} ạ. Nhắn /toi để xem lại toàn bộ thông tin nhé.`,
  unchanged: ({ you }) => `Dạ, thông tin này giống như em đang lưu rồi ạ, em giữ nguyên cho ${you.pronoun} nhé.`,
  notOwn: ({ you, label }) =>
    `Dạ, mục ${label.toLowerCase()} do bên em cập nhật ạ. ${cap(you.pronoun)} tự sửa được họ tên, ngày sinh, email và địa chỉ: nhắn /sua rồi chọn mục cần sửa nhé.`,
  selfEdits: ({ fields, date }) => `Khách tự sửa: ${fields} (${date})`,
  fieldLabel: (field) => cardFieldLabel(field, 'vi'),
};
