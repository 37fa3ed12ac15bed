// Who may use the playground: an optional password (HTTP Basic, any user name) and a per-address rate limit, so
// a playground left on in production is neither open to everyone nor a way to flood the engine and the database.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Compares hashes of equal length, so neither the time taken nor an exception says how much of it matched. */
export function passwordMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The password of an `Authorization: Basic …` header, or undefined. */
export function basicPassword(header: string | undefined): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

export function requirePassword(password: string): RequestHandler {
  return (req, res, next) => {
    const given = basicPassword(req.get('authorization'));
    if (given !== undefined && passwordMatches(given, password)) return next();
    res.set('WWW-Authenticate', 'Basic realm="Ho so playground", charset="UTF-8"');
    res.status(401).json({ error: 'password required' });
  };
}

export interface RateLimiter {
  /** True when this address may make one more request now (and counts it). */
  take(address: string): boolean;
  /** Seconds until the address's window ends. */
  retryAfterS(address: string): number;
}

/** A fixed one-minute window per address, in memory (one process; a restart forgets, which errs towards use). */
export function createRateLimiter(perMinute: number, now: () => number = Date.now, maxAddresses = 10_000): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const WINDOW_MS = 60_000;
  const current = (address: string): { start: number; count: number } => {
    const t = now();
    let w = windows.get(address);
    if (!w || t - w.start >= WINDOW_MS) {
      if (!w && windows.size >= maxAddresses) {
        for (const [k, v] of windows) if (t - v.start >= WINDOW_MS) windows.delete(k);
        // Still full of live windows: the oldest address is forgotten first (Map keeps insertion order).
        if (windows.size >= maxAddresses) windows.delete(windows.keys().next().value!);
      }
      w = { start: t, count: 0 };
      windows.set(address, w);
    }
    return w;
  };
  return {
    take(address) {
      const w = current(address);
      if (w.count >= perMinute) return false;
      w.count++;
      return true;
    },
    retryAfterS(address) {
      const w = windows.get(address);
      return w ? Math.max(1, Math.ceil((w.start + WINDOW_MS - now()) / 1000)) : 1;
    },
  };
}

export function rateLimit(limiter: RateLimiter): RequestHandler {
  return (req, res, next) => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (limiter.take(address)) return next();
    res.set('Retry-After', String(limiter.retryAfterS(address)));
    res.status(429).json({ error: 'too many requests' });
  };
}
