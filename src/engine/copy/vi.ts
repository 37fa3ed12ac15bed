// Vietnamese copy (default): a spa receptionist's polite register; the bot is "em", the guest "anh/chị".
import type { Copy } from './types.js';

const phone = {
  empty: 'Dạ, em chưa thấy số điện thoại ạ. Số di động gồm 10 chữ số, ví dụ 0912 345 678.',
  too_short: 'Dạ, số này hơi ngắn ạ. Số di động gồm 10 chữ số, ví dụ 0912 345 678.',
  too_long: 'Dạ, số này dài hơn số di động ạ. Số di động gồm 10 chữ số, ví dụ 0912 345 678.',
  not_a_number: 'Dạ, số điện thoại chỉ gồm chữ số ạ, ví dụ 0912 345 678.',
  foreign: 'Dạ, bên em chỉ nhận số di động Việt Nam ạ, ví dụ 0912 345 678.',
  landline: 'Dạ, đây là số máy bàn ạ. Mình cho em xin số di động nhé, ví dụ 0912 345 678.',
  invalid: 'Dạ, số này em chưa nhận ra ạ. Số di động gồm 10 chữ số, ví dụ 0912 345 678.',
} as const;

export const vi: Copy = {
  lang: 'vi',
  greeting: ({ spa, you }) =>
    `Dạ, em chào ${you.pronoun} ạ! Em là trợ lý của ${spa}. ${cap(you.pronoun)} cho em xin vài thông tin để bên em chăm sóc mình chu đáo hơn nhé, chỉ khoảng một phút thôi ạ.`,
  consentQuestion: ({ spa, you }) =>
    `${cap(you.pronoun)} đồng ý để ${spa} lưu họ tên, số điện thoại, ngày sinh và nhu cầu của mình để chăm sóc (nhắc lịch, chúc mừng sinh nhật, hỏi thăm sau liệu trình) không ạ? ${cap(you.pronoun)} có thể rút lại bất cứ lúc nào bằng cách nhắn /stop.`,
  consentYes: 'Đồng ý',
  consentNo: 'Không, cảm ơn',
  consentRefused: ({ you }) => `Dạ, em chưa lưu thông tin nào của ${you.pronoun} ạ. Khi nào cần, ${you.pronoun} nhắn /start là em hỗ trợ ngay.`,
  marketingQuestion: ({ spa, you }) => `${cap(you.pronoun)} có muốn nhận tin ưu đãi, khuyến mãi của ${spa} không ạ? Không bắt buộc ạ.`,
  healthQuestion: ({ spa, you }) =>
    `${cap(you.pronoun)} có đồng ý để ${spa} lưu ghi chú về da và sức khỏe của mình (ví dụ da nhạy cảm, dị ứng, kết quả soi da) để tư vấn an toàn hơn không ạ? Chỉ nhân viên được phân quyền mới xem được. Không bắt buộc ạ.`,
  photoQuestion: ({ spa, you }) =>
    `${cap(you.pronoun)} có đồng ý để ${spa} lưu ảnh hồ sơ và ảnh trước/sau liệu trình của mình để theo dõi kết quả không ạ? Ảnh chỉ dùng nội bộ, không đăng lên mạng. Không bắt buộc ạ.`,
  consentGiven: 'đồng ý',
  consentDeclined: 'không đồng ý',
  consentUnanswered: 'chưa trả lời',
  yes: 'Có',
  no: 'Không',
  askName: ({ you }) => `${cap(you.pronoun)} cho em xin họ tên đầy đủ ạ? Ví dụ: Nguyễn Thị Lan.`,
  badName: ({ reason }) =>
    reason === 'too_long'
      ? 'Dạ, họ tên này dài quá ạ (tối đa 100 ký tự). Mình nhập lại giúp em, ví dụ: Nguyễn Thị Lan.'
      : 'Dạ, em chưa nhận ra họ tên ạ. Mình nhập họ tên bằng chữ giúp em, ví dụ: Nguyễn Thị Lan.',
  askPhone: ({ you }) =>
    `Em cảm ơn ${you.named} ạ. ${cap(you.pronoun)} cho em xin số điện thoại nhé: bấm "Gửi số điện thoại" bên dưới, hoặc gõ số, ví dụ 0912 345 678.`,
  askPhoneTyped: ({ you }) => `Em cảm ơn ${you.named} ạ. ${cap(you.pronoun)} cho em xin số điện thoại di động nhé, ví dụ 0912 345 678.`,
  sharePhoneButton: '📱 Gửi số điện thoại',
  badPhone: ({ reason }) => `${phone[reason]} Mình kiểm tra giúp em nhé.`,
  foreignContact: ({ you }) =>
    `Dạ, đây có vẻ là số của người khác ạ. ${cap(you.pronoun)} bấm "Gửi số điện thoại" để gửi số của chính mình, hoặc gõ số, ví dụ 0912 345 678.`,
  phoneKnown: ({ spa, you }) => `Dạ, số này đã có trong hồ sơ của ${spa} ạ. Em chào ${you.named}! Em chỉ hỏi thêm những gì còn thiếu thôi nhé.`,
  askBirthday: ({ spa, you }) =>
    `${cap(you.pronoun)} cho em xin ngày sinh để ${spa} gửi lời chúc mừng sinh nhật nhé ạ. Ví dụ 12/3 hoặc 12/3/1990, không cần năm cũng được.`,
  badBirthday: ({ reason, input }) => {
    if (reason === 'no_such_date') return `Dạ, ngày ${input.trim().slice(0, 20)} không có trên lịch ạ. Mình nhập lại giúp em theo dạng ngày/tháng, ví dụ 12/3.`;
    if (reason === 'in_future') return 'Dạ, ngày này còn ở phía trước ạ. Mình nhập lại ngày sinh giúp em, ví dụ 12/3/1990.';
    if (reason === 'too_old') return 'Dạ, năm sinh này có vẻ chưa đúng ạ. Mình nhập lại giúp em, ví dụ 12/3/1990.';
    return 'Dạ, em chưa đọc được ngày này ạ. Mình nhập theo dạng ngày/tháng, ví dụ 12/3 hoặc 12/3/1990.';
  },
  askNeeds: ({ you }) =>
    `${cap(you.pronoun)} đang quan tâm dịch vụ nào ạ? Chọn một hoặc nhiều mục rồi bấm "Xong", hoặc nhắn cho em điều ${you.pronoun} muốn nhé.`,
  needsDone: 'Xong',
  needsTooLong: 'Dạ, mình viết ngắn gọn giúp em dưới 500 ký tự nhé ạ.',
  offerSkip: 'Nếu chưa tiện, mình bấm "Bỏ qua" để trả lời sau cũng được ạ.',
  skip: 'Bỏ qua',
  back: '↩ Quay lại',
  confirmCard: ({ you, card }) =>
    [
      `${cap(you.pronoun)} xem lại giúp em nhé:`,
      `• Họ tên: ${card.name ?? '—'}`,
      `• SĐT: ${card.phone ?? '—'}`,
      `• Ngày sinh: ${card.birthday ?? '—'}`,
      `• Quan tâm: ${card.needs ?? '—'}`,
      ...(card.health !== undefined ? [`• Lưu ghi chú da/sức khỏe: ${card.health}`] : []),
      ...(card.photo !== undefined ? [`• Lưu ảnh trước/sau: ${card.photo}`] : []),
      'Thông tin đã đúng chưa ạ?',
    ].join('\n'),
  confirmSave: '✅ Đúng rồi, lưu giúp em',
  editName: 'Sửa tên',
  editPhone: 'Sửa SĐT',
  editBirthday: 'Sửa ngày sinh',
  editNeeds: 'Sửa nhu cầu',
  editHealth: 'Sửa: ghi chú sức khỏe',
  editPhoto: 'Sửa: lưu ảnh',
  notGiven: 'chưa có',
  saved: ({ spa, you }) =>
    `Dạ, em đã lưu thông tin của ${you.pronoun} rồi ạ. Cảm ơn ${you.named} đã tin tưởng ${spa}! Khi cần đặt lịch hay tư vấn, ${you.pronoun} cứ nhắn cho em nhé.`,
  cancelled: ({ you }) => `Dạ, em đã hủy, chưa lưu gì thêm ạ. Khi nào cần, ${you.pronoun} nhắn /start nhé.`,
  nothingToCancel: 'Dạ, hiện không có gì đang dở để hủy ạ.',
  cannotGoBack: 'Dạ, đây là bước đầu tiên rồi ạ.',
  cannotSkip: 'Dạ, bước này cần thiết nên không bỏ qua được ạ.',
  help: ({ you }) =>
    [
      `Dạ, ${you.pronoun} có thể nhắn:`,
      '• "quay lại": về bước trước',
      '• "sửa tên", "sửa sđt", "sửa ngày sinh", "sửa nhu cầu": sửa một mục',
      '• "bỏ qua": bỏ qua câu không bắt buộc',
      '• "hủy": hủy, không lưu gì',
      '• /datlich: đặt lịch hẹn',
      '• /toi: xem thông tin của mình · /sua: sửa họ tên, ngày sinh, email, địa chỉ',
      '• /stop: ngừng nhận tin · /xoa: xóa thông tin',
      '• /lang en: English',
    ].join('\n'),
  resumeQuestion: ({ you }) => `Chào ${you.named}, lần trước mình đang điền dở thông tin ạ. ${cap(you.pronoun)} muốn tiếp tục hay bắt đầu lại ạ?`,
  resumeContinue: 'Tiếp tục',
  resumeRestart: 'Bắt đầu lại',
  flowUpdated: 'Dạ, bên em vừa cập nhật cách hỏi thông tin, mình bắt đầu lại từ đầu giúp em nhé ạ.',
  menu: ({ spa, you, percent }) => `Dạ, em chào ${you.named}! Hồ sơ của ${you.pronoun} ở ${spa} đã đầy đủ ${percent}%. ${cap(you.pronoun)} cần em giúp gì ạ?`,
  menuMyInfo: 'Xem thông tin của tôi',
  menuEdit: 'Sửa thông tin',
  menuStop: 'Ngừng nhận tin',
  menuErase: 'Xóa thông tin',
  myInfo: ({ you, card, care, marketing }) =>
    [
      `Dạ, thông tin của ${you.named} bên em đang lưu:`,
      `• Họ tên: ${card.name ?? '—'}`,
      `• SĐT: ${card.phone ?? '—'}`,
      `• Ngày sinh: ${card.birthday ?? '—'}`,
      `• Nhu cầu: ${card.needs ?? '—'}`,
      `• Nhận tin chăm sóc: ${care ? 'có' : 'không'} · Nhận ưu đãi: ${marketing ? 'có' : 'không'}`,
      ...(card.health !== undefined ? [`• Lưu ghi chú da/sức khỏe: ${card.health} · Lưu ảnh trước/sau: ${card.photo ?? '—'}`] : []),
    ].join('\n'),
  myInfoNeedsVerification: ({ you }) =>
    `Dạ, để bảo vệ thông tin, em chỉ hiển thị hồ sơ sau khi ${you.pronoun} xác nhận số điện thoại bằng nút "Gửi số điện thoại" ạ.`,
  notRegistered: ({ you }) => `Dạ, em chưa có thông tin của ${you.pronoun} ạ. ${cap(you.pronoun)} nhắn /start để đăng ký nhé.`,
  stopQuestion: ({ spa, you }) => `${cap(you.pronoun)} muốn ngừng nhận tin nhắn chăm sóc từ ${spa} phải không ạ?`,
  stopYes: 'Đúng, ngừng nhận',
  stopped: ({ you }) => `Dạ, em đã ghi nhận, bên em sẽ không nhắn tin chăm sóc cho ${you.pronoun} nữa. Nếu đổi ý, ${you.pronoun} nhắn /start ạ.`,
  eraseQuestion: ({ spa, you }) => `${cap(you.pronoun)} muốn ${spa} xóa toàn bộ thông tin của ${you.pronoun} phải không ạ? Việc này không hoàn tác được.`,
  eraseYes: 'Xóa thông tin',
  erased: ({ you }) => `Dạ, em đã xóa thông tin của ${you.pronoun} ạ. Cảm ơn ${you.pronoun} thời gian qua.`,
  keptAsIs: 'Dạ, em giữ nguyên như cũ ạ.',
  languageSet: 'Dạ, từ giờ em nói tiếng Việt ạ.',
  unsupported: ({ you }) => `Dạ, em chỉ đọc được tin nhắn chữ thôi ạ. ${cap(you.pronoun)} nhắn chữ giúp em nhé, hoặc /help để xem hướng dẫn.`,
  groupNotice: 'Dạ, mình nhắn riêng cho em để đăng ký thông tin nhé ạ.',
  tooLong: 'Dạ, tin nhắn dài quá ạ. Mình nhắn ngắn gọn giúp em nhé.',
  choicePrompt: 'Mình chọn một mục bên dưới giúp em nhé ạ.',
};

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
