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

  winBackTitle: ({ date, count }) => `🔁 Khách cần giữ chân tuần này (${date}): ${count} khách`,
  winBackLine: ({ who, explained, lastService }) => `• ${who} — ${explained}${lastService ? `. Lần cuối: ${lastService}` : ''}`,
  winBackSuggest: ({ text }) => `  Gợi ý nhắn: “${text}”`,
  winBackMore: ({ rest }) => `… và ${rest} khách nữa (/phanloai để xem hết).`,
  winBackFooter: 'Gọi (/goi) hoặc ghi lượt đến (/ghe) là khách ra khỏi danh sách.',
  noPhone: 'chưa có số',
  winBackSuggestion: ({ segment, named, pronoun, Pronoun, service, spa }) =>
    segment === 'sap_roi'
      ? `Dạ em chào ${named}, lâu rồi chưa thấy ${pronoun} ghé ${spa} ạ.${service ? ` Lần trước ${pronoun} làm ${service},` : ''} ${service ? pronoun : Pronoun} có muốn em giữ lịch cho mình tuần này không ạ?`
      : `Dạ em chào ${named}, ${spa} nhớ ${pronoun} lắm ạ! ${Pronoun} dạo này khỏe không ạ?${service ? ` Lần trước ${pronoun} làm ${service},` : ''} khi nào rảnh ${pronoun} ghé bên em nhé, em giữ lịch cho ${pronoun} ạ.`,
};
