// Customer repository: the only way code reads or writes customers. Derived keys (search, birthday) are set here.
import { Types, type Connection } from 'mongoose';
import type { BirthdayQuery } from '../domain/birthday-calendar.js';
import { err, ok, type Result } from '../domain/result.js';
import { customerModel, type CustomerModel } from './models/customer.js';
import { searchFilter } from './customer-listing.js';
import { isDuplicateKey } from './duplicate-key.js';
import { serverFlavor } from './connection.js';
import { PhoneKeys } from './phone-keys.js';
import type { Channel } from '../domain/channel.js';
import { eraseCustomer, type ErasureReport } from './erasure.js';
import { addressKey, identityModel, type IdentityModel } from './models/identity.js';
import { currentNeeds, isNeedStage, needKey, toNeedEntry, type NeedStage } from '../domain/needs.js';
import { consentEntry, currentConsent, needEntries, toCustomer, toSet, type Actor, type ChannelAddress, type ConsentRecord, type CreateFailure, type Customer, type CustomerFields, type LinkFailure, PhoneTakenError } from './customer-types.js';

export * from './customer-types.js';

/** Stored keys an edit may remove (a field cleared by staff, issue 17; a lunar birthday replaced by a solar one). */
export type ClearableKey = 'lunarBirthday' | 'referredById' | 'birthday' | 'birthMonth' | 'birthDay' | 'email' | 'gender' | 'address' | 'occupation' | 'facebook' | 'group' | 'source' | 'managerStaffId';



export class CustomerRepository {
  private readonly customers: CustomerModel;
  private readonly identities: IdentityModel;

  constructor(private readonly conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.customers = customerModel(conn);
    this.identities = identityModel(conn);
    this.phones = new PhoneKeys(conn);
  }

  private readonly phones: PhoneKeys;
  private readonly isLive = async (id: string): Promise<boolean> => (await this.findById(id)) !== null;

  /**
   * `opts.id`: the id the caller derived from what it is creating (one registration message): a replay of that
   * message after a failure finds its own record instead of a duplicate, so it is not saved twice or half.
   */
  async create(fields: CustomerFields & { name: string }, actor: Actor, consents: ConsentRecord[] = [], opts: { id?: string } = {}): Promise<Result<Customer, CreateFailure>> {
    const now = this.now();
    const _id = opts.id && Types.ObjectId.isValid(opts.id) ? new Types.ObjectId(opts.id) : new Types.ObjectId();
    // A customer registering in their own chat is the customer this creates.
    const creator: Actor = actor.kind === 'customer' && !actor.id ? { ...actor, id: String(_id) } : actor;
    const entries = consents.map((c) => consentEntry(c, creator));
    if (fields.phone) {
      const claim = await this.phones.claim(fields.phone, String(_id), this.isLive);
      if (!claim.ok) {
        const existing = await this.findById(claim.ownerId);
        if (existing) return err({ kind: 'duplicate_phone', existing });
      }
    }
    try {
      const doc = await this.customers.create({
        _id,
        ...toSet(fields, now),
        needs: needEntries(fields.needs, now),
        consents: entries,
        consent: currentConsent(entries),
        createdBy: creator,
        updatedBy: creator,
      });
      return ok(toCustomer(doc.toObject()));
    } catch (e) {
      if (opts.id && isDuplicateKey(e)) {
        // This very registration was saved before (its message failed later and is handled again): it is ours.
        const mine = await this.customers.findOne({ _id, erasedAt: { $exists: false } }).lean();
        if (mine) return ok(toCustomer(mine));
      }
      // The unique index on customers.phone is the last line: a record the phone keys do not know about.
      if (fields.phone && isDuplicateKey(e)) {
        await this.phones.release(fields.phone, String(_id));
        const existing = await this.customers.findOne({ phone: fields.phone }).lean();
        if (existing) return err({ kind: 'duplicate_phone', existing: toCustomer(existing) });
      }
      throw e;
    }
  }

  async findById(id: string): Promise<Customer | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    // `_id` alone so FerretDB can push the lookup down; the erased check happens here.
    const d = await this.customers.collection.findOne({ _id: new Types.ObjectId(id) });
    return d && !d.erasedAt ? toCustomer(d) : null;
  }

  /**
   * Live customers by id, keyed by id. FerretDB pushes down only an exact `_id` filter (database.md §10), so there
   * it is one key lookup per id, a few at a time, rather than a `$in` that scans every customer; MongoDB takes `$in`.
   */
  async findManyById(ids: readonly string[]): Promise<Map<string, Customer>> {
    const unique = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id));
    const out = new Map<string, Customer>();
    if ((await serverFlavor(this.conn)) === 'ferretdb') {
      for (let i = 0; i < unique.length; i += 16) {
        const found = await Promise.all(unique.slice(i, i + 16).map((id) => this.findById(id)));
        for (const c of found) if (c) out.set(c.id, c);
      }
      return out;
    }
    const docs = await this.customers.collection.find({ _id: { $in: unique.map((id) => new Types.ObjectId(id)) }, erasedAt: { $exists: false } }).toArray();
    for (const d of docs) out.set(String(d._id), toCustomer(d));
    return out;
  }

  async findByPhone(e164: string): Promise<Customer | null> {
    const owner = await this.phones.ownerOf(String(e164));
    if (!owner) return null;
    const c = await this.findById(owner);
    return c && c.phone === e164 ? c : null;
  }

  /**
   * Name words without diacritics ("nguyen thi"), or the last 3–4 digits of the phone ("5678"). Only the first
   * words of a long text are used (boundSearchText), whoever calls: staff /tim, the CLI, later the web page.
   */
  async search(text: string, limit = 20): Promise<Customer[]> {
    const filter = searchFilter(text);
    if (!filter) return [];
    const byPhone = 'phoneLast4' in filter || 'phoneLast3' in filter;
    const docs = await this.customers
      .find({ ...filter, erasedAt: { $exists: false } })
      .sort(byPhone ? { name: 1, _id: 1 } : { nameKey: 1, _id: 1 })
      .limit(limit)
      .lean();
    return docs.map(toCustomer);
  }

  /** Live customers born on any of these days of the year, in one query (numbers stored apart: FerretDB has no $month, database.md §9). */
  /**
   * Live customers whose birthday may fall on one of these days (src/domain/birthday-calendar.ts): a solar
   * birthday of a customer without a lunar one, or a lunar birthday; the caller confirms with celebratesOn.
   */
  async celebratingOn(queries: readonly BirthdayQuery[]): Promise<Customer[]> {
    if (queries.length === 0) return [];
    const or = queries.flatMap((q) => [
      { birthMonth: q.solar.month, birthDay: { $in: q.solar.days }, lunarBirthday: { $exists: false } },
      { 'lunarBirthday.month': q.lunar.month, 'lunarBirthday.day': { $in: q.lunar.days } },
    ]);
    const docs = await this.customers.find({ $or: or, erasedAt: { $exists: false } }).sort({ nameKey: 1, _id: 1 }).lean();
    return docs.map(toCustomer);
  }

  /** `opts.unset`: fields to clear in the same write (a solar birthday replaces a lunar one, issue 17). */
  async update(id: string, fields: CustomerFields, actor: Actor, opts: { unset?: readonly ClearableKey[] } = {}): Promise<Customer | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    // One read serves both the phone claim and which needs are new.
    const before = fields.phone !== undefined || fields.needs?.length ? await this.findById(id) : null;
    if (fields.phone !== undefined && before && before.phone !== fields.phone) {
      const claim = await this.phones.claim(fields.phone, id, this.isLive);
      if (!claim.ok) throw new PhoneTakenError(claim.ownerId);
    }
    const { needs, ...rest } = fields;
    const set = { ...toSet(rest, this.now()), updatedBy: actor };
    const unset = Object.fromEntries((opts.unset ?? []).filter((k) => !(k in set)).map((k) => [k, '']));
    // Needs keep their history (issue 17): the ones not already open on the card are added, none is replaced.
    const added = needs?.length ? newNeeds(before, needEntries(needs, this.now())) : [];
    await this.customers.updateOne({ _id: new Types.ObjectId(id) }, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}), ...(added.length ? { $push: { needs: { $each: added } } } : {}) });
    if (before?.phone && fields.phone !== undefined && before.phone !== fields.phone) await this.phones.release(before.phone, id);
    return this.findById(id);
  }

  /**
   * The first staff member who takes a self-registered customer (issue 17): her branch becomes the customer's where
   * she has none, and she becomes the managing staff member where nobody is. Each field is set only while still
   * missing, in the same update that checks it, so two colleagues tapping at once cannot both take her.
   */
  async claimUnassigned(id: string, by: { staffId: string; branchId?: string }, actor: Actor): Promise<{ branch: boolean; manager: boolean }> {
    if (!Types.ObjectId.isValid(id)) return { branch: false, manager: false };
    const _id = new Types.ObjectId(id);
    const live = { erasedAt: { $exists: false } };
    const branch = by.branchId ? (await this.customers.updateOne({ _id, ...live, branchId: { $exists: false } }, { $set: { branchId: by.branchId, updatedAt: this.now(), updatedBy: actor } })).modifiedCount === 1 : false;
    const manager = (await this.customers.updateOne({ _id, ...live, managerStaffId: { $exists: false } }, { $set: { managerStaffId: String(by.staffId), updatedAt: this.now(), updatedBy: actor } })).modifiedCount === 1;
    return { branch, manager };
  }

  /** Adds one need with its date and stage; the earlier ones stay (needs by stage keep their history, issue 17). */
  async addNeed(id: string, need: { service: string; stage?: NeedStage; note?: string; at: Date }, actor: Actor): Promise<Customer | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const entry = toNeedEntry({ ...need, stage: need.stage ?? 'interested' }, need.at);
    if (!entry) return this.findById(id);
    await this.customers.updateOne({ _id: new Types.ObjectId(id), erasedAt: { $exists: false } }, { $push: { needs: entry }, $set: { updatedBy: actor, updatedAt: need.at } });
    return this.findById(id);
  }

  /**
   * Moves the need `key` (domain/needs.ts needKey) to `stage` by appending a dated entry, so its history stays.
   * Null when there is no such customer or no such need on her card; unchanged when it is at that stage already.
   */
  async moveNeed(id: string, key: string, stage: NeedStage, actor: Actor, at: Date): Promise<{ customer: Customer; from: NeedStage; changed: boolean } | null> {
    if (!isNeedStage(stage)) return null;
    const customer = await this.findById(id);
    const need = customer ? currentNeeds(customer.needs).find((n) => n.key === key) : undefined;
    if (!customer || !need) return null;
    if (need.stage === stage) return { customer, from: need.stage, changed: false };
    const updated = await this.addNeed(id, { service: need.service, ...(need.note ? { note: need.note } : {}), stage, at }, actor);
    return updated ? { customer: updated, from: need.stage, changed: true } : null;
  }

  /** Fills only what the stored profile lacks: never overwrites an answer someone already gave. */
  async fillMissing(id: string, fields: CustomerFields, actor: Actor): Promise<Customer | null> {
    const current = await this.findById(id);
    if (!current) return null;
    const missing: CustomerFields = {};
    for (const [k, v] of Object.entries(fields) as [keyof CustomerFields, unknown][]) {
      if (v === undefined) continue;
      const have = (current as unknown as Record<string, unknown>)[k];
      const empty = have === undefined || have === null || (Array.isArray(have) && have.length === 0);
      if (empty) (missing as Record<string, unknown>)[k] = v;
    }
    if (Object.keys(missing).length === 0) return current;
    return this.update(id, missing, actor);
  }

  /**
   * Appends one consent entry (who: `record.by`, else `actor`). Callers decide whether the writer may: the
   * customer's own trusted chat, staff on the card, or the CLI (issue 12); a typed phone never reaches here.
   */
  async recordConsent(id: string, record: ConsentRecord, actor: Actor): Promise<void> {
    const entry = consentEntry(record, actor);
    await this.customers.updateOne(
      { _id: new Types.ObjectId(id) },
      { $push: { consents: entry }, $set: { [`consent.${record.purpose}`]: record.granted, updatedBy: actor } },
    );
  }

  /** Right to erasure: every trace in every collection (erasure.ts); the anonymous record keeps the totals. */
  async erase(id: string, actor: Actor, opts: { except?: ChannelAddress } = {}): Promise<ErasureReport | null> {
    return eraseCustomer(this.conn, id, actor, { ...opts, now: this.now() });
  }

  async findByIdentity(address: ChannelAddress): Promise<Customer | null> {
    return (await this.findLink(address))?.customer ?? null;
  }

  /** The customer a chat is linked to, and whether that chat may read the stored data. */
  async findLink(address: ChannelAddress): Promise<{ customer: Customer; trusted: boolean } | null> {
    // Raw driver: this runs on every inbound message, and the document is ours.
    const link = await this.identities.collection.findOne({ _id: addressKey(address) as never });
    if (!link) return null;
    const customer = await this.findById(String(link.customerId));
    return customer ? { customer, trusted: link.trusted !== false } : null;
  }

  /** Links a chat to a customer; a chat already linked elsewhere is reported, never moved silently. */
  async linkIdentity(
    customerId: string,
    address: ChannelAddress,
    opts: { trusted?: boolean; displayName?: string } = {},
  ): Promise<Result<'linked' | 'already_linked', LinkFailure>> {
    const filter = addressFilter(address);
    const key = addressKey(address);
    const trusted = opts.trusted ?? true;
    // Insert first: a new link is the common case, and `_id` uniqueness makes the insert the check.
    try {
      await this.identities.create({ _id: key, ...filter, customerId: new Types.ObjectId(customerId), linkedAt: this.now(), trusted, ...(opts.displayName ? { displayName: opts.displayName } : {}) });
      return ok('linked');
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const existing = await this.identities.findOne({ _id: key }).lean();
    // Unlinked between the insert and this read: try again.
    if (!existing) return this.linkIdentity(customerId, address, opts);
    if (String(existing.customerId) !== customerId) return err({ kind: 'linked_to_other', customerId: String(existing.customerId) });
    // Trust only grows (a later verified phone), it is never silently withdrawn.
    if (trusted && existing.trusted === false) await this.identities.updateOne({ _id: key }, { $set: { trusted: true } });
    return ok('already_linked');
  }

  async unlinkIdentity(address: ChannelAddress): Promise<void> {
    await this.identities.deleteOne({ _id: addressKey(address) });
  }

  async identitiesOf(customerId: string): Promise<ChannelAddress[]> {
    const docs = await this.identities.find({ customerId: new Types.ObjectId(customerId) }).sort({ linkedAt: 1, _id: 1 }).lean();
    return docs.map((d) => ({ channel: d.channel, account: d.account, userId: d.userId }));
  }

  /** Who created the record (the card's timeline: "registered on Zalo", "added by staff"). */
  async createdBy(id: string): Promise<{ kind: string; channel?: string } | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const d = await this.customers.findOne({ _id: new Types.ObjectId(id) }, { createdBy: 1 }).lean();
    return d?.createdBy ? { kind: d.createdBy.kind, ...(d.createdBy.channel ? { channel: d.createdBy.channel } : {}) } : null;
  }

  async count(): Promise<number> {
    return this.customers.countDocuments({ erasedAt: { $exists: false } });
  }

  /** Streams every live customer in a stable order (export, jobs). */
  async *all(batch = 500): AsyncGenerator<Customer> {
    let after: Types.ObjectId | undefined;
    for (;;) {
      const docs = await this.customers
        .find({ erasedAt: { $exists: false }, ...(after ? { _id: { $gt: after } } : {}) })
        .sort({ _id: 1 })
        .limit(batch)
        .lean();
      for (const d of docs) yield toCustomer(d);
      if (docs.length < batch) return;
      after = docs[docs.length - 1]!._id;
    }
  }
}

function addressFilter(a: ChannelAddress): { channel: Channel; account: string; userId: string } {
  return { channel: a.channel, account: String(a.account), userId: String(a.userId) };
}

/** Of `entries`, the ones that are not an open need of the customer yet (a need done before may come back). */
function newNeeds(customer: Customer | null, entries: ReturnType<typeof needEntries>): ReturnType<typeof needEntries> {
  const open = new Set(currentNeeds(customer?.needs ?? []).filter((n) => n.stage !== 'done').map((n) => n.key));
  return entries.filter((e) => {
    const fresh = !open.has(needKey(e));
    open.add(needKey(e));
    return fresh;
  });
}
