// Segments copy in Vietnamese: staff brisk and factual.
import type { SegmentStaffCopy } from './segments-types.js';

export const segmentStaffVi: SegmentStaffCopy = {
  helpLine: '/phanloai — khách theo nhóm (mới, VIP, sắp rời…), bấm nhóm để xem danh sách',
  countsTitle: ({ total }) => `📊 Phân loại khách của bạn: ${total} khách`,
  countLine: ({ name, count }) => `• ${name}: ${count}`,
  countsNone: 'Chưa có khách nào trong phạm vi bạn xem.',
  countsPick: 'Bấm một nhóm để xem danh sách và lý do.',
  segmentButton: ({ name, count }) => `${name} (${count})`,
  listTitle: ({ name, total, page, pages }) => `📋 ${name}: ${total} khách${pages > 1 ? ` (trang ${page}/${pages})` : ''}`,
  memberLine: ({ n, name, phone, reason }) => `${n}. ${name} · ${phone} — ${reason}`,
  listEmpty: ({ name }) => `Nhóm "${name}" hiện không còn khách nào trong phạm vi bạn xem.`,
  listOpen: 'Bấm tên để mở thẻ khách.',
  nextPage: 'Trang sau ▶',
  prevPage: '◀ Trang trước',
  backToCounts: '↩ Các nhóm',
  cardLine: ({ explained }) => `🏷 Phân loại: ${explained}`,
};
