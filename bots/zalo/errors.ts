// Zalo's error codes (sent with HTTP 200) turned into typed failures that say what to do (zalo-platform.md §8.4, §9).
import type { SendResult } from '../../src/outbound/types.js';

export type ZaloFailureKind =
  /** The access token was refused: refresh once, retry once. */
  | 'token'
  /** Too many calls: back off. */
  | 'rate_limit'
  /** Transient or unknown: retry later. */
  | 'retry'
  /** A daily/monthly quota ran out: reschedule (usually tomorrow). */
  | 'quota'
  /** Promotional and template messages are refused 22:00–06:00. */
  | 'night'
  /** The 7-day consultation window is closed: use a template instead. */
  | 'window_closed'
  /** The user does not follow the OA: consultation and UID templates cannot reach them. */
  | 'not_follower'
  /** The user blocked or refused this OA or content: flag it, never retry. */
  | 'opted_out'
  /** The user cannot receive (no Zalo account, inactive, old app): skip. */
  | 'unreachable'
  /** This template cannot go by user id: send it by phone. */
  | 'use_phone'
  /** Our payload is wrong: fix the code or the template data, retrying will not help. */
  | 'bad_request'
  /** The OA or app is not set up for this (verification, package, API product): an admin must act. */
  | 'setup'
  /** Zalo Cloud Account missing or out of money: an admin must act. */
  | 'billing'
  /** Zalo's content rules refused the message. */
  | 'content'
  /** OAuth: the refresh token is dead; only an OA admin consenting again helps. */
  | 'reauthorize'
  | 'unknown';

/** One row per code of the spec's tables; OA (-2xx), ZNS (-1xx) and OAuth (-140xx) ranges do not collide. */
export const ZALO_ERROR_KINDS: Readonly<Record<number, ZaloFailureKind>> = {
  // §9.1 OA Open API
  [-32]: 'rate_limit',
  [-100]: 'retry',
  [-200]: 'retry',
  [-201]: 'bad_request',
  [-204]: 'setup',
  [-205]: 'setup',
  [-209]: 'setup',
  [-210]: 'bad_request',
  [-211]: 'quota',
  [-212]: 'setup',
  [-213]: 'not_follower',
  [-216]: 'token',
  [-217]: 'opted_out',
  [-218]: 'quota',
  [-219]: 'setup',
  [-220]: 'token',
  [-221]: 'setup',
  [-223]: 'setup',
  [-224]: 'setup',
  [-227]: 'unreachable',
  [-230]: 'window_closed',
  [-232]: 'window_closed',
  [-233]: 'bad_request',
  [-234]: 'night',
  [-235]: 'setup',
  [-240]: 'bad_request',
  [-242]: 'bad_request',
  [-244]: 'opted_out',
  [-248]: 'content',
  [-249]: 'use_phone',
  [-320]: 'billing',
  [-321]: 'billing',
  // §9.2 ZNS / template by phone
  [-101]: 'setup',
  [-102]: 'setup',
  [-103]: 'setup',
  [-104]: 'setup',
  [-105]: 'setup',
  [-106]: 'bad_request',
  [-107]: 'bad_request',
  [-108]: 'bad_request',
  [-109]: 'bad_request',
  [-110]: 'unreachable',
  [-111]: 'bad_request',
  [-112]: 'bad_request',
  [-1121]: 'bad_request',
  [-1122]: 'bad_request',
  [-1124]: 'bad_request',
  [-113]: 'bad_request',
  [-1131]: 'bad_request',
  [-114]: 'unreachable',
  [-115]: 'billing',
  [-116]: 'bad_request',
  [-117]: 'setup',
  [-118]: 'unreachable',
  [-119]: 'unreachable',
  [-124]: 'token',
  [-126]: 'quota',
  [-127]: 'setup',
  [-131]: 'setup',
  [-133]: 'night',
  [-135]: 'setup',
  [-1351]: 'setup',
  [-136]: 'billing',
  [-137]: 'billing',
  [-139]: 'opted_out',
  [-140]: 'opted_out',
  [-141]: 'opted_out',
  [-144]: 'quota',
  [-1441]: 'quota',
  [-1471]: 'quota',
  [-1472]: 'quota',
  [-146]: 'setup',
  [-147]: 'quota',
  // §9.3 OAuth
  [-14002]: 'setup',
  [-14003]: 'setup',
  [-14014]: 'reauthorize',
};

export function classifyZaloError(code: number): ZaloFailureKind {
  return ZALO_ERROR_KINDS[code] ?? 'unknown';
}

/** The API answered with `error !== 0` (usually with HTTP 200). */
export class ZaloApiError extends Error {
  readonly kind: ZaloFailureKind;
  constructor(
    readonly code: number,
    readonly endpoint: string,
    platformMessage = '',
  ) {
    super(`Zalo ${endpoint} failed: ${code} ${platformMessage}`.trim());
    this.name = 'ZaloApiError';
    this.kind = classifyZaloError(code);
  }
}

/** The network, the HTTP status or the response shape failed: nothing Zalo decided about our request. */
export class ZaloHttpError extends Error {
  constructor(
    readonly endpoint: string,
    /** 'network': never reached Zalo; 'timeout' / 'connection_lost': sent, no answer; 'bad_response': an answer we cannot read. */
    readonly status: number | 'network' | 'timeout' | 'connection_lost' | 'bad_response',
  ) {
    super(`Zalo ${endpoint}: ${status}`);
    this.name = 'ZaloHttpError';
  }

  /** A message call that went out and got no usable answer: Zalo may have delivered it. OAuth calls send nothing. */
  get mayHaveArrived(): boolean {
    return !this.endpoint.startsWith('/v4/oa/') && (this.status === 'timeout' || this.status === 'connection_lost' || this.status === 'bad_response');
  }
}

/** The OAuth server refused a refresh or code exchange (no access_token in the answer). */
export class ZaloOAuthError extends Error {
  readonly kind: ZaloFailureKind;
  constructor(
    readonly code: number,
    readonly errorName = '',
  ) {
    super(`Zalo OAuth refused: ${code} ${errorName}`.trim());
    this.name = 'ZaloOAuthError';
    this.kind = classifyZaloError(code);
  }
}

/** No usable token: none stored yet, or an admin must authorise the app again. */
export class ZaloNotAuthorisedError extends Error {
  constructor(readonly reason: 'no_tokens' | 'reauthorize') {
    super(reason === 'no_tokens' ? 'No Zalo tokens stored: run `hoso zalo set-tokens`' : 'Zalo needs an OA admin to authorise the app again');
    this.name = 'ZaloNotAuthorisedError';
  }
}

/** What the outbox should do with a failure; it alone decides about retries (anchors.md example 13). */
export function failureToSendResult(kind: ZaloFailureKind, reason: string): Exclude<SendResult, { ok: true }> {
  switch (kind) {
    case 'window_closed':
    case 'not_follower':
      return { ok: false, kind: 'outside_window', reason };
    case 'rate_limit':
      return { ok: false, kind: 'retry', reason, retryAfterMs: 60_000 };
    case 'token':
    case 'retry':
    case 'quota':
    case 'night':
    case 'reauthorize':
    case 'unknown':
      return { ok: false, kind: 'retry', reason };
    case 'opted_out':
    case 'unreachable':
    case 'use_phone':
    case 'bad_request':
    case 'setup':
    case 'billing':
    case 'content':
      return { ok: false, kind: 'permanent', reason };
  }
}

/** Any error a Zalo call can raise, as a SendResult; a bug (anything else) is rethrown. */
export function errorToSendResult(e: unknown): Exclude<SendResult, { ok: true }> {
  if (e instanceof ZaloApiError) return failureToSendResult(e.kind, `zalo ${e.code} (${e.kind})`);
  // At most once: a send that may have arrived is never sent again (anchors: a second greeting is worse than none).
  if (e instanceof ZaloHttpError) return { ok: false, kind: e.mayHaveArrived ? 'unknown' : 'retry', reason: `zalo http ${e.status}` };
  if (e instanceof ZaloOAuthError) return { ok: false, kind: 'retry', reason: `zalo oauth ${e.code}: re-authorisation needed` };
  if (e instanceof ZaloNotAuthorisedError) return { ok: false, kind: 'retry', reason: `zalo ${e.reason}` };
  throw e;
}
