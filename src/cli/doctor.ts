// `hoso doctor`: every part an operator needs healthy, one line each (✔ or ✘ with what to do); exit code 1 on any ✘.
// Read-only: it creates no index and changes no data, so it can run beside the app at any time.
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError, loadConfig, maskUri, type Config } from '../config.js';
import { resolveDatabase } from '../devdb/resolve.js';
import { createLogger } from '../log.js';
import { connectDatabase } from '../store/connection.js';
import { missingIndexes, outboxHealth, serverInfo } from '../store/health.js';
import { createStore, type Store } from '../store/index.js';
import { createJobContext } from '../../jobs/job-deps.js';
import { listJobs } from '../../jobs/scheduler.js';
import { CliError, type CliIo } from './io-and-store.js';

export interface Check {
  ok: boolean;
  area: 'Configuration' | 'Database' | 'Telegram' | 'Zalo' | 'Jobs' | 'Outbox';
  text: string;
  /** What to do about a ✘. */
  fix?: string;
}

export interface DoctorOptions {
  now?: Date;
  fetch?: typeof fetch;
  /** A due message waiting longer than this is lag worth a ✘ (default: three dispatcher periods + 5 min). */
  maxLagSeconds?: number;
}

/** Zalo's refresh token lives 3 months (zalo-platform.md §4.3); Hồ sơ rotates it at least weekly while it runs. */
const ZALO_REFRESH_LIFETIME_DAYS = 90;
const ZALO_REFRESH_WARN_DAYS = 14;
const DAY = 86_400_000;
/** No job runs for an hour: one that has not finished by then is not running any more. */
const STUCK_RUN_MS = 3_600_000;

const telegramAnswer = <T extends z.ZodType>(result: T) =>
  z.union([z.object({ ok: z.literal(true), result }), z.object({ ok: z.literal(false), error_code: z.number(), description: z.string() })]);
const getMe = telegramAnswer(z.object({ username: z.string().optional(), id: z.number() }));
const webhookInfo = telegramAnswer(
  z.object({ url: z.string(), pending_update_count: z.number(), last_error_date: z.number().optional(), last_error_message: z.string().optional() }),
);

export async function runDoctor(env: Record<string, string | undefined> | undefined, opts: DoctorOptions = {}): Promise<Check[]> {
  const now = opts.now ?? new Date();
  let config: Config;
  try {
    config = env ? loadConfig(env) : loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => ({ ok: false, area: 'Configuration', text: p, fix: 'fix it in .env (every setting is described in .env.example)' }));
  }
  const checks: Check[] = [configurationCheck(config)];
  checks.push(...(await telegramChecks(config, opts.fetch ?? fetch)));

  let db;
  try {
    db = await resolveDatabase(config);
  } catch (e) {
    checks.push({ ok: false, area: 'Database', text: e instanceof Error ? e.message : String(e) });
    return checks;
  }
  try {
    const conn = await connectDatabase(db.uri, { serverSelectionTimeoutMS: 3_000 }).catch(() => null);
    if (!conn) {
      checks.push({ ok: false, area: 'Database', text: `cannot reach ${maskUri(db.uri)}`, fix: 'start MongoDB (docker compose up -d mongo) or correct MONGODB_URI' });
      return checks;
    }
    try {
      const store = createStore(conn, () => now);
      checks.push(...(await databaseChecks(store, db.embedded)));
      checks.push(...(await zaloChecks(config, store, now)));
      checks.push(...(await jobChecks(config, store, now)));
      checks.push(...(await outboxChecks(config, store, now, opts.maxLagSeconds)));
    } finally {
      await conn.close();
    }
  } finally {
    await db.stop();
  }
  return checks;
}

function configurationCheck(c: Config): Check {
  const channels = [
    ...(c.TELEGRAM_BOT_TOKEN ? [`telegram (${c.TELEGRAM_WEBHOOK_URL ? 'webhook' : 'polling'})`] : []),
    ...(c.ZALO_OA_ID ? ['zalo'] : []),
    ...(c.PLAYGROUND ? ['playground'] : []),
  ];
  return {
    ok: true,
    area: 'Configuration',
    text: `valid: NODE_ENV=${c.NODE_ENV}, database ${c.MONGODB_URI ? maskUri(c.MONGODB_URI) : 'embedded FerretDB (development)'}, channels ${channels.join(', ') || 'none'}, metrics ${c.METRICS_TOKEN ? 'on' : 'off'}`,
  };
}

async function databaseChecks(store: Store, embedded: boolean): Promise<Check[]> {
  const info = await serverInfo(store.conn);
  const checks: Check[] = [];
  if (info.kind === 'ferretdb') {
    checks.push({ ok: true, area: 'Database', text: `FerretDB${info.ferretdbVersion ? ` ${info.ferretdbVersion}` : ''}${embedded ? ' (embedded)' : ''}, speaks MongoDB ${info.version}; no replica set, so run one app process on it` });
  } else if (info.replicaSet) {
    checks.push({ ok: true, area: 'Database', text: `MongoDB ${info.version}, replica set ${info.replicaSet}` });
  } else {
    checks.push({
      ok: false,
      area: 'Database',
      text: `MongoDB ${info.version} is a standalone server, not a replica set`,
      fix: 'start mongod with --replSet rs0 and run rs.initiate() once (compose.yaml does both)',
    });
  }
  const missing = await missingIndexes(store.conn);
  checks.push(
    missing.length === 0
      ? { ok: true, area: 'Database', text: 'every index is present' }
      : { ok: false, area: 'Database', text: `${missing.length} index(es) missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`, fix: 'start the app once (npm start or docker compose up): it creates them, and fails loudly if one is refused' },
  );
  return checks;
}

async function telegramChecks(c: Config, fetchImpl: typeof fetch): Promise<Check[]> {
  if (!c.TELEGRAM_BOT_TOKEN) return [{ ok: true, area: 'Telegram', text: 'not configured (set TELEGRAM_BOT_TOKEN to use it)' }];
  const call = async <T extends z.ZodType>(method: string, schema: T): Promise<z.infer<T> | string> => {
    try {
      const res = await fetchImpl(`${c.TELEGRAM_API_ROOT}/bot${c.TELEGRAM_BOT_TOKEN}/${method}`, { signal: AbortSignal.timeout(10_000) });
      const parsed = schema.safeParse(await res.json());
      return parsed.success ? parsed.data : `unexpected answer to ${method}`;
    } catch (e) {
      return `${method} failed: ${e instanceof Error ? e.name : 'error'}`;
    }
  };
  const me = await call('getMe', getMe);
  if (typeof me === 'string') return [{ ok: false, area: 'Telegram', text: `cannot reach the Bot API at ${c.TELEGRAM_API_ROOT} (${me})`, fix: 'check the network or TELEGRAM_API_ROOT' }];
  if (!me.ok) return [{ ok: false, area: 'Telegram', text: `the token is refused (${me.error_code} ${me.description})`, fix: 'copy the token again from @BotFather into TELEGRAM_BOT_TOKEN' }];
  const checks: Check[] = [{ ok: true, area: 'Telegram', text: `bot @${me.result.username ?? me.result.id} answers` }];
  const hook = await call('getWebhookInfo', webhookInfo);
  if (typeof hook === 'string' || !hook.ok) {
    checks.push({ ok: false, area: 'Telegram', text: `no webhook information (${typeof hook === 'string' ? hook : hook.description})` });
    return checks;
  }
  const w = hook.result;
  const recentError = w.last_error_date !== undefined && w.last_error_message ? ` last delivery error: ${w.last_error_message}` : '';
  if (c.TELEGRAM_WEBHOOK_URL) {
    if (w.url !== c.TELEGRAM_WEBHOOK_URL) {
      checks.push({ ok: false, area: 'Telegram', text: `webhook is ${w.url ? 'set to another address' : 'not registered'}`, fix: 'start the app: it registers TELEGRAM_WEBHOOK_URL at start-up' });
    } else if (recentError) {
      checks.push({ ok: false, area: 'Telegram', text: `webhook registered, ${w.pending_update_count} update(s) waiting,${recentError}`, fix: 'check that the address is reachable over HTTPS (Caddy, DNS, firewall) and the app runs' });
    } else {
      checks.push({ ok: true, area: 'Telegram', text: `webhook registered, ${w.pending_update_count} update(s) waiting` });
    }
  } else if (w.url) {
    checks.push({ ok: false, area: 'Telegram', text: 'polling is configured but a webhook is registered', fix: 'set TELEGRAM_WEBHOOK_URL to use the webhook, or start the app in polling mode (it removes the webhook)' });
  } else {
    checks.push({ ok: true, area: 'Telegram', text: `long polling, ${w.pending_update_count} update(s) waiting` });
  }
  return checks;
}

async function zaloChecks(c: Config, store: Store, now: Date): Promise<Check[]> {
  if (!c.ZALO_OA_ID) return [{ ok: true, area: 'Zalo', text: 'not configured (README, "Zalo")' }];
  const t = await store.zalo.tokens.get(c.ZALO_OA_ID);
  if (!t) return [{ ok: false, area: 'Zalo', text: `no tokens for OA ${c.ZALO_OA_ID}`, fix: 'run `hoso zalo set-tokens --access-token … --refresh-token …`' }];
  if (t.alert) return [{ ok: false, area: 'Zalo', text: `Zalo refused the refresh token (${t.alert.reason})`, fix: 'an OA admin must authorise the app again, then run `hoso zalo set-tokens`' }];
  const refreshExpires = new Date(t.refreshObtainedAt.getTime() + ZALO_REFRESH_LIFETIME_DAYS * DAY);
  const daysLeft = Math.floor((refreshExpires.getTime() - now.getTime()) / DAY);
  const access = t.accessExpiresAt > now ? `access token valid until ${t.accessExpiresAt.toISOString()}` : 'access token expired (renewed at the next send)';
  if (daysLeft < ZALO_REFRESH_WARN_DAYS) {
    return [{ ok: false, area: 'Zalo', text: `${access}; refresh token ${daysLeft < 0 ? 'expired' : `expires in ${daysLeft} day(s)`} (${refreshExpires.toISOString()})`, fix: 'keep the app running (it rotates the token weekly), or authorise again and run `hoso zalo set-tokens`' }];
  }
  return [{ ok: true, area: 'Zalo', text: `${access}; refresh token good for ${daysLeft} more day(s), ${t.rotations} rotation(s)` }];
}

async function jobChecks(c: Config, store: Store, now: Date): Promise<Check[]> {
  const ctx = createJobContext({ conn: store.conn, config: c, log: createLogger('silent'), now: () => now });
  const checks: Check[] = [];
  const jobs = await listJobs(ctx);
  const failed = jobs.filter((j) => j.lastRun?.ok === false);
  for (const j of failed) {
    checks.push({ ok: false, area: 'Jobs', text: `${j.name} failed on ${j.lastRun!.startedAt.toISOString()}: ${j.lastRun!.error ?? 'error'}`, fix: `see the log, then \`hoso jobs run ${j.name}\`` });
  }
  // A run that started long ago and never finished: its process stopped mid-run, and nothing says so elsewhere.
  for (const j of jobs) {
    const r = j.lastRun;
    if (r && r.ok === undefined && !r.finishedAt && now.getTime() - r.startedAt.getTime() > STUCK_RUN_MS) {
      checks.push({ ok: false, area: 'Jobs', text: `${j.name} started on ${r.startedAt.toISOString()} and never finished (the process stopped mid-run?)`, fix: `see the log of that time, then \`hoso jobs run ${j.name}\`` });
    }
  }
  const ran = jobs.filter((j) => j.lastRun).map((j) => `${j.name} ${j.lastRun!.startedAt.toISOString().slice(0, 16).replace('T', ' ')}`);
  const unscheduled = jobs.filter((j) => !j.nextRunAt).length;
  if (failed.length === 0) checks.push({ ok: true, area: 'Jobs', text: `no failed run; last runs: ${ran.join(', ') || 'none yet'}` });
  if (unscheduled === jobs.length) {
    checks.push({ ok: false, area: 'Jobs', text: 'no job is scheduled', fix: 'start the app (npm start, docker compose up) or `hoso worker`: the worker schedules them' });
  }
  const events = await store.zalo.events.countByStatus();
  if ((events.abandoned ?? 0) > 0) {
    checks.push({ ok: false, area: 'Jobs', text: `${events.abandoned} Zalo message(s) given up after 5 tries`, fix: '`hoso jobs list` names them; answer those customers by hand' });
  }
  return checks;
}

async function outboxChecks(c: Config, store: Store, now: Date, maxLagSeconds?: number): Promise<Check[]> {
  const h = await outboxHealth(store.conn, now);
  const checks = [lagCheck(c, h, maxLagSeconds)];
  if (h.counts.unknown > 0) {
    checks.push({ ok: false, area: 'Outbox', text: `${h.counts.unknown} message(s) may or may not have arrived (the send got no answer, or the app stopped mid-send); they are not resent`, fix: '`hoso jobs list` names them: check with those customers, or send by hand' });
  }
  return checks;
}

function lagCheck(c: Config, h: Awaited<ReturnType<typeof outboxHealth>>, maxLagSeconds?: number): Check {
  const limit = maxLagSeconds ?? Math.round((3 * c.DISPATCH_EVERY_MS) / 1000) + 300;
  const states = `pending ${h.counts.pending}, sent ${h.counts.sent}, failed ${h.counts.failed}, unknown ${h.counts.unknown}`;
  if (h.lagSeconds > limit) {
    return { ok: false, area: 'Outbox', text: `the oldest due message has waited ${formatSeconds(h.lagSeconds)} (${states})`, fix: 'is the worker running? `hoso jobs list` shows the dispatcher\'s last run and errors' };
  }
  return { ok: true, area: 'Outbox', text: `lag ${formatSeconds(h.lagSeconds)} (${states})` };
}

const formatSeconds = (s: number): string => (s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`);

export function formatCheck(c: Check): string {
  return `${c.ok ? '✔' : '✘'} ${c.area}: ${c.text}${!c.ok && c.fix ? ` → ${c.fix}` : ''}`;
}

export function registerDoctorCommand(program: Command, io: CliIo, env?: Record<string, string | undefined>): void {
  program
    .command('doctor')
    .description('Kiểm tra cấu hình, CSDL, kênh, việc định kỳ, hàng đợi / check configuration, database, channels, jobs, outbox')
    .action(async () => {
      const checks = await runDoctor(env);
      for (const c of checks) io.out(formatCheck(c));
      const bad = checks.filter((c) => !c.ok).length;
      if (bad > 0) throw new CliError(`${bad} vấn đề / problem(s) found`);
    });
}
