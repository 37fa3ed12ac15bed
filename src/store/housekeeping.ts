// Removing finished bookkeeping older than its retention (issue 16): FerretDB has no TTL indexes (database.md), so
// the `housekeeping` job does what a TTL index would. Every removal is by `_id` in bounded batches, the filter
// repeated on the delete so a row that changed since it was read stays, and a run stops after `maxBatches` per
// collection (the next night goes on) so one run never holds the database for long.
import type { Connection, Model } from 'mongoose';
import { inviteAttemptModel, inviteClaimModel, inviteModel } from './models/invite.js';
import { linkTokenModel } from './models/link-token.js';
import { jobRunModel, outboxModel } from './models/outbox.js';
import { webLoginLinkModel, webSessionModel } from './models/web-session.js';
import { zaloEventModel } from './models/zalo-event.js';
import { agendaDatabase } from './scheduling.js';

/** Rows older than these instants go; each comes from a RETENTION_* setting (src/config.ts). */
export interface RetentionCutoffs {
  /** Staff invitations, counter links, web login links and sessions: expired or used before this. */
  links: Date;
  /** Zalo webhook ids handled (or given up) before this. */
  zaloEvents: Date;
  /** Job runs and Agenda's finished one-time jobs, finished before this. */
  jobRuns: Date;
  /** Outbox rows finished (sent, cancelled, expired, handed off) before this. */
  outbox: Date;
  /** Refused invitation codes count for an hour (INVITE_ATTEMPTS_PER_HOUR); a day is plenty. */
  inviteAttempts: Date;
}

/**
 * Outbox states that are over. Not pending/claimed/sending (still to go), failed or unknown (the owner has to look
 * at them: the web page's retry and the "may or may not have arrived" list read them).
 */
export const FINISHED_OUTBOX_STATES = ['sent', 'cancelled', 'expired', 'handed_off'] as const;

export interface HousekeepingLimits {
  batchSize: number;
  maxBatches: number;
}

export const DEFAULT_HOUSEKEEPING_LIMITS: HousekeepingLimits = { batchSize: 500, maxBatches: 200 };

/** Rows removed per collection since this process started, for /metrics (like busyRetries). */
export const housekeepingRemoved: Record<string, number> = {};

type Filter = Record<string, unknown>;
type AnyModel = Model<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function inBatches(
  read: (limit: number) => Promise<unknown[]>,
  remove: (ids: unknown[]) => Promise<number>,
  limits: HousekeepingLimits,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < limits.maxBatches; i++) {
    const ids = await read(limits.batchSize);
    if (ids.length === 0) break;
    total += await remove(ids);
    if (ids.length < limits.batchSize) break;
  }
  return total;
}

function removeWhere(model: AnyModel, filter: Filter, limits: HousekeepingLimits, also?: (ids: unknown[]) => Promise<unknown>): Promise<number> {
  return inBatches(
    async (limit) => (await model.find(filter, { _id: 1 }).limit(limit).lean()).map((d) => (d as { _id: unknown })._id),
    async (ids) => {
      const { deletedCount } = await model.deleteMany({ ...filter, _id: { $in: ids } });
      await also?.(ids);
      return deletedCount;
    },
    limits,
  );
}

/** The newest run of each job stays whatever its age: `hoso jobs list` and `hoso doctor` show it. */
async function newestRunIds(conn: Connection): Promise<unknown[]> {
  const runs = jobRunModel(conn);
  const jobs = (await runs.distinct('job')) as string[];
  const ids: unknown[] = [];
  for (const job of jobs) {
    const d = await runs.findOne({ job }, { _id: 1 }).sort({ startedAt: -1, _id: -1 }).lean();
    if (d) ids.push(d._id);
  }
  return ids;
}

export async function removeOldBookkeeping(conn: Connection, cut: RetentionCutoffs, limits: HousekeepingLimits = DEFAULT_HOUSEKEEPING_LIMITS): Promise<Record<string, number>> {
  const old = (field: string, before: Date): Filter => ({ [field]: { $lt: before } });
  const expiredOrUsed = (before: Date): Filter => ({ $or: [old('expiresAt', before), old('usedAt', before)] });
  const claims = inviteClaimModel(conn);
  const agendaJobs = agendaDatabase(conn).collection('agendaJobs');
  const removed: Record<string, number> = {
    // An invitation's claim goes with it: the code cannot be redeemed once the invitation is gone.
    staff_invites: await removeWhere(inviteModel(conn), expiredOrUsed(cut.links), limits, (ids) => claims.deleteMany({ _id: { $in: ids as string[] } })),
    staff_invite_attempts: await removeWhere(inviteAttemptModel(conn), old('at', cut.inviteAttempts), limits),
    customer_link_tokens: await removeWhere(linkTokenModel(conn), expiredOrUsed(cut.links), limits),
    // A session expires after the link it was opened from, so its link (whose single use it guards) is gone first.
    web_login_links: await removeWhere(webLoginLinkModel(conn), old('expiresAt', cut.links), limits),
    web_sessions: await removeWhere(webSessionModel(conn), old('expiresAt', cut.links), limits),
    zalo_events: await removeWhere(zaloEventModel(conn), { status: { $in: ['done', 'failed', 'abandoned'] }, ...old('receivedAt', cut.zaloEvents) }, limits),
    job_runs: await removeWhere(jobRunModel(conn), { finishedAt: { $exists: true }, ...old('startedAt', cut.jobRuns), _id: { $nin: await newestRunIds(conn) } }, limits),
    // Agenda keeps a finished one-time job (a catch-up run, `agenda.now`); recurring ones (type single) stay.
    agenda_jobs: await inBatches(
      async (limit) => (await agendaJobs.find({ type: 'normal', nextRunAt: null, lockedAt: null, lastFinishedAt: { $lt: cut.jobRuns } }, { projection: { _id: 1 } }).limit(limit).toArray()).map((d) => d._id),
      async (ids) => (await agendaJobs.deleteMany({ _id: { $in: ids as never[] }, type: 'normal', nextRunAt: null, lockedAt: null })).deletedCount,
      limits,
    ),
    outbox: await removeWhere(outboxModel(conn), { status: { $in: FINISHED_OUTBOX_STATES }, ...old('updatedAt', cut.outbox) }, limits),
  };
  for (const [collection, n] of Object.entries(removed)) housekeepingRemoved[collection] = (housekeepingRemoved[collection] ?? 0) + n;
  return removed;
}
