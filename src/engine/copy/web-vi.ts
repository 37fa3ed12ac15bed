import type { WebChatCopy } from './web-types.js';

export const webChatVi: WebChatCopy = {
  link: ({ url, minutes }) =>
    `Đường dẫn đăng nhập trang quản lý (dùng một lần, hết hạn sau ${minutes} phút):\n${url}\nĐừng chuyển tiếp tin này cho ai khác.`,
  notConfigured: 'Trang quản lý chưa bật: chủ spa cần đặt PUBLIC_URL trong cấu hình.',
  notAllowed: 'Trang quản lý chỉ dành cho chủ spa và quản lý. Chủ spa có thể cho phép nhân viên (WEB_STAFF_ACCESS).',
};
