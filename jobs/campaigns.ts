// The campaign send job (issue 14): every minute, each campaign whose time has come gets its messages queued in the
// outbox, one per customer (key campaign:<customer>:<campaign>, so a re-run or a restart queues nothing twice),
// spread CAMPAIGN_PER_MINUTE a minute from the send time, or from the end of quiet hours when it falls in them; the
// dispatcher sends them with its own pacing, quiet hours and a fresh consent check. A campaign whose messages are all
// finished is done.
import { businessToday, formatLocalDate } from '../src/domain/business-time.js';
import { quietUntil } from '../src/domain/quiet-hours.js';
import { accessOfCreator, campaignAudience, campaignCreatorOf } from '../src/services/campaigns.js';
import { CAMPAIGN_PURPOSE, type Campaign } from '../src/store/campaigns.js';
import { createStore, type Store } from '../src/store/index.js';
import type { NewOutboxMessage } from '../src/store/outbox.js';
import type { JobContext } from './job-deps.js';

export const CAMPAIGN_JOB = 'campaigns';
export const CAMPAIGN_EVERY_MS = 60_000;
/** Rows per outbox insert. */
const QUEUE_BATCH = 500;
/** A promotion that could not go out within this many days of its turn is dropped (expired), not sent late. */
const EXPIRES_DAYS = 3;
const DAY_MS = 86_400_000;

export const campaignKeyOf = (customerId: string, campaignId: string): string => `${CAMPAIGN_PURPOSE}:${customerId}:${campaignId}`;

export interface CampaignRunSummary {
  started: number;
  queued: number;
  existing: number;
  done: number;
  cancelled: number;
}

export async function runCampaigns(ctx: JobContext): Promise<CampaignRunSummary> {
  const now = ctx.clock.now();
  const store = createStore(ctx.conn, () => ctx.clock.now());
  const summary: CampaignRunSummary = { started: 0, queued: 0, existing: 0, done: 0, cancelled: 0 };
  for (const c of await store.campaigns.active(now)) {
    if (c.state === 'scheduled') {
      // Compare-and-set: of two workers, one starts it; the other's queueing would only find the keys taken.
      if (!(await store.campaigns.transition(c.id, ['scheduled'], 'sending', { startedAt: now }))) continue;
      summary.started++;
    }
    if (!c.enqueuedAt) {
      const r = await queueMessages(ctx, store, c, now);
      if (r === null) {
        summary.cancelled++;
        continue;
      }
      summary.queued += r.inserted;
      summary.existing += r.existing;
      continue;
    }
    if ((await store.campaigns.openRows(c.id)) === 0 && (await store.campaigns.transition(c.id, ['sending'], 'done'))) summary.done++;
  }
  if (summary.started + summary.queued + summary.done + summary.cancelled > 0) ctx.log.info({ job: CAMPAIGN_JOB, ...summary }, 'campaigns run');
  return summary;
}

/** Queues one campaign's messages; null when its creator may no longer run campaigns (it is cancelled instead). */
async function queueMessages(ctx: JobContext, store: Store, c: Campaign, now: Date): Promise<{ inserted: number; existing: number } | null> {
  // The audience is the creator's as of now: a manager moved to another branch reaches her new branch, a removed one none.
  const access = accessOfCreator(store, c.createdBy);
  if (!(await campaignCreatorOf(access))) {
    await store.campaigns.transition(c.id, ['scheduled', 'sending'], 'cancelled', { cancelReason: 'creator_not_allowed' });
    ctx.log.warn({ job: CAMPAIGN_JOB, campaignId: c.id }, 'campaign cancelled: its creator may no longer run campaigns');
    return null;
  }
  const audience = await campaignAudience(access, c.segment, c.slices, ctx.capabilities);
  const s = ctx.settings;
  const start = quietUntil(now, s.quietHours) ?? now;
  const perMinute = Math.max(1, s.campaignPerMinute);
  const rows: NewOutboxMessage[] = audience.eligible.map((r, i) => {
    const dueAt = new Date(start.getTime() + Math.floor(i / perMinute) * 60_000);
    return {
      key: campaignKeyOf(r.customerId, c.id),
      purpose: CAMPAIGN_PURPOSE,
      audience: 'customer',
      customerId: r.customerId,
      occasion: c.id,
      occasionDate: formatLocalDate(businessToday(dueAt, s.timeZone)),
      dueAt,
      expiresAt: new Date(dueAt.getTime() + EXPIRES_DAYS * DAY_MS),
    };
  });
  let inserted = 0;
  let existing = 0;
  for (let i = 0; i < rows.length; i += QUEUE_BATCH) {
    const r = await ctx.outbox.plan(rows.slice(i, i + QUEUE_BATCH));
    inserted += r.inserted;
    existing += r.existing;
  }
  await store.campaigns.markEnqueued(c.id, audience.counts, rows.length);
  ctx.log.info({ job: CAMPAIGN_JOB, campaignId: c.id, ...audience.counts, inserted, existing }, 'campaign messages queued');
  return { inserted, existing };
}
