// Every night, finished bookkeeping older than the RETENTION_* settings goes (FerretDB has no TTL indexes). The
// log line carries only counts per collection, never a row: these collections hold chat and customer references.
import type { LocalDate } from '../src/domain/business-time.js';
import { removeOldBookkeeping, type HousekeepingLimits, type RetentionCutoffs } from '../src/store/housekeeping.js';
import type { JobContext } from './job-deps.js';

export const HOUSEKEEPING_JOB = 'housekeeping';

const DAY_MS = 24 * 3_600_000;

export function retentionCutoffs(now: Date, days: JobContext['settings']['retentionDays']): RetentionCutoffs {
  const before = (d: number): Date => new Date(now.getTime() - d * DAY_MS);
  return { links: before(days.links), zaloEvents: before(days.zaloEvents), jobRuns: before(days.jobRuns), outbox: before(days.outbox), inviteAttempts: before(1) };
}

export async function runHousekeeping(ctx: JobContext, _date: LocalDate, limits?: HousekeepingLimits): Promise<{ removed: number }> {
  const removed = await removeOldBookkeeping(ctx.conn, retentionCutoffs(ctx.clock.now(), ctx.settings.retentionDays), limits);
  const total = Object.values(removed).reduce((a, b) => a + b, 0);
  ctx.log.info({ job: HOUSEKEEPING_JOB, removed: total, ...removed }, 'old bookkeeping removed');
  return { removed: total };
}
