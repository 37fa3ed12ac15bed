// Structured logging with pino; personal data (names, phones, birthdays, message texts) never reaches a log line.
import { pino, type Logger } from 'pino';

/** Paths pino replaces wherever they appear in a logged object (one and two levels deep). */
const SENSITIVE = ['name', 'fullName', 'phone', 'phoneE164', 'birthday', 'text', 'message', 'email', 'address', 'content', 'firstName', 'lastName', 'username'];
export const REDACT_PATHS = [...SENSITIVE, ...SENSITIVE.map((k) => `*.${k}`)];

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'hoso' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export type { Logger };
