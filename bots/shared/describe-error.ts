// Turns an error into log fields without personal data: grammY errors carry the request payload (message
// text) and database errors can quote values, so only names, codes and stack frames reach the log. The
// generic part is src/log.ts errorLogFields; this adds what grammY knows (Telegram's code and description).
import { GrammyError, HttpError } from 'grammy';
import { errorLogFields, type ErrorLogFields } from '../../src/log.js';

export interface ErrorFields extends ErrorLogFields {
  /** Telegram's own description ("Forbidden: bot was blocked by the user"): platform text, not user data. */
  errDescription?: string;
  method?: string;
}

export function describeError(e: unknown): ErrorFields {
  if (e instanceof GrammyError) {
    return { errType: e.name, errCode: e.error_code, errDescription: e.description, method: e.method };
  }
  if (e instanceof HttpError) {
    // grammY hides the bot token in HttpError messages unless sensitiveLogs is on (it is not).
    return { errType: e.name, errDescription: e.message };
  }
  return errorLogFields(e);
}
