// Bulk import of validated customer rows (hoso customers import): new phones become customers in batches, a phone
// already on file only fills that customer's empty fields. No transactions on FerretDB v1 (database.md), so the
// order of writes keeps it sound and re-runnable: phone keys are claimed first (their `_id` is the phone, so two
// writers cannot both win), then the customers are written; a rerun after a crash finds its own keys and records
// and changes nothing it already did (a key whose customer never got written is taken over, like PhoneKeys.claim).
import { Types, type Connection } from 'mongoose';
import { missingFields, type ImportRowFields } from '../domain/import-row.js';
import { AuditLog } from './audit.js';
import { needEntries, toSet, type Actor, type CustomerFields } from './customer-types.js';
import { isDuplicateKey } from './duplicate-key.js';
import { noteModel } from './models/activity.js';
import { customerModel } from './models/customer.js';
import { phoneKeyModel } from './models/phone-key.js';

export interface ImportRow {
  line: number;
  fields: ImportRowFields;
}

export type ImportLineOutcome =
  | { line: number; outcome: 'created'; customerId: string }
  /** The phone was on file (or on an earlier line): only the empty fields listed were filled. */
  | { line: number; outcome: 'filled' | 'unchanged'; customerId: string; filled: string[]; /** An earlier line of the same file with this phone. */ sameAsLine?: number };

export interface ImportResult {
  lines: ImportLineOutcome[];
  created: number;
  filled: number;
  unchanged: number;
  notes: number;
}

export interface ImportOptions {
  dryRun?: boolean;
  batchSize?: number;
  now?: Date;
}

type Fields = CustomerFields & { name: string; phone: string };

/** The customer fields of a row (the note goes to the notes collection, the needs keep their list). */
function customerFieldsOf(r: ImportRowFields): Fields {
  const { note: _note, needs, ...rest } = r;
  return { ...rest, ...(needs?.length ? { needs: needs.map((service) => ({ service })) } : {}) };
}

/** What a stored document holds, in the shape `missingFields` compares (needs as a list, birthday as an object). */
type Stored = Record<string, unknown> & { _id: Types.ObjectId };

interface Group {
  first: ImportRow;
  fields: Fields;
  notes: string[];
  rest: ImportRow[];
}

export async function importCustomers(conn: Connection, rows: readonly ImportRow[], actor: Actor, opts: ImportOptions = {}): Promise<ImportResult> {
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? 1000;
  const customers = customerModel(conn);
  const keys = phoneKeyModel(conn);
  const notesModel = noteModel(conn);
  const writer: Actor = { ...actor, channel: actor.channel ?? 'import' };

  // Rows of one phone in the same file are one customer: the first line leads, later lines fill its gaps.
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const f = customerFieldsOf(row.fields);
    const g = groups.get(f.phone);
    if (!g) groups.set(f.phone, { first: row, fields: f, notes: row.fields.note ? [row.fields.note] : [], rest: [] });
    else {
      Object.assign(g.fields, missingFields(g.fields, f));
      if (row.fields.note && !g.notes.includes(row.fields.note)) g.notes.push(row.fields.note);
      g.rest.push(row);
    }
  }

  const lines: ImportLineOutcome[] = [];
  let notes = 0;
  const phones = [...groups.keys()];
  // One read of the keys and one of their customers (FerretDB scans once; MongoDB uses the `_id` index).
  const owners = new Map<string, Types.ObjectId>();
  for (let i = 0; i < phones.length; i += 10_000) {
    for (const k of await keys.collection.find({ _id: { $in: phones.slice(i, i + 10_000) as never[] } }).toArray()) owners.set(String(k._id), k.customerId as Types.ObjectId);
  }
  const live = new Map<string, Stored>();
  const ownerIds = [...owners.values()];
  for (let i = 0; i < ownerIds.length; i += 10_000) {
    for (const d of await customers.collection.find({ _id: { $in: ownerIds.slice(i, i + 10_000) } }).toArray()) if (!d.erasedAt) live.set(String(d._id), d as Stored);
  }

  const fillExisting = async (g: Group, doc: Stored): Promise<void> => {
    const id = String(doc._id);
    const fill = missingFields(doc as Partial<Record<keyof Fields, unknown>>, g.fields);
    delete fill.phone;
    const filled = Object.keys(fill);
    if (filled.length && !opts.dryRun) {
      await customers.collection.updateOne({ _id: doc._id }, { $set: { ...toSet(fill, now), updatedBy: writer, updatedAt: now } });
      await new AuditLog(conn, () => now).record({ actor: { kind: actor.kind, ...(actor.id ? { id: actor.id } : {}) }, action: 'update', customerId: id, channel: 'import', detail: `fields=${filled.join(',')}` });
    }
    // A note already on the card (an earlier run of the same file) is not added twice.
    const fresh = [];
    for (const text of g.notes) if (!(await notesModel.collection.findOne({ customerId: doc._id, text }))) fresh.push(text);
    if (fresh.length && !opts.dryRun) await notesModel.collection.insertMany(fresh.map((text) => ({ customerId: doc._id, kind: 'other', text, at: now })));
    notes += fresh.length;
    lines.push({ line: g.first.line, outcome: filled.length ? 'filled' : 'unchanged', customerId: id, filled });
    for (const r of g.rest) lines.push({ line: r.line, outcome: 'unchanged', customerId: id, filled: [], sameAsLine: g.first.line });
  };

  const fresh: Group[] = [];
  for (const g of groups.values()) {
    const owner = owners.get(g.fields.phone);
    const doc = owner ? live.get(String(owner)) : undefined;
    if (doc) await fillExisting(g, doc);
    else fresh.push(g);
  }

  for (let i = 0; i < fresh.length; i += batchSize) {
    const batch = fresh.slice(i, i + batchSize);
    const ids = batch.map(() => new Types.ObjectId());
    const docs = await Promise.all(batch.map((g, j) => buildCustomer(conn, ids[j]!, g.fields, writer, now)));
    if (opts.dryRun) {
      batch.forEach((g, j) => record(g, String(ids[j])));
      continue;
    }
    // Claim the phones first. A key left by a crash (its customer never written) or by an erased record is taken over.
    const stale = batch.filter((g) => owners.has(g.fields.phone));
    for (const g of stale) await keys.collection.updateOne({ _id: g.fields.phone as never }, { $set: { customerId: ids[batch.indexOf(g)]! } });
    const claimed = new Set(stale.map((g) => g.fields.phone));
    const toClaim = batch.map((g, j) => ({ g, j })).filter(({ g }) => !claimed.has(g.fields.phone));
    const lost = new Set<number>();
    await insertAll(keys.collection, toClaim.map(({ g, j }) => ({ _id: g.fields.phone, customerId: ids[j]! })), (k) => lost.add(toClaim[k]!.j));
    // Someone registered one of these phones between the read and now: that row fills her card instead.
    const written = docs.filter((_, j) => !lost.has(j));
    const writtenIdx = batch.map((_, j) => j).filter((j) => !lost.has(j));
    const refused = new Set<number>();
    await insertAll(customers.collection, written, (k) => refused.add(writtenIdx[k]!));
    const noteDocs = [];
    for (const [j, g] of batch.entries()) {
      if (lost.has(j) || refused.has(j)) continue;
      record(g, String(ids[j]));
      for (const text of g.notes) noteDocs.push({ customerId: ids[j]!, kind: 'other', text, at: now });
    }
    if (noteDocs.length) await notesModel.collection.insertMany(noteDocs, { ordered: false });
    notes += noteDocs.length;
    for (const j of [...lost, ...refused]) {
      const g = batch[j]!;
      // The unique phone index refused a record the keys did not know about: give the key back to that record.
      if (refused.has(j)) await keys.collection.deleteOne({ _id: g.fields.phone as never, customerId: ids[j]! });
      const other = await customers.collection.findOne({ phone: g.fields.phone, erasedAt: { $exists: false } });
      if (!other) throw new Error('import: a phone was taken and its customer is gone; run the import again');
      if (refused.has(j)) await keys.collection.updateOne({ _id: g.fields.phone as never }, { $set: { customerId: other._id } }, { upsert: true });
      await fillExisting(g, other as Stored);
    }
  }

  function record(g: Group, id: string): void {
    lines.push({ line: g.first.line, outcome: 'created', customerId: id });
    for (const r of g.rest) lines.push({ line: r.line, outcome: 'unchanged', customerId: id, filled: [], sameAsLine: g.first.line });
  }

  lines.sort((a, b) => a.line - b.line);
  const count = (o: ImportLineOutcome['outcome']): number => lines.filter((l) => l.outcome === o).length;
  return { lines, created: count('created'), filled: count('filled'), unchanged: count('unchanged'), notes };
}

/** A customer document exactly as the model would store it (defaults, derived keys), validated by the schema. */
async function buildCustomer(conn: Connection, _id: Types.ObjectId, fields: Fields, actor: Actor, now: Date): Promise<Record<string, unknown>> {
  const Model = customerModel(conn);
  const doc = new Model({ _id, ...toSet(fields, now), needs: needEntries(fields.needs, now), consents: [], createdBy: actor, updatedBy: actor, createdAt: now, updatedAt: now });
  await doc.validate();
  return doc.toObject({ depopulate: true, versionKey: true });
}

/** insertMany that reports which documents a unique index refused, and rethrows anything else. */
async function insertAll(collection: { insertMany(docs: never[], o: { ordered: false }): Promise<unknown> }, docs: unknown[], refused: (index: number) => void): Promise<void> {
  if (docs.length === 0) return;
  try {
    await collection.insertMany(docs as never[], { ordered: false });
  } catch (e) {
    const writeErrors = (e as { writeErrors?: { index: number; code?: number; errmsg?: string }[] | { index: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (list.length === 0 || !list.every((w) => isDuplicateKey(w) || isDuplicateKey({ message: (w as { errmsg?: string }).errmsg }))) throw e;
    for (const w of list) refused(w.index);
  }
}
