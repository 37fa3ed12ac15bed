// Which way a customer message goes (chat, Zalo template, or a staff member's call), and the words it carries.
import { parseLocalDate } from '../src/domain/business-time.js';
import { profileCompleteness } from '../src/domain/completeness.js';
import { givenName } from '../src/domain/name.js';
import { formatPhoneVn } from '../src/domain/phone.js';
import { customerMessage, staffCallMessage, staffDigestMessage, type CallItem, type CustomerMessageKind, type IncompleteItem } from '../src/domain/scheduled-copy.js';
import { builtinCapabilities, proactiveOrder, type CapabilitiesOf, type ChannelAddress } from '../src/domain/channel.js';
import type { Customer } from '../src/store/customers.js';
import type { OutboxMessage, OutboxPurpose } from '../src/store/outbox.js';
import type { JobContext, JobSettings } from './job-deps.js';
import type { TemplateIntent } from './ports.js';
import { appointmentLines, openAppointmentsOf } from './appointment-day.js';

export type Route =
  | { kind: 'chat'; address: ChannelAddress; reason: string }
  | { kind: 'template'; reason: string }
  | { kind: 'staff'; reason: string };

export interface RouteInput {
  identities: ChannelAddress[];
  /** What each channel can do (default: the built-ins); chats are tried free channels first, then windowed ones. */
  capabilities?: CapabilitiesOf;
  /** Channels this process has a sender for. */
  channels: Set<string>;
  hasTemplate: boolean;
  phone?: string;
  /** Set after a chat refused (Zalo window closed): skip chats and say why. */
  chatRefused?: string;
}

export function chooseRoute(p: RouteInput): Route {
  const caps = p.capabilities ?? builtinCapabilities;
  if (!p.chatRefused) {
    const address = proactiveOrder(p.identities, caps).find((i) => p.channels.has(i.channel));
    if (address) return { kind: 'chat', address, reason: `${address.channel}_linked` };
  }
  const templateReach = p.identities.some((i) => caps(i.channel).templates);
  if (p.hasTemplate && (p.phone || templateReach)) return { kind: 'template', reason: p.chatRefused ?? 'no_chat_template' };
  const reason = p.chatRefused ?? (p.identities.length > 0 ? 'chat_channel_not_running' : 'no_chat');
  return { kind: 'staff', reason };
}

export const isCustomerPurpose = (p: OutboxPurpose): p is CustomerMessageKind =>
  p === 'birthday' || p === 'follow_up_registration' || p === 'follow_up_visit';

export function customerText(row: OutboxMessage, c: Customer, s: JobSettings): string {
  const kind = isCustomerPurpose(row.purpose) ? row.purpose : 'birthday';
  return customerMessage(kind, { name: c.name, language: c.language, spa: s.spaName, ...(c.gender ? { gender: c.gender } : {}), ...(row.service ? { service: row.service } : {}) }, s.templates);
}

const displayDate = (iso: string): string => {
  const d = parseLocalDate(iso);
  return d ? `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}/${d.year}` : iso;
};

export function templateIntent(row: OutboxMessage, c: Customer, identities: ChannelAddress[], s: JobSettings, caps: CapabilitiesOf = builtinCapabilities): TemplateIntent {
  const zalo = identities.find((i) => caps(i.channel).templates);
  return {
    purpose: row.purpose === 'birthday' ? 'birthday' : 'follow_up',
    ...(zalo ? { address: zalo } : {}),
    ...(c.phone ? { phone: c.phone } : {}),
    params: { name: c.name, given_name: givenName(c.name), spa_name: s.spaName, date: displayDate(row.occasionDate), ...(row.service ? { service: row.service } : {}) },
    trackingId: row.key,
  };
}

const addressee = (c: Customer) => ({ name: c.name, language: c.language, ...(c.gender ? { gender: c.gender } : {}) });
const phoneOf = (c: Customer): string | undefined => (c.phone ? formatPhoneVn(c.phone) : undefined);

/** The text of a staff row, rendered from live profiles; null when every customer it was about is gone. */
export async function staffText(ctx: JobContext, row: OutboxMessage): Promise<string | null> {
  const lang = ctx.settings.staffLanguage;
  if (row.purpose === 'staff_call') {
    const c = row.customerId ? await ctx.customers.findById(row.customerId) : null;
    if (!c) return null;
    const kind = row.about && isCustomerPurpose(row.about) ? row.about : 'birthday';
    return staffCallMessage({ customer: addressee(c), phone: phoneOf(c), kind, ...(row.service ? { service: row.service } : {}) }, lang);
  }
  const date = parseLocalDate(row.occasionDate);
  const mine = date && row.staffId ? await openAppointmentsOf(ctx, row.staffId, date) : [];
  // Every customer the message names, items and appointments alike, in one batched read (not one read per line).
  const customers = await ctx.customers.findManyById([...(row.items ?? []).map((i) => i.customerId), ...mine.map((a) => a.customerId)]);
  const calls: CallItem[] = [];
  const incomplete: IncompleteItem[] = [];
  for (const item of row.items ?? []) {
    const c = customers.get(item.customerId);
    if (!c) continue;
    if (item.section === 'call') {
      const kind = item.about && isCustomerPurpose(item.about) ? item.about : 'follow_up_visit';
      calls.push({ customer: addressee(c), phone: phoneOf(c), kind, ...(item.service ? { service: item.service } : {}) });
    } else {
      const { missing, percent } = profileCompleteness(c);
      if (missing.length > 0) incomplete.push({ customer: addressee(c), phone: phoneOf(c), missing, percent });
    }
  }
  const appointments = appointmentLines(ctx, mine, customers);
  if (calls.length === 0 && incomplete.length === 0 && appointments.length === 0) return null;
  return staffDigestMessage({ date: date ? `${date.day}/${date.month}` : row.occasionDate, calls, incomplete, appointments }, lang);
}
