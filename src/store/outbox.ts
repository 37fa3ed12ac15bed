// Outbox repository: idempotent planning by unique key, and claims that hold across processes.
//
// Claiming: a dispatcher reads due rows, then takes each with one update filtered on the `version` and status it
// read, writing its own owner token (a batch goes as one bulkWrite; a single row as one atomic findOneAndUpdate).
// Every later step (claimed → sending, the outcome) is filtered on that owner the same way. Which guarantee holds:
// - MongoDB: each filtered update is atomic, so exactly one dispatcher wins a row, across any number of processes.
// - The embedded FerretDB (tools/ferretdb, patched): write commands run one at a time in the server, so the same
//   filtered update is atomic too, for every app process using that server.
// - A stock FerretDB v1 server: its update reads, compares in Go and writes with no lock between (database.md §5),
//   so two dispatchers racing within milliseconds can both win: run one worker per database there.
// What always holds: planning never creates a second row (unique key, code 11000 on insert), and a row found
// mid-send after a crash is never resent.
import { Types, type Connection } from 'mongoose';
import type { ChannelAddress } from '../domain/channel.js';
import { outboxModel, type OutboxModel, type OutboxPurpose, type OutboxRoute, type OutboxStatus, OUTBOX_STATUSES } from './models/outbox.js';
import { addressKey } from './models/conversation.js';
import { isDuplicateKey } from './duplicate-key.js';
import { retryWhenBusy } from './server-busy.js';

export type { OutboxPurpose, OutboxRoute, OutboxStatus };

export interface DigestItem {
  customerId: string;
  section: 'call' | 'incomplete' | 'win_back';
  about?: OutboxPurpose;
  service?: string;
}

export interface NewOutboxMessage {
  key: string;
  purpose: OutboxPurpose;
  audience: 'customer' | 'staff' | 'chat';
  customerId?: string;
  staffId?: string;
  occasion: string;
  occasionDate: string;
  referenceAt?: Date;
  about?: OutboxPurpose;
  service?: string;
  items?: DigestItem[];
  /** Reply rows: where they go (customer and staff rows get theirs when routed). */
  address?: ChannelAddress;
  /** Reply rows: the replies still to send, as JSON text. */
  replies?: string;
  dueAt: Date;
  expiresAt: Date;
}

/** A bot's replies that could not be sent at once: sent by the dispatcher, in order, never twice. */
export interface LaterReplies {
  address: ChannelAddress;
  /** The inbound delivery they answer: with the address, the row's unique key, so a redelivery adds nothing. */
  eventId: string;
  /** The replies in order, as the channel sender takes them. */
  replies: unknown[];
  /** After this the answer is too late to make sense; the row becomes `expired`. */
  expiresAt: Date;
}

export interface OutboxMessage extends Omit<NewOutboxMessage, 'address'> {
  id: string;
  status: OutboxStatus;
  statusReason?: string;
  attempts: number;
  nextAttemptAt: Date;
  version: number;
  claimOwner?: string;
  claimUntil?: Date;
  route?: OutboxRoute;
  routeReason?: string;
  address?: ChannelAddress;
  lastError?: string;
  sentAt?: Date;
  platformMessageId?: string;
  digestKey?: string;
}

/** Fields a dispatcher may set when it finishes with (or reschedules) a row it owns: the row's own fields. */
export type OutboxOutcome = Pick<OutboxMessage, 'status'> &
  Partial<Pick<OutboxMessage, 'statusReason' | 'attempts' | 'nextAttemptAt' | 'route' | 'routeReason' | 'address' | 'lastError' | 'sentAt' | 'platformMessageId' | 'staffId' | 'digestKey' | 'replies'>>;

/** What a row records when it is marked `sending`: the route chosen for it. */
export type SendingRoute = Pick<OutboxOutcome, 'route' | 'routeReason' | 'address' | 'staffId'>;

export interface OutboxFilter {
  purpose?: OutboxPurpose | OutboxPurpose[];
  status?: OutboxStatus | OutboxStatus[];
  occasionDate?: string;
  customerId?: string;
  staffId?: string;
  digestKey?: string | null;
}

const PLAN_CHUNK = 1000;
/**
 * Updates per bulkWrite. FerretDB v1 keeps every statement's read cursor (one SQLite connection of its pool of
 * 100) open until the whole update command ends, so a command of ~100 statements waits forever for a connection.
 */
const UPDATE_CHUNK = 25;

/** `ops` as bulkWrites of at most UPDATE_CHUNK; the summed matched count. A busy answer is tried again. */
async function bulkUpdate(model: OutboxModel, ops: { updateOne: { filter: Record<string, unknown>; update: Record<string, unknown> } }[]): Promise<number> {
  let matched = 0;
  for (let i = 0; i < ops.length; i += UPDATE_CHUNK) {
    const chunk = ops.slice(i, i + UPDATE_CHUNK);
    matched += (await retryWhenBusy(() => model.collection.bulkWrite(chunk as never, { ordered: false }))).matchedCount;
  }
  return matched;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toMessage(d: any): OutboxMessage {
  const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
  return {
    id: String(d._id),
    key: d.key,
    purpose: d.purpose,
    audience: d.audience,
    customerId: d.customerId ? String(d.customerId) : undefined,
    staffId: opt(d.staffId),
    occasion: d.occasion,
    occasionDate: d.occasionDate,
    referenceAt: opt(d.referenceAt),
    about: opt(d.about),
    service: opt(d.service),
    items: d.items?.map((i: { customerId: Types.ObjectId; section: 'call' | 'incomplete'; about?: OutboxPurpose; service?: string }) => ({
      customerId: String(i.customerId),
      section: i.section,
      ...(i.about ? { about: i.about } : {}),
      ...(i.service ? { service: i.service } : {}),
    })),
    dueAt: d.dueAt,
    expiresAt: d.expiresAt,
    status: d.status,
    statusReason: opt(d.statusReason),
    attempts: d.attempts ?? 0,
    nextAttemptAt: d.nextAttemptAt,
    version: d.version ?? 0,
    claimOwner: opt(d.claimOwner),
    claimUntil: opt(d.claimUntil),
    route: opt(d.route),
    routeReason: opt(d.routeReason),
    address: d.address ? { channel: d.address.channel, account: d.address.account, userId: d.address.userId } : undefined,
    lastError: opt(d.lastError),
    sentAt: opt(d.sentAt),
    platformMessageId: opt(d.platformMessageId),
    digestKey: opt(d.digestKey),
    replies: opt(d.replies),
  };
}

/** Drops undefined values: FerretDB and MongoDB would store them as null, which reads back differently. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export class OutboxRepository {
  private readonly model: OutboxModel;

  constructor(private readonly conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.model = outboxModel(conn);
  }

  /**
   * Compare-and-set on one row: one filtered update (atomic on MongoDB and on the embedded FerretDB; the `_id` in
   * the filter keeps it a key lookup there, tools/ferretdb/patches).
   */
  private async compareAndSet(_id: Types.ObjectId, expect: Record<string, unknown>, update: Record<string, unknown>): Promise<boolean> {
    return (await this.model.collection.updateOne({ _id, ...expect }, update)).matchedCount === 1;
  }

  /** Compare-and-set that returns the row as it is after the update: one `findOneAndUpdate`, no projection (FerretDB). */
  private async compareAndFetch(_id: Types.ObjectId, expect: Record<string, unknown>, update: Record<string, unknown>): Promise<OutboxMessage | null> {
    const after = await this.model.collection.findOneAndUpdate({ _id, ...expect }, update, { returnDocument: 'after' });
    return after ? toMessage(after) : null;
  }

  /** Inserts the rows whose key is new; a key that exists (re-run, second planner, restart) is left untouched. */
  async plan(rows: NewOutboxMessage[]): Promise<{ inserted: number; existing: number }> {
    let inserted = 0;
    let existing = 0;
    const now = this.now();
    for (let i = 0; i < rows.length; i += PLAN_CHUNK) {
      const docs = rows.slice(i, i + PLAN_CHUNK).map((r) =>
        defined({
          ...r,
          customerId: r.customerId ? new Types.ObjectId(r.customerId) : undefined,
          items: r.items?.map((it) => ({ ...it, customerId: new Types.ObjectId(it.customerId) })),
          status: 'pending' as const,
          attempts: 0,
          version: 0,
          nextAttemptAt: r.dueAt,
          createdAt: now,
          updatedAt: now,
        }),
      );
      try {
        const res = await this.model.collection.insertMany(docs, { ordered: false });
        inserted += res.insertedCount;
      } catch (e) {
        const bulk = e as { code?: unknown; message?: string; insertedCount?: number; writeErrors?: { code?: unknown; errmsg?: string }[] | { code?: unknown } };
        const errors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : bulk.writeErrors ? [bulk.writeErrors] : [bulk];
        if (!errors.every((w) => isDuplicateKey({ code: w.code, message: (w as { errmsg?: string }).errmsg ?? bulk.message }))) throw e;
        inserted += bulk.insertedCount ?? 0;
        existing += errors.length;
      }
    }
    return { inserted, existing };
  }

  /** Queues a bot's unsent replies as one row (one row keeps their order); the same delivery twice adds nothing. */
  async planReplies(r: LaterReplies): Promise<void> {
    const now = this.now();
    await this.plan([
      {
        key: `reply:${addressKey(r.address)}:${r.eventId}`,
        purpose: 'reply',
        audience: 'chat',
        occasion: String(r.eventId),
        occasionDate: now.toISOString().slice(0, 10),
        address: { channel: r.address.channel, account: r.address.account, userId: r.address.userId },
        replies: JSON.stringify(r.replies),
        dueAt: now,
        expiresAt: r.expiresAt,
      },
    ]);
  }

  /** Rows a dispatcher may take now: pending and due, or claimed/sending by an owner whose lease ran out. */
  async due(limit: number, only?: { purpose: OutboxPurpose }): Promise<OutboxMessage[]> {
    const now = this.now();
    const docs = await this.model
      .find({ ...(only ? { purpose: only.purpose } : {}), $or: [{ status: 'pending', nextAttemptAt: { $lte: now } }, { status: { $in: ['claimed', 'sending'] }, claimUntil: { $lt: now } }] })
      .sort({ nextAttemptAt: 1, _id: 1 })
      .limit(limit)
      .lean();
    return docs.map(toMessage);
  }

  private claimUpdate(owner: string, until: Date): Record<string, unknown> {
    return { $set: { status: 'claimed', claimOwner: owner, claimUntil: until, updatedAt: this.now() }, $inc: { version: 1 } };
  }

  /** Takes one row if nobody changed it since it was read: one atomic findOneAndUpdate on its version and status. */
  async claim(row: OutboxMessage, owner: string, until: Date): Promise<OutboxMessage | null> {
    return this.compareAndFetch(new Types.ObjectId(row.id), { version: row.version, status: row.status }, this.claimUpdate(owner, until));
  }

  /**
   * Takes the rows nobody changed since they were read, in one round trip (a bulkWrite of the same filtered
   * updates as `claim`), and returns the ones now ours. When every update matched (the usual case: one
   * dispatcher) they are built from what was written; otherwise each is read back by `_id` to see whose it is.
   */
  async claimMany(rows: OutboxMessage[], owner: string, until: Date): Promise<OutboxMessage[]> {
    if (rows.length === 0) return [];
    const update = this.claimUpdate(owner, until);
    const ops = rows.map((r) => ({ updateOne: { filter: { _id: new Types.ObjectId(r.id), version: r.version, status: r.status }, update } }));
    // Tried again when busy: a row this dispatcher already took no longer matches, and the read-back finds it ours.
    const matched = await bulkUpdate(this.model, ops);
    const set = update.$set as Pick<OutboxMessage, 'status' | 'claimOwner' | 'claimUntil'>;
    if (matched === rows.length) return rows.map((r) => ({ ...r, status: set.status, claimOwner: owner, claimUntil: until, version: r.version + 1 }));
    const fresh = await Promise.all(rows.map((r) => this.model.collection.findOne({ _id: new Types.ObjectId(r.id) })));
    return fresh.filter((d, i) => d && d.claimOwner === owner && d.version === rows[i]!.version + 1).map(toMessage);
  }

  private sendingUpdate(until: Date, route: SendingRoute): Record<string, unknown> {
    return { $set: { ...defined(route), status: 'sending', claimUntil: until, updatedAt: this.now() }, $inc: { version: 1 } };
  }

  /** claimed → sending, just before the platform call; the route chosen is recorded with it. */
  async markSending(row: OutboxMessage, owner: string, until: Date, route: SendingRoute): Promise<OutboxMessage | null> {
    return this.compareAndFetch(new Types.ObjectId(row.id), { claimOwner: owner, version: row.version, status: 'claimed' }, this.sendingUpdate(until, route));
  }

  /** `markSending` for several rows in one round trip; each row comes back as it is now, or null if not ours. */
  async markSendingMany(items: { row: OutboxMessage; route: SendingRoute }[], owner: string, until: Date): Promise<(OutboxMessage | null)[]> {
    const updates = items.map(({ route }) => this.sendingUpdate(until, route));
    const ops = items.map(({ row }, i) => ({ updateOne: { filter: { _id: new Types.ObjectId(row.id), claimOwner: owner, version: row.version, status: 'claimed' }, update: updates[i]! } }));
    const matched = await bulkUpdate(this.model, ops);
    if (matched === items.length) return items.map(({ row }, i) => ({ ...row, ...(updates[i]!.$set as Partial<OutboxMessage>), version: row.version + 1 }));
    const fresh = await Promise.all(items.map(({ row }) => this.model.collection.findOne({ _id: new Types.ObjectId(row.id) })));
    return fresh.map((d, i) => (d && d.claimOwner === owner && d.status === 'sending' && d.version === items[i]!.row.version + 1 ? toMessage(d) : null));
  }

  private finishUpdate(outcome: OutboxOutcome): Record<string, unknown> {
    // A finished reply row keeps no text: whatever the outcome, the guest's words are not stored past it.
    const unset = { claimOwner: '', claimUntil: '', ...(outcome.status !== 'pending' ? { replies: '' } : {}) };
    return { $set: { ...defined(outcome), updatedAt: this.now() }, $unset: unset, $inc: { version: 1 } };
  }

  /** Ends our ownership with an outcome (sent, failed, rescheduled as pending…). */
  async finish(row: OutboxMessage, owner: string, outcome: OutboxOutcome): Promise<boolean> {
    return this.compareAndSet(new Types.ObjectId(row.id), { claimOwner: owner }, this.finishUpdate(outcome));
  }

  /**
   * Several outcomes in one round trip (a bulkWrite of `finish`'s filtered updates); returns how many rows were
   * still ours. A busy answer is tried again: an update already applied no longer matches (its owner is gone).
   */
  async finishMany(items: { row: OutboxMessage; outcome: OutboxOutcome }[], owner: string): Promise<number> {
    if (items.length === 0) return 0;
    const ops = items.map(({ row, outcome }) => ({ updateOne: { filter: { _id: new Types.ObjectId(row.id), claimOwner: owner }, update: this.finishUpdate(outcome) } }));
    return bulkUpdate(this.model, ops);
  }

  /** Consent withdrawn or data erased: nothing still waiting for this customer goes out (the dispatcher re-checks too). */
  async cancelPendingForCustomer(customerId: string, reason: 'consent_withdrawn' | 'erased'): Promise<number> {
    if (!Types.ObjectId.isValid(customerId)) return 0;
    const res = await this.model.collection.updateMany(
      { customerId: new Types.ObjectId(customerId), audience: 'customer', status: 'pending' },
      { $set: { status: 'cancelled', statusReason: reason, updatedAt: this.now() }, $inc: { version: 1 } },
    );
    return res.modifiedCount;
  }

  async findByKey(key: string): Promise<OutboxMessage | null> {
    const d = await this.model.findOne({ key: String(key) }).lean();
    return d ? toMessage(d) : null;
  }

  async list(f: OutboxFilter = {}, limit = 10_000): Promise<OutboxMessage[]> {
    const q: Record<string, unknown> = {};
    if (f.purpose) q.purpose = Array.isArray(f.purpose) ? { $in: f.purpose } : f.purpose;
    if (f.status) q.status = Array.isArray(f.status) ? { $in: f.status } : f.status;
    if (f.occasionDate) q.occasionDate = f.occasionDate;
    if (f.customerId) q.customerId = new Types.ObjectId(f.customerId);
    if (f.staffId) q.staffId = f.staffId;
    if (f.digestKey === null) q.digestKey = { $exists: false };
    else if (f.digestKey) q.digestKey = f.digestKey;
    const docs = await this.model.find(q).sort({ createdAt: 1, _id: 1 }).limit(limit).lean();
    return docs.map(toMessage);
  }

  async findById(id: string): Promise<OutboxMessage | null> {
    if (!Types.ObjectId.isValid(String(id))) return null;
    const d = await this.model.findOne({ _id: new Types.ObjectId(String(id)) }).lean();
    return d ? toMessage(d) : null;
  }

  /**
   * A person asked for a failed row to be tried again (web page): it goes back to pending with a fresh count of
   * attempts. Only `failed` rows whose day has not passed: an `unknown` row may have arrived (at most once), and
   * an expired greeting is worse than none. Compare-and-set on the version read, so a racing dispatcher wins.
   */
  async retry(row: OutboxMessage): Promise<'retried' | 'not_failed' | 'expired' | 'changed'> {
    if (row.status !== 'failed') return 'not_failed';
    const at = this.now();
    if (row.expiresAt <= at) return 'expired';
    const ok = await this.compareAndSet(new Types.ObjectId(row.id), { version: row.version, status: 'failed' }, {
      $set: { status: 'pending', attempts: 0, nextAttemptAt: at, updatedAt: at, statusReason: 'retried_by_staff' },
      $inc: { version: 1 },
    });
    return ok ? 'retried' : 'changed';
  }

  /** A person cancelled a row that has not gone out (pending or failed); nothing under way is touched. */
  async cancel(row: OutboxMessage): Promise<'cancelled' | 'not_cancellable' | 'changed'> {
    if (row.status !== 'pending' && row.status !== 'failed') return 'not_cancellable';
    const at = this.now();
    const ok = await this.compareAndSet(new Types.ObjectId(row.id), { version: row.version, status: row.status }, {
      $set: { status: 'cancelled', statusReason: 'cancelled_by_staff', updatedAt: at },
      $unset: { replies: '' },
      $inc: { version: 1 },
    });
    return ok ? 'cancelled' : 'changed';
  }

  /** The newest rows in the given statuses (web outbox page), newest change first. */
  async recent(statuses: readonly OutboxStatus[], limit: number): Promise<OutboxMessage[]> {
    const docs = await this.model.find({ status: { $in: [...statuses] } }).sort({ updatedAt: -1, _id: -1 }).limit(limit).lean();
    return docs.map(toMessage);
  }

  /** Row counts per status, for `hoso jobs list` (failed, unknown and handed-off rows must be visible). */
  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const counts = {} as Record<OutboxStatus, number>;
    // One count per status: FerretDB's $group support is narrow, and nine counts are cheap.
    for (const s of OUTBOX_STATUSES) counts[s] = await this.model.countDocuments({ status: s });
    return counts;
  }
}
