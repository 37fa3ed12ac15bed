// Words of the appointment messages the outbox sends (reminders, confirmations, staff requests, the end-of-day
// question), in vi and en, and how an appointment's time reads ("15:00 thứ 6, 4/12"). Rendered at send time.
import { businessDateTime } from './business-time.js';
import { addressOf, type Addressee, type Lang } from './scheduled-copy.js';

const WEEKDAYS: Record<Lang, string[]> = {
  vi: ['chủ nhật', 'thứ 2', 'thứ 3', 'thứ 4', 'thứ 5', 'thứ 6', 'thứ 7'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

/** "15:00 thứ 6, 4/12" / "15:00 Friday 4/12". */
export function formatWhen(at: Date, timeZone: string, lang: Lang): string {
  const l = businessDateTime(at, timeZone);
  const wd = new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay();
  const time = `${String(l.hour).padStart(2, '0')}:${String(l.minute).padStart(2, '0')}`;
  return lang === 'vi' ? `${time} ${WEEKDAYS.vi[wd]}, ${l.day}/${l.month}` : `${time} ${WEEKDAYS.en[wd]} ${l.day}/${l.month}`;
}

/** "thứ 6, 4/12" / "Friday 4/12". */
export function formatDay(d: { year: number; month: number; day: number }, lang: Lang): string {
  const wd = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return lang === 'vi' ? `${WEEKDAYS.vi[wd]}, ${d.day}/${d.month}` : `${WEEKDAYS.en[wd]} ${d.day}/${d.month}`;
}

export type ReminderKind = 'day_before' | 'hours_before';

export function appointmentReminder(kind: ReminderKind, p: Addressee & { spa: string; service: string; when: string }): string {
  const { named, pronoun } = addressOf(p);
  if (p.language === 'en') {
    const lead = kind === 'day_before' ? 'a reminder of your appointment tomorrow' : 'a reminder of your appointment today';
    return `Hello ${named}, ${lead} at ${p.spa}: ${p.service} at ${p.when}. Reply "cancel" to cancel or "change time" to pick another time.`;
  }
  const lead = kind === 'day_before' ? 'em nhắc lịch hẹn ngày mai' : 'em nhắc lịch hẹn hôm nay';
  return `Dạ em chào ${named}, ${lead} của ${pronoun} tại ${p.spa}: ${p.service} lúc ${p.when} ạ. Nếu cần, ${pronoun} nhắn "hủy" để hủy lịch hoặc "đổi giờ" để chọn giờ khác nhé.`;
}

export function appointmentNews(kind: 'confirmed' | 'changed', p: Addressee & { spa: string; service: string; when: string }): string {
  const { named, pronoun } = addressOf(p);
  if (p.language === 'en') {
    return kind === 'confirmed' ? `Hello ${named}, ${p.spa} has confirmed your appointment: ${p.service} at ${p.when}. See you then!` : `Hello ${named}, your appointment at ${p.spa} has been moved: ${p.service} at ${p.when}. Reply "change time" if that does not suit you.`;
  }
  return kind === 'confirmed'
    ? `Dạ em chào ${named}, ${p.spa} đã xác nhận lịch hẹn của ${pronoun}: ${p.service} lúc ${p.when} ạ. Hẹn gặp ${pronoun} nhé!`
    : `Dạ em chào ${named}, lịch hẹn của ${pronoun} tại ${p.spa} đã được đổi sang: ${p.service} lúc ${p.when} ạ. Nếu giờ này chưa tiện, ${pronoun} nhắn "đổi giờ" giúp em nhé.`;
}

/** Staff: a customer asked for a time; the buttons confirm or change it. */
export function appointmentRequestMessage(p: { customer: string; phone: string; service: string; when: string; technician: string; moved: boolean }, lang: Lang): string {
  if (lang === 'en') return `📅 ${p.moved ? 'New time asked' : 'Booking request'}: ${p.customer} (${p.phone}) — ${p.service} at ${p.when}, held with ${p.technician}. Confirm?`;
  return `📅 ${p.moved ? 'Khách xin đổi giờ' : 'Khách đặt lịch'}: ${p.customer} (${p.phone}) — ${p.service} lúc ${p.when}, đang giữ chỗ với ${p.technician}. Xác nhận?`;
}

/** Staff: a customer cancelled her appointment herself (answering a reminder). */
export function appointmentCancelledMessage(p: { customer: string; service: string; when: string; technician: string }, lang: Lang): string {
  if (lang === 'en') return `❌ ${p.customer} cancelled: ${p.service} at ${p.when} (${p.technician}). The time is free again.`;
  return `❌ Khách hủy lịch: ${p.customer} — ${p.service} lúc ${p.when} (KTV ${p.technician}). Giờ này đã trống lại.`;
}

/** Staff, end of the day: appointments nobody marked. */
export function appointmentUnmarkedMessage(p: { date: string; lines: string[] }, lang: Lang): string {
  const head = lang === 'en' ? `🕗 Appointments today (${p.date}) not marked yet — did they come?` : `🕗 Lịch hẹn hôm nay (${p.date}) chưa đánh dấu — khách có đến không?`;
  return [head, ...p.lines.map((l) => `• ${l}`)].join('\n');
}

/** The morning list's section: today's appointments of one technician. */
export function appointmentDigestSection(lines: string[], lang: Lang): string[] {
  if (lines.length === 0) return [];
  return ['', lang === 'en' ? 'Your appointments today:' : 'Lịch hẹn của bạn hôm nay:', ...lines.map((l) => `• ${l}`)];
}

export const appointmentButtons: Record<Lang, { confirm: string; move: string; attended: string; noShow: string; cancel: string }> = {
  vi: { confirm: '✅ Xác nhận', move: '🕑 Đổi giờ', attended: '✓ Đã đến', noShow: '✗ Không đến', cancel: 'Hủy lịch' },
  en: { confirm: '✅ Confirm', move: '🕑 Change time', attended: '✓ Came', noShow: '✗ No-show', cancel: 'Cancel' },
};

/** On a customer's reminder or news, where the channel shows buttons: cancel or pick another time. */
export const customerAppointmentButtons: Record<Lang, { cancel: string; move: string }> = {
  vi: { cancel: '❌ Hủy lịch', move: '🕑 Đổi giờ' },
  en: { cancel: '❌ Cancel', move: '🕑 Change time' },
};
