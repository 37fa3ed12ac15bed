// Vietnamese copy for the counter link, paper consent, photos and new-registration announcements.
import type { PeopleCopy } from './people-types.js';

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const peopleVi: PeopleCopy = {
  linkOffer: ({ name, lines, hours }) =>
    `Cho khách ${name} quét mã QR (hoặc gửi link) để nối chat của khách với hồ sơ; khách tự đồng ý nhận tin ngay trong chat.\n${lines}\nMã dùng một lần, hết hạn sau ${hours} giờ. Khách đã ký giấy đồng ý thì bấm nút dưới.`,
  linkLine: ({ channel, url, code }) => (code ? `• ${channel}: ${url} (mở rồi nhắn: /start ${code})` : `• ${channel}: ${url}`),
  linkNoChannel: 'Chưa có kênh chat nào (Telegram, Zalo) để tạo link cho khách.',
  linkPaperButton: '📝 Ghi đồng ý trên giấy',
  linkUsage: 'Mở khách trước (/tim), rồi /lienket để tạo link mới cho khách.',
  consentAsk: ({ name, version }) => `Khách ${name} đồng ý trên giấy (mẫu ${version}) cho mục nào? Bấm từng mục khách đã ký.`,
  consentButton: ({ purpose, given }) => `${given ? '✓ ' : ''}${peopleVi.purposeNames[purpose]}`,
  consentRecorded: ({ name, purpose, version }) => `Đã ghi: ${name} đồng ý "${peopleVi.purposeNames[purpose]}" trên giấy (mẫu ${version}), do bạn ghi nhận.`,
  purposeNames: { care: 'Tin chăm sóc', marketing: 'Tin ưu đãi', photo: 'Chụp và lưu ảnh', health: 'Ghi chú da/sức khỏe' },
  linkWelcome: ({ spa, you }) => `Dạ, em chào ${you.named} ạ! Em đã nối chat này với hồ sơ của ${you.pronoun} tại ${spa}. Em hỏi ${you.pronoun} vài câu để chăm sóc mình chu đáo hơn nhé.`,
  linkInvalid: ({ you }) => `Dạ, link này đã dùng rồi hoặc hết hạn ạ. ${cap(you.pronoun)} nhờ nhân viên ở quầy tạo link mới giúp em nhé.`,
  linkTaken: ({ you }) => `Dạ, hồ sơ này đã nối với một tài khoản chat khác rồi ạ. ${cap(you.pronoun)} nhờ nhân viên ở quầy kiểm tra giúp em nhé.`,
  newCustomer: ({ name, phone, needs, branch, channel }) => `🆕 Khách mới đăng ký qua ${channel}: ${name} (${phone})\n• Quan tâm: ${needs}\n• Chi nhánh: ${branch}\nGọi cho khách sớm nhé.`,
  newCustomerOpen: '📂 Mở khách và ghi cuộc gọi',
  newCustomerCallHint: ({ name }) => `Gọi xong, ghi lại: /goi <nội dung> (khách đang mở: ${name}).`,
  photoNoCustomer: 'Mở khách trước (/tim hoặc /kh) rồi gửi ảnh, ảnh sẽ lưu vào hồ sơ khách đó.',
  photoNoConsent: ({ name }) => `Chưa lưu ảnh: ${name} chưa đồng ý cho chụp và lưu ảnh. Khách đồng ý trên giấy thì ghi bằng /dongy.`,
  photoTooLarge: ({ maxMb }) => `Ảnh quá lớn (tối đa ${maxMb} MB). Gửi ảnh nhỏ hơn giúp.`,
  photoNotImage: 'Tệp này không phải ảnh JPEG, PNG hay WebP nên chưa lưu.',
  photoUnavailable: 'Chưa tải được ảnh, gửi lại giúp.',
  photoSaved: ({ name }) => `Đã lưu ảnh vào hồ sơ ${name}.`,
  photoTagAsk: 'Ảnh này là:',
  photoTagged: ({ tag }) => `Đã gắn: ${peopleVi.tagNames[tag]}.`,
  tagNames: { profile: 'Ảnh hồ sơ', before: 'Trước', after: 'Sau' },
  photoCaption: ({ name, tag, date }) => `${name} · ${tag} · ${date}`,
  photoNotAllowed: 'Bạn chưa được thêm ảnh cho khách này.',
  photoCount: ({ count }) => `Ảnh: ${count}`,
  photoLatest: ({ count, latest }) => `🖼 Ảnh: ${count}${latest ? ` (mới nhất: ${latest})` : ''}`,
  photoShowButton: '🖼 Xem ảnh',
  photoNone: 'Khách chưa có ảnh nào.',
  photoOnlyCard: ({ name }) => `👤 ${name}\n(Bạn chỉ xem được ảnh và tên của khách.)`,
  untagged: 'chưa gắn',
};
