// The customer as the rest of the code sees it, and the mapping to and from stored documents.
import type { Birthday } from '../domain/birthday.js';
import type { LunarBirthday } from '../domain/lunar.js';
import { nameSearchKey } from '../domain/name.js';
import { phoneLastDigits } from '../domain/phone.js';
import type { ChannelAddress } from '../domain/channel.js';
import { DEFAULT_NEED_STAGE, toNeedEntry, type NeedEntry, type NeedStage } from '../domain/needs.js';

export type { ChannelAddress };

export type Actor = { kind: 'staff' | 'customer' | 'cli' | 'system'; id?: string; channel?: string };
/**
 * `photo`: photos of her may be taken and kept on her card (issue 17); asked apart, never implied by care.
 * `health`: staff may keep skin and health notes about her (issue 17: sensitive, its own optional intake question).
 */
export type ConsentPurpose = 'care' | 'marketing' | 'photo' | 'health';
export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ['care', 'marketing', 'photo', 'health'];
/** Who recorded a consent entry: the customer (their own chat), a staff member, the owner's CLI or a job. */
export type ConsentActor = { kind: Actor['kind']; id?: string };
export interface ConsentRecord {
  purpose: ConsentPurpose;
  granted: boolean;
  at: Date;
  channel: string;
  wordingVersion: string;
  /** Who: when left out, the actor of the write that records it. */
  by?: ConsentActor;
  /** Which chat (address key) the words were agreed in, when they were agreed in a chat. */
  chat?: string;
}

/** Fields a flow or command may set; every value is already validated and normalised by src/domain. */
export interface CustomerFields {
  name?: string;
  phone?: string;
  phoneVerified?: boolean;
  birthday?: Birthday;
  lunarBirthday?: LunarBirthday;
  email?: string;
  gender?: 'female' | 'male' | 'other';
  branchId?: string;
  address?: string;
  source?: string;
  /** The customer who referred her, when the source is a referral (issue 17). */
  referredById?: string;
  group?: string;
  occupation?: string;
  facebook?: string;
  managerStaffId?: string;
  language?: 'vi' | 'en';
  /** Needs to note (stage: quan tâm unless said); they are added to the card's history, never replace it. */
  needs?: NeedInput[];
}

export type NeedInput = { service: string; note?: string; stage?: NeedStage };
export type { NeedEntry, NeedStage };

/** Needs as stored entries (validated by src/domain/needs.ts), dated `now`; what does not validate is left out. */
export function needEntries(needs: readonly NeedInput[] | undefined, now: Date): NeedEntry[] {
  return (needs ?? []).flatMap((n) => toNeedEntry({ service: n.service, stage: n.stage ?? DEFAULT_NEED_STAGE, ...(n.note ? { note: n.note } : {}), at: now }, now) ?? []);
}

export interface Customer {
  id: string;
  name: string;
  phone?: string;
  phoneVerified: boolean;
  birthday?: Birthday;
  /** Set when the customer celebrates their lunar birthday instead (greetings and /sinhnhat follow it). */
  lunarBirthday?: LunarBirthday;
  email?: string;
  gender?: 'female' | 'male' | 'other';
  branchId?: string;
  address?: string;
  occupation?: string;
  source?: string;
  group?: string;
  facebook?: string;
  referredById?: string;
  managerStaffId?: string;
  language: 'vi' | 'en';
  /** Every need noted, oldest first: adding one or moving one to another stage appends (domain/needs.ts currentNeeds). */
  needs: NeedEntry[];
  consent: { care: boolean; marketing: boolean; photo: boolean; health: boolean };
  consents: ConsentRecord[];
  visitCount: number;
  totals: { spentVnd: number; debtVnd: number };
  points: number;
  rank: string;
  createdAt: Date;
  updatedAt: Date;
  erased: boolean;
}

/** Another live customer already has the phone an update wanted to set. */
export class PhoneTakenError extends Error {
  constructor(readonly ownerId: string) {
    super('phone already belongs to another customer');
    this.name = 'PhoneTakenError';
  }
}

export type CreateFailure = { kind: 'duplicate_phone'; existing: Customer };
export type LinkFailure = { kind: 'linked_to_other'; customerId: string };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

// Lean documents come back untyped enough that one explicit mapping is clearer than casts everywhere.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toCustomer(d: any): Customer {
  return {
    id: String(d._id),
    name: d.name,
    phone: str(d.phone),
    phoneVerified: Boolean(d.phoneVerified),
    birthday: d.birthday ? { day: d.birthday.day, month: d.birthday.month, ...(d.birthday.year ? { year: d.birthday.year } : {}) } : undefined,
    lunarBirthday: d.lunarBirthday ? { day: d.lunarBirthday.day, month: d.lunarBirthday.month, leapMonth: Boolean(d.lunarBirthday.leapMonth) } : undefined,
    email: str(d.email),
    gender: d.gender ?? undefined,
    branchId: str(d.branchId),
    address: str(d.address),
    occupation: str(d.occupation),
    source: str(d.source),
    group: str(d.group),
    facebook: str(d.facebook),
    referredById: str(d.referredById),
    managerStaffId: str(d.managerStaffId),
    language: d.language ?? 'vi',
    // A list the start-up migration has not rewritten yet (bare strings, no stage) reads the same as after it.
    needs: (Array.isArray(d.needs) ? d.needs : []).flatMap((n: unknown) => toNeedEntry(n, d.createdAt instanceof Date ? d.createdAt : new Date(0)) ?? []),
    consent: { care: Boolean(d.consent?.care), marketing: Boolean(d.consent?.marketing), photo: Boolean(d.consent?.photo), health: Boolean(d.consent?.health) },
    consents: (d.consents ?? []).map((c: ConsentRecord) => ({
      purpose: c.purpose,
      granted: c.granted,
      at: c.at,
      channel: c.channel,
      wordingVersion: c.wordingVersion,
      ...(c.by ? { by: { kind: c.by.kind, ...(c.by.id ? { id: c.by.id } : {}) } } : {}),
      ...(c.chat ? { chat: c.chat } : {}),
    })),
    visitCount: d.visitCount ?? 0,
    totals: { spentVnd: d.totals?.spentVnd ?? 0, debtVnd: d.totals?.debtVnd ?? 0 },
    points: d.points ?? 0,
    rank: d.rank ?? 'dong',
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    erased: Boolean(d.erasedAt),
  };
}

/** The $set document for a set of fields, with the derived keys that go with them. */
export function toSet(fields: CustomerFields, now: Date): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || k === 'needs') continue;
    set[k] = v;
  }
  if (fields.name !== undefined) set.nameKey = nameSearchKey(fields.name);
  if (fields.phone !== undefined) {
    set.phoneLast4 = phoneLastDigits(fields.phone, 4);
    set.phoneLast3 = phoneLastDigits(fields.phone, 3);
  }
  if (fields.birthday !== undefined) {
    set.birthMonth = fields.birthday.month;
    set.birthDay = fields.birthday.day;
  }
  if (fields.needs !== undefined) set.needs = needEntries(fields.needs, now);
  return set;
}

/** The entry as stored: `by` always set, from the writing actor when the record did not say. */
export function consentEntry(record: ConsentRecord, actor: Actor): ConsentRecord {
  const by = record.by ?? { kind: actor.kind, ...(actor.id ? { id: String(actor.id) } : {}) };
  return { ...record, by };
}

export function currentConsent(records: ConsentRecord[]): Customer['consent'] {
  const state = { care: false, marketing: false, photo: false, health: false };
  for (const r of [...records].sort((a, b) => a.at.getTime() - b.at.getTime())) state[r.purpose] = r.granted;
  return state;
}
