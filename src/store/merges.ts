// Merging two records of one person (issue 17), and its undo for 30 days. `MERGE_PLAN` names every collection of
// `allModels` with what a merge does to it (a test fails when a model has no entry, as for ERASURE_PLAN), so a
// collection added later cannot be forgotten. No transactions on FerretDB v1 (database.md), so a merge is a
// record with a state: the before-image of every document it will touch and the kept customer's result are
// written first, in one insert; then the steps run in plan order, each idempotent and recorded in `stepsDone`;
// running the same merge (or undo) again after a crash continues where it stopped and changes nothing twice.
import { cardEditModel } from './models/card-edit.js';
import { mongo, Types, type Connection } from 'mongoose';
import { compareForMerge, higherRank, MERGE_CHOICE_FIELDS, MERGE_SUMMED, type MergeChoiceField, type MergeSide } from '../domain/merge-fields.js';
import { nameSearchKey } from '../domain/name.js';
import { phoneLastDigits } from '../domain/phone.js';
import { err, ok, type Result } from '../domain/result.js';
import { AuditLog } from './audit.js';
import { isDuplicateKey } from './duplicate-key.js';
import { currentConsent, type Actor, type ConsentRecord } from './customer-types.js';
import { callModel, noteModel, visitModel } from './models/activity.js';
import { appointmentModel } from './models/appointment.js';
import { customerSegmentModel } from './models/segment.js';
import { linkTokenModel } from './models/link-token.js';
import { conversationModel } from './models/conversation.js';
import { customerModel } from './models/customer.js';
import { identityModel } from './models/identity.js';
import { moneyEntryModel, treatmentPackageModel } from './models/money.js';
import { mergeModel } from './models/merge.js';
import { outboxModel } from './models/outbox.js';
import { pendingClaimModel } from './models/pending-claim.js';
import { phoneKeyModel } from './models/phone-key.js';
import { photoFileModel } from './models/photo.js';

const { EJSON } = mongo.BSON;
export const MERGE_UNDO_DAYS = 30;

type Doc = Record<string, unknown> & { _id: unknown };
type RawCollection = {
  find(filter: object): { toArray(): Promise<Doc[]> };
  updateOne(filter: object, update: object): Promise<unknown>;
  updateMany(filter: object, update: object): Promise<unknown>;
  deleteOne(filter: object): Promise<unknown>;
  findOne(filter: object): Promise<Doc | null>;
  replaceOne(filter: object, doc: object, opts?: object): Promise<unknown>;
};

interface MergeTarget {
  conn: Connection;
  kept: Types.ObjectId;
  merged: Types.ObjectId;
  /** The kept customer as the merge leaves it. */
  result: Doc;
  /** The conversation the merge is run from: its own engine rewrites it at the end of the turn (see MergeOptions). */
  exceptChat?: string;
}

/**
 * The chat a merge or undo is typed in is left to its engine: rewriting it here would move its version under the
 * turn that is running, which would then retry the whole command against the already merged records.
 */
export interface MergeOptions {
  exceptChat?: string;
}

interface MergePlanEntry {
  /** What merging B into A does to this collection, in words. */
  does: string;
  /** The documents the step will change, read before anything is written (their before-images make the undo). */
  touched?: (t: MergeTarget) => Promise<Doc[]>;
  /** Changes exactly those documents; a rerun finds them done and changes nothing more. */
  apply?: (t: MergeTarget, docs: Doc[]) => Promise<void>;
  /** Puts one before-image back (the undo); without it the whole document is put back as it was. */
  restore?: (conn: Connection, rec: { kept: Types.ObjectId; merged: Types.ObjectId }, doc: Doc) => Promise<void>;
}

const raw = (m: { collection: unknown }): RawCollection => m.collection as RawCollection;
const ids = (docs: Doc[]): unknown[] => docs.map((d) => d._id);

/** Repoints `customerId` from the merged record to the kept one, for exactly these documents. */
const repoint = (model: (c: Connection) => { collection: unknown }) => async (t: MergeTarget, docs: Doc[]) => {
  if (docs.length) await raw(model(t.conn)).updateMany({ _id: { $in: ids(docs) }, customerId: t.merged }, { $set: { customerId: t.kept } });
};
const ofMerged = (model: (c: Connection) => { collection: unknown }) => (t: MergeTarget) => raw(model(t.conn)).find({ customerId: t.merged }).toArray();

/** Order of the steps; the customers step is last, and the undo restores in the reverse order. */
export const MERGE_PLAN: Record<string, MergePlanEntry> = {
  conversations: {
    does: 'every conversation naming the merged record (her chats\' link, a staff member\'s open card or buttons) names the kept one',
    touched: async (t) => {
      const hex = t.merged.toHexString();
      const out: Doc[] = [];
      for await (const d of conversationModel(t.conn).collection.find({})) if (String(d._id) !== t.exceptChat && JSON.stringify(d).includes(hex)) out.push(d as Doc);
      return out;
    },
    apply: async (t, docs) => {
      const col = raw(conversationModel(t.conn));
      const from = t.merged.toHexString();
      for (const d of docs) {
        const now = await col.findOne({ _id: d._id });
        if (!now || typeof now.chat !== 'string' || !now.chat.includes(from)) continue;
        await col.updateOne({ _id: d._id }, { $set: { chat: now.chat.replaceAll(from, t.kept.toHexString()), version: (Number(now.version) || 0) + 1 } });
      }
    },
  },
  outbox: {
    does: 'messages planned for the merged record move to the kept one, under her key when it is free (a planner running again finds them); one the kept record already has for the same occasion is cancelled (one greeting, not two); staff digests name the kept record',
    touched: (t) => raw(outboxModel(t.conn)).find({ $or: [{ customerId: t.merged }, { 'items.customerId': t.merged }] }).toArray(),
    apply: async (t, docs) => {
      const col = raw(outboxModel(t.conn));
      for (const d of docs) {
        const now = await col.findOne({ _id: d._id });
        if (!now) continue;
        const set: Record<string, unknown> = {};
        if (t.merged.equals(now.customerId as Types.ObjectId)) {
          set.customerId = t.kept;
          const twin = await col.findOne({ customerId: t.kept, purpose: now.purpose, occasion: now.occasion, _id: { $ne: now._id } });
          if (twin && now.status === 'pending') Object.assign(set, { status: 'cancelled', statusReason: 'merged' });
          // Planners key a message by customer ("birthday:<id>:2026"): under the kept record's key, a planner running
          // again finds it (sent or not) instead of planning her a second one. Kept as it is when that key is taken.
          const key = typeof now.key === 'string' ? now.key.replaceAll(t.merged.toHexString(), t.kept.toHexString()) : undefined;
          if (key && key !== now.key && !twin && !(await col.findOne({ key }))) set.key = key;
        }
        if (Array.isArray(now.items) && now.items.some((i: { customerId?: Types.ObjectId }) => t.merged.equals(i.customerId!))) {
          set.items = now.items.map((i: { customerId?: Types.ObjectId }) => (t.merged.equals(i.customerId!) ? { ...i, customerId: t.kept } : i));
        }
        if (!Object.keys(set).length) continue;
        try {
          await col.updateOne({ _id: d._id }, { $set: set, $inc: { version: 1 } });
        } catch (e) {
          // A planner took the kept record's key between the read and this write: the row keeps its own.
          if (!set.key || !isDuplicateKey(e)) throw e;
          delete set.key;
          await col.updateOne({ _id: d._id }, { $set: set, $inc: { version: 1 } });
        }
      }
    },
  },
  calls: { does: 'the merged record\'s calls belong to the kept one', touched: ofMerged(callModel), apply: repoint(callModel) },
  visits: { does: 'the merged record\'s visits belong to the kept one', touched: ofMerged(visitModel), apply: repoint(visitModel) },
  notes: { does: 'the merged record\'s notes belong to the kept one', touched: ofMerged(noteModel), apply: repoint(noteModel) },
  appointments: { does: 'the merged record\'s appointments belong to the kept one (times and technicians unchanged)', touched: ofMerged(appointmentModel), apply: repoint(appointmentModel) },
  appointment_slots: { does: 'nothing: technician time units, held by appointment id (the appointments keep their ids)' },
  money_entries: { does: 'the merged record\'s money operations belong to the kept one (its sums include them)', touched: ofMerged(moneyEntryModel), apply: repoint(moneyEntryModel) },
  treatment_packages: { does: 'the merged record\'s treatment packages belong to the kept one (their sessions stay counted by package)', touched: ofMerged(treatmentPackageModel), apply: repoint(treatmentPackageModel) },
  customer_segments: {
    does: 'the merged record\'s segment row is removed; the kept one\'s is recomputed (segment hook, else the next segment run)',
    // The kept record's row is imaged too: the recompute after the merge rewrites it, and the undo must give it back
    // with its `since` (when she entered that segment), or the recompute after the undo would date it from the undo.
    // Two reads by `_id`: FerretDB v1 pushes down only an exact `{_id: x}` filter (a `$in` scans every row).
    touched: async (t) => {
      const col = raw(customerSegmentModel(t.conn));
      return [await col.findOne({ _id: t.merged }), await col.findOne({ _id: t.kept })].filter((d): d is Doc => d !== null);
    },
    apply: async (t) => {
      await raw(customerSegmentModel(t.conn)).deleteOne({ _id: t.merged });
    },
  },
  customer_link_tokens: { does: 'one-time chat links issued for the merged record link to the kept one', touched: ofMerged(linkTokenModel), apply: repoint(linkTokenModel) },
  pending_claims: {
    does: 'claims on the merged record move to the kept one; a chat with a claim on both keeps the kept record\'s',
    touched: ofMerged(pendingClaimModel),
    apply: async (t, docs) => {
      const col = raw(pendingClaimModel(t.conn));
      for (const d of docs) {
        const now = await col.findOne({ _id: d._id, customerId: t.merged });
        if (!now) continue;
        if (await col.findOne({ customerId: t.kept, chat: now.chat })) await col.deleteOne({ _id: d._id });
        else await col.updateOne({ _id: d._id }, { $set: { customerId: t.kept } });
      }
    },
  },
  channel_identities: { does: 'the merged record\'s chats are linked to the kept one (trust as it was)', touched: ofMerged(identityModel), apply: repoint(identityModel) },
  customer_phones: { does: 'the merged record\'s phone stays reserved for the kept one (a new registration with it finds her)', touched: ofMerged(phoneKeyModel), apply: repoint(phoneKeyModel) },
  'photos.files': {
    does: 'the merged record\'s photos belong to the kept one (tags, visits and bytes unchanged)',
    touched: (t) => raw(photoFileModel(t.conn)).find({ 'metadata.customerId': t.merged }).toArray(),
    apply: async (t, docs) => {
      if (docs.length) await raw(photoFileModel(t.conn)).updateMany({ _id: { $in: ids(docs) }, 'metadata.customerId': t.merged }, { $set: { 'metadata.customerId': t.kept } });
    },
  },
  'photos.chunks': { does: 'nothing: the bytes are held by file id (the files keep their ids)' },
  customers: {
    does: 'the kept record gets the chosen fields, both lists (needs, consents, photos, packages, invoices…) and the sums of the counters; the merged record is removed; customers it referred name the kept one',
    touched: async (t) => {
      const col = raw(customerModel(t.conn));
      // Customers the merged record referred (a string id, source "giới thiệu"): only the pointer is kept, not
      // their cards, so the undo puts back the pointer and nothing else of another customer's card.
      const referred = await customerModel(t.conn).collection.find({ referredById: t.merged.toHexString(), _id: { $nin: [t.kept, t.merged] } }, { projection: { referredById: 1 } }).toArray();
      return [(await col.findOne({ _id: t.kept }))!, (await col.findOne({ _id: t.merged }))!, ...(referred as Doc[])];
    },
    apply: async (t, docs) => {
      const col = raw(customerModel(t.conn));
      // The merged record goes first: the kept one may take its phone, and the phone index is unique.
      await col.deleteOne({ _id: t.merged });
      await col.replaceOne({ _id: t.kept }, t.result);
      const referred = docs.filter((d) => !t.kept.equals(d._id as Types.ObjectId) && !t.merged.equals(d._id as Types.ObjectId));
      if (referred.length) await col.updateMany({ _id: { $in: ids(referred) }, referredById: t.merged.toHexString() }, { $set: { referredById: t.kept.toHexString() } });
    },
    restore: async (conn, rec, doc) => {
      const col = raw(customerModel(conn));
      if (rec.kept.equals(doc._id as Types.ObjectId) || rec.merged.equals(doc._id as Types.ObjectId)) await col.replaceOne({ _id: doc._id }, doc, { upsert: true });
      // A referral staff changed since the merge stays as they set it.
      else await col.updateOne({ _id: doc._id, referredById: rec.kept.toHexString() }, { $set: { referredById: rec.merged.toHexString() } });
    },
  },
  card_edits: { does: 'the merged record\'s card edit history belongs to the kept one', touched: ofMerged(cardEditModel), apply: repoint(cardEditModel) },
  customer_merges: { does: 'the merge record itself: before-images for the undo, kept 30 days' },
  audit_log: { does: 'kept: each record\'s history stays under its own id; a `merge` entry names both' },
  job_runs: { does: 'nothing about customers (job names, dates and counts)' },
  staff: { does: 'nothing about customers (staff members)' },
  staff_chats: { does: 'nothing about customers (staff chat ids)' },
  staff_invites: { does: 'nothing about customers (hashed invitation codes)' },
  staff_invite_claims: { does: 'nothing about customers (hashed invitation codes)' },
  staff_invite_attempts: { does: 'nothing about customers (refused codes per hashed chat address)' },
  zalo_contacts: { does: 'nothing: keyed by Zalo chat, not by customer (the chat\'s link is in channel_identities)' },
  zalo_events: { does: 'nothing: keyed by Zalo delivery, not by customer' },
  zalo_tokens: { does: 'nothing about customers (the OA\'s tokens)' },
  web_login_links: { does: 'nothing about customers (hashed one-time login links of staff)' },
  web_sessions: { does: 'nothing about customers (hashed web sessions of staff)' },
  spa_settings: { does: 'nothing about customers (the settings the owner changed on the web page)' },
  campaigns: { does: 'nothing about customers: a segment, a template and counts (the messages are outbox rows, moved with the outbox)' },
};

/** Fields derived from others, recomputed after the choice (never chosen themselves). */
const DERIVED = new Set(['_id', '__v', 'referredById', 'nameKey', 'phoneLast3', 'phoneLast4', 'phoneVerified', 'birthMonth', 'birthDay', 'consent', 'consents', 'rank', 'lastVisitAt', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'erasedAt']);

const sumInto = (a: unknown, b: unknown): unknown => {
  if (typeof a === 'number' || typeof b === 'number') return (Number(a) || 0) + (Number(b) || 0);
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const out: Record<string, unknown> = { ...(a as object) };
    for (const [k, v] of Object.entries(b as object)) out[k] = sumInto(out[k], v);
    return out;
  }
  return a ?? b;
};

/**
 * Who referred her goes with the source it explains (a referral source chosen from B brings B's referrer). A
 * referral by one of the two records themselves is dropped: after the merge it would be her referring herself, or
 * name the record that no longer exists.
 */
function referrerOf(a: Doc, b: Doc, sourceFrom: MergeSide | undefined): string | undefined {
  const [chosen, other] = sourceFrom === 'merged' ? [b, a] : [a, b];
  const sameSource = sourceFrom === undefined || chosen.source === other.source;
  const id = chosen.referredById ?? (sameSource ? other.referredById : undefined);
  return typeof id === 'string' && id !== String(a._id) && id !== String(b._id) ? id : undefined;
}

/** The kept record after the merge: chosen fields, joined lists, summed counters, recomputed keys and consent. */
export function mergedCustomer(a: Doc, b: Doc, choices: Partial<Record<MergeChoiceField, MergeSide>>, actor: Actor, now: Date): Doc {
  const out: Doc = { ...a };
  const sideOf: Partial<Record<MergeChoiceField, MergeSide>> = {};
  for (const c of compareForMerge(a, b, choices)) {
    sideOf[c.field] = c.from;
    const v = c.from === 'kept' ? a[c.field] : b[c.field];
    if (v === undefined) delete out[c.field];
    else out[c.field] = v;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (DERIVED.has(key) || (MERGE_CHOICE_FIELDS as readonly string[]).includes(key)) continue;
    if ((MERGE_SUMMED as readonly string[]).includes(key)) out[key] = sumInto(a[key], b[key]);
    else if (Array.isArray(a[key]) || Array.isArray(b[key])) out[key] = [...((a[key] as unknown[]) ?? []), ...((b[key] as unknown[]) ?? [])];
    else if (a[key] === undefined) out[key] = b[key];
  }
  const referrer = referrerOf(a, b, sideOf.source);
  if (referrer === undefined) delete out.referredById;
  else out.referredById = referrer;
  out.nameKey = nameSearchKey(String(out.name));
  if (typeof out.phone === 'string') {
    out.phoneLast4 = phoneLastDigits(out.phone, 4);
    out.phoneLast3 = phoneLastDigits(out.phone, 3);
    out.phoneVerified = Boolean((sideOf.phone === 'merged' ? b : a).phoneVerified);
  } else for (const k of ['phoneLast4', 'phoneLast3']) delete out[k];
  const birthday = out.birthday as { day: number; month: number } | undefined;
  if (birthday) Object.assign(out, { birthMonth: birthday.month, birthDay: birthday.day });
  else for (const k of ['birthMonth', 'birthDay']) delete out[k];
  const consents = [...((a.consents as ConsentRecord[]) ?? []), ...((b.consents as ConsentRecord[]) ?? [])].sort((x, y) => new Date(x.at).getTime() - new Date(y.at).getTime());
  out.consents = consents;
  // The latest statement per purpose wins, whichever record it was made on (a withdrawal stays a withdrawal).
  out.consent = currentConsent(consents);
  out.rank = higherRank(a.rank, b.rank);
  const visits = [a.lastVisitAt, b.lastVisitAt].filter((d): d is Date => d instanceof Date);
  if (visits.length) out.lastVisitAt = new Date(Math.max(...visits.map((d) => d.getTime())));
  const created = [a.createdAt, b.createdAt].filter((d): d is Date => d instanceof Date);
  if (created.length) out.createdAt = new Date(Math.min(...created.map((d) => d.getTime())));
  out.updatedAt = now;
  out.updatedBy = { kind: actor.kind, ...(actor.id ? { id: String(actor.id) } : {}), ...(actor.channel ? { channel: actor.channel } : {}) };
  return out;
}

export type MergeRefusal = 'not_found' | 'same_customer' | 'busy';
export type UndoRefusal = 'not_found' | 'expired' | 'already_undone' | 'superseded' | 'erased';

export interface MergePreview {
  fields: ReturnType<typeof compareForMerge>;
  /** Documents each collection's step would change. */
  counts: Record<string, number>;
}

export interface MergeDone {
  mergeId: string;
  keptId: string;
  mergedId: string;
  counts: Record<string, number>;
  undoUntil: Date;
}

const oid = (id: string): Types.ObjectId | null => (Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);

export class MergeRepository {
  constructor(
    private readonly conn: Connection,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async live(id: Types.ObjectId): Promise<Doc | null> {
    const d = (await customerModel(this.conn).collection.findOne({ _id: id })) as Doc | null;
    return d && !d.erasedAt ? d : null;
  }

  private async pair(keptId: string, mergedId: string): Promise<Result<{ a: Doc; b: Doc; kept: Types.ObjectId; merged: Types.ObjectId }, MergeRefusal>> {
    const kept = oid(keptId);
    const merged = oid(mergedId);
    if (!kept || !merged) return err('not_found');
    if (kept.equals(merged)) return err('same_customer');
    const [a, b] = [await this.live(kept), await this.live(merged)];
    if (!a || !b) return err('not_found');
    return ok({ a, b, kept, merged });
  }

  /** What merging `mergedId` into `keptId` would keep, field by field, and how many documents each step touches. */
  async preview(keptId: string, mergedId: string, choices: Partial<Record<MergeChoiceField, MergeSide>> = {}): Promise<Result<MergePreview, MergeRefusal>> {
    const p = await this.pair(keptId, mergedId);
    if (!p.ok) return p;
    const t: MergeTarget = { conn: this.conn, kept: p.value.kept, merged: p.value.merged, result: p.value.a };
    const counts: Record<string, number> = {};
    for (const [name, entry] of Object.entries(MERGE_PLAN)) if (entry.touched) counts[name] = (await entry.touched(t)).length;
    return ok({ fields: compareForMerge(p.value.a, p.value.b, choices), counts });
  }

  /**
   * Merges `mergedId` into `keptId`. Run again after a crash with the same pair, it finishes the unfinished merge
   * instead of starting another. Access is the caller's decision (src/services/merge-customers.ts).
   */
  async merge(keptId: string, mergedId: string, choices: Partial<Record<MergeChoiceField, MergeSide>>, actor: Actor, opts: MergeOptions = {}): Promise<Result<MergeDone, MergeRefusal>> {
    const merges = mergeModel(this.conn);
    await this.pruneExpired();
    const k = oid(keptId);
    const m = oid(mergedId);
    const unfinished = k && m ? await merges.findOne({ kept: k, merged: m, state: 'applying' }).lean() : null;
    let recordId: Types.ObjectId;
    if (unfinished) recordId = unfinished._id;
    else {
      const p = await this.pair(keptId, mergedId);
      if (!p.ok) return p;
      // Another merge of one of these two is under way (or unfinished): finish or undo that one first.
      const open = await merges.findOne({ state: { $in: ['applying', 'undoing'] }, $or: [{ kept: { $in: [p.value.kept, p.value.merged] } }, { merged: { $in: [p.value.kept, p.value.merged] } }] }).lean();
      if (open) return err('busy');
      const now = this.now();
      const result = mergedCustomer(p.value.a, p.value.b, choices, actor, now);
      const t: MergeTarget = { conn: this.conn, kept: p.value.kept, merged: p.value.merged, result, ...(opts.exceptChat ? { exceptChat: opts.exceptChat } : {}) };
      const images: { col: string; id: string; doc: string }[] = [];
      for (const [name, entry] of Object.entries(MERGE_PLAN)) {
        if (!entry.touched) continue;
        for (const d of await entry.touched(t)) images.push({ col: name, id: EJSON.stringify(d._id, { relaxed: false }), doc: EJSON.stringify(d, { relaxed: false }) });
      }
      const chosen = compareForMerge(p.value.a, p.value.b, choices).filter((c) => c.conflict).map((c) => ({ field: c.field, from: c.from }));
      const created = await merges.create({ kept: p.value.kept, merged: p.value.merged, state: 'applying', choices: chosen, result: EJSON.stringify(result, { relaxed: false }), images, stepsDone: [], at: now, by: actor, undoUntil: new Date(now.getTime() + MERGE_UNDO_DAYS * 86_400_000) });
      recordId = created._id;
    }
    return ok(await this.finishMerge(recordId, actor));
  }

  private async finishMerge(recordId: Types.ObjectId, actor: Actor): Promise<MergeDone> {
    const merges = mergeModel(this.conn);
    const rec = (await merges.findById(recordId).lean())!;
    const t: MergeTarget = { conn: this.conn, kept: rec.kept, merged: rec.merged, result: EJSON.parse(rec.result, { relaxed: false }) as Doc };
    const counts = countImages(rec.images);
    for (const [name, entry] of Object.entries(MERGE_PLAN)) {
      if (!entry.apply || rec.stepsDone.includes(name)) continue;
      const docs = rec.images.filter((i) => i.col === name).map((i) => EJSON.parse(i.doc, { relaxed: false }) as Doc);
      await entry.apply(t, docs);
      await merges.updateOne({ _id: recordId }, { $push: { stepsDone: name } });
    }
    await merges.updateOne({ _id: recordId }, { $set: { state: 'applied' } });
    const audit = new AuditLog(this.conn, this.now);
    const detail = `merge=${String(recordId)} kept=${String(rec.kept)} merged=${String(rec.merged)} ${Object.entries(counts).map(([c, n]) => `${c}=${n}`).join(' ')}`.slice(0, 300);
    const who = { actor: { kind: actor.kind, ...(actor.id ? { id: String(actor.id) } : {}) }, action: 'merge' as const, ...(actor.channel ? { channel: actor.channel } : {}), detail };
    await audit.record({ ...who, customerId: String(rec.kept) });
    await audit.record({ ...who, customerId: String(rec.merged) });
    return { mergeId: String(recordId), keptId: String(rec.kept), mergedId: String(rec.merged), counts, undoUntil: rec.undoUntil };
  }

  /** The latest merge into this customer that may still be undone (for `/gop hoan` on the open card). */
  async latestUndoable(customerId: string): Promise<{ mergeId: string; mergedId: string; at: Date } | null> {
    const id = oid(customerId);
    if (!id) return null;
    const rec = await mergeModel(this.conn).findOne({ kept: id, state: { $in: ['applied', 'undoing'] }, undoUntil: { $gt: this.now() } }).sort({ at: -1, _id: -1 }).lean();
    return rec ? { mergeId: String(rec._id), mergedId: String(rec.merged), at: rec.at } : null;
  }

  async find(mergeId: string): Promise<{ keptId: string; mergedId: string; state: string; undoUntil: Date } | null> {
    const id = oid(mergeId);
    const rec = id ? await mergeModel(this.conn).findById(id).lean() : null;
    return rec ? { keptId: String(rec.kept), mergedId: String(rec.merged), state: rec.state, undoUntil: rec.undoUntil } : null;
  }

  /**
   * Puts back every document the merge touched exactly as it was. Refused after 30 days, twice, once the kept
   * customer was erased (the undo must not bring erased data back), or when a later merge involves either record.
   */
  async undo(mergeId: string, actor: Actor, opts: MergeOptions = {}): Promise<Result<{ keptId: string; mergedId: string }, UndoRefusal>> {
    const merges = mergeModel(this.conn);
    const id = oid(mergeId);
    const rec = id ? await merges.findById(id).lean() : null;
    if (!rec) return err('not_found');
    if (rec.state === 'undone') return err('already_undone');
    if (rec.state === 'applying') return err('not_found');
    if (rec.state === 'applied') {
      if (rec.undoUntil.getTime() <= this.now().getTime() || rec.images.length === 0) return err('expired');
      const later = await merges.findOne({ _id: { $ne: rec._id }, at: { $gte: rec.at }, state: { $ne: 'undone' }, $or: [{ kept: { $in: [rec.kept, rec.merged] } }, { merged: { $in: [rec.kept, rec.merged] } }] }).lean();
      if (later) return err('superseded');
      if (!(await this.live(rec.kept))) return err('erased');
      await merges.updateOne({ _id: rec._id, state: 'applied' }, { $set: { state: 'undoing' } });
    }
    // Reverse plan order: the kept customer gets her own phone back before the merged record is recreated with it.
    const order = Object.keys(MERGE_PLAN).reverse();
    const images = [...rec.images].sort((x, y) => order.indexOf(x.col) - order.indexOf(y.col));
    for (const image of images) {
      const doc = EJSON.parse(image.doc, { relaxed: false }) as Doc;
      if (image.col === 'conversations' && opts.exceptChat !== undefined && String(doc._id) === opts.exceptChat) continue;
      const restore = MERGE_PLAN[image.col]?.restore;
      if (restore) await restore(this.conn, rec, doc);
      else await this.conn.db!.collection(image.col).replaceOne({ _id: doc._id as never }, doc, { upsert: true });
    }
    const now = this.now();
    await merges.updateOne({ _id: rec._id }, { $set: { state: 'undone', undoneAt: now, undoneBy: actor, images: [] } });
    const detail = `merge=${String(rec._id)} kept=${String(rec.kept)} merged=${String(rec.merged)} restored=${rec.images.length}`;
    const audit = new AuditLog(this.conn, this.now);
    const who = { actor: { kind: actor.kind, ...(actor.id ? { id: String(actor.id) } : {}) }, action: 'merge_undo' as const, ...(actor.channel ? { channel: actor.channel } : {}), detail };
    await audit.record({ ...who, customerId: String(rec.kept) });
    await audit.record({ ...who, customerId: String(rec.merged) });
    return ok({ keptId: String(rec.kept), mergedId: String(rec.merged) });
  }

  /** Before-images hold personal data: once the undo window has passed they are dropped (no TTL index on FerretDB v1). */
  async pruneExpired(): Promise<void> {
    await mergeModel(this.conn).updateMany({ undoUntil: { $lte: this.now() }, state: 'applied', 'images.0': { $exists: true } }, { $set: { images: [] } });
  }
}

function countImages(images: readonly { col: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of images) if (i.col !== 'customers') counts[i.col] = (counts[i.col] ?? 0) + 1;
  return counts;
}
