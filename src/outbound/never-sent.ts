// Whether a failed HTTP request certainly never reached the platform. Only then is sending again safe: after a
// timeout or a connection dropped mid-answer the platform may have delivered the message (at most once).

/** Failures before any byte of the request could arrive: no route, no name, nobody listening, TLS refused. */
const BEFORE_REQUEST = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * True only when the error (or one of its causes: fetch wraps the socket error) names a failure that happens
 * before the request is written. Everything else (timeouts, ECONNRESET, "socket hang up", unreadable answers)
 * counts as "may have arrived".
 */
export function requestNeverSent(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && BEFORE_REQUEST.has(code)) return true;
    // node-fetch (grammY's client) keeps the socket error on `.error` rather than `.cause`.
    const inner = (cur as { error?: unknown }).error;
    if (inner && typeof inner === 'object' && inner !== cur && requestNeverSent(inner)) return true;
  }
  return false;
}
