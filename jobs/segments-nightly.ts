// Every night, every customer's segment again (issue 14): days pass without any record changing, so a customer
// drifts from thân thiết to sắp rời to ngủ đông on the calendar alone. Only changed rows are written.
import type { LocalDate } from '../src/domain/business-time.js';
import { recomputeAllSegments } from '../src/services/segments.js';
import { createStore } from '../src/store/index.js';
import type { JobContext } from './job-deps.js';

export const SEGMENTS_NIGHTLY_JOB = 'segments-nightly';

export async function recomputeSegmentsNightly(ctx: JobContext, _date: LocalDate): Promise<{ customers: number; written: number; removed: number }> {
  const store = createStore(ctx.conn, () => ctx.clock.now());
  const r = await recomputeAllSegments({ store, now: () => ctx.clock.now(), settings: ctx.settings.segments });
  ctx.log.info({ job: SEGMENTS_NIGHTLY_JOB, customers: r.customers, written: r.written, removed: r.removed, ...r.counts }, 'segments recomputed');
  return { customers: r.customers, written: r.written, removed: r.removed };
}
