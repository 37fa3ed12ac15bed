import { NEED_STAGE_NAMES } from '../../domain/needs.js';
import type { NeedsCopy } from './needs-types.js';

export const needsVi: NeedsCopy = {
  stageNames: NEED_STAGE_NAMES.vi,
  stagesButton: '🔁 Giai đoạn nhu cầu',
  stagesTitle: ({ name, lines }) => `Nhu cầu của ${name}:\n${lines}\nBấm để chuyển giai đoạn (lịch sử vẫn giữ). Thêm nhu cầu: /sua nhu cau <dịch vụ>.`,
  moveButton: ({ need, stage }) => `${need} → ${stage}`,
  moved: ({ name, need, from, stage }) => `Đã chuyển "${need}" của ${name}: ${from} → ${stage}.`,
  unchanged: ({ need, stage }) => `"${need}" đã ở giai đoạn ${stage}, không đổi gì.`,
  gone: 'Nhu cầu này không còn như lúc hiện nút (đã có người đổi). Gõ /xem để xem lại.',
  none: ({ name }) => `${name} chưa có nhu cầu nào. Thêm bằng /sua nhu cau <dịch vụ>, ví dụ /sua nhu cau trị mụn.`,
};
