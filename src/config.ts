// The one place that reads the environment (and .env): a zod schema validated at start-up.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotEnv } from 'dotenv';
import { z } from 'zod';
import { TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from './domain/scheduled-copy.js';
import type { AppointmentSettings } from './domain/appointment-times.js';
import type { SegmentSettings } from './domain/segments.js';
import type { MoneySettings } from './domain/money-rules.js';

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not a known IANA time zone');

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)');
const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

// Zalo Official Account (bots/zalo; ../shared/docs/zalo-platform.md). The channel is on when the four
// ids/secrets are set; the settings marked [U] are unconfirmed platform behaviour, hence configurable.
const zaloId = z.string().regex(/^\d+$/, 'Zalo ids are digits');
const zaloParams = csv.pipe(
  z.array(z.string().regex(/^[A-Za-z0-9_]+=[A-Za-z0-9_]+$/, 'expected template_param=source_key pairs, e.g. customer_name=name')),
);
const zaloEnv = {
  ZALO_APP_ID: zaloId.optional(),
  ZALO_OA_ID: zaloId.optional(),
  ZALO_OA_SECRET_KEY: z.string().min(8).optional(),
  ZALO_APP_SECRET: z.string().min(8).optional(),
  ZALO_API_BASE: z.url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE: z.url().default('https://oauth.zaloapp.com'),
  ZALO_ZNS_BASE: z.url().default('https://business.openapi.zalo.me'),
  ZALO_WEBHOOK_PATH: z.string().regex(/^\/[\w/-]*$/, 'a path such as /zalo/webhook').default('/zalo/webhook'),
  ZALO_SIGNATURE_ID: z.enum(['app_id', 'oa_id', 'either']).default('app_id'),
  ZALO_WEBHOOK_MAX_AGE_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(5),
  ZALO_TEXT_LIMIT: z.coerce.number().int().min(100).max(2000).default(2000),
  ZALO_CS_WINDOW_HOURS: z.coerce.number().int().min(1).max(168).default(168),
  ZALO_FREE_REPLY_HOURS: z.coerce.number().int().min(0).max(168).default(48),
  ZALO_TEMPLATE_BIRTHDAY_ID: zaloId.optional(),
  ZALO_TEMPLATE_BIRTHDAY_PARAMS: zaloParams.default([]),
  ZALO_TEMPLATE_FOLLOW_UP_ID: zaloId.optional(),
  ZALO_TEMPLATE_FOLLOW_UP_PARAMS: zaloParams.default([]),
  ZALO_TEMPLATE_BY_UID: bool.default(true),
  ZALO_TEMPLATE_UID_BODY: z.enum(['user_id', 'recipient']).default('user_id'),
  ZALO_TEMPLATE_MODE: z.enum(['production', 'development']).default('production'),
  // Where staff members' Zalo images may be downloaded from: these hosts and their subdomains, HTTPS only (a
  // loopback host listed here may use HTTP: tests, a local proxy). Zalo's chat photos are served from its CDN
  // under zdn.vn (photo-stal-N.zdn.vn, f*-zpcloud.zdn.vn) and zadn.vn; the OA docs name no host [U].
  ZALO_MEDIA_HOSTS: csv.pipe(z.array(z.string().regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)*[a-z0-9-]{1,63}$/i, 'host names such as zdn.vn'))).default(['zdn.vn', 'zadn.vn']),
};
const ZALO_REQUIRED = ['ZALO_APP_ID', 'ZALO_OA_ID', 'ZALO_OA_SECRET_KEY', 'ZALO_APP_SECRET'] as const;

// Scheduled jobs (jobs/): greetings, follow-ups, staff reminders and the outbox dispatcher.
const template = z
  .string()
  .max(1000)
  .refine((t) => unknownPlaceholders(t).length === 0, `unknown placeholder; use ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`);
const days = z.coerce.number().int().min(0).max(365);
const perSecond = z.coerce.number().positive().max(1000);
const jobsEnv = {
  FOLLOW_UP_SEND_TIME: clock.default('10:00'),
  STAFF_REMINDER_TIME: clock.default('08:30'),
  FOLLOW_UP_AFTER_REGISTRATION_DAYS: days.default(1),
  FOLLOW_UP_AFTER_VISIT_DAYS: days.default(3),
  FOLLOW_UP_SERVICE_DAYS: csv
    .pipe(z.array(z.string().regex(/^[^:]+:\d{1,3}$/, 'expected Service:days pairs, e.g. Trị mụn:7')))
    .transform((pairs) => Object.fromEntries(pairs.map((p) => [p.slice(0, p.lastIndexOf(':')).trim(), Number(p.slice(p.lastIndexOf(':') + 1))])))
    .default({}),
  GREETING_TEMPLATE_VI: template.optional(),
  GREETING_TEMPLATE_EN: template.optional(),
  FOLLOW_UP_REGISTRATION_TEMPLATE_VI: template.optional(),
  FOLLOW_UP_REGISTRATION_TEMPLATE_EN: template.optional(),
  FOLLOW_UP_VISIT_TEMPLATE_VI: template.optional(),
  FOLLOW_UP_VISIT_TEMPLATE_EN: template.optional(),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(100).default(30_000),
  OUTBOX_RETRY_MAX_MS: z.coerce.number().int().min(1000).default(3_600_000),
  DISPATCH_EVERY_MS: z.coerce.number().int().min(1000).default(30_000),
  SEND_RATE_TELEGRAM: perSecond.default(30),
  SEND_RATE_TELEGRAM_PER_CHAT: perSecond.default(1),
  SEND_RATE_ZALO: perSecond.default(5),
  SEND_RATE_ZALO_PER_CHAT: perSecond.default(1),
};

// Appointments (issue 13): opening hours, how long each service takes, reminders and the end-of-day question.
const appointmentsEnv = {
  SPA_OPENING_HOURS: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM-HH:MM, e.g. 09:00-20:00')
    .refine((v) => v.slice(0, 5) < v.slice(6), 'opening must be before closing')
    .default('09:00-20:00'),
  SERVICE_DURATIONS: csv
    .pipe(z.array(z.string().regex(/^[^:]+:\d{1,3}$/, 'expected Service:minutes pairs, e.g. Massage:60')))
    .transform((pairs) => Object.fromEntries(pairs.map((p) => [p.slice(0, p.lastIndexOf(':')).trim(), Number(p.slice(p.lastIndexOf(':') + 1))])))
    .pipe(z.record(z.string(), z.number().int().min(5).max(600)))
    .default({}),
  APPOINTMENT_DEFAULT_MINUTES: z.coerce.number().int().min(5).max(600).default(60),
  APPOINTMENT_SLOT_MINUTES: z.coerce.number().int().min(5).max(240).default(30),
  APPOINTMENT_REMINDER_HOURS: z.coerce.number().min(0).max(72).default(2),
  APPOINTMENT_DAY_BEFORE_TIME: clock.default('19:00'),
  APPOINTMENT_END_OF_DAY_TIME: clock.default('20:30'),
};

// Money (issue 13): points, rank thresholds over the last 12 months, treatment packages (src/domain/money-rules.ts).
const vndSetting = z.coerce.number().int().min(0).max(1_000_000_000_000);
const moneyEnv = {
  /** One point for every this many đồng paid (10000: 1 point per 10.000 ₫). */
  POINTS_PER_VND: z.coerce.number().int().min(1).max(100_000_000).default(10_000),
  RANK_BAC_VND: vndSetting.default(5_000_000),
  RANK_VANG_VND: vndSetting.default(10_000_000),
  RANK_KIM_CUONG_VND: vndSetting.default(20_000_000),
  PACKAGE_IDLE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  PACKAGE_DEFAULT_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
};

// Segments, win-back and campaigns (issue 14; src/domain/segments.ts holds the rules and the defaults' meaning).
const segmentEnv = {
  SEGMENT_NEW_DAYS: days.default(30),
  SEGMENT_WINDOW_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
  SEGMENT_VIP_SPEND_VND: z.coerce.number().int().min(0).max(1_000_000_000_000).default(10_000_000),
  SEGMENT_REGULAR_VISITS: z.coerce.number().int().min(1).max(1000).default(3),
  SEGMENT_AT_RISK_FACTOR: z.coerce.number().min(1).max(10).default(1.5),
  SEGMENT_DEFAULT_INTERVAL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SEGMENT_DORMANT_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  SEGMENT_LOST_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  SEGMENT_NIGHTLY_TIME: clock.default('02:30'),
  WIN_BACK_DAY: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']).default('mon'),
  WIN_BACK_TIME: clock.default('08:45'),
  CAMPAIGN_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  CAMPAIGN_RESULT_DAYS: z.coerce.number().int().min(1).max(365).default(30),
};

// Operating (issue 16): the metrics endpoint's token and how long finished bookkeeping is kept (jobs/housekeeping.ts).
// The minimums keep what idempotency still needs: a sent outbox row's key stops a re-planned message while its
// occasion can still be planned, a job run tells the worker today's daily job already ran.
const retentionDays = (min: number) => z.coerce.number().int().min(min).max(3650);
const opsEnv = {
  /** Bearer token for GET /metrics; unset: the endpoint does not exist (404). */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters (e.g. openssl rand -hex 24)').max(200).optional(),
  HOUSEKEEPING_TIME: clock.default('03:30'),
  RETENTION_INVITES_DAYS: retentionDays(1).default(30),
  RETENTION_ZALO_EVENTS_DAYS: retentionDays(7).default(7),
  RETENTION_JOB_RUNS_DAYS: retentionDays(7).default(90),
  RETENTION_OUTBOX_DAYS: retentionDays(30).default(180),
};

// The owner's web page (src/web, issue 15): on when PUBLIC_URL says where browsers reach this server.
const webEnv = {
  PUBLIC_URL: z.url().optional(),
  /** Staff (not only owners and managers) may open the page, with exactly their chat visibility. */
  WEB_STAFF_ACCESS: bool.default(false),
  WEB_LINK_MINUTES: z.coerce.number().int().min(1).max(60).default(10),
  WEB_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
};

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  /** Production refuses the embedded development database unless this says so. */
  ALLOW_EMBEDDED_DB: bool.default(false),
  DATA_DIR: z.string().min(1).default('./data'),
  DEV_DB_PORT: z.coerce.number().int().min(0).max(65535).default(27018),
  /** Unset: 127.0.0.1, or 0.0.0.0 when a webhook must be reachable (resolveDefaults). */
  HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: readable lines on a terminal, JSON otherwise (src/log.ts). */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  BUSINESS_TIME_ZONE: timeZone.default('Asia/Ho_Chi_Minh'),
  SPA_NAME: z.string().min(1).max(80).default('Spa Hồ Sơ'),
  SPA_SERVICES: csv.default(['Chăm sóc da', 'Trị mụn', 'Massage', 'Gội đầu dưỡng sinh']),
  DEFAULT_LANGUAGE: z.enum(['vi', 'en']).default('vi'),
  /** The spa's customer groups and sources, the choices of /sua nhom and /sua nguon (issue 17). */
  CUSTOMER_GROUPS: csv.default(['Khách mới', 'Khách quen', 'Khách VIP']),
  CUSTOMER_SOURCES: csv.default(['Vãng lai', 'Facebook', 'TikTok', 'Zalo', 'Google', 'Giới thiệu']),
  /**
   * The spa's branches (issue 17), e.g. `Q1,Q3,Thủ Đức`: invitations, staff, cards and imports pick from it, matched
   * without case or diacritics. Empty: the branches the staff already belong to.
   */
  SPA_BRANCHES: csv.default([]),
  STAFF_VISIBILITY: z.enum(['own', 'masked', 'none']).default('masked'),
  /** How long the one-time chat link staff show a customer after /kh stays valid. */
  CHAT_LINK_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  /** The version of the printed consent form staff record consent from (kept with every staff-recorded entry). */
  PAPER_CONSENT_VERSION: z.string().regex(/^[\w.-]{1,40}$/, 'letters, digits, . _ - (at most 40)').default('giay-2026-12'),
  /** Largest customer photo staff may store, in megabytes (Telegram bots download at most 20). */
  PHOTO_MAX_MB: z.coerce.number().int().min(1).max(20).default(5),
  OWNER_TELEGRAM_IDS: csv.pipe(z.array(z.string().regex(/^\d+$/, 'Telegram ids are digits'))).default([]),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, 'looks like 123456:ABC-DEF...').optional(),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, '1-256 characters A-Z a-z 0-9 _ -')
    .optional(),
  /** Unset: on only with no channel configured outside production (resolveDefaults). */
  PLAYGROUND: bool.optional(),
  PLAYGROUND_PASSWORD: z.string().min(8, 'at least 8 characters').max(200).optional(),
  /** Playground messages per minute from one address. */
  PLAYGROUND_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  BIRTHDAY_SEND_TIME: clock.default('09:00'),
  QUIET_HOURS_START: clock.default('21:00'),
  QUIET_HOURS_END: clock.default('08:00'),
  WORKER: bool.default(true),
  ...webEnv,
  ...jobsEnv,
  ...opsEnv,
  ...appointmentsEnv,
  ...moneyEnv,
  ...segmentEnv,
  ...zaloEnv,
});

type Parsed = z.infer<typeof schema>;
/** The settings as the program sees them: the defaults that depend on other settings are resolved. */
export type Config = Omit<Parsed, 'HOST' | 'PLAYGROUND'> & { HOST: string; PLAYGROUND: boolean };

/** `.env.example`'s placeholder secret: a production install that copied it as it is is refused. */
export const EXAMPLE_WEBHOOK_SECRET = 'replace-with-at-least-32-random-characters';
export const EXAMPLE_ZALO_OA_SECRET_KEY = 'the-oa-secret-key-from-the-webhook-page';
const MIN_WEBHOOK_SECRET = 32;
// Zalo issues the OA Secret Key itself (zalo-platform.md §3.2), so its length is not ours to require;
// only a key too short to be a real one is refused.
const MIN_ZALO_OA_SECRET = 16;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads `.env` (if any) under the real environment, which always wins. */
export function readEnvironment(envFile = '.env', env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const fromFile = existsSync(envFile) ? parseDotEnv(readFileSync(envFile)) : {};
  return { ...fromFile, ...env };
}

/** Validates every setting at once; empty strings count as "not set". */
export function loadConfig(env: Record<string, string | undefined> = readEnvironment()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const c = parsed.data;
  const problems: string[] = [];
  if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET) problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set');
  const zaloSet = ZALO_REQUIRED.filter((k) => c[k] !== undefined);
  if (zaloSet.length > 0 && zaloSet.length < ZALO_REQUIRED.length) {
    problems.push(...ZALO_REQUIRED.filter((k) => c[k] === undefined).map((k) => `${k}: required when any of ${ZALO_REQUIRED.join(', ')} is set`));
  }
  problems.push(...segmentDayProblems(c));
  if (problems.length === 0) problems.push(...productionProblems(c));
  if (problems.length > 0) throw new ConfigError(problems);
  return resolveDefaults(c);
}

/** What a development machine may do but a production install must not (issue 12). */
function productionProblems(c: Parsed): string[] {
  if (c.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  const secret = c.TELEGRAM_WEBHOOK_SECRET;
  if (c.TELEGRAM_WEBHOOK_URL && secret !== undefined) {
    if (secret === EXAMPLE_WEBHOOK_SECRET) problems.push("TELEGRAM_WEBHOOK_SECRET: still the example's value; choose your own random one");
    else if (secret.length < MIN_WEBHOOK_SECRET) problems.push(`TELEGRAM_WEBHOOK_SECRET: at least ${MIN_WEBHOOK_SECRET} characters in production`);
  }
  if (c.TELEGRAM_WEBHOOK_URL && new URL(c.TELEGRAM_WEBHOOK_URL).protocol !== 'https:') problems.push('TELEGRAM_WEBHOOK_URL: must be https:// in production');
  const zaloKey = c.ZALO_OA_SECRET_KEY;
  if (zaloKey !== undefined) {
    if (zaloKey === EXAMPLE_ZALO_OA_SECRET_KEY) problems.push("ZALO_OA_SECRET_KEY: still the example's value; copy the OA Secret Key from the app's Webhook page");
    else if (zaloKey.length < MIN_ZALO_OA_SECRET) problems.push(`ZALO_OA_SECRET_KEY: at least ${MIN_ZALO_OA_SECRET} characters in production`);
  }
  if (!c.MONGODB_URI && !c.ALLOW_EMBEDDED_DB) {
    problems.push('MONGODB_URI: required in production (the embedded FerretDB is for development); set ALLOW_EMBEDDED_DB=true to run on it anyway');
  }
  if (c.PUBLIC_URL && new URL(c.PUBLIC_URL).protocol !== 'https:') problems.push('PUBLIC_URL: must be https:// in production (the web session cookie is Secure)');
  if (c.PLAYGROUND === true && !c.PLAYGROUND_PASSWORD) problems.push('PLAYGROUND_PASSWORD: required when PLAYGROUND=true in production');
  return problems;
}

/**
 * The playground is for trying the bot: on by itself only on a development machine with no channel set up.
 * The server binds to this machine only unless a platform must reach a webhook on it.
 */
function resolveDefaults(c: Parsed): Config {
  const zalo = ZALO_REQUIRED.every((k) => c[k] !== undefined);
  const anyChannel = c.TELEGRAM_BOT_TOKEN !== undefined || zalo;
  const webhook = (c.TELEGRAM_BOT_TOKEN !== undefined && c.TELEGRAM_WEBHOOK_URL !== undefined) || zalo;
  return {
    ...c,
    PLAYGROUND: c.PLAYGROUND ?? (!anyChannel && c.NODE_ENV !== 'production'),
    HOST: c.HOST ?? (webhook ? '0.0.0.0' : '127.0.0.1'),
  };
}

/** For log lines: mongodb://user:****@host/db */
export function maskUri(uri: string): string {
  return uri.replace(/(\/\/[^:/@]+):([^@]*)@/, '$1:****@');
}

/** The appointment settings as the engine, the services and the jobs use them. */
export function appointmentSettingsOf(c: Config): AppointmentSettings {
  return {
    open: c.SPA_OPENING_HOURS.slice(0, 5),
    close: c.SPA_OPENING_HOURS.slice(6),
    durations: c.SERVICE_DURATIONS,
    defaultMinutes: c.APPOINTMENT_DEFAULT_MINUTES,
    slotMinutes: c.APPOINTMENT_SLOT_MINUTES,
    reminderHours: c.APPOINTMENT_REMINDER_HOURS,
    dayBeforeTime: c.APPOINTMENT_DAY_BEFORE_TIME,
    endOfDayTime: c.APPOINTMENT_END_OF_DAY_TIME,
  };
}

/** The money settings as the services and the jobs use them; the rank thresholds must rise (bạc < vàng < kim cương). */
export function moneySettingsOf(c: Config): MoneySettings {
  const t = { bac: c.RANK_BAC_VND, vang: Math.max(c.RANK_VANG_VND, c.RANK_BAC_VND + 1), kim_cuong: Math.max(c.RANK_KIM_CUONG_VND, c.RANK_VANG_VND + 1, c.RANK_BAC_VND + 2) };
  return { vndPerPoint: c.POINTS_PER_VND, rankThresholds: t, packageIdleDays: c.PACKAGE_IDLE_DAYS, packageDefaultMonths: c.PACKAGE_DEFAULT_MONTHS };
}

/** The segment thresholds as the rules take them (src/domain/segments.ts). */
export function segmentSettingsOf(c: Config): SegmentSettings {
  return {
    newDays: c.SEGMENT_NEW_DAYS,
    windowMonths: c.SEGMENT_WINDOW_MONTHS,
    vipSpendVnd: c.SEGMENT_VIP_SPEND_VND,
    regularVisits: c.SEGMENT_REGULAR_VISITS,
    atRiskFactor: c.SEGMENT_AT_RISK_FACTOR,
    defaultIntervalDays: c.SEGMENT_DEFAULT_INTERVAL_DAYS,
    dormantDays: c.SEGMENT_DORMANT_DAYS,
    lostDays: c.SEGMENT_LOST_DAYS,
  };
}

/**
 * The settings the owner may change on the web page (issue 15), over what the environment says: the spa's lists,
 * the message templates, quiet hours, staff visibility, the segment and rank thresholds and points. Never a secret, an
 * address or anything the process needs before it reaches the database.
 */
export const EDITABLE_SETTINGS = [
  'SPA_SERVICES',
  'SPA_BRANCHES',
  'CUSTOMER_GROUPS',
  'CUSTOMER_SOURCES',
  'STAFF_VISIBILITY',
  'QUIET_HOURS_START',
  'QUIET_HOURS_END',
  'GREETING_TEMPLATE_VI',
  'GREETING_TEMPLATE_EN',
  'FOLLOW_UP_REGISTRATION_TEMPLATE_VI',
  'FOLLOW_UP_VISIT_TEMPLATE_VI',
  'APPOINTMENT_REMINDER_HOURS',
  'SEGMENT_NEW_DAYS',
  'SEGMENT_VIP_SPEND_VND',
  'SEGMENT_REGULAR_VISITS',
  'SEGMENT_DORMANT_DAYS',
  'SEGMENT_LOST_DAYS',
  'RANK_BAC_VND',
  'RANK_VANG_VND',
  'RANK_KIM_CUONG_VND',
  'POINTS_PER_VND',
  'PACKAGE_IDLE_DAYS',
] as const satisfies readonly (keyof Parsed)[];
export type EditableSetting = (typeof EDITABLE_SETTINGS)[number];
export const isEditableSetting = (name: string): name is EditableSetting => (EDITABLE_SETTINGS as readonly string[]).includes(name);

/** The one rule between two settings the page may change: the environment and the page both check it here. */
function segmentDayProblems(c: Pick<Parsed, 'SEGMENT_LOST_DAYS' | 'SEGMENT_DORMANT_DAYS'>): string[] {
  return c.SEGMENT_LOST_DAYS <= c.SEGMENT_DORMANT_DAYS ? ['SEGMENT_LOST_DAYS: must be above SEGMENT_DORMANT_DAYS'] : [];
}

/**
 * The config with the owner's changed values applied, each checked by the same rule as in the environment. A value
 * that no longer passes (the rules changed since it was saved) is left out and named in `problems`.
 */
export function withOverrides(c: Config, values: Readonly<Record<string, string>>): { config: Config; problems: string[] } {
  const out: Record<string, unknown> = { ...c };
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(values)) {
    if (!isEditableSetting(name)) {
      problems.push(`${name}: not a setting the page may change`);
      continue;
    }
    const parsed = schema.shape[name].safeParse(raw.trim() === '' ? undefined : raw);
    if (parsed.success) out[name] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const config = out as Config;
  const contradictions = segmentDayProblems(config);
  if (contradictions.length) {
    problems.push(...contradictions);
    return { config: { ...config, SEGMENT_LOST_DAYS: c.SEGMENT_LOST_DAYS, SEGMENT_DORMANT_DAYS: c.SEGMENT_DORMANT_DAYS }, problems };
  }
  return { config, problems };
}

/** A setting's value as the environment writes it (lists joined by commas), for the page's form. */
export function settingText(c: Config, name: EditableSetting): string {
  const v = c[name] as unknown;
  if (Array.isArray(v)) return v.join(', ');
  return v === undefined ? '' : String(v);
}
