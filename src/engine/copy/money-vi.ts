// Money copy in Vietnamese: staff brisk and factual, the customer's own view warm ("Dạ … ạ").
import type { MoneyCustomerCopy, MoneyStaffCopy } from './money-types.js';

export const moneyStaffVi: MoneyStaffCopy = {
  methodNames: { cash: 'tiền mặt', transfer: 'chuyển khoản', card: 'thẻ', deposit: 'từ cọc', package: 'từ gói', unpaid: 'chưa trả' },
  rankNames: { dong: 'Đồng', bac: 'Bạc', vang: 'Vàng', kim_cuong: 'Kim cương' },
  visitUsage: 'Gõ /ghe, dịch vụ, số tiền và cách trả, ví dụ: /ghe trị mụn 350k chuyển khoản; /ghe massage 500k nợ chị Hoa; /ghe massage (dùng buổi trong gói).',
  visitSaved: ({ name, service, amount, method, technician, debt }) => `Đã ghi: ${name} — ${service}, ${amount} (${method}), KTV ${technician}.${debt ? ' Ghi vào công nợ.' : ''}`,
  visitFromPackage: ({ name, service, session, total, left, technician }) => `Đã ghi: ${name} — ${service}, buổi ${session}/${total} của gói, KTV ${technician}. Còn ${left}/${total} buổi.`,
  visitNeedsAmount: ({ service }) => `Khách chưa có gói ${service} còn buổi. Gõ số tiền, ví dụ: /ghe ${service} 350k.`,
  noPackage: ({ service, why }) =>
    ({
      none: `Khách không có gói ${service}. Gõ số tiền thay vì "từ gói", ví dụ: /ghe ${service} 350k.`,
      expired: `Gói ${service} của khách đã hết hạn, không dùng được. Gõ số tiền, ví dụ: /ghe ${service} 350k.`,
      used_up: `Gói ${service} của khách đã dùng hết buổi. Gõ số tiền hoặc bán gói mới (/goilieutrinh).`,
    })[why],
  technicianInactive: 'Nhân viên đó không còn làm ở đây: chọn KTV khác.',
  technicianOtherBranch: ({ technician }) => `${technician} thuộc chi nhánh khác: chỉ ghi được KTV của chi nhánh bạn.`,
  ambiguousTechnician: ({ names }) => `Có nhiều KTV trùng tên: ${names}. Gõ cả họ tên.`,
  badAmount: 'Số tiền chưa đúng: phải lớn hơn 0 và dưới 1 tỷ, ví dụ 350k, 1tr5.',
  depositShort: ({ balance }) => `Tiền cọc còn ${balance}, không đủ. Chọn cách trả khác.`,
  busy: 'Đang có thao tác khác trên khách này. Thử lại giúp.',
  repeated: '(Thao tác này đã được ghi trước đó, không ghi thêm.)',
  packageUsage: 'Gõ /goilieutrinh, dịch vụ, số buổi, giá và cách trả, ví dụ: /goilieutrinh trị mụn 10 buổi 5tr chuyển khoản hạn 6 tháng; /goilieutrinh massage 5 buổi 2tr cọc 500k.',
  packageSold: ({ name, service, sessions, price, paid, debt, expires }) => `🎫 Đã bán gói: ${name} — ${service} ${sessions} buổi, ${price}. Đã trả ${paid}, còn nợ ${debt}. Hạn đến ${expires}.`,
  badPackage: 'Gói chưa đúng: số buổi từ 1 đến 100, hạn phải sau hôm nay. Ví dụ: /goilieutrinh trị mụn 10 buổi 5tr hạn 6 tháng.',
  depositUsage: 'Gõ /coc, số tiền và cách trả, ví dụ: /coc 1tr chuyển khoản.',
  depositAdded: ({ name, amount, balance }) => `Đã nhận cọc ${amount} của ${name}. Tiền cọc còn: ${balance}.`,
  saleUsage: 'Gõ /ban, sản phẩm, số lượng và giá, ví dụ: /ban kem chống nắng 2 x 250k; serum 450k tiền mặt.',
  saleSaved: ({ name, lines, total, method }) => `Đã bán cho ${name}:\n${lines}\nTổng ${total} (${method}).`,
  payUsage: 'Gõ /tra, số tiền và cách trả, ví dụ: /tra 500k chuyển khoản.',
  paid: ({ name, amount, debt }) => `Đã nhận ${amount} của ${name}. Còn nợ: ${debt}.`,
  noDebt: ({ name }) => `${name} không còn nợ.`,
  overpay: ({ name, debt }) => `${name} chỉ còn nợ ${debt}: không nhận nhiều hơn số nợ. Gõ lại, ví dụ: /tra ${debt.replace(/\s₫$/, '')}.`,
  debtsTitle: ({ count, total }) => `💸 Công nợ: ${count} khách, tổng ${total}`,
  debtLine: ({ name, phone, debt }) => `• ${name} (${phone}): ${debt}`,
  debtsNone: 'Không có khách nào còn nợ.',
  managersOnly: 'Chỉ quản lý và chủ spa xem được công nợ.',
  redeemUsage: 'Gõ /doidiem và số điểm, ví dụ: /doidiem 100.',
  redeemed: ({ name, points, left }) => `Đã đổi ${points} điểm cho ${name}. Còn ${left} điểm.`,
  pointsShort: ({ points }) => `Khách chỉ có ${points} điểm: không đổi quá số điểm đang có.`,
  rankUp: ({ name, rank }) => `⭐ ${name} lên hạng ${rank}.`,
  cardMoney: ({ spent, debt, deposit, deposits, points, rank, visits, products, invoices }) =>
    [`💰 Đã chi: ${spent} · Nợ: ${debt} · Cọc: ${deposit} (${deposits} lần)`, `⭐ ${rank} · ${points} điểm`, `Lượt làm: ${visits} · Sản phẩm: ${products} · Hóa đơn: ${invoices}`].join('\n'),
  rankLine: ({ rank, spent12m, next, missing }) => `${rank}: ${spent12m} trong 12 tháng${next ? `; còn ${missing} lên ${next}` : ''}`,
  cardPackage: ({ service, left, total, expires, state }) => `🎫 ${service}: còn ${left}/${total} buổi, hạn ${expires}${state === 'expired' ? ' (hết hạn)' : state === 'used_up' ? ' (đã dùng hết)' : ''}`,
  rankChanged: ({ customer, from, to, rankLine }) => `⭐ ${customer} đổi hạng: ${from} → ${to}. ${rankLine}.`,
  packageIdle: ({ customer, phone, service, left, total, days, expires }) => `🎫 ${customer} (${phone}) còn ${left}/${total} buổi ${service} nhưng ${days} ngày chưa đến (hạn ${expires}). Gọi mời khách đặt lịch giúp.`,
};

export const moneyCustomerVi: MoneyCustomerCopy = {
  packagesTitle: ({ you }) => `Dạ, gói liệu trình của ${you.named}:`,
  packageLine: ({ service, left, total, expires }) => `• ${service}: còn ${left}/${total} buổi (hạn ${expires})`,
  noPackages: '• Hiện chưa có gói liệu trình nào ạ.',
  points: ({ points, rank }) => `• Điểm tích lũy: ${points} · Hạng thành viên: ${rank}`,
};
