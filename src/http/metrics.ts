// GET /metrics for Prometheus (prom-client), behind a bearer token: messages in and out per channel, reply latency,
// outbox lag and states, job runs and failures, database retries. No label carries a chat, a customer or a text.
// Without METRICS_TOKEN the route is not mounted at all (404), so an install that never asked for it exposes nothing.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Agenda } from 'agenda';
import { Router, type Request } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Engine } from '../engine/types.js';
import type { ChannelSender } from '../outbound/types.js';
import { busyRetries } from '../store/server-busy.js';
import { housekeepingRemoved } from '../store/housekeeping.js';

export interface OutboxSnapshot {
  counts: Record<string, number>;
  lagSeconds: number;
}

export interface Metrics {
  registry: Registry;
  messagesIn: Counter<'channel'>;
  messagesOut: Counter<'channel' | 'kind'>;
  replyLatency: Histogram<'channel'>;
  jobRuns: Counter<'job' | 'result'>;
}

export function createMetrics(outbox: () => Promise<OutboxSnapshot>): Metrics {
  // A registry per app, not prom-client's global one: tests and the playground sandbox start several in one process.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hoso_' });
  const messagesIn = new Counter({ name: 'hoso_messages_in_total', help: 'Messages and button presses received, per channel', labelNames: ['channel'], registers: [registry] });
  const messagesOut = new Counter({
    name: 'hoso_messages_out_total',
    help: 'Messages sent: kind=reply (answers from the conversation engine) or scheduled (outbox sends the platform took)',
    labelNames: ['channel', 'kind'],
    registers: [registry],
  });
  const replyLatency = new Histogram({
    name: 'hoso_reply_latency_seconds',
    help: 'Time from a message received to its replies ready (engine and database), per channel',
    labelNames: ['channel'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobRuns = new Counter({ name: 'hoso_job_runs_total', help: 'Scheduled job runs in this process, by job and result (success | failure)', labelNames: ['job', 'result'], registers: [registry] });
  let last: Promise<OutboxSnapshot> | undefined;
  // Both outbox gauges read one snapshot per scrape.
  const snapshot = (): Promise<OutboxSnapshot> => (last ??= outbox().finally(() => setImmediate(() => (last = undefined))));
  new Gauge({
    name: 'hoso_outbox_lag_seconds',
    help: 'How long the oldest due outbox message has waited past its time',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).lagSeconds);
    },
  });
  new Gauge({
    name: 'hoso_outbox_messages',
    help: 'Outbox rows by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      for (const [state, n] of Object.entries((await snapshot()).counts)) this.set({ state }, n);
    },
  });
  new Counter({
    name: 'hoso_database_retries_total',
    help: 'Database operations tried again because the server was busy (FerretDB SQLITE_BUSY), since start',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(busyRetries.count);
    },
  });
  new Counter({
    name: 'hoso_housekeeping_removed_total',
    help: 'Old bookkeeping rows the housekeeping job removed in this process, by collection, since start',
    labelNames: ['collection'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [collection, n] of Object.entries(housekeepingRemoved)) this.inc({ collection }, n);
    },
  });
  return { registry, messagesIn, messagesOut, replyLatency, jobRuns };
}

/** The engine with every message counted and timed; the channels call it exactly as the engine itself. */
export function meteredEngine(engine: Engine, m: Metrics): Engine {
  return {
    async handle(inbound) {
      const channel = inbound.address.channel;
      m.messagesIn.inc({ channel });
      const end = m.replyLatency.startTimer({ channel });
      const replies = await engine.handle(inbound);
      end();
      if (replies.length > 0) m.messagesOut.inc({ channel, kind: 'reply' }, replies.length);
      return replies;
    },
  };
}

/** An outbox sender whose accepted sends are counted. */
export function meteredSender(sender: ChannelSender, m: Metrics): ChannelSender {
  return {
    channel: sender.channel,
    async send(address, reply) {
      const r = await sender.send(address, reply);
      if (r.ok) m.messagesOut.inc({ channel: sender.channel, kind: 'scheduled' });
      return r;
    },
  };
}

const jobName = (job: unknown): string => {
  const name = (job as { attrs?: { name?: unknown } } | null)?.attrs?.name;
  return typeof name === 'string' ? name : 'unknown';
};

/** For startWorker's `observe`: Agenda's success and fail events become job_runs_total. */
export function observeJobs(m: Metrics): (agenda: Agenda) => void {
  return (agenda) => {
    agenda.on('success', (job: unknown) => m.jobRuns.inc({ job: jobName(job), result: 'success' }));
    agenda.on('fail', (_e: unknown, job: unknown) => m.jobRuns.inc({ job: jobName(job), result: 'failure' }));
  };
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

function authorised(req: Request, token: string): boolean {
  const header = req.get('authorization') ?? '';
  const m = /^Bearer (.+)$/.exec(header);
  // Compared as hashes: equal length, constant time, so a wrong guess learns nothing from the timing.
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}

export function metricsRouter(m: Metrics, token: string): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    if (!authorised(req, token)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized' });
      return;
    }
    try {
      const body = await m.registry.metrics();
      res.set('Content-Type', m.registry.contentType).send(body);
    } catch {
      res.status(503).json({ error: 'metrics unavailable' });
    }
  });
  return router;
}
