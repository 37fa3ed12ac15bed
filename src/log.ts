// Structured logging with pino; personal data (names, phones, birthdays, message texts) never reaches a log line.
// Two layers: pino's own redaction for the usual top-level keys, and a walk over every logged object (any depth,
// arrays, errors and their causes) that redacts sensitive keys, turns errors into type + code + stack frames, and
// masks phone-like digit runs in whatever text is left. Error messages are never logged: a validation or
// duplicate-key error quotes the values it refused ("dup key: { phone: ... }"), and a name cannot be recognised
// in free text, so only the error's type, code and where it happened reach the log.
import { pino, type Logger } from 'pino';
import { build as prettyStream } from 'pino-pretty';

/** Keys whose values are personal data wherever they appear (compared case-insensitively). */
const SENSITIVE = [
  'name', 'fullName', 'displayName', 'firstName', 'lastName', 'username', 'phone', 'phoneE164', 'phoneNumber',
  'birthday', 'dob', 'user_dob', 'text', 'message', 'caption', 'email', 'address', 'content', 'note', 'keyValue',
  'first_name', 'last_name', 'phone_number',
];
const SENSITIVE_KEYS = new Set(SENSITIVE.map((k) => k.toLowerCase()));
/** pino's fast path (one and two levels deep); the walk below covers every other depth. */
export const REDACT_PATHS = [...SENSITIVE, ...SENSITIVE.map((k) => `*.${k}`)];
export const CENSOR = '[redacted]';

const MAX_DEPTH = 6;
const MAX_ITEMS = 50;
const MAX_FRAMES = 6;

/**
 * Vietnamese numbers (0912 345 678, +84 912-345-678, 84912345678) and any other E.164 number. Longer digit runs
 * (19-digit Zalo ids, ObjectIds) and short ones (line:column of a stack frame) are left alone.
 */
const PHONE_LIKE = /(?<![\w+])(?:\+\d{1,3}|0|84)(?:[\s.\-()]{0,2}\d){8,11}(?![\w])/g;

export function scrubPhones(s: string): string {
  return s.replace(PHONE_LIKE, '[phone]');
}

/** Error fields worth logging: none of them carries what the error was about. */
export interface LoggedError {
  type: string;
  code?: string | number;
  codeName?: string;
  frames?: string;
  cause?: LoggedError | string;
  errors?: (LoggedError | string)[];
}

function safeError(e: Error, depth: number): LoggedError {
  const out: LoggedError = { type: scrubPhones(String(e.name || e.constructor?.name || 'Error')).slice(0, 80) };
  const { code, codeName } = e as { code?: unknown; codeName?: unknown };
  if (typeof code === 'number' || (typeof code === 'string' && /^[\w.-]{1,40}$/.test(code))) out.code = code;
  if (typeof codeName === 'string' && /^\w{1,60}$/.test(codeName)) out.codeName = codeName;
  // Only the "at ..." lines: the first line(s) of a stack repeat the message.
  const frames = (e.stack ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('at '))
    .slice(0, MAX_FRAMES)
    .map(scrubPhones);
  if (frames.length) out.frames = frames.join(' | ');
  if (depth < MAX_DEPTH && e.cause !== undefined) out.cause = e.cause instanceof Error ? safeError(e.cause, depth + 1) : typeof e.cause;
  const errors = (e as { errors?: unknown }).errors;
  if (depth < MAX_DEPTH && Array.isArray(errors)) out.errors = errors.slice(0, 10).map((x) => (x instanceof Error ? safeError(x, depth + 1) : typeof x));
  return out;
}

/** The error's fields as a log line's top-level keys, for callers that log them beside their ids. */
export interface ErrorLogFields {
  errType: string;
  errCode?: string | number;
  /** Stack frames only ("at ..." lines): the lines before them repeat the message. */
  frames?: string;
}

/** The one error-to-log-fields rule (the channels spread it; `{ err }` gets the same through the serializer). */
export function errorLogFields(e: unknown): ErrorLogFields {
  if (!(e instanceof Error)) return { errType: typeof e };
  const f = safeError(e, 0);
  return { errType: f.type, ...(f.code !== undefined ? { errCode: f.code } : {}), ...(f.frames ? { frames: f.frames } : {}) };
}

/** A copy of `value` fit for a log line; never mutates what the caller passed. */
export function scrubForLog(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubPhones(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return safeError(value, depth);
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[nested]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => scrubForLog(v, depth + 1, seen));
    if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SENSITIVE_KEYS.has(k.toLowerCase()) && v !== undefined && v !== null ? CENSOR : scrubForLog(v, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** `auto`: readable lines when stdout is a terminal (a person is watching), JSON for log collectors otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface LoggerOptions {
  format?: LogFormat;
}

/**
 * pino-pretty only formats the lines pino already wrote, so the redaction and scrubbing above apply to both formats.
 * Synchronous, so the last lines before a crash or `process.exit` are not lost.
 */
function prettyDestination(destination: pino.DestinationStream | undefined, colorize: boolean): pino.DestinationStream {
  return prettyStream({
    colorize,
    sync: true,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss',
    ignore: 'pid,hostname,app',
    ...(destination ? { destination: destination as NodeJS.WritableStream } : {}),
  });
}

export function createLogger(level = 'info', destination?: pino.DestinationStream, opts: LoggerOptions = {}): Logger {
  const format = opts.format ?? 'auto';
  const toTerminal = destination === undefined && process.stdout.isTTY === true;
  const pretty = format === 'pretty' || (format === 'auto' && toTerminal);
  const logger = pino(
    {
      level,
      base: { app: 'hoso' },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      timestamp: pino.stdTimeFunctions.isoTime,
      // `err` would otherwise get pino's standard serializer, which logs the message and every own property.
      serializers: { err: (e: unknown) => scrubForLog(e), msg: (m: unknown) => (typeof m === 'string' ? scrubPhones(m) : m) },
      formatters: {
        log: (obj) => scrubForLog(obj) as Record<string, unknown>,
        bindings: (b) => scrubForLog(b) as Record<string, unknown>,
      },
      hooks: {
        // pino takes an error's message as the line's message when none is given (`log.error(err)`): give one.
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          if (typeof second !== 'string') {
            const err = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
            if (err instanceof Error) {
              const obj = first instanceof Error ? { err: first } : first;
              return method.apply(this, [obj, 'error'] as unknown as Parameters<typeof method>);
            }
          }
          return method.apply(this, args);
        },
      },
    },
    pretty ? prettyDestination(destination, toTerminal) : destination,
  );
  // pino drops the bindings formatter for child loggers (by design), so their bindings are scrubbed here.
  const child = Object.getPrototypeOf(logger).child as Logger['child'];
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, scrubForLog(bindings) as typeof bindings, options);
  } as Logger['child'];
  return logger;
}

export type { Logger };
