// The whole database as text, to compare before and after (merge and undo, issue 17), and a scan for every place a
// document names one customer (as an ObjectId, or inside a string such as a referral id or a key).
import { mongo, Types } from 'mongoose';
import type { TestDb } from './db.js';

/** Collections a snapshot leaves out: the merge records themselves and the append-only audit log. */
export const SNAPSHOT_SKIPPED = ['audit_log', 'customer_merges'];

export interface SnapshotOptions {
  /** Per collection, top-level keys left out of every document (say why at the call). */
  drop?: Record<string, string[]>;
}

/** Every document of every collection (SNAPSHOT_SKIPPED aside), as sorted EJSON text with sorted keys. */
export async function snapshot(db: TestDb, opts: SnapshotOptions = {}): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const c of await db.conn.db!.collections()) {
    if (SNAPSHOT_SKIPPED.includes(c.collectionName)) continue;
    const drop = opts.drop?.[c.collectionName] ?? [];
    const docs = await c.find({}).toArray();
    out[c.collectionName] = docs.map((d) => mongo.BSON.EJSON.stringify(sortKeys(Object.fromEntries(Object.entries(d).filter(([k]) => !drop.includes(k)))), { relaxed: false })).sort();
  }
  return out;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Types.ObjectId) && v.constructor === Object) return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

/** `collection path` of every value naming `id` (array indexes as []), in every collection but SNAPSHOT_SKIPPED. */
export async function placesNaming(db: TestDb, id: string): Promise<string[]> {
  const found = new Set<string>();
  const walk = (col: string, path: string, v: unknown): void => {
    if (v instanceof Types.ObjectId || v instanceof mongo.ObjectId) {
      if (v.toHexString() === id) found.add(`${col} ${path}`);
    } else if (typeof v === 'string') {
      if (v.includes(id)) found.add(`${col} ${path}`);
    } else if (Array.isArray(v)) v.forEach((x) => walk(col, `${path}[]`, x));
    else if (v && typeof v === 'object' && !(v instanceof Date) && !(v instanceof mongo.Binary)) for (const [k, x] of Object.entries(v)) walk(col, path ? `${path}.${k}` : k, x);
  };
  for (const c of await db.conn.db!.collections()) {
    if (SNAPSHOT_SKIPPED.includes(c.collectionName)) continue;
    for (const d of await c.find({}).toArray()) walk(c.collectionName, '', d);
  }
  return [...found].sort();
}
