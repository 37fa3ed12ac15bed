// What an operator asks of the database (`hoso doctor`, /metrics): server kind and version, replica set,
// whether every declared index exists, and how far the outbox lags. Read-only: nothing here creates or changes data.
import type { Connection } from 'mongoose';
import { allModels } from './index.js';
import { outboxModel, OUTBOX_STATUSES, type OutboxStatus } from './models/outbox.js';

export interface ServerInfo {
  kind: 'mongodb' | 'ferretdb';
  /** The MongoDB version the server is or speaks as (FerretDB v1 answers 7.0.x). */
  version: string;
  /** FerretDB's own version, when it reports one (the embedded build says "unknown"). */
  ferretdbVersion?: string;
  /** The replica set's name; undefined on a standalone server (and always on FerretDB v1). */
  replicaSet?: string;
}

export async function serverInfo(conn: Connection): Promise<ServerInfo> {
  const admin = conn.db!.admin();
  const info = await admin.command({ buildInfo: 1 });
  const hello = await admin.command({ hello: 1 }).catch(() => admin.command({ isMaster: 1 }));
  const ferret = typeof info.ferretdbVersion === 'string' ? info.ferretdbVersion : undefined;
  return {
    kind: ferret ? 'ferretdb' : 'mongodb',
    version: String(info.version),
    ...(ferret && ferret !== 'unknown' ? { ferretdbVersion: ferret } : {}),
    ...(typeof hello.setName === 'string' ? { replicaSet: hello.setName } : {}),
  };
}

/** Declared indexes (mongoose schemas) that the database does not have, as `collection.name` (or key list). */
export async function missingIndexes(conn: Connection): Promise<string[]> {
  const missing: string[] = [];
  for (const model of allModels(conn)) {
    const existing = await model.collection.indexes().catch(() => [] as { key: Record<string, unknown>; name?: string }[]);
    const keys = new Set(existing.map((i) => keyOf(i.key)));
    for (const [key, options] of model.schema.indexes()) {
      if (!keys.has(keyOf(key))) missing.push(`${model.collection.collectionName}.${(options as { name?: string }).name ?? Object.keys(key).join('_')}`);
    }
  }
  return missing;
}

const keyOf = (key: Record<string, unknown>): string => JSON.stringify(Object.entries(key).map(([k, v]) => [k, String(v)]));

export interface OutboxHealth {
  counts: Record<OutboxStatus, number>;
  /** Seconds the oldest due pending row has waited past its time (0 when none is due). */
  lagSeconds: number;
}

export async function outboxHealth(conn: Connection, now: Date): Promise<OutboxHealth> {
  const model = outboxModel(conn);
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const s of OUTBOX_STATUSES) counts[s] = await model.countDocuments({ status: s });
  // The dispatcher takes a pending row once nextAttemptAt has passed (the first time it equals dueAt).
  const oldest = await model
    .findOne({ status: 'pending', nextAttemptAt: { $lte: now } }, { nextAttemptAt: 1 })
    .sort({ nextAttemptAt: 1, _id: 1 })
    .lean();
  const lagSeconds = oldest ? Math.max(0, Math.round((now.getTime() - oldest.nextAttemptAt.getTime()) / 1000)) : 0;
  return { counts, lagSeconds };
}
