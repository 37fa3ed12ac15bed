// Rewrites customers' needs into dated, staged entries (issue 17, src/domain/needs.ts): a bare string (how a list
// of needs may have been kept by an older version or a hand-made import) becomes a need noted when the customer
// was created, and an entry without a known stage (the intake wrote none before) gets "quan tâm". Run by
// ensureIndexes at start-up. Each document is rewritten only if its list is still the one read, so a need added
// meanwhile by a running process is never lost; a rerun finds nothing left to do.
//
// Which documents: FerretDB v1 answers `$elemMatch` on sub-document fields with nothing at all (tried over the wire:
// `{needs: {$elemMatch: {stage: {$nin: [...]}}}}` matched no document), and a dotted path matches "any element" or
// "no element", which misses a list where only some entries lack a stage. So the first pass reads every customer
// with needs (projection: needs and creation date) and checks in code; once it has finished, a marker document
// says so and later start-ups skip the scan. Reads never depend on it: toCustomer reads an old list the same way.
import type { Connection } from 'mongoose';
import { isCurrentNeedList, toNeedEntry } from '../domain/needs.js';
import { customerModel } from './models/customer.js';

const MARKER = 'needs-staged-v1';

export async function migrateNeeds(conn: Connection, opts: { force?: boolean } = {}): Promise<number> {
  const markers = conn.db!.collection<{ _id: string; at: Date }>('migrations');
  if (!opts.force && (await markers.findOne({ _id: MARKER }))) return 0;
  const customers = customerModel(conn).collection;
  const cursor = customers.find({ 'needs.0': { $exists: true } }, { projection: { _id: 1, needs: 1, createdAt: 1 } });
  let rewritten = 0;
  for await (const d of cursor) {
    const stored: unknown = d.needs;
    if (!Array.isArray(stored) || isCurrentNeedList(stored)) continue;
    const fallbackAt = d.createdAt instanceof Date ? d.createdAt : new Date(0);
    const needs = stored.flatMap((n: unknown) => toNeedEntry(n, fallbackAt) ?? []);
    const r = await customers.updateOne({ _id: d._id, needs: stored }, { $set: { needs } });
    rewritten += r.modifiedCount;
  }
  await markers.updateOne({ _id: MARKER }, { $set: { at: new Date() } }, { upsert: true });
  return rewritten;
}
