// `hoso jobs list | run <name> [--date]` and `hoso worker`: the owner's view of and hand on the scheduled jobs.
import type { Command } from 'commander';
import { z } from 'zod';
import { channelDirectory } from '../../bots/index.js';
import { createJobContext } from '../../jobs/job-deps.js';
import { JOBS, listJobs, runJob, startWorker, UnknownJobError } from '../../jobs/scheduler.js';
import { standaloneSenders } from '../../jobs/senders.js';
import { storeStaffDirectory } from '../../jobs/staff-directory.js';
import { loadConfig, maskUri } from '../config.js';
import { businessDateTime, parseLocalDate } from '../domain/business-time.js';
import { resolveDatabase } from '../devdb/resolve.js';
import { createLogger } from '../log.js';
import { connectDatabase, DatabaseUnreachableError } from '../store/connection.js';
import { createStore, ensureIndexes } from '../store/index.js';
import { OutboxRepository } from '../store/outbox.js';
import { CliError, withStore, type CliIo } from './io-and-store.js';

const runOptions = z.object({
  date: z
    .string()
    .refine((s) => parseLocalDate(s) !== null, '--date: ngày dạng YYYY-MM-DD / a date as YYYY-MM-DD')
    .optional(),
});

export function registerJobCommands(program: Command, io: CliIo, env?: Record<string, string | undefined>): void {
  const jobs = program.command('jobs').description('Việc định kỳ / scheduled jobs');

  jobs
    .command('list')
    .description('Các việc, lần chạy tới và kết quả lần trước / jobs, next run and last result')
    .action(async () => {
      await withStore(env, async (store, config) => {
        const log = createLogger('silent');
        const ctx = createJobContext({ conn: store.conn, config, log });
        const local = (d: Date): string => {
          const t = businessDateTime(d, config.BUSINESS_TIME_ZONE);
          return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
        };
        for (const j of await listJobs(ctx)) {
          const next = j.nextRunAt ? local(j.nextRunAt) : 'chưa lên lịch, hãy chạy worker / not scheduled: start the worker';
          const last = j.lastRun
            ? `${local(j.lastRun.startedAt)} (${j.lastRun.by}, ngày ${j.lastRun.date}) ${j.lastRun.ok === false ? `LỖI / FAILED: ${j.lastRun.error ?? ''}` : j.lastRun.ok ? `ok ${j.lastRun.summary ?? ''}` : 'đang chạy / running'}`
            : 'chưa chạy / never';
          io.out(`${j.name}  [${j.schedule}]  ${j.description}`);
          io.out(`  lần tới / next: ${next}`);
          io.out(`  lần trước / last: ${last.trim()}`);
        }
        const counts = await new OutboxRepository(store.conn).countByStatus();
        io.out(`Hàng đợi / outbox: ${Object.entries(counts).map(([s, n]) => `${s} ${n}`).join(' · ')}`);
        // Inbound messages that failed: waiting for the retry job, or out of tries and needing the owner.
        const events = await store.zalo.events.countByStatus();
        io.out(`Tin Zalo đến lỗi / failed Zalo events: chờ thử lại / retrying ${events.failed ?? 0} · bỏ cuộc / given up ${events.abandoned ?? 0}`);
        for (const e of await store.zalo.events.abandoned()) {
          io.out(`  BỎ CUỘC / GIVEN UP: ${e.eventName} ${e.key} nhận lúc / received ${local(e.receivedAt)}, ${e.attempts} lần / tries${e.lastError ? `, lỗi / error ${e.lastError}` : ''}`);
        }
      });
    });

  jobs
    .command('run')
    .description('Chạy một việc ngay, như vào ngày --date, và chờ xong / run a job now and wait for it')
    .argument('<name>', JOBS.map((j) => j.name).join(' | '))
    .option('--date <YYYY-MM-DD>', 'ngày kinh doanh / business date (mặc định hôm nay / default today)')
    .action(async (name: string, raw: unknown) => {
      const parsed = runOptions.safeParse(raw);
      if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
      if (!JOBS.some((j) => j.name === name)) throw new CliError(new UnknownJobError(name).message);
      const date = parsed.data.date ? parseLocalDate(parsed.data.date)! : undefined;
      await withStore(env, async (store, config) => {
        const log = createLogger(config.LOG_LEVEL, process.stderr);
        const ctx = createJobContext({ conn: store.conn, config, log, senders: standaloneSenders(config), staff: storeStaffDirectory(store, channelDirectory(config)) });
        const result = await runJob(ctx, name, { by: 'cli', ...(date ? { date } : {}) });
        io.out(`${name}: ${Object.entries(result).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
      });
    });

  program
    .command('worker')
    .description('Chạy riêng bộ xử lý việc định kỳ (đến khi Ctrl+C) / run the job worker alone until stopped')
    .action(async () => {
      const config = env ? loadConfig(env) : loadConfig();
      const log = createLogger(config.LOG_LEVEL, undefined, { format: config.LOG_FORMAT });
      const db = await resolveDatabase(config);
      const conn = await connectDatabase(db.uri).catch(async (e: unknown) => {
        await db.stop();
        if (e instanceof DatabaseUnreachableError) throw new CliError(`Cannot reach the database at ${maskUri(e.uri)}`);
        throw e;
      });
      try {
        await ensureIndexes(conn);
        const staff = storeStaffDirectory(createStore(conn), channelDirectory(config));
        const worker = await startWorker(createJobContext({ conn, config, log, senders: standaloneSenders(config), staff }));
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        await worker.stop();
      } finally {
        await conn.close();
        await db.stop();
      }
    });
}

const pad = (n: number): string => String(n).padStart(2, '0');
