// Copy of scheduled messages (birthday greetings, follow-ups, staff reminders) in vi and en, with owner overrides.
// The register follows the shared copy guide: the bot is "em", the guest "anh/chị" or "chị Lan" once known.
import type { KeyField } from './completeness.js';
import { formOfAddress } from './name.js';

export type Lang = 'vi' | 'en';
export type CustomerMessageKind = 'birthday' | 'follow_up_registration' | 'follow_up_visit';
export type Gender = 'female' | 'male' | 'other';

/** Placeholders an owner may use in a template; anything else in braces is rejected at start-up. */
export const TEMPLATE_PLACEHOLDERS = ['name', 'pronoun', 'Pronoun', 'spa', 'service'] as const;

/** Owner overrides from config, by kind and language; missing entries use the defaults below. */
export type TemplateOverrides = Partial<Record<CustomerMessageKind, Partial<Record<Lang, string>>>>;

const defaults: Record<CustomerMessageKind, Record<Lang, string>> = {
  birthday: {
    vi: '🎂 Chúc mừng sinh nhật {name}! {spa} chúc {pronoun} tuổi mới thật nhiều sức khỏe, luôn xinh đẹp và rạng rỡ ạ.',
    en: '🎂 Happy birthday, {name}! Everyone at {spa} wishes you a healthy and happy year ahead.',
  },
  follow_up_registration: {
    vi: 'Dạ em chào {name}, cảm ơn {pronoun} đã để lại thông tin cho {spa} ạ. {Pronoun} muốn em giữ lịch cho mình vào ngày nào không ạ?',
    en: 'Hello {name}, thank you for leaving your details with {spa}. Would you like us to book a visit for you?',
  },
  follow_up_visit: {
    vi: 'Dạ em chào {name}, hôm trước {pronoun} làm {service} bên em, mấy hôm nay {pronoun} thấy thế nào rồi ạ? Nếu có gì chưa ổn, {pronoun} nhắn em để kỹ thuật viên tư vấn thêm nhé.',
    en: 'Hello {name}, how have you been feeling since your {service} at {spa}? If anything is not quite right, message us and a therapist will advise you.',
  },
};

export interface Addressee {
  name: string;
  gender?: Gender;
  language: Lang;
}

/** "chị" / "anh" / "anh/chị" (vi) and the named form "chị Lan"; the gender field wins over the middle-name guess. */
export function addressOf(a: Addressee): { pronoun: string; named: string } {
  return formOfAddress(a.language, a.name, a.gender);
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** Unknown placeholders in an owner's template (empty when it is fine). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((k) => !known.has(k));
}

export interface CustomerMessageInput extends Addressee {
  spa: string;
  service?: string;
}

export function customerMessage(kind: CustomerMessageKind, input: CustomerMessageInput, overrides: TemplateOverrides = {}): string {
  const template = overrides[kind]?.[input.language] ?? defaults[kind][input.language];
  const { pronoun, named } = addressOf(input);
  const service = input.service ?? (input.language === 'vi' ? 'dịch vụ' : 'treatment');
  return fill(template, { name: named, pronoun, Pronoun: capitalise(pronoun), spa: input.spa, service });
}

// ---- Staff copy: brisk and factual (copy guide), in the staff's language. ----

export interface CallItem {
  customer: Addressee;
  /** Already formatted for display (0912 345 678), or undefined when the profile has none. */
  phone?: string;
  kind: CustomerMessageKind;
  service?: string;
}

export interface IncompleteItem {
  customer: Addressee;
  phone?: string;
  missing: KeyField[];
  percent: number;
}

const fieldLabels: Record<Lang, Record<KeyField, string>> = {
  vi: { name: 'họ tên', phone: 'số điện thoại', birthday: 'ngày sinh', gender: 'giới tính', email: 'email', address: 'địa chỉ', occupation: 'nghề nghiệp', needs: 'nhu cầu' },
  en: { name: 'name', phone: 'phone', birthday: 'birthday', gender: 'gender', email: 'email', address: 'address', occupation: 'occupation', needs: 'needs' },
};

/** Staff see "chị Lan (0912 345 678)" in Vietnamese (copy guide) and the full name in English. */
const who = (c: Addressee, phone: string | undefined, lang: Lang): string => {
  const label = lang === 'vi' ? addressOf({ ...c, language: 'vi' }).named : c.name;
  return `${label} (${phone ?? (lang === 'vi' ? 'chưa có số' : 'no phone')})`;
};

/** One call a staff member should make now because the chat could not carry the message. */
export function staffCallMessage(item: CallItem, lang: Lang): string {
  const person = who(item.customer, item.phone, lang);
  if (lang === 'en') {
    if (item.kind === 'birthday') return `🎂 Today is ${person}'s birthday and no chat message could reach them. Please call with our wishes.`;
    return `📞 Please call ${person}: ${callReason(item, 'en')}. No chat message could reach them.`;
  }
  if (item.kind === 'birthday') return `🎂 Hôm nay sinh nhật ${person}, chưa nhắn được qua chat. Anh/chị gọi chúc mừng giúp em nhé.`;
  return `📞 Cần gọi ${person}: ${callReason(item, 'vi')}, chưa nhắn được qua chat. Anh/chị gọi giúp em nhé.`;
}

function callReason(item: CallItem, lang: Lang): string {
  if (item.kind === 'birthday') return lang === 'vi' ? 'chúc mừng sinh nhật' : 'birthday wishes';
  if (item.kind === 'follow_up_registration') return lang === 'vi' ? 'hỏi thăm sau khi đăng ký' : 'follow-up after registering';
  const service = item.service ?? (lang === 'vi' ? 'dịch vụ' : 'a treatment');
  return lang === 'vi' ? `hỏi thăm sau buổi ${service}` : `follow-up after ${service}`;
}

/** Telegram caps a message at 4096 characters; a digest lists at most this many people per section. */
export const DIGEST_MAX_ITEMS = 40;

/** The morning list: calls due and incomplete profiles of customers visiting today. */
export function staffDigestMessage(p: { date: string; calls: CallItem[]; incomplete: IncompleteItem[]; appointments?: string[] }, lang: Lang): string {
  const vi = lang === 'vi';
  const lines = [vi ? `📋 Việc hôm nay (${p.date}):` : `📋 Today (${p.date}):`];
  const section = <T>(title: string, items: T[], line: (i: T) => string): void => {
    if (items.length === 0) return;
    lines.push('', title, ...items.slice(0, DIGEST_MAX_ITEMS).map((i) => `• ${line(i)}`));
    const rest = items.length - DIGEST_MAX_ITEMS;
    if (rest > 0) lines.push(vi ? `… và ${rest} khách nữa` : `… and ${rest} more`);
  };
  section(vi ? 'Lịch hẹn của bạn hôm nay:' : 'Your appointments today:', p.appointments ?? [], (l) => l);
  section(vi ? 'Cần gọi:' : 'Calls due:', p.calls, (c) => `${who(c.customer, c.phone, lang)}: ${callReason(c, lang)}`);
  section(vi ? 'Hồ sơ còn thiếu (khách đến hôm nay):' : 'Incomplete profiles (visiting today):', p.incomplete, (c) => {
    const missing = c.missing.map((f) => fieldLabels[lang][f]).join(', ');
    return vi ? `${who(c.customer, c.phone, lang)}: thiếu ${missing} (hồ sơ ${c.percent}%)` : `${who(c.customer, c.phone, lang)}: missing ${missing} (profile ${c.percent}%)`;
  });
  if (p.calls.length === 0 && p.incomplete.length === 0 && !p.appointments?.length) lines.push(vi ? 'Không có việc nào cần làm ạ.' : 'Nothing to do.');
  return lines.join('\n');
}
