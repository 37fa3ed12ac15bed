// Vietnamese copy for staff notes by kind (brisk staff register, copy-vi.md).
import type { NotesCopy } from './notes-types.js';

export const notesVi: NotesCopy = {
  kindNames: { personality: 'Tính cách', hobby: 'Sở thích', family: 'Gia đình', exam: 'Kết quả khám', skin: 'Da/sức khỏe', other: 'Khác' },
  group: ({ kind, texts }) => `[${kind}] ${texts}`,
  saved: ({ name, kind }) => `Đã ghi chú (${kind.toLowerCase()}) cho ${name}.`,
  sensitiveRefused: ({ name, kind }) =>
    `Chưa lưu: ghi chú ${kind.toLowerCase()} là thông tin sức khỏe, chỉ lưu khi khách đồng ý. ${name} chưa đồng ý cho ghi chú da/sức khỏe (khách đồng ý khi đăng ký, hoặc trên giấy rồi ghi bằng /dongy). Ghi chú thường vẫn lưu được: /ghichu nội dung.`,
};
