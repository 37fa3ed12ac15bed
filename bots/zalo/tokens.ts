// Zalo OA token manager: one refresh at a time, the new pair saved before use, refresh-once on token errors (§4.3).
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../src/log.js';
import type { ZaloTokenPair, ZaloTokenRepository } from '../../src/store/zalo-repositories.js';
import { ZaloApiError, ZaloNotAuthorisedError, ZaloOAuthError } from './errors.js';

export interface ZaloTokenManagerDeps {
  oaId: string;
  repo: ZaloTokenRepository;
  oauth: { refreshAccessToken(refreshToken: string): Promise<ZaloTokenPair> };
  now: () => Date;
  log: Logger;
  /** Refresh this long before the access token expires (§4.3.4 suggests 2 h of a 25 h token). */
  refreshAheadMs?: number;
  /** Refresh at least this often, so the 3-month refresh token never runs out in a quiet season. */
  maxRefreshAgeMs?: number;
  lockLeaseMs?: number;
  /** How long to wait for another process that holds the refresh lease before giving up. */
  lockWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const HOUR = 3_600_000;

export class ZaloTokenManager {
  private inflight: Promise<string> | undefined;
  private readonly owner = randomUUID();
  private readonly aheadMs: number;
  private readonly maxAgeMs: number;
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly d: ZaloTokenManagerDeps) {
    this.aheadMs = d.refreshAheadMs ?? 2 * HOUR;
    this.maxAgeMs = d.maxRefreshAgeMs ?? 7 * 24 * HOUR;
    this.leaseMs = d.lockLeaseMs ?? 30_000;
    this.waitMs = d.lockWaitMs ?? 15_000;
    this.sleep = d.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /**
   * A usable access token, refreshed first when it is about to expire. Read from the database on every
   * call rather than cached, so a rotation by another process is seen at once.
   */
  async accessToken(): Promise<string> {
    const t = await this.d.repo.get(this.d.oaId);
    if (!t) throw new ZaloNotAuthorisedError('no_tokens');
    const now = this.d.now().getTime();
    if (now < t.accessExpiresAt.getTime() - this.aheadMs) return t.accessToken;
    try {
      return await this.refresh(t.accessToken);
    } catch (e) {
      // Still valid for a while: a failed early refresh must not stop this send.
      if (now < t.accessExpiresAt.getTime()) return t.accessToken;
      throw e;
    }
  }

  /** Runs one API call with a token; on a token error refreshes once and retries once, never more (§4.3.5). */
  async withToken<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken();
    try {
      return await call(token);
    } catch (e) {
      if (!(e instanceof ZaloApiError) || e.kind !== 'token') throw e;
      this.d.log.warn({ oaId: this.d.oaId, code: e.code }, 'zalo refused the access token; refreshing once');
      return call(await this.refresh(token));
    }
  }

  /**
   * Single-flight refresh. `staleAccessToken` is the token the caller found wanting: if the stored one is
   * already different (another send or process rotated it), that one is used and Zalo is not called.
   */
  refresh(staleAccessToken?: string): Promise<string> {
    this.inflight ??= this.rotate(staleAccessToken).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** For a periodic timer: refresh when due, quietly do nothing when there is nothing to refresh. */
  async refreshIfDue(): Promise<void> {
    const t = await this.d.repo.get(this.d.oaId);
    if (!t || t.alert) return;
    const now = this.d.now().getTime();
    const due = now >= t.accessExpiresAt.getTime() - this.aheadMs || now - t.refreshObtainedAt.getTime() >= this.maxAgeMs;
    if (due) await this.refresh(t.accessToken);
  }

  /** Problems for /readyz: what an operator must do for Zalo to work again. */
  async problems(): Promise<string[]> {
    const t = await this.d.repo.get(this.d.oaId);
    if (!t) return ['zalo: no tokens stored; run `hoso zalo set-tokens`'];
    if (t.alert) return [`zalo: an OA admin must authorise the app again, then run \`hoso zalo set-tokens\` (${t.alert.reason})`];
    return [];
  }

  private async rotate(stale: string | undefined): Promise<string> {
    // Real time, not the injected clock: this bounds an actual wait for another process.
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const cur = await this.d.repo.get(this.d.oaId);
      if (!cur) throw new ZaloNotAuthorisedError('no_tokens');
      if (stale !== undefined && cur.accessToken !== stale && this.d.now() < cur.accessExpiresAt) return cur.accessToken;
      // The stored refresh token already failed: calling again would only be refused again.
      if (cur.alert) throw new ZaloNotAuthorisedError('reauthorize');
      if (await this.d.repo.acquireLock(this.d.oaId, this.owner, this.d.now(), this.leaseMs)) {
        try {
          return await this.rotateLocked(cur.refreshToken);
        } finally {
          await this.d.repo.releaseLock(this.d.oaId, this.owner).catch(() => undefined);
        }
      }
      if (Date.now() >= deadline) throw new Error('zalo token refresh lease held elsewhere for too long');
      await this.sleep(250);
    }
  }

  private async rotateLocked(refreshTokenSeen: string): Promise<string> {
    // Between our read and the lease another process may have rotated: its pair is the live one.
    const fresh = await this.d.repo.get(this.d.oaId);
    if (!fresh) throw new ZaloNotAuthorisedError('no_tokens');
    if (fresh.refreshToken !== refreshTokenSeen) return fresh.accessToken;
    let pair: ZaloTokenPair;
    try {
      pair = await this.d.oauth.refreshAccessToken(fresh.refreshToken);
    } catch (e) {
      if (e instanceof ZaloOAuthError) {
        // Refused because another process used the token first (a lease race on FerretDB): its pair is live.
        const after = await this.d.repo.get(this.d.oaId);
        if (after && after.refreshToken !== fresh.refreshToken) return after.accessToken;
        await this.d.repo.setAlert(this.d.oaId, { reason: `oauth ${e.code} ${e.errorName}`.trim(), code: e.code }, this.d.now());
        this.d.log.error(
          { oaId: this.d.oaId, code: e.code, alert: 'zalo_reauthorize' },
          'Zalo refused the refresh token: an OA admin must authorise the app again, then run `hoso zalo set-tokens`',
        );
      } else {
        this.d.log.warn({ oaId: this.d.oaId, err: e instanceof Error ? e.name : 'unknown' }, 'zalo token refresh failed; will retry');
      }
      throw e;
    }
    // The old refresh token is dead from here on: the new pair must be stored before anyone uses it (§4.3.3).
    try {
      await this.d.repo.saveRotated(this.d.oaId, pair, this.d.now());
    } catch (e) {
      this.d.log.error({ oaId: this.d.oaId, alert: 'zalo_token_unsaved' }, 'new Zalo token pair could not be saved; re-authorisation may be needed');
      throw e;
    }
    this.d.log.info({ oaId: this.d.oaId, expiresInS: pair.expiresInS }, 'zalo tokens rotated');
    return pair.accessToken;
  }
}
