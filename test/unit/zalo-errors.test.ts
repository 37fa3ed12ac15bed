// Zalo error codes → what the outbox does, row by row from the spec's tables (zalo-platform.md §9, actions §8.4).
import { describe, expect, it } from '@jest/globals';
import { classifyZaloError, errorToSendResult, ZaloApiError, ZaloHttpError, ZaloNotAuthorisedError, ZaloOAuthError } from '../../bots/zalo/errors.js';

type Outcome = 'retry' | 'permanent' | 'outside_window';

// [code, spec wording, failure kind, what the sender reports]
const OA_API: [number, string, string, Outcome][] = [
  [-32, 'reached limit call api → backoff', 'rate_limit', 'retry'],
  [-100, 'attachment expired / unknown → retry', 'retry', 'retry'],
  [-200, 'send message failed → retry with backoff once', 'retry', 'retry'],
  [-201, 'field invalid → fix, do not retry', 'bad_request', 'permanent'],
  [-204, 'OA disabled → alert', 'setup', 'permanent'],
  [-205, 'OA does not exist → alert', 'setup', 'permanent'],
  [-209, 'api not supported → alert', 'setup', 'permanent'],
  [-210, 'parameter exceeds limit', 'bad_request', 'permanent'],
  [-211, 'out of quota → reschedule', 'quota', 'retry'],
  [-212, 'api not registered → alert', 'setup', 'permanent'],
  [-213, 'user has not followed OA → template or skip', 'not_follower', 'outside_window'],
  [-216, 'access token invalid → refresh once', 'token', 'retry'],
  [-217, 'user blocked invitation → skip', 'opted_out', 'permanent'],
  [-218, 'out of quota receive → reschedule', 'quota', 'retry'],
  [-219, 'app removed → alert', 'setup', 'permanent'],
  [-220, 'access token expired → refresh once', 'token', 'retry'],
  [-221, 'OA must be verified → alert', 'setup', 'permanent'],
  [-223, 'OA has not authorised this API → alert', 'setup', 'permanent'],
  [-224, 'OA tier package → alert', 'setup', 'permanent'],
  [-227, 'user banned or inactive → skip', 'unreachable', 'permanent'],
  [-230, 'no interaction in 7 days → template channel', 'window_closed', 'outside_window'],
  [-232, 'last interaction expired → template channel', 'window_closed', 'outside_window'],
  [-233, 'message type not supported', 'bad_request', 'permanent'],
  [-234, 'not at night → reschedule', 'night', 'retry'],
  [-235, 'API not for this OA type → alert', 'setup', 'permanent'],
  [-240, 'MessageV2 shut down → use v3', 'bad_request', 'permanent'],
  [-242, 'invalid appsecret_proof', 'bad_request', 'permanent'],
  [-244, 'user restricted this message type → opt-out', 'opted_out', 'permanent'],
  [-248, 'violates platform standards', 'content', 'permanent'],
  [-249, 'template not by UID → phone channel', 'use_phone', 'permanent'],
  [-320, 'needs a Zalo Cloud Account → alert', 'billing', 'permanent'],
  [-321, 'ZCA out of money → alert', 'billing', 'permanent'],
];

const ZNS: [number, string, string, Outcome][] = [
  [-101, 'app invalid → alert', 'setup', 'permanent'],
  [-102, 'app does not exist → alert', 'setup', 'permanent'],
  [-103, 'app not activated → alert', 'setup', 'permanent'],
  [-104, 'app secret invalid → alert', 'setup', 'permanent'],
  [-105, 'app not linked to an OA → alert', 'setup', 'permanent'],
  [-106, 'method unsupported', 'bad_request', 'permanent'],
  [-107, 'message id invalid', 'bad_request', 'permanent'],
  [-108, 'phone invalid', 'bad_request', 'permanent'],
  [-109, 'template id invalid', 'bad_request', 'permanent'],
  [-110, 'Zalo version unsupported → skip', 'unreachable', 'permanent'],
  [-111, 'template data empty', 'bad_request', 'permanent'],
  [-112, 'undefined type', 'bad_request', 'permanent'],
  [-1121, 'param too long', 'bad_request', 'permanent'],
  [-1122, 'param missing', 'bad_request', 'permanent'],
  [-1124, 'param badly formatted', 'bad_request', 'permanent'],
  [-113, 'button invalid', 'bad_request', 'permanent'],
  [-1131, 'button invalid', 'bad_request', 'permanent'],
  [-114, 'user cannot receive → skip', 'unreachable', 'permanent'],
  [-115, 'out of quota / balance → billing alert', 'billing', 'permanent'],
  [-116, 'text invalid', 'bad_request', 'permanent'],
  [-117, 'no permission for template', 'setup', 'permanent'],
  [-118, 'Zalo account does not exist → skip', 'unreachable', 'permanent'],
  [-119, 'account cannot receive → skip', 'unreachable', 'permanent'],
  [-124, 'access token invalid → refresh once', 'token', 'retry'],
  [-126, 'dev-mode quota exhausted', 'quota', 'retry'],
  [-127, 'test template only to admins', 'setup', 'permanent'],
  [-131, 'template not approved', 'setup', 'permanent'],
  [-133, 'not at night → reschedule', 'night', 'retry'],
  [-135, 'OA not allowed to send ZNS → alert', 'setup', 'permanent'],
  [-1351, 'OA blocked for violations → alert', 'setup', 'permanent'],
  [-136, 'ZCA connection required → billing alert', 'billing', 'permanent'],
  [-137, 'charge failure → billing alert', 'billing', 'permanent'],
  [-139, 'user refused this content type → skip', 'opted_out', 'permanent'],
  [-140, 'user ineligible → skip', 'opted_out', 'permanent'],
  [-141, 'user refused this OA → skip', 'opted_out', 'permanent'],
  [-144, 'OA daily quota → reschedule tomorrow', 'quota', 'retry'],
  [-1441, 'monthly promotion cap → reschedule', 'quota', 'retry'],
  [-1471, 'follow-up cap → reschedule', 'quota', 'retry'],
  [-1472, 'daily per-user promotion cap → reschedule', 'quota', 'retry'],
  [-146, 'template disabled for low quality', 'setup', 'permanent'],
  [-147, 'template daily limit → reschedule', 'quota', 'retry'],
];

const OAUTH: [number, string, string][] = [
  [-14002, 'invalid appId → activate app', 'setup'],
  [-14003, 'invalid redirect uri', 'setup'],
  [-14014, 'invalid refresh token → human re-consent', 'reauthorize'],
];

describe('Zalo error mapping', () => {
  it.each([...OA_API, ...ZNS])('%i (%s) is %s and reported as %s', (code, _what, kind, outcome) => {
    expect(classifyZaloError(code)).toBe(kind);
    const e = new ZaloApiError(code, '/v3.0/oa/message/cs', 'text from Zalo');
    expect(e.kind).toBe(kind);
    expect(errorToSendResult(e)).toMatchObject({ ok: false, kind: outcome });
  });

  it.each(OAUTH)('OAuth %i (%s) is %s and leaves the message for a retry', (code, _what, kind) => {
    const e = new ZaloOAuthError(code, 'Invalid');
    expect(e.kind).toBe(kind);
    expect(errorToSendResult(e)).toMatchObject({ ok: false, kind: 'retry' });
  });

  it('treats unknown codes as retryable unknowns, and rate limits with a delay', () => {
    expect(classifyZaloError(-99999)).toBe('unknown');
    expect(errorToSendResult(new ZaloApiError(-99999, '/x'))).toMatchObject({ kind: 'retry' });
    expect(errorToSendResult(new ZaloApiError(-32, '/x'))).toMatchObject({ kind: 'retry', retryAfterMs: 60_000 });
  });

  it('reports network failures and missing tokens as retries, and rethrows bugs', () => {
    expect(errorToSendResult(new ZaloHttpError('/x', 'network'))).toMatchObject({ kind: 'retry' });
    // Sent and no answer: it may have arrived, so it is never sent again.
    expect(errorToSendResult(new ZaloHttpError('/x', 'timeout'))).toMatchObject({ kind: 'unknown' });
    expect(errorToSendResult(new ZaloHttpError('/x', 'connection_lost'))).toMatchObject({ kind: 'unknown' });
    expect(errorToSendResult(new ZaloHttpError('/v4/oa/access_token', 'timeout'))).toMatchObject({ kind: 'retry' });
    expect(errorToSendResult(new ZaloHttpError('/x', 502))).toMatchObject({ kind: 'retry' });
    expect(errorToSendResult(new ZaloNotAuthorisedError('reauthorize'))).toMatchObject({ kind: 'retry' });
    expect(() => errorToSendResult(new TypeError('a bug'))).toThrow(TypeError);
  });
});
