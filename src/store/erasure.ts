// Right to erasure (Law 91/2025): what erasing one customer does to EVERY collection, in one place.
// `ERASURE_PLAN` names each collection of `allModels` with what happens to it; a test fails when a model has no
// entry, so a new collection cannot be forgotten here. Totals a spa must keep for its accounts (amounts, dates)
// stay on the anonymous record and its visits; nothing left says who the person was.
import { Types, type Collection, type Connection } from 'mongoose';
import { addressKey } from '../domain/channel.js';
import { phoneMentionPattern } from '../domain/phone.js';
import { AppointmentRepository } from './appointments.js';
import { AuditLog } from './audit.js';
import { ConversationRepository } from './conversations.js';
import type { Actor, ChannelAddress } from './customer-types.js';
import { callModel, noteModel, visitModel } from './models/activity.js';
import { customerModel } from './models/customer.js';
import { identityModel } from './models/identity.js';
import { outboxModel } from './models/outbox.js';
import { pendingClaimModel } from './models/pending-claim.js';
import { phoneKeyModel } from './models/phone-key.js';
import { zaloContactModel } from './models/zalo-contact.js';
import { zaloEventModel } from './models/zalo-event.js';
import { customerSegmentModel } from './models/segment.js';
import { linkTokenModel } from './models/link-token.js';
import { mergeModel } from './models/merge.js';
import { moneyEntryModel } from './models/money.js';
import { cardEditModel } from './models/card-edit.js';
import { photoFileModel } from './models/photo.js';
import { PhotoRepository } from './photos.js';

/** What replaces free text that must stay for the accounts (a visit's service, a package's name). */
export const ERASED_TEXT = 'Đã xóa';

/** Who is being erased, read once before anything is removed. */
interface Target {
  conn: Connection;
  id: string;
  _id: Types.ObjectId;
  /** The phone as stored, however someone may have typed it (undefined when the record had none). */
  phone: RegExp | undefined;
  /** The customer's chats, from channel_identities and the Zalo contacts behind them. */
  addresses: ChannelAddress[];
  /** The chat the erasure runs in (its engine rewrites that conversation itself). */
  except: ChannelAddress | undefined;
  now: Date;
}

type Step = (t: Target) => Promise<number>;
interface PlanEntry {
  /** What erasing a customer does to this collection, in words (the README's privacy section says the same). */
  does: string;
  run?: Step;
}

const sameChat = (a: ChannelAddress, b: ChannelAddress | undefined): boolean => b !== undefined && a.channel === b.channel && a.account === b.account && a.userId === b.userId;

/** The customer's Zalo chats, with or without the chat the erasure runs in. */
function zaloChats(t: Target, withAsking: boolean): ChannelAddress[] {
  return t.addresses.filter((a) => a.channel === 'zalo' && (withAsking || !sameChat(a, t.except)));
}

/** Free-text fields of OTHER documents that may quote the phone: the number is cut out, the rest stays. */
async function redactPhone(model: { collection: Collection }, field: string, t: Target): Promise<number> {
  if (!t.phone) return 0;
  const docs = await model.collection.find({ customerId: { $ne: t._id }, [field]: { $regex: t.phone.source } }).toArray();
  const global = new RegExp(t.phone.source, 'g');
  for (const d of docs) await model.collection.updateOne({ _id: d._id }, { $set: { [field]: String(d[field]).replace(global, '***') } });
  return docs.length;
}

/** Keyed by collection name; the order is the order of the steps (the customer record last, see eraseCustomer). */
export const ERASURE_PLAN: Record<string, PlanEntry> = {
  conversations: {
    does: 'every conversation that names the customer (their chats, a staff member\'s open card, buttons, drafts with the phone) starts over; links dropped',
    run: (t) => new ConversationRepository(t.conn).forgetCustomer(t.id, t.phone, t.except),
  },
  outbox: {
    does: 'every message planned for or about the customer, and unsent bot replies to her chats or quoting her phone, are deleted; staff digests lose the customer\'s line',
    run: async (t) => {
      const model = outboxModel(t.conn);
      let deleted = (await model.collection.deleteMany({ customerId: t._id })).deletedCount;
      // Bot replies still waiting to be sent to her chats, or quoting her phone (they hold the chat's words).
      const chats = t.addresses.map((a) => ({ purpose: 'reply', 'address.channel': a.channel, 'address.account': a.account, 'address.userId': a.userId }));
      if (chats.length) deleted += (await model.collection.deleteMany({ $or: chats })).deletedCount;
      if (t.phone) deleted += (await model.collection.deleteMany({ purpose: 'reply', replies: { $regex: t.phone.source } })).deletedCount;
      const digests = await model.collection.find({ 'items.customerId': t._id }).toArray();
      for (const d of digests) {
        const items = (d.items as { customerId: Types.ObjectId }[]).filter((i) => !t._id.equals(i.customerId));
        const empty = items.length === 0 && d.status === 'pending';
        await model.collection.updateOne(
          { _id: d._id },
          { $set: { items, updatedAt: t.now, ...(empty ? { status: 'cancelled', statusReason: 'erased' } : {}) }, $inc: { version: 1 } },
        );
      }
      return deleted + digests.length;
    },
  },
  calls: {
    does: 'the customer\'s calls are deleted; the phone is cut out of other customers\' call notes',
    run: async (t) => (await callModel(t.conn).deleteMany({ customerId: t._id })).deletedCount + (await redactPhone(callModel(t.conn), 'content', t)),
  },
  notes: {
    does: 'the customer\'s notes are deleted; the phone is cut out of other customers\' notes',
    run: async (t) => (await noteModel(t.conn).deleteMany({ customerId: t._id })).deletedCount + (await redactPhone(noteModel(t.conn), 'text', t)),
  },
  visits: {
    does: 'kept for the accounts (date, amount, paid, branch, staff) with the service text replaced',
    run: async (t) => (await visitModel(t.conn).updateMany({ customerId: t._id }, { $set: { service: ERASED_TEXT } })).modifiedCount,
  },
  appointments: {
    does: 'open appointments (requested, confirmed) are deleted and their time freed; past ones keep date, branch, technician and status with the service text replaced',
    run: (t) => new AppointmentRepository(t.conn, () => t.now).eraseCustomer(t.id, ERASED_TEXT),
  },
  appointment_slots: { does: 'nothing about customers (technician time units, held by appointment id; an erased customer\'s are freed with her appointments)' },
  money_entries: {
    does: 'kept for the accounts (amounts, methods, dates, invoice lines); a free-text note is removed',
    run: async (t) => (await moneyEntryModel(t.conn).collection.updateMany({ customerId: t._id, note: { $exists: true } }, { $unset: { note: '' } })).modifiedCount,
  },
  treatment_packages: { does: 'kept for the accounts (service, sessions, price, dates: nothing says who she was)' },
  zalo_contacts: {
    does: 'the Zalo follower rows of the customer\'s Zalo chats are deleted (except the chat asking, which must still get the reply: it keeps times only)',
    run: async (t) => {
      let n = 0;
      for (const a of zaloChats(t, false)) n += (await zaloContactModel(t.conn).deleteMany({ oaId: a.account, userId: a.userId })).deletedCount;
      return n;
    },
  },
  zalo_events: {
    does: 'kept raw bodies of deliveries from the customer\'s Zalo chats, and any kept body quoting the phone, are deleted; bodiless dedupe keys stay until the weekly prune',
    run: async (t) => {
      const model = zaloEventModel(t.conn);
      let n = 0;
      for (const a of zaloChats(t, true)) {
        // The message being handled right now (the chat asking) is still pending: its own pipeline ends it.
        const current = sameChat(a, t.except) ? { status: { $ne: 'pending' as const } } : {};
        n += (await model.deleteMany({ oaId: a.account, userId: a.userId, body: { $exists: true }, ...current })).deletedCount;
      }
      if (t.phone) n += (await model.deleteMany({ body: { $regex: t.phone.source } })).deletedCount;
      return n;
    },
  },
  pending_claims: {
    does: 'every pending claim on the customer (a chat that typed her phone) and every claim her chats made is deleted',
    run: async (t) => {
      const chats = t.addresses.map(addressKey);
      return (await pendingClaimModel(t.conn).deleteMany({ $or: [{ customerId: t._id }, ...(chats.length ? [{ chat: { $in: chats } }] : [])] })).deletedCount;
    },
  },
  channel_identities: {
    does: 'every link from a chat to the customer is deleted',
    run: async (t) => (await identityModel(t.conn).deleteMany({ customerId: t._id })).deletedCount,
  },
  customer_link_tokens: {
    does: 'every one-time chat link issued for the customer (used or not) is deleted',
    run: async (t) => (await linkTokenModel(t.conn).deleteMany({ customerId: t._id })).deletedCount,
  },
  customer_phones: {
    does: 'the phone key is deleted, so the number is free for a new registration',
    run: async (t) => (await phoneKeyModel(t.conn).deleteMany({ customerId: t._id })).deletedCount,
  },
  customer_segments: {
    does: 'the customer\'s segment row (figures, slice attributes, hobby and family note words) is deleted',
    run: async (t) => (await customerSegmentModel(t.conn).collection.deleteOne({ _id: t._id })).deletedCount,
  },
  customer_merges: {
    does: 'every merge record naming the customer (kept or merged) is deleted: its before-images hold her data, and no undo may bring it back',
    run: async (t) => (await mergeModel(t.conn).deleteMany({ $or: [{ kept: t._id }, { merged: t._id }] })).deletedCount,
  },
  card_edits: {
    does: 'the history of the customer\'s card edits (values before and after) is deleted',
    run: async (t) => (await cardEditModel(t.conn).deleteMany({ customerId: t._id })).deletedCount,
  },
  'photos.chunks': { does: 'the bytes of her photos are deleted with their files (next step)' },
  'photos.files': {
    does: 'every photo of the customer (GridFS file and chunks) is deleted',
    run: async (t) => {
      const files = await photoFileModel(t.conn).find({ 'metadata.customerId': t._id }, { _id: 1 }).lean();
      return new PhotoRepository(t.conn).removeFiles(files.map((f) => f._id));
    },
  },
  customers: {
    does: 'the record stays anonymous: name "Đã xóa", no phone, birthday, contact details, needs, photos, notes on invoices; totals, counts, dates and consent history kept',
    run: (t) => anonymiseRecord(t),
  },
  audit_log: { does: 'kept (ids, actions and times only, never personal data); an `erase` entry is added' },
  job_runs: { does: 'nothing about customers (job names, dates and counts)' },
  staff: { does: 'nothing about customers (staff members)' },
  staff_chats: { does: 'nothing about customers (staff chat ids)' },
  staff_invites: { does: 'nothing about customers (hashed invitation codes)' },
  web_login_links: { does: 'nothing about customers (hashed one-time login links of staff)' },
  web_sessions: { does: 'nothing about customers (hashed web sessions of staff)' },
  spa_settings: { does: 'nothing about customers (the settings the owner changed on the web page)' },
  campaigns: { does: 'nothing about customers: a segment, a template and counts (the messages are outbox rows, erased with the outbox)' },
  staff_invite_claims: { does: 'nothing about customers (hashed invitation codes)' },
  staff_invite_attempts: { does: 'nothing about customers (refused codes per hashed chat address, pruned after a day)' },
  zalo_tokens: { does: 'nothing about customers (the OA\'s tokens)' },
};

async function anonymiseRecord(t: Target): Promise<number> {
  const model = customerModel(t.conn);
  const d = await model.collection.findOne({ _id: t._id });
  if (!d) return 0;
  // Accounting lines keep amounts and dates; their words (a treatment's name, a note) could say who or why.
  const renamed = (rows: unknown) => (Array.isArray(rows) ? rows.map((r: Record<string, unknown>) => ({ ...r, name: ERASED_TEXT })) : []);
  const noted = (rows: unknown) => (Array.isArray(rows) ? rows.map(({ note: _note, ...r }: Record<string, unknown>) => r) : []);
  // Consent entries stay as proof (when, which wording, who recorded it); the chat they name is her account.
  const unchatted = (rows: unknown) => (Array.isArray(rows) ? rows.map(({ chat: _chat, ...r }: Record<string, unknown>) => r) : []);
  await model.collection.updateOne(
    { _id: t._id },
    {
      $set: {
        name: ERASED_TEXT,
        nameKey: '',
        erasedAt: d.erasedAt ?? t.now,
        phoneVerified: false,
        consent: { care: false, marketing: false, photo: false, health: false },
        needs: [],
        photos: [],
        attributes: [],
        treatmentPackages: renamed(d.treatmentPackages),
        products: renamed(d.products),
        invoices: noted(d.invoices),
        deposits: noted(d.deposits),
        consents: unchatted(d.consents),
        updatedAt: t.now,
      },
      $unset: { phone: '', phoneLast3: '', phoneLast4: '', birthday: '', birthMonth: '', birthDay: '', lunarBirthday: '', email: '', address: '', facebook: '', occupation: '', photoUrl: '', gender: '', group: '', source: '', referredById: '' },
    },
  );
  return 1;
}

export interface ErasureOptions {
  /** The chat asking for erasure: its conversation is left to the engine handling that message. */
  except?: ChannelAddress;
  now?: Date;
}

export interface ErasureReport {
  customerId: string;
  /** Documents deleted or changed, per collection (only collections with a step). */
  counts: Record<string, number>;
}

/**
 * Erases one customer everywhere. Idempotent: it reads the raw record (erased or not), so running it again after
 * a crash finishes the job. The record is flagged erased FIRST (no job plans for it, no chat or staff member can
 * open it from then on) and anonymised LAST, because the steps in between need its phone to find mentions.
 * No transactions on FerretDB v1: a crash in between leaves a flagged record that a rerun completes.
 */
export async function eraseCustomer(conn: Connection, customerId: string, actor: Actor, opts: ErasureOptions = {}): Promise<ErasureReport | null> {
  if (!Types.ObjectId.isValid(customerId)) return null;
  const _id = new Types.ObjectId(customerId);
  const now = opts.now ?? new Date();
  const customers = customerModel(conn);
  const record = await customers.collection.findOne({ _id });
  if (!record) return null;
  if (!record.erasedAt) await customers.collection.updateOne({ _id }, { $set: { erasedAt: now, updatedBy: actor } });
  const links = await identityModel(conn).find({ customerId: _id }).lean();
  const pattern = typeof record.phone === 'string' ? phoneMentionPattern(record.phone) : undefined;
  const target: Target = {
    conn,
    id: customerId,
    _id,
    phone: pattern ? new RegExp(pattern) : undefined,
    addresses: links.map((l) => ({ channel: l.channel, account: l.account, userId: l.userId })),
    except: opts.except,
    now,
  };
  const counts: Record<string, number> = {};
  for (const [collection, entry] of Object.entries(ERASURE_PLAN)) {
    if (entry.run) counts[collection] = await entry.run(target);
  }
  await new AuditLog(conn, () => now).record({
    actor: { kind: actor.kind, ...(actor.id ? { id: actor.id } : {}) },
    action: 'erase',
    customerId,
    ...(actor.channel ? { channel: actor.channel } : {}),
    detail: Object.entries(counts)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  });
  return { customerId, counts };
}
