// Agenda on the app's shared connection: the job table, the worker, and running one job now (CLI and tests).
import { hostname } from 'node:os';
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import { businessToday, formatLocalDate, parseLocalDate, type LocalDate } from '../src/domain/business-time.js';
import { instantAt } from '../src/domain/quiet-hours.js';
import { agendaDatabase, type JobRun } from '../src/store/scheduling.js';
import { BIRTHDAY_JOB, planBirthdayGreetings } from './birthday-greetings.js';
import type { JobContext, JobSettings } from './job-deps.js';
import { DISPATCH_JOB, dispatchDue } from './dispatch.js';
import { FOLLOW_UP_JOB, planFollowUps } from './follow-ups.js';
import { RETRY_INBOUND_JOB, retryInbound } from './retry-inbound.js';
import { planStaffReminders, STAFF_REMINDER_JOB } from './staff-reminders.js';
import { recomputeSegmentsNightly, SEGMENTS_NIGHTLY_JOB } from './segments-nightly.js';
import { HOUSEKEEPING_JOB, runHousekeeping } from './housekeeping.js';
import { PACKAGE_IDLE_JOB, planPackageReminders } from './package-reminders.js';
import { planWinBack, WIN_BACK_JOB } from './win-back.js';
import { APPOINTMENT_UNMARKED_JOB, planUnmarkedForDay } from './appointment-day.js';
import { CAMPAIGN_EVERY_MS, CAMPAIGN_JOB, runCampaigns } from './campaigns.js';

export interface JobSpec {
  name: string;
  description: string;
  /** A business-local daily time ("HH:MM"), or an interval. */
  schedule(s: JobSettings): { dailyAt: string } | { everyMs: number };
  run(ctx: JobContext, date: LocalDate, signal?: AbortSignal): Promise<object>;
  /** Record a run only when it did something (the dispatcher runs every 30 s). */
  recordOnlyWork?: boolean;
}

export const JOBS: readonly JobSpec[] = [
  { name: STAFF_REMINDER_JOB, description: 'Danh sách gọi buổi sáng cho nhân viên / morning call list for staff', schedule: (s) => ({ dailyAt: s.staffReminderTime }), run: planStaffReminders },
  { name: BIRTHDAY_JOB, description: 'Chúc mừng sinh nhật / birthday greetings', schedule: (s) => ({ dailyAt: s.birthdaySendTime }), run: planBirthdayGreetings },
  { name: FOLLOW_UP_JOB, description: 'Hỏi thăm sau đăng ký và sau buổi làm / follow-ups', schedule: (s) => ({ dailyAt: s.followUpSendTime }), run: planFollowUps },
  {
    name: DISPATCH_JOB,
    description: 'Gửi tin trong hàng đợi / send due outbox messages',
    schedule: (s) => ({ everyMs: s.dispatchEveryMs }),
    run: (ctx, _date, signal) => dispatchDue(ctx, signal ? { signal } : {}),
    recordOnlyWork: true,
  },
  {
    name: RETRY_INBOUND_JOB,
    description: 'Xử lý lại tin Zalo đến bị lỗi / retry failed inbound Zalo events',
    schedule: (s) => ({ everyMs: s.retryInboundEveryMs }),
    run: (ctx) => retryInbound(ctx),
    recordOnlyWork: true,
  },
  { name: SEGMENTS_NIGHTLY_JOB, description: 'Phân loại lại toàn bộ khách / recompute every customer\'s segment', schedule: (s) => ({ dailyAt: s.segmentNightlyTime }), run: recomputeSegmentsNightly },
  { name: HOUSEKEEPING_JOB, description: 'Dọn dữ liệu sổ sách cũ / remove old finished bookkeeping (RETENTION_*)', schedule: (s) => ({ dailyAt: s.housekeepingTime }), run: (ctx, date) => runHousekeeping(ctx, date) },
  { name: PACKAGE_IDLE_JOB, description: 'Gói liệu trình lâu chưa dùng / idle treatment packages to staff', schedule: (s) => ({ dailyAt: s.staffReminderTime }), run: planPackageReminders },
  { name: WIN_BACK_JOB, description: 'Danh sách giữ chân khách hằng tuần / weekly win-back list for staff', schedule: (s) => ({ dailyAt: s.winBackTime }), run: planWinBack },
  { name: APPOINTMENT_UNMARKED_JOB, description: 'Hỏi lịch hẹn chưa đánh dấu cuối ngày / ask about appointments not marked by the end of the day', schedule: (s) => ({ dailyAt: s.appointments.endOfDayTime }), run: planUnmarkedForDay },
  {
    name: CAMPAIGN_JOB,
    description: 'Xếp tin chiến dịch vào hàng đợi đúng giờ / queue campaign messages at their time',
    schedule: () => ({ everyMs: CAMPAIGN_EVERY_MS }),
    run: (ctx) => runCampaigns(ctx),
    recordOnlyWork: true,
  },
];

export class UnknownJobError extends Error {
  constructor(readonly job: string) {
    super(`Không có việc "${job}" / no such job; known: ${JOBS.map((j) => j.name).join(', ')}`);
  }
}

/** "HH:MM" → a cron line Agenda evaluates in the business time zone. */
export const cronAt = (hhmm: string): string => {
  const [h, m] = hhmm.split(':').map(Number);
  return `${m} ${h} * * *`;
};

const oneLine = (o: object): string =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');

const didWork = (o: object): boolean => Object.entries(o).some(([k, v]) => k !== 'skipped' && typeof v === 'number' && v > 0);

/** Runs one job now, as if on `date` (default: today in the business time zone), and records the result. */
export async function runJob(ctx: JobContext, name: string, opts: { date?: LocalDate; by?: 'worker' | 'cli'; signal?: AbortSignal } = {}): Promise<object> {
  const spec = JOBS.find((j) => j.name === name);
  if (!spec) throw new UnknownJobError(name);
  const date = opts.date ?? businessToday(ctx.clock.now(), ctx.settings.timeZone);
  const by = opts.by ?? 'cli';
  const startedAt = ctx.clock.now();
  try {
    const result = await spec.run(ctx, date, opts.signal);
    if (!spec.recordOnlyWork || didWork(result) || by === 'cli') {
      const id = await ctx.runs.started(name, formatLocalDate(date), by, startedAt);
      await ctx.runs.finished(id, ctx.clock.now(), { ok: true, summary: oneLine(result) });
    }
    return result;
  } catch (e) {
    const id = await ctx.runs.started(name, formatLocalDate(date), by, startedAt);
    await ctx.runs.finished(id, ctx.clock.now(), { ok: false, error: e instanceof Error ? e.message.slice(0, 300) : 'error' });
    throw e;
  }
}

export interface Worker {
  agenda: Agenda;
  /** Stops taking jobs, asks the dispatcher to stop after its current message, waits for running jobs. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Agenda's polling period (ms); the dispatcher's own period comes from the config. */
  processEvery?: number;
  /** Longest shutdown waits for running jobs before leaving their locks to expire. */
  drainMs?: number;
  /** Called before processing starts, to listen to Agenda's events (tests, metrics). */
  observe?: (agenda: Agenda) => void;
  /**
   * Agenda's job lock (ms). Running jobs renew it every third of it, so a crashed worker's jobs are free again soon.
   * Kept short because Agenda's liveness check sleeps half of it after every run, which delays a clean exit.
   */
  lockLifetimeMs?: number;
}

export async function startWorker(ctx: JobContext, opts: WorkerOptions = {}): Promise<Worker> {
  const stopping = new AbortController();
  const lockLifetime = opts.lockLifetimeMs ?? 30_000;
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: agendaDatabase(ctx.conn) }),
    name: `hoso-${hostname()}-${process.pid}`,
    processEvery: opts.processEvery ?? 5_000,
    defaultConcurrency: 1,
    maxConcurrency: JOBS.length,
    defaultLockLifetime: lockLifetime,
  });
  agenda.on('error', (e: Error) => ctx.log.error({ err: e }, 'agenda error'));
  agenda.on('fail', (e: Error | string, job: { attrs: { name: string } }) => ctx.log.error({ job: job.attrs.name, err: e }, 'job failed'));
  for (const spec of JOBS) {
    agenda.define(spec.name, async (job) => {
      const raw = (job.attrs.data as { date?: unknown } | null | undefined)?.date;
      const date = typeof raw === 'string' ? (parseLocalDate(raw) ?? undefined) : undefined;
      const renew = setInterval(() => void job.touch().catch(() => undefined), lockLifetime / 3);
      try {
        await runJob(ctx, spec.name, { by: 'worker', signal: stopping.signal, ...(date ? { date } : {}) });
      } finally {
        clearInterval(renew);
      }
    });
  }
  await agenda.ready;
  const today = businessToday(ctx.clock.now(), ctx.settings.timeZone);
  const catchUp: string[] = [];
  for (const spec of JOBS) {
    const when = spec.schedule(ctx.settings);
    if (!('dailyAt' in when)) {
      await agenda.every(when.everyMs, spec.name, {});
      continue;
    }
    await agenda.every(cronAt(when.dailyAt), spec.name, {}, { timezone: ctx.settings.timeZone });
    // Agenda moves a missed daily run to tomorrow when the schedule is saved again: today's run, if its hour has
    // passed and no process ran it, is queued now instead (planning is idempotent, so a repeat changes nothing).
    const due = ctx.clock.now() >= instantAt(today, when.dailyAt, ctx.settings.timeZone);
    if (due && !(await ctx.runs.succeededFor(spec.name, formatLocalDate(today)))) catchUp.push(spec.name);
  }
  opts.observe?.(agenda);
  await agenda.start();
  for (const name of catchUp) await agenda.now(name, { date: formatLocalDate(today) });
  if (catchUp.length > 0) ctx.log.info({ jobs: catchUp }, 'daily jobs missed today: running them now');
  ctx.log.info({ jobs: JOBS.map((j) => j.name) }, 'job worker started');
  let stopped = false;
  return {
    agenda,
    async stop() {
      if (stopped) return;
      stopped = true;
      stopping.abort();
      const result = await agenda.drain({ timeout: opts.drainMs ?? 30_000, closeConnection: false });
      if (result.timedOut) ctx.log.warn({ running: result.running }, 'jobs still running at shutdown: their locks expire on their own');
      ctx.log.info('job worker stopped');
    },
  };
}

export interface JobListing {
  name: string;
  description: string;
  schedule: string;
  nextRunAt?: Date;
  lastRun?: JobRun;
}

/** Each job with its schedule, next run (from Agenda's table) and last recorded result. */
export async function listJobs(ctx: JobContext): Promise<JobListing[]> {
  const nextRuns = await ctx.scheduling.nextRuns();
  const listings: JobListing[] = [];
  for (const spec of JOBS) {
    const when = spec.schedule(ctx.settings);
    const nextRunAt = nextRuns.get(spec.name);
    const lastRun = await ctx.runs.last(spec.name);
    listings.push({
      name: spec.name,
      description: spec.description,
      schedule: 'dailyAt' in when ? `${when.dailyAt} ${ctx.settings.timeZone}` : `every ${Math.round(when.everyMs / 1000)} s`,
      ...(nextRunAt ? { nextRunAt } : {}),
      ...(lastRun ? { lastRun } : {}),
    });
  }
  return listings;
}
