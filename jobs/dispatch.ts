// The outbox dispatcher: claims due rows a batch at a time, re-checks consent, picks a route, paces, sends, records.
// Delivery is at most once per row: a row found mid-send after a crash becomes `unknown`, never a second greeting.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { quietUntil } from '../src/domain/quiet-hours.js';
import type { ChannelAddress, Reply } from '../src/engine/types.js';
import type { SendResult } from '../src/outbound/types.js';
import type { Customer } from '../src/store/customers.js';
import type { OutboxMessage, OutboxOutcome, SendingRoute } from '../src/store/outbox.js';
import { groupCommit } from './group-commit.js';
import { WIN_BACK_PURPOSE, winBackText } from './win-back.js';
import type { JobContext } from './job-deps.js';
import { OWNER_STAFF_ID } from './ports.js';
import { appointmentCustomerChoices, appointmentCustomerText, appointmentStaffReply, isAppointmentPurpose } from './appointment-messages.js';
import { announcementReply } from './announcements.js';
import { chooseRoute, customerText, staffText, templateIntent, type Route } from './routing.js';
import { isMoneyPurpose, moneyStaffReply } from './money-messages.js';
import { campaignCustomerText, isCampaignPurpose } from './campaign-messages.js';
import { cardEditStaffReply, isCardEditPurpose } from './card-edit-messages.js';

export const DISPATCH_JOB = 'dispatch-outbox';

export type DispatchOutcome = 'sent' | 'retried' | 'failed' | 'cancelled' | 'handed_off' | 'expired' | 'unknown' | 'released' | 'skipped';
export type DispatchSummary = Record<DispatchOutcome, number> & { quietUntil?: string };

export interface DispatchOptions {
  /** Stop after handling this many rows (tests, and to bound one run). */
  maxMessages?: number;
  batchSize?: number;
  /** Shutdown: finish the current message, then stop (Agenda's drain then ends quickly). */
  signal?: AbortSignal;
}

/**
 * One dispatch run: its context, the lease owner it writes on the rows it takes, chat links read so far, its
 * group commits and what it learnt of the database's answer time. What capped the rate on the embedded database
 * was each row's chain of round trips (read the customer, mark `sending`, send, write the outcome) times the rows
 * in flight, so: rows are claimed a batch at a time; the customers of the rows in flight are read together, and
 * their `sending` marks and outcomes written together (group-commit.ts); a row gives its place to the next one as
 * soon as its outcome is queued, not written; and a row waiting for its rate-limit slot is marked `sending` only
 * just before the slot (by the time a mark has been taking), so more rows can be ready without more being marked.
 * A row is marked `sending` before its platform call, so after a crash it is found `sending` and marked `unknown`,
 * never sent twice; one marked but not yet sent when the process dies is given up the same way (at most the rows
 * whose slot was within that lead time, besides the one being sent).
 */
type DispatchRun = {
  ctx: JobContext;
  owner: string;
  links: Map<string, ChannelAddress[]>;
  customer: (id: string) => Promise<Customer | null>;
  markSending: (item: { row: OutboxMessage; route: SendingRoute }) => Promise<OutboxMessage | null>;
  finish: (item: { row: OutboxMessage; outcome: OutboxOutcome }) => Promise<boolean>;
  /** Called by `finish` for a row: its worker may take the next row while the outcome is written. */
  released: Map<string, () => void>;
  /** How long before its slot a row is marked `sending`: a running average of how long marks take, doubled. */
  markLeadMs: () => number;
  markTook: (ms: number) => void;
};

/** A mark's lead never grows past this, whatever the database does: it bounds the rows marked ahead. */
const MAX_MARK_LEAD_MS = 2_000;

function startRun(ctx: JobContext): DispatchRun {
  const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  let markAvgMs = 0;
  return {
    ctx,
    owner,
    links: new Map(),
    customer: groupCommit(async (ids: string[]) => {
      const found = await ctx.customers.findManyById(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    markSending: groupCommit((items) => ctx.outbox.markSendingMany(items, owner, leaseUntil(ctx))),
    finish: groupCommit(async (items) => {
      const written = await ctx.outbox.finishMany(items, owner);
      // Only a lease that ran out mid-run (another dispatcher took the row over) makes an outcome miss its row.
      if (written < items.length) ctx.log.warn({ job: DISPATCH_JOB, lost: items.length - written }, 'outbox rows taken over before their outcome was written');
      return items.map(() => written === items.length);
    }),
    released: new Map(),
    markLeadMs: () => Math.min(MAX_MARK_LEAD_MS, 2 * markAvgMs),
    markTook: (ms) => void (markAvgMs = markAvgMs === 0 ? ms : 0.8 * markAvgMs + 0.2 * ms),
  };
}

export async function dispatchDue(ctx: JobContext, opts: DispatchOptions = {}): Promise<DispatchSummary> {
  const run = startRun(ctx);
  const summary: DispatchSummary = { sent: 0, retried: 0, failed: 0, cancelled: 0, handed_off: 0, expired: 0, unknown: 0, released: 0, skipped: 0 };
  if (ctx.senders.size === 0 && !ctx.templates) {
    // Without any channel every greeting would be handed to staff who cannot be reached either: wait instead.
    ctx.log.warn({ job: DISPATCH_JOB }, 'no outbound channel configured: outbox left as it is');
    return summary;
  }
  const seen = new Set<string>();
  let handled = 0;
  const quiet = (): boolean => {
    const until = quietUntil(ctx.clock.now(), ctx.settings.quietHours);
    if (until) summary.quietUntil = until.toISOString();
    return until !== null;
  };
  const limitReached = (): boolean => opts.signal?.aborted === true || (opts.maxMessages !== undefined && handled >= opts.maxMessages);
  let stop = false;
  // Claimed rows waiting for a worker. The next batch is fetched and claimed while the last rows of this one go,
  // so the limiter's slots are not lost to the gap between batches; rows in flight are claimed, so `due` never
  // returns them, and `seen` keeps a row that came back within this run from going twice.
  const queue: { row: OutboxMessage; wasSending: boolean }[] = [];
  let taken = 0;
  // Outcomes settled when the last fetch that found nothing began (null: the last fetch found rows). Rows still
  // going may plan new ones (a hand-off's staff call), so "nothing due" holds only if none settled since.
  let emptyAt: number | null = null;
  let settled = 0;
  let inFlight = 0;
  let refilling: Promise<void> | null = null;
  const fetchBatch = async (): Promise<void> => {
    // Quiet hours hold greetings and reminders, not a bot's answer to someone who just wrote: replies always go.
    const night = quiet();
    const settledAtStart = settled;
    let batch = (await ctx.outbox.due(opts.batchSize ?? 50, night ? { purpose: 'reply' } : undefined)).filter((r) => !seen.has(r.id));
    if (opts.maxMessages !== undefined) batch = batch.slice(0, Math.max(0, opts.maxMessages - taken));
    if (batch.length === 0) {
      emptyAt = settledAtStart;
      return;
    }
    emptyAt = null;
    taken += batch.length;
    for (const r of batch) seen.add(r.id);
    const wasSending = new Set(batch.filter((r) => r.status === 'sending').map((r) => r.id));
    // One round trip takes the whole batch; rows another dispatcher changed meanwhile are not ours.
    const claimed = await ctx.outbox.claimMany(batch, run.owner, leaseUntil(ctx));
    summary.skipped += batch.length - claimed.length;
    handled += batch.length - claimed.length;
    const links = await ctx.scheduling.identitiesOf(claimed.filter((r) => r.audience === 'customer' && r.customerId).map((r) => r.customerId!));
    for (const [id, addresses] of links) run.links.set(id, addresses);
    queue.push(...claimed.map((row) => ({ row, wasSending: wasSending.has(row.id) })));
  };
  const refill = (): Promise<void> => (refilling ??= fetchBatch().finally(() => (refilling = null)));
  const lowWater = Math.max(1, ctx.settings.dispatchConcurrency);
  const outcomes: Promise<void>[] = [];
  // Rows in flight at once hide database round trips behind the limiter's pacing and share their writes; the
  // limiter alone decides when each message may go, so concurrency never raises the rate.
  const worker = async (): Promise<void> => {
    while (!stop) {
      if (limitReached()) {
        stop = true;
        return;
      }
      // A failed prefetch is not lost: the worker that finds the queue empty fetches again and sees the error.
      if (queue.length <= lowWater && emptyAt === null) refill().catch(() => undefined);
      if (queue.length === 0) {
        if (emptyAt !== null && emptyAt === settled && inFlight === 0) return;
        if (emptyAt !== null && inFlight > 0) await Promise.allSettled(outcomes);
        await refill();
        continue;
      }
      const { row, wasSending } = queue.shift()!;
      // Checked per row as well: a long batch can run into the evening's quiet hours.
      if (row.purpose !== 'reply' && quiet()) {
        await run.finish({ row, outcome: { status: 'pending' } });
        continue;
      }
      handled++;
      // The row's outcome is written with others; its place goes to the next row once the outcome is queued.
      const released = new Promise<void>((resolve) => run.released.set(row.id, resolve));
      inFlight++;
      const done = dispatchOne(run, row, wasSending)
        .then((o) => void summary[o]++)
        .finally(() => {
          inFlight--;
          settled++;
        });
      outcomes.push(done);
      await Promise.race([released, done]);
      run.released.delete(row.id);
    }
  };
  try {
    await Promise.all(Array.from({ length: lowWater }, worker));
  } finally {
    await Promise.allSettled(outcomes);
    await (refilling as Promise<void> | null)?.catch(() => undefined);
    // Taken but not started (stopped, or the limit reached): given back as they were, for the next run.
    await Promise.all(queue.splice(0).map(({ row }) => run.finish({ row, outcome: { status: 'pending' } })));
  }
  const counts = Object.fromEntries(Object.entries(summary).filter(([, v]) => v !== 0));
  if (handled > 0 || summary.quietUntil) ctx.log.info({ job: DISPATCH_JOB, ...counts }, 'outbox dispatched');
  return summary;
}

async function dispatchOne(run: DispatchRun, claimed: OutboxMessage, wasSending: boolean): Promise<DispatchOutcome> {
  const { ctx } = run;
  if (wasSending) {
    // Its owner died between asking the platform and recording the answer: it may have arrived.
    ctx.log.warn({ outboxId: claimed.id, purpose: claimed.purpose }, 'outbox row interrupted mid-send: marked unknown, not resent');
    return finish(run, claimed, { status: 'unknown', statusReason: 'dispatcher stopped mid-send; not resent' }, 'unknown');
  }
  if (ctx.clock.now() >= claimed.expiresAt) return finish(run, claimed, { status: 'expired', statusReason: 'its day passed before it could be sent' }, 'expired');
  try {
    if (claimed.audience === 'chat') return await toChat(run, claimed);
    return claimed.audience === 'customer' ? await toCustomer(run, claimed) : await toStaff(run, claimed);
  } catch (e) {
    // A bug or the database: leave the row to its lease (it is retried after it runs out) and keep going.
    ctx.log.error({ err: e, outboxId: claimed.id }, 'outbox row failed with an exception');
    return 'skipped';
  }
}

async function toCustomer(run: DispatchRun, row: OutboxMessage): Promise<DispatchOutcome> {
  const { ctx } = run;
  const c = row.customerId ? await run.customer(row.customerId) : null;
  if (!c) return finish(run, row, { status: 'cancelled', statusReason: 'erased' }, 'cancelled');
  // A campaign is marketing: it needs that consent, checked again now (withdrawn after it was queued: not sent).
  const campaign = isCampaignPurpose(row.purpose);
  if (!(campaign ? c.consent.marketing : c.consent.care)) return finish(run, row, { status: 'cancelled', statusReason: 'consent_withdrawn' }, 'cancelled');
  // Appointment rows are rendered from the appointment now; one that moved, closed or was cancelled is not sent.
  const appointmentText = isAppointmentPurpose(row.purpose) ? await appointmentCustomerText(ctx, row, c) : undefined;
  if (appointmentText === null) return finish(run, row, { status: 'cancelled', statusReason: 'appointment_changed' }, 'cancelled');
  const campaignText = campaign ? await campaignCustomerText(ctx, row, c) : undefined;
  if (campaignText === null) return finish(run, row, { status: 'cancelled', statusReason: 'campaign_cancelled' }, 'cancelled');
  if (row.purpose !== 'birthday' && row.referenceAt && appointmentText === undefined) {
    const visitId = row.purpose === 'follow_up_visit' ? row.occasion : undefined;
    if (await ctx.scheduling.cameBackSince(c.id, row.referenceAt, visitId)) return finish(run, row, { status: 'cancelled', statusReason: 'came_back' }, 'cancelled');
  }
  const identities = run.links.get(c.id) ?? (await ctx.customers.identitiesOf(c.id));
  const routeInput = { identities, capabilities: ctx.capabilities, channels: new Set(ctx.senders.keys()), hasTemplate: Boolean(ctx.templates), ...(c.phone ? { phone: c.phone } : {}) };
  let route = chooseRoute({ ...routeInput, ...(row.route === 'template' && row.routeReason ? { chatRefused: row.routeReason } : {}) });
  let current = row;
  // No approved template or staff call carries an appointment message: the staff who booked it already know it.
  if (appointmentText !== undefined && route.kind !== 'chat') return finish(run, row, { status: 'cancelled', statusReason: `no_chat_for_appointment: ${route.reason}` }, 'cancelled');
  // Nor a campaign: no staff member is asked to phone a promotion through, and no template carries one.
  if (campaignText !== undefined && route.kind !== 'chat') return finish(run, row, { status: 'failed', statusReason: `no_chat: ${route.reason}` }, 'failed');

  if (route.kind === 'chat') {
    const sender = ctx.senders.get(route.address.channel)!;
    const sending = await paceAndMark(run, current, route, route.address.channel, route.address.userId);
    if (typeof sending === 'string') return sending;
    current = sending;
    // A reminder carries "cancel" / "change time" buttons where the channel shows buttons (typed words work anywhere).
    const choices = appointmentText !== undefined && ctx.capabilities(route.address.channel).buttons ? { choices: appointmentCustomerChoices(row, c) } : {};
    const result = await sender.send(route.address, { text: appointmentText ?? campaignText ?? customerText(row, c, ctx.settings), ...choices });
    // A campaign message that cannot go is failed (counted in its results), never handed to staff as a call.
    if (campaign) return settle(run, current, result, route);
    if (result.ok || result.kind !== 'outside_window') return settle(run, current, result, route, c);
    route = chooseRoute({ ...routeInput, chatRefused: `${route.address.channel}_window_closed` });
  }
  if (route.kind === 'template' && ctx.templates) {
    if (current.status === 'claimed') {
      const sending = await paceAndMark(run, current, route, ctx.templates.channel, c.id);
      if (typeof sending === 'string') return sending;
      current = sending;
    }
    const result = await ctx.templates.send(templateIntent(row, c, identities, ctx.settings, ctx.capabilities));
    return settle(run, current, result, route, c);
  }
  return handOff(run, current, c, route.reason);
}

/** A staff row's message as it reads now (null: nothing left to say), by purpose. */
async function staffReplyOf(ctx: DispatchRun['ctx'], row: OutboxMessage): Promise<Reply | null> {
  if (row.purpose === 'new_customer') return announcementReply(ctx, row);
  if (isAppointmentPurpose(row.purpose)) return appointmentStaffReply(ctx, row);
  if (isMoneyPurpose(row.purpose)) return moneyStaffReply(ctx, row);
  if (isCardEditPurpose(row.purpose)) return cardEditStaffReply(ctx, row);
  const text = await (row.purpose === WIN_BACK_PURPOSE ? winBackText(ctx, row) : staffText(ctx, row));
  return text ? { text } : null;
}

async function toStaff(run: DispatchRun, row: OutboxMessage): Promise<DispatchOutcome> {
  const { ctx } = run;
  const reply = await staffReplyOf(ctx, row);
  if (!reply) return finish(run, row, { status: 'cancelled', statusReason: 'nothing left to remind (customers erased)' }, 'cancelled');
  const staffId = row.staffId ?? OWNER_STAFF_ID;
  let address = await ctx.staff.chatOf(staffId);
  let reason = 'staff_chat';
  if (!address && staffId !== OWNER_STAFF_ID) {
    address = await ctx.staff.chatOf(OWNER_STAFF_ID);
    reason = 'owner_fallback';
  }
  if (!address) return finish(run, row, { status: 'failed', statusReason: 'no_staff_chat' }, 'failed');
  const sender = ctx.senders.get(address.channel);
  if (!sender) return finish(run, row, { status: 'failed', statusReason: `channel_not_running: ${address.channel}` }, 'failed');
  const route: Route = { kind: 'chat', address, reason };
  const sending = await paceAndMark(run, row, route, address.channel, address.userId);
  if (typeof sending === 'string') return sending;
  return settle(run, sending, await sender.send(address, reply), route);
}

/**
 * A bot's replies that failed to go at once, in order, to the chat that wrote. No consent check (they answer the
 * guest's own message) and no staff hand-off; whatever was sent is dropped from the row, so nothing goes twice.
 */
async function toChat(run: DispatchRun, row: OutboxMessage): Promise<DispatchOutcome> {
  const { ctx } = run;
  const address = row.address;
  const replies = parseReplies(row.replies);
  if (!address || !replies) return finish(run, row, { status: 'failed', statusReason: 'reply row without address or replies' }, 'failed');
  const sender = ctx.senders.get(address.channel);
  if (!sender) return finish(run, row, { status: 'pending', nextAttemptAt: new Date(ctx.clock.now().getTime() + ctx.settings.retryMaxMs), statusReason: `channel_not_running: ${address.channel}` }, 'released');
  const route: Route = { kind: 'chat', address, reason: 'reply' };
  const sending = await paceAndMark(run, row, route, address.channel, address.userId);
  if (typeof sending === 'string') return sending;
  for (const [i, reply] of replies.entries()) {
    if (i > 0) {
      // Each later reply waits for its own slot: the per-chat pace holds inside one row too.
      const reserved = ctx.limiter.reserve(address.channel, address.userId, ctx.clock.now().getTime());
      if (reserved > 0) await ctx.clock.sleep(reserved);
    }
    const result = await sender.send(address, reply);
    if (result.ok) continue;
    // What went out stays out: a retry carries only the replies not yet sent.
    const rest = { ...sending, replies: JSON.stringify(replies.slice(i)) };
    return settle(run, rest, result, route);
  }
  return finish(run, sending, { status: 'sent', sentAt: ctx.clock.now(), ...routeFields(route) }, 'sent');
}

function parseReplies(text: string | undefined): Reply[] | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) && v.length > 0 && v.every((r) => typeof (r as { text?: unknown })?.text === 'string') ? (v as Reply[]) : null;
  } catch {
    return null;
  }
}

/**
 * Takes a rate-limit slot (or leaves the row for later when the wait is long), waits until shortly before it,
 * marks the row sending (in one write with the other rows due about then), then waits for the slot.
 */
async function paceAndMark(run: DispatchRun, row: OutboxMessage, route: Route, channel: string, chat: string): Promise<OutboxMessage | DispatchOutcome> {
  const { ctx } = run;
  const nowMs = ctx.clock.now().getTime();
  const wait = ctx.limiter.waitMs(channel, chat, nowMs);
  if (wait > ctx.settings.maxWaitMs) {
    return finish(run, row, { status: 'pending', nextAttemptAt: new Date(nowMs + wait), statusReason: `rate limited on ${channel}` }, 'released');
  }
  const slotAt = nowMs + ctx.limiter.reserve(channel, chat, nowMs);
  const early = slotAt - run.markLeadMs() - ctx.clock.now().getTime();
  if (early > 0) await ctx.clock.sleep(early);
  const markedAt = performance.now();
  const sending = await run.markSending({ row, route: routeFields(route) });
  run.markTook(performance.now() - markedAt);
  const left = slotAt - ctx.clock.now().getTime();
  if (left > 0) await ctx.clock.sleep(left);
  return sending ?? 'skipped';
}

async function settle(run: DispatchRun, row: OutboxMessage, result: SendResult, route: Route, customer?: Customer): Promise<DispatchOutcome> {
  const { ctx } = run;
  const now = ctx.clock.now();
  if (result.ok) {
    return finish(run, row, { status: 'sent', sentAt: now, ...(result.platformMessageId ? { platformMessageId: result.platformMessageId } : {}), ...routeFields(route) }, 'sent');
  }
  if (result.kind === 'retry') {
    if (result.retryAfterMs && route.kind === 'chat') ctx.limiter.pause(route.address.channel, now.getTime() + result.retryAfterMs);
    const attempts = row.attempts + 1;
    if (attempts < ctx.settings.maxAttempts) {
      // The platform's retry_after is exact; our exponential backoff is for failures that say nothing.
      const delay = result.retryAfterMs ?? Math.min(ctx.settings.retryMaxMs, ctx.settings.retryBaseMs * 2 ** (attempts - 1));
      const outcome: OutboxOutcome = { status: 'pending', attempts, nextAttemptAt: new Date(now.getTime() + delay), lastError: result.reason, ...routeFields(route), ...(row.replies ? { replies: row.replies } : {}) };
      return finish(run, row, outcome, 'retried');
    }
    return giveUp(run, { ...row, attempts }, `gave up after ${attempts} attempts: ${result.reason}`, customer);
  }
  if (result.kind === 'unknown') {
    // Asked and never answered: it may have arrived. Not resent and not handed to staff (who would call about a
    // greeting the customer may be reading): visible as `unknown` in `hoso jobs list`.
    ctx.log.warn({ outboxId: row.id, purpose: row.purpose, reason: result.reason }, 'outbox send outcome unknown: not resent');
    const outcome: OutboxOutcome = { status: 'unknown', statusReason: result.reason, attempts: row.attempts + 1, lastError: result.reason, ...routeFields(route) };
    return finish(run, row, outcome, 'unknown');
  }
  return giveUp(run, row, `${result.kind}: ${result.reason}`, customer);
}

/** A customer message that cannot go becomes a staff member's call; a staff message that cannot go is failed. */
async function giveUp(run: DispatchRun, row: OutboxMessage, reason: string, customer?: Customer): Promise<DispatchOutcome> {
  if (customer) return handOff(run, row, customer, reason);
  return finish(run, row, { status: 'failed', statusReason: reason, attempts: row.attempts, lastError: reason }, 'failed');
}

async function handOff(run: DispatchRun, row: OutboxMessage, c: Customer, reason: string): Promise<DispatchOutcome> {
  const { ctx } = run;
  const staffId = c.managerStaffId ?? OWNER_STAFF_ID;
  // Planned under its own unique key first: a crash before `finish` re-runs this and finds the key taken.
  await ctx.outbox.plan([
    {
      key: `staff_call:${row.key}`,
      purpose: 'staff_call',
      audience: 'staff',
      customerId: c.id,
      staffId,
      occasion: row.key,
      occasionDate: row.occasionDate,
      about: row.purpose,
      ...(row.service ? { service: row.service } : {}),
      dueAt: ctx.clock.now(),
      expiresAt: row.expiresAt,
    },
  ]);
  ctx.log.info({ outboxId: row.id, customerId: c.id, staffId, reason }, 'customer message handed to staff');
  return finish(run, row, { status: 'handed_off', statusReason: reason, attempts: row.attempts, route: 'staff', routeReason: reason, staffId }, 'handed_off');
}

async function finish(run: DispatchRun, row: OutboxMessage, outcome: OutboxOutcome, result: DispatchOutcome): Promise<DispatchOutcome> {
  const written = run.finish({ row, outcome });
  run.released.get(row.id)?.();
  return (await written) ? result : 'skipped';
}

function routeFields(route: Route): Pick<OutboxOutcome, 'route' | 'routeReason' | 'address'> {
  return { route: route.kind, routeReason: route.reason, ...(route.kind === 'chat' ? { address: route.address } : {}) };
}

function leaseUntil(ctx: JobContext): Date {
  return new Date(ctx.clock.now().getTime() + ctx.settings.leaseMs);
}
