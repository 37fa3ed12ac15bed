// Zalo OA webhook signature: `X-ZEvent-Signature: mac=<hex>` = SHA-256(appId + rawBody + timestamp + OA secret key).
// A plain hash of the concatenation, not an HMAC (zalo-platform.md §3.2, confirmed by Chatwoot and P3).
import { createHash, timingSafeEqual } from 'node:crypto';

/** Which id starts the hashed string: app_id is confirmed; oa_id is seen in community code [U]. */
export type SignatureIdMode = 'app_id' | 'oa_id' | 'either';

export interface SignatureKeys {
  appId: string;
  oaId: string;
  oaSecretKey: string;
  mode: SignatureIdMode;
}

export type SignatureCheck =
  | { ok: true; matched: 'app_id' | 'oa_id' }
  | { ok: false; reason: 'missing_header' | 'no_timestamp' | 'mismatch' };

/** The hex digest Zalo sends; exported so tests and the stand-in sign with the very same algorithm. */
export function zaloMac(firstId: string, rawBody: Buffer, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256')
    .update(Buffer.from(firstId, 'utf8'))
    .update(rawBody) // the bytes as received: re-serialised JSON would not match
    .update(Buffer.from(timestamp + oaSecretKey, 'utf8'))
    .digest('hex');
}

/**
 * Checks the header against the raw body. `timestamp` is the body's own `timestamp` field (a string),
 * not a header; the caller has parsed the body already and passes it in.
 */
export function verifyZaloSignature(header: string | undefined, rawBody: Buffer, timestamp: string | undefined, keys: SignatureKeys): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing_header' };
  if (!timestamp) return { ok: false, reason: 'no_timestamp' };
  const got = Buffer.from(header.trim().replace(/^mac=/i, '').toLowerCase(), 'utf8');
  const candidates: ('app_id' | 'oa_id')[] = keys.mode === 'either' ? ['app_id', 'oa_id'] : [keys.mode];
  for (const which of candidates) {
    const id = which === 'app_id' ? keys.appId : keys.oaId;
    const want = Buffer.from(zaloMac(id, rawBody, timestamp, keys.oaSecretKey), 'utf8');
    // Equal lengths first: timingSafeEqual throws otherwise, and a length says nothing about the key.
    if (got.length === want.length && timingSafeEqual(got, want)) return { ok: true, matched: which };
  }
  return { ok: false, reason: 'mismatch' };
}

export type Freshness = { ok: true } | { ok: false; reason: 'stale' | 'future' | 'unreadable_timestamp' };

/**
 * Whether a signed delivery is recent enough to act on: the mac covers the body's timestamp, so a captured
 * delivery can be replayed unchanged but cannot be re-dated. Epoch milliseconds (zalo-platform.md §3.2); a
 * 10-digit value is read as seconds, anything else that is not a number is refused. `maxAgeMinutes` 0 = off.
 */
export function checkFreshness(timestamp: string | undefined, now: Date, maxAgeMinutes: number): Freshness {
  if (maxAgeMinutes <= 0) return { ok: true };
  if (!timestamp || !/^\d{10,16}$/.test(timestamp.trim())) return { ok: false, reason: 'unreadable_timestamp' };
  const raw = Number(timestamp.trim());
  const ms = timestamp.trim().length === 10 ? raw * 1000 : raw;
  const age = now.getTime() - ms;
  const limit = maxAgeMinutes * 60_000;
  if (age > limit) return { ok: false, reason: 'stale' };
  if (-age > limit) return { ok: false, reason: 'future' };
  return { ok: true };
}
