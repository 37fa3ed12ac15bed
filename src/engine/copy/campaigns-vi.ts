// Campaigns copy in Vietnamese: staff brisk and factual.
import { MAX_TEMPLATE_LENGTH, PLACEHOLDERS } from '../../domain/campaign-template.js';
import type { CampaignStaffCopy } from './campaigns-types.js';

const placeholders = PLACEHOLDERS.map((p) => `{${p}}`).join(' ');

export const campaignStaffVi: CampaignStaffCopy = {
  staffOnly: 'Dạ, chiến dịch gửi tin do chủ spa hoặc quản lý tạo ạ. Bạn cần gửi tin cho khách nào thì nhờ quản lý giúp nhé.',
  listTitle: '📣 Chiến dịch gần đây:',
  listNone: 'Chưa có chiến dịch nào.',
  listLine: ({ n, segment, slices, when, state }) => `${n}. ${segment}${slices ? ` (${slices})` : ''} · ${when} · ${state}`,
  listResults: ({ sent, failed, optedOut, pending, cameBack, days }) => `   Đã gửi ${sent} · lỗi ${failed} · từ chối nhận ${optedOut}${pending ? ` · đang chờ ${pending}` : ''} · quay lại trong ${days} ngày: ${cameBack}`,
  states: { draft: 'nháp', scheduled: 'đã hẹn giờ', sending: 'đang gửi', done: 'đã gửi xong', cancelled: 'đã hủy' },
  newButton: '➕ Tạo chiến dịch mới',
  cancelButton: ({ n }) => `✖ Hủy chiến dịch ${n}`,
  cancelled: ({ rows }) => `Đã hủy chiến dịch. ${rows} tin chưa gửi đã dừng.`,
  notCancellable: 'Chiến dịch này đã gửi xong hoặc đã hủy, không hủy được nữa.',
  notFound: 'Không tìm thấy chiến dịch này trong phạm vi của bạn.',

  pickSegment: 'Gửi cho nhóm khách nào? Bấm một nhóm (số khách trong phạm vi bạn xem):',
  segmentButton: ({ name, count }) => `${name} (${count})`,
  noCustomers: 'Chưa có khách nào trong phạm vi bạn xem để gửi.',
  tapSegment: 'Bấm một nhóm ở trên, hoặc /huy để thôi.',
  askSlice: ({ segment }) => `Nhóm: ${segment}. Lọc thêm không? Gõ điều kiện, ví dụ: chinhanh:q1 ghichu:"con nho" — hoặc bấm Không lọc.`,
  noSliceButton: 'Không lọc',
  badSlice: ({ reason }) =>
    reason.kind === 'unknown_key'
      ? `Không có điều kiện "${reason.key}". Dùng được: chinhanh, nguon, nhucau, dichvu, hang, tuoi, gioitinh, nghe, nhom, ghichu. Ví dụ: chinhanh:q1`
      : reason.kind === 'bad_value'
        ? `Giá trị của "${reason.key}" chưa đúng. Ví dụ: gioitinh:nu, tuoi:25-34`
        : 'Em chưa đọc được điều kiện. Ví dụ: chinhanh:q1 ghichu:"con nho"',
  askTemplate: `Gõ nội dung tin. Chỗ điền: ${placeholders}. Ví dụ: Dạ em chào {ten}, {ten_spa} tặng {xung_ho} ưu đãi 20% cho {dich_vu_cuoi} tuần này ạ.`,
  badTemplate: ({ reason }) =>
    reason.kind === 'empty'
      ? 'Nội dung tin đang trống. Gõ lại giúp em nhé.'
      : reason.kind === 'too_long'
        ? `Tin dài quá (tối đa ${MAX_TEMPLATE_LENGTH} ký tự). Gõ ngắn lại giúp em nhé.`
        : reason.kind === 'unknown_placeholder'
          ? `Em không có chỗ điền ${reason.names.map((n) => `{${n}}`).join(', ')}. Dùng được: ${placeholders}. Gõ lại nội dung giúp em nhé.`
          : 'Thiếu dấu ngoặc: chỗ điền viết như {ten}. Gõ lại nội dung giúp em nhé.',
  askTime: 'Gửi lúc nào? Ví dụ: "mai 9h", "thứ 7 10h", "24/12 8h30".',
  badTime: 'Em chưa hiểu giờ gửi hoặc giờ đó đã qua. Ví dụ: "mai 9h", "thứ 7 10h", "24/12 8h30".',
  preview: ({ segment, slices, when, eligible, noConsent, noChat }) =>
    [`📣 Xem trước chiến dịch`, `Nhóm: ${segment}${slices ? ` (${slices})` : ''}`, `Gửi lúc: ${when}`, `Sẽ nhận: ${eligible} khách`, `Không gửi: ${noConsent} chưa đồng ý nhận tin ưu đãi, ${noChat} chưa có chat để gửi`].join('\n'),
  sample: ({ name, text }) => `Tin mẫu cho ${name}:\n“${text}”`,
  noSample: 'Hiện chưa có khách nào nhận được tin này.',
  confirmButton: '✅ Xác nhận gửi',
  abortButton: '✖ Thôi',
  aborted: 'Đã bỏ chiến dịch này, chưa gửi gì.',
  scheduled: ({ when, eligible }) => `Đã hẹn gửi lúc ${when} cho ${eligible} khách. Giờ yên lặng ban đêm tin sẽ chờ đến sáng. Gõ /chiendich để xem kết quả hoặc hủy.`,
  stale: 'Nút này đã cũ. Gõ /chiendich để bắt đầu lại.',
};
