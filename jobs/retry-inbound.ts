// Inbound events whose handling failed (the database was down, a bug) are handled again with a growing pause:
// Zalo does not redeliver an event we acknowledged, so without this job a failed message would be lost.
import type { JobContext } from './job-deps.js';

export const RETRY_INBOUND_JOB = 'retry-inbound';

export interface RetryInboundSummary {
  retried: number;
  done: number;
  failed: number;
  abandoned: number;
}

export async function retryInbound(ctx: JobContext): Promise<RetryInboundSummary> {
  const total: RetryInboundSummary = { retried: 0, done: 0, failed: 0, abandoned: 0 };
  for (const channel of ctx.inbound) {
    const r = await channel.retryDue();
    total.retried += r.retried;
    total.done += r.done;
    total.failed += r.failed;
    total.abandoned += r.abandoned;
  }
  // Out of tries: the owner sees them in `hoso jobs list`; the log says so once per run.
  if (total.abandoned > 0) ctx.log.error({ job: RETRY_INBOUND_JOB, abandoned: total.abandoned }, 'inbound events given up after every retry: see `hoso jobs list`');
  return total;
}
