// A customer's card with everything that happened to her, newest first (the web page's card, issue 15). The
// read is one audited card read; a masked or hidden card has no timeline.
import { readableNotes, type CustomerAccess, type CardRead } from './customer-access.js';
import type { StoredPhoto } from '../store/photos.js';
import { mayKeepPhotos } from './photos.js';
import { readLedger, type MoneyDeps, type MoneySummary } from './money.js';

export type TimelineEvent =
  | { kind: 'registered'; at: Date; by: string }
  | { kind: 'consent'; at: Date; purpose: string; granted: boolean; channel: string; by: string }
  | { kind: 'visit'; at: Date; service: string; amountVnd: number; paid: boolean; staffId?: string }
  | { kind: 'call'; at: Date; content: string; staffId: string }
  | { kind: 'note'; at: Date; text: string; noteKind: string; staffId?: string }
  | { kind: 'message'; at: Date; purpose: string; status: string }
  | { kind: 'appointment'; at: Date; service: string; status: string; technicianId: string }
  /** A card field changed (card_edits): who changed it (`by`: customer, staff, cli) and the values before and after. */
  /** A photo kept on her card (issue 17); shown only while her photo consent stands. */
  | { kind: 'photo'; at: Date; photoId: string; tag?: string; staffId: string }
  | { kind: 'card_edit'; at: Date; field: string; from?: string; to?: string; by: string; byId?: string }
  /** Money operations other than visits (those are the visit events): packages, sales, deposits, payments, points. */
  | { kind: 'money'; at: Date; moneyKind: string; chargedVnd: number; paidVnd: number; points: number; staffId?: string };

const LIMIT = 50;

/** With `money`, the card's money counters come along, from the same read of her ledger as the timeline's events. */
export async function readTimeline(access: CustomerAccess, customerId: string, money?: Omit<MoneyDeps, 'store'>): Promise<{ card: CardRead; events: TimelineEvent[]; money?: MoneySummary; photos?: StoredPhoto[] }> {
  const card = await access.readCard(customerId);
  if (card.access !== 'full') return { card, events: [] };
  const c = card.customer;
  const { activity, outbox, customers, appointments, cardEdits } = access.store;
  const [visits, notes, calls, messages, created, booked, ledger, edits, photos] = await Promise.all([
    activity.recentVisits(c.id, LIMIT),
    activity.recentNotes(c.id, LIMIT),
    activity.recentCalls(c.id, LIMIT),
    outbox.list({ customerId: c.id, status: ['sent', 'failed', 'handed_off', 'unknown', 'cancelled', 'expired'] }, 200),
    customers.createdBy(c.id),
    appointments.forCustomer(c.id, { limit: LIMIT }),
    money ? readLedger({ ...money, store: access.store }, c.id) : access.store.money.entriesOf(c.id).then((entries) => ({ entries, summary: undefined })),
    cardEdits.forCustomer(c.id, LIMIT),
    mayKeepPhotos(c) ? access.store.photos.list(c.id, LIMIT) : Promise.resolve([]),
  ]);
  const events: TimelineEvent[] = [
    { kind: 'registered', at: c.createdAt, by: created?.channel ?? created?.kind ?? 'other' },
    ...c.consents.map((r) => ({ kind: 'consent' as const, at: r.at, purpose: r.purpose, granted: r.granted, channel: r.channel, by: r.by?.kind ?? 'customer' })),
    ...visits.map((v) => ({ kind: 'visit' as const, at: v.at, service: v.service, amountVnd: v.amountVnd, paid: v.paid, ...(v.staffId ? { staffId: v.staffId } : {}) })),
    ...calls.map((x) => ({ kind: 'call' as const, at: x.at, content: x.content, staffId: x.staffId })),
    ...readableNotes(notes, card.access, c).map((n) => ({ kind: 'note' as const, at: n.at, text: n.text, noteKind: n.kind, ...(n.staffId ? { staffId: n.staffId } : {}) })),
    ...booked.map((a) => ({ kind: 'appointment' as const, at: a.start, service: a.service, status: a.status, technicianId: a.technicianId })),
    ...ledger.entries
      .filter((e) => e.kind !== 'visit')
      .slice(-LIMIT)
      .map((e) => ({ kind: 'money' as const, at: e.at, moneyKind: e.kind, chargedVnd: e.chargeVnd + e.depositInVnd, paidVnd: e.paidVnd, points: e.pointsRedeemed, ...(e.by ? { staffId: e.by } : {}) })),
    ...edits.map((e) => ({ kind: 'card_edit' as const, at: e.at, field: e.field, ...(e.from ? { from: e.from } : {}), ...(e.to ? { to: e.to } : {}), by: e.by.kind, ...(e.by.id ? { byId: e.by.id } : {}) })),
    ...photos.map((p) => ({ kind: 'photo' as const, at: p.createdAt, photoId: p.id, ...(p.tag ? { tag: p.tag } : {}), staffId: p.uploadedBy })),
    ...messages.map((m) => ({ kind: 'message' as const, at: m.sentAt ?? m.dueAt, purpose: m.purpose, status: m.status })),
  ];
  events.sort((a, b) => b.at.getTime() - a.at.getTime());
  return { card, events, photos, ...(ledger.summary ? { money: ledger.summary } : {}) };
}
