// Turns an error into log fields without personal data: grammY errors carry the request payload (message
// text) and database errors can quote values, so only names, codes and stack frames reach the log.
import { GrammyError, HttpError } from 'grammy';

export interface ErrorFields {
  errType: string;
  errCode?: number;
  /** Telegram's own description ("Forbidden: bot was blocked by the user"): platform text, not user data. */
  errDescription?: string;
  method?: string;
  /** Stack frames only, without the first line that repeats the message. */
  frames?: string;
}

export function describeError(e: unknown): ErrorFields {
  if (e instanceof GrammyError) {
    return { errType: e.name, errCode: e.error_code, errDescription: e.description, method: e.method };
  }
  if (e instanceof HttpError) {
    // grammY hides the bot token in HttpError messages unless sensitiveLogs is on (it is not).
    return { errType: e.name, errDescription: e.message };
  }
  if (e instanceof Error) {
    const frames = e.stack?.split('\n').slice(1, 6).map((l) => l.trim()).join(' | ');
    return frames ? { errType: e.name, frames } : { errType: e.name };
  }
  return { errType: typeof e };
}
