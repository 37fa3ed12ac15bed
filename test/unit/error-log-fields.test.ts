// The one error-to-log-fields rule (src/log.ts), used by every channel: type, code and frames, never the message.
import { describe, expect, it } from '@jest/globals';
import { GrammyError } from 'grammy';
import { describeError } from '../../bots/shared/describe-error.js';
import { errorLogFields } from '../../src/log.js';

function saveError(): Error {
  const e = new Error('could not save Nguyễn Thị Lan (0912345678)') as Error & { code?: unknown };
  e.name = 'SaveError';
  e.code = 11000;
  return e;
}

describe('errorLogFields', () => {
  it('keeps the type, the code and the stack frames, and drops the message', () => {
    const fields = errorLogFields(saveError());
    expect(fields).toMatchObject({ errType: 'SaveError', errCode: 11000 });
    expect(fields.frames).toMatch(/^at .*error-log-fields\.test\.ts/);
    expect(JSON.stringify(fields)).not.toMatch(/Lan|0912345678|could not save/);
  });

  it('names what was thrown when it is not an Error', () => {
    expect(errorLogFields('boom 0912345678')).toEqual({ errType: 'string' });
    expect(errorLogFields(undefined)).toEqual({ errType: 'undefined' });
  });

  it('is what the channels log for an ordinary error, with Telegram\'s own code and description added for grammY errors', () => {
    const e = saveError();
    expect(describeError(e)).toEqual(errorLogFields(e));
    const g = new GrammyError('Call to sendMessage failed', { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }, 'sendMessage', { chat_id: 1, text: 'Lan' });
    expect(describeError(g)).toEqual({ errType: 'GrammyError', errCode: 403, errDescription: 'Forbidden: bot was blocked by the user', method: 'sendMessage' });
  });
});
