// The one place that reads the environment (and .env): a zod schema validated at start-up.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotEnv } from 'dotenv';
import { z } from 'zod';

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

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DEV_DB_PORT: z.coerce.number().int().min(0).max(65535).default(27018),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BUSINESS_TIME_ZONE: timeZone.default('Asia/Ho_Chi_Minh'),
  SPA_NAME: z.string().min(1).max(80).default('Spa Hồ Sơ'),
  SPA_SERVICES: csv.default(['Chăm sóc da', 'Trị mụn', 'Massage', 'Gội đầu dưỡng sinh']),
  DEFAULT_LANGUAGE: z.enum(['vi', 'en']).default('vi'),
  STAFF_VISIBILITY: z.enum(['own', 'masked', 'none']).default('masked'),
  OWNER_TELEGRAM_IDS: csv.pipe(z.array(z.string().regex(/^\d+$/, 'Telegram ids are digits'))).default([]),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, 'looks like 123456:ABC-DEF...').optional(),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, '1-256 characters A-Z a-z 0-9 _ -')
    .optional(),
  PLAYGROUND: bool.default(true),
  BIRTHDAY_SEND_TIME: clock.default('09:00'),
  QUIET_HOURS_START: clock.default('21:00'),
  QUIET_HOURS_END: clock.default('08:00'),
  WORKER: bool.default(true),
});

export type Config = z.infer<typeof schema>;

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
  if (parsed.data.TELEGRAM_WEBHOOK_URL && !parsed.data.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError(['TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set']);
  }
  return parsed.data;
}

/** For log lines: mongodb://user:****@host/db */
export function maskUri(uri: string): string {
  return uri.replace(/(\/\/[^:/@]+):([^@]*)@/, '$1:****@');
}
