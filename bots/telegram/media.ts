// A photo's bytes from Telegram on demand (getFile, then the file download), never more than `maxBytes` read:
// the size getFile reports is checked first, and the download is cut off if the bytes run past it anyway.
import type { Api } from 'grammy';
import type { FetchedMedia, MediaFetcher } from '../../src/engine/types.js';
import { readCapped } from '../shared/read-capped.js';

const DOWNLOAD_TIMEOUT_MS = 30_000;

export function telegramMedia(api: Api, token: string, apiRoot = 'https://api.telegram.org'): MediaFetcher {
  return async (ref: string, maxBytes: number): Promise<FetchedMedia> => {
    try {
      const file = await api.getFile(ref);
      if (file.file_size !== undefined && file.file_size > maxBytes) return { ok: false, reason: 'too_large' };
      if (!file.file_path) return { ok: false, reason: 'unavailable' };
      const res = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
      if (!res.ok || !res.body) return { ok: false, reason: 'unavailable' };
      const data = await readCapped(res.body, maxBytes);
      if (data === 'too_large') return { ok: false, reason: 'too_large' };
      return { ok: true, data };
    } catch {
      return { ok: false, reason: 'unavailable' };
    }
  };
}
