// `hoso campaigns` replies, Vietnamese first with English after a slash, like the rest of the CLI.
import { MAX_TEMPLATE_LENGTH, PLACEHOLDERS } from '../domain/campaign-template.js';
import { SLICE_KEYS } from '../domain/segment-slices.js';
import { SEGMENTS } from '../domain/segments.js';
import type { CampaignProblem, CampaignResults } from '../services/campaigns.js';
import type { AudienceCounts } from '../store/campaigns.js';

const placeholders = PLACEHOLDERS.map((p) => `{${p}}`).join(' ');

export function campaignProblemLine(p: CampaignProblem): string {
  switch (p.kind) {
    case 'not_allowed':
      return 'Chỉ chủ spa hoặc quản lý mới tạo chiến dịch / only the owner or a manager runs campaigns';
    case 'bad_segment':
      return `Không có nhóm này; chọn một trong: ${SEGMENTS.join(', ')} / no such segment`;
    case 'bad_slices':
      return p.reason.kind === 'unknown_key'
        ? `Không có điều kiện lọc "${p.reason.key}"; dùng: ${SLICE_KEYS.join(', ')} / unknown slice`
        : p.reason.kind === 'bad_value'
          ? `Giá trị lọc "${p.reason.key}" không hợp lệ / bad slice value`
          : 'Chưa đọc được điều kiện lọc, ví dụ: chinhanh:q1 ghichu:"con nho" / slices not understood';
    case 'bad_template':
      switch (p.reason.kind) {
        case 'empty':
          return 'Nội dung tin trống / empty template';
        case 'too_long':
          return `Nội dung tin quá dài (tối đa ${MAX_TEMPLATE_LENGTH} ký tự) / template too long`;
        case 'unknown_placeholder':
          return `Không có chỗ điền ${p.reason.names.map((n) => `{${n}}`).join(', ')}; dùng được: ${placeholders} / unknown placeholder`;
        case 'unbalanced':
          return `Thiếu dấu ngoặc: chỗ điền viết như {ten} / a lone brace; placeholders look like {ten}`;
      }
      break;
    case 'past':
      return 'Giờ gửi đã qua hoặc không đọc được, ví dụ "2026-12-24 09:00" hoặc "thứ 6 9h" / the time has passed or was not understood';
    case 'not_found':
      return 'Không tìm thấy chiến dịch này / no such campaign';
    case 'not_cancellable':
      return `Chiến dịch đã ${p.state === 'done' ? 'gửi xong' : 'hủy'}, không hủy được nữa / already ${p.state}`;
  }
  return 'Lỗi / error';
}

export const campaignLines = {
  audience: (c: AudienceCounts) => `Sẽ nhận / will receive: ${c.eligible} · không đồng ý nhận tin ưu đãi / no marketing consent: ${c.noConsent} · chưa có chat để gửi / no reachable chat: ${c.noChat}`,
  sample: (name: string, text: string) => `Ví dụ cho ${name} / sample for ${name}:\n  ${text}`,
  noSample: 'Chưa có khách nào nhận được tin này / nobody would receive it',
  created: (id: string, state: string, at: string) => `Đã tạo chiến dịch / campaign created: ${id} (${state}), gửi lúc / sends at ${at}`,
  cancelled: (id: string, rows: number) => `Đã hủy chiến dịch ${id}; ${rows} tin chưa gửi đã dừng / cancelled, ${rows} waiting messages stopped`,
  none: 'Chưa có chiến dịch nào / no campaigns yet',
  results: (r: CampaignResults, days: number) =>
    `đã gửi / sent ${r.sent} · lỗi / failed ${r.failed} · từ chối nhận / opted out ${r.optedOut} · đã hủy / cancelled ${r.cancelled} · đang chờ / pending ${r.pending} · quay lại trong ${days} ngày / came back within ${days} days ${r.cameBack}`,
};
