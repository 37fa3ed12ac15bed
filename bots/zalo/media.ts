// A staff member's Zalo image, downloaded on demand from the URL in the webhook (zalo-platform.md §3.3): only from
// Zalo's CDN hosts (ZALO_MEDIA_HOSTS), over HTTPS, with a timeout, never more than `maxBytes` read, and only when
// the server says it is a JPEG, PNG or WebP (the store still checks the bytes). The URL comes from a signed
// webhook, but it is fetched from this server: the host list keeps it from reaching anything else (SSRF).
import type { FetchedMedia, MediaFetcher } from '../../src/engine/types.js';
import { readCapped } from '../shared/read-capped.js';

const DOWNLOAD_TIMEOUT_MS = 20_000;
/** A CDN may send a short redirect; each hop is checked against the host list again. */
const MAX_REDIRECTS = 3;
const IMAGE_TYPES = /^image\/(jpeg|jpg|png|webp)$/i;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface ZaloMediaOptions {
  /** Hosts whose names, or whose subdomains' names, may be fetched from. */
  hosts: string[];
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Whether `raw` is a URL this server may download from: a listed host (or below it), HTTPS (HTTP on loopback only). */
export function allowedMediaUrl(raw: string, hosts: string[]): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  // Credentials in a URL are never Zalo's, and a port other than the default is not a CDN.
  if (url.username || url.password) return null;
  const host = url.hostname.toLowerCase();
  const listed = hosts.some((h) => host === h || host.endsWith(`.${h}`));
  if (!listed) return null;
  if (LOOPBACK.has(host)) return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  return url.protocol === 'https:' && url.port === '' ? url : null;
}

export function zaloMedia(o: ZaloMediaOptions): MediaFetcher {
  const f = o.fetch ?? fetch;
  const timeoutMs = o.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
  return async (ref: string, maxBytes: number): Promise<FetchedMedia> => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      let url = allowedMediaUrl(ref, o.hosts);
      let res: Response | undefined;
      for (let hop = 0; url && hop <= MAX_REDIRECTS; hop++) {
        res = await f(url, { redirect: 'manual', signal, headers: { accept: 'image/jpeg, image/png, image/webp' } });
        if (res.status < 300 || res.status >= 400) break;
        const next = res.headers.get('location');
        await res.body?.cancel().catch(() => undefined);
        url = next ? allowedMediaUrl(new URL(next, url).href, o.hosts) : null;
        res = undefined;
      }
      if (!res || !res.ok || !res.body) {
        await res?.body?.cancel().catch(() => undefined);
        return { ok: false, reason: 'unavailable' };
      }
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
      if (!IMAGE_TYPES.test(type)) {
        await res.body.cancel().catch(() => undefined);
        return { ok: false, reason: 'not_image' };
      }
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        await res.body.cancel().catch(() => undefined);
        return { ok: false, reason: 'too_large' };
      }
      const data = await readCapped(res.body, maxBytes);
      if (data === 'too_large') return { ok: false, reason: 'too_large' };
      return { ok: true, data, mimeType: type.toLowerCase().replace('jpg', 'jpeg') };
    } catch {
      // Timeout, connection refused, a bad redirect: the staff member is asked to send it again.
      return { ok: false, reason: 'unavailable' };
    }
  };
}
