// Template (ZNS / ZBS) sender for birthday and follow-up intents: by OA user id first, then by phone, never at night.
import { createHash } from 'node:crypto';
import { businessDateTime, businessInstant } from '../../src/domain/business-time.js';
import type { ChannelAddress } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';
import type { SendResult } from '../../src/outbound/types.js';
import type { ZaloClient } from './client.js';
import { errorToSendResult, ZaloApiError, type ZaloFailureKind } from './errors.js';
import type { ZaloTokenManager } from './tokens.js';

export type ZaloTemplatePurpose = 'birthday' | 'follow_up';

export interface ZaloTemplateIntent {
  purpose: ZaloTemplatePurpose;
  /** The customer's Zalo OA address, when known: the cheaper by-user-id channel is tried first. */
  address?: ChannelAddress;
  /** E.164 phone the customer agreed to be contacted on: the by-phone fallback. */
  phone?: string;
  /** Values by our names (`name`, `spa_name`, `date`…); the config maps them onto the template's own params. */
  params: Record<string, string>;
  /** The outbox key (birthday:<customerId>:<year>): ZNS echoes it on delivery receipts. */
  trackingId: string;
}

export interface ZaloTemplateSpec {
  templateId: string;
  /** [template param, our param] pairs, from ZALO_TEMPLATE_*_PARAMS ("customer_name=name"). */
  params: [string, string][];
}

export interface ZaloTemplateDeps {
  oaId: string;
  templates: Partial<Record<ZaloTemplatePurpose, ZaloTemplateSpec>>;
  byUid: boolean;
  uidBody: 'user_id' | 'recipient';
  development: boolean;
  timeZone: string;
  client: Pick<ZaloClient, 'sendTemplateByUid' | 'sendTemplateByPhone'>;
  tokens: Pick<ZaloTokenManager, 'withToken'>;
  now: () => Date;
  log: Logger;
}

export interface ZaloTemplateSender {
  readonly channel: 'zalo';
  send(intent: ZaloTemplateIntent): Promise<SendResult>;
}

// Zalo refuses template sends 22:00–06:00 (-133) and promotional ones too (-234), in Vietnam's time (§5.4, §8) [S].
const NIGHT_START = 22;
const NIGHT_END = 6;
// Failures of the by-id channel that the by-phone channel may still overcome.
const TRY_PHONE: ZaloFailureKind[] = ['use_phone', 'not_follower', 'window_closed', 'unreachable', 'opted_out'];

/** Milliseconds until 06:00 business time when `now` is in the night window, else 0. */
export function nightWaitMs(now: Date, timeZone: string): number {
  const t = businessDateTime(now, timeZone);
  if (t.hour >= NIGHT_END && t.hour < NIGHT_START) return 0;
  return nextMorningMs(now, timeZone);
}

/** Milliseconds until the next 06:00 business time. */
function nextMorningMs(now: Date, timeZone: string): number {
  const t = businessDateTime(now, timeZone);
  const day = new Date(Date.UTC(t.year, t.month - 1, t.day + (t.hour >= NIGHT_END ? 1 : 0)));
  const morning = businessInstant({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() }, NIGHT_END, 0, timeZone);
  return morning.getTime() - now.getTime();
}

/**
 * When Zalo says "night" (-133/-234) although our clock says day, the clocks disagree by a little:
 * late in the day that means tomorrow morning, early in the day a short wait.
 */
export function zaloNightRetryMs(now: Date, timeZone: string): number {
  const wait = nightWaitMs(now, timeZone);
  if (wait > 0) return wait;
  return businessDateTime(now, timeZone).hour >= 12 ? nextMorningMs(now, timeZone) : 5 * 60_000;
}

/** Our params → the template's, or the first one missing. */
export function templateData(spec: ZaloTemplateSpec, params: Record<string, string>): { ok: true; data: Record<string, string> } | { ok: false; missing: string } {
  const data: Record<string, string> = {};
  for (const [param, from] of spec.params) {
    const v = params[from];
    if (v === undefined || v.trim() === '') return { ok: false, missing: from };
    data[param] = v.normalize('NFC');
  }
  return { ok: true, data };
}

/** ZNS tracking ids are at most 48 characters (§5.1); longer keys are hashed, still unique and stable. */
export function trackingIdOf(key: string): string {
  return key.length <= 48 ? key : 'h-' + createHash('sha256').update(key).digest('hex').slice(0, 46);
}

export function createZaloTemplateSender(d: ZaloTemplateDeps): ZaloTemplateSender {
  const fail = (e: unknown): Exclude<SendResult, { ok: true }> => {
    const r = errorToSendResult(e);
    // Zalo's own night refusal: retry in the morning rather than hammering it all night.
    if (e instanceof ZaloApiError && e.kind === 'night') return { ok: false, kind: 'retry', reason: r.reason, retryAfterMs: zaloNightRetryMs(d.now(), d.timeZone) };
    return r;
  };

  return {
    channel: 'zalo',
    async send(intent) {
      const spec = d.templates[intent.purpose];
      if (!spec) return { ok: false, kind: 'permanent', reason: `no Zalo template configured for ${intent.purpose}` };
      const wait = nightWaitMs(d.now(), d.timeZone);
      if (wait > 0) return { ok: false, kind: 'retry', reason: 'zalo templates are not sent 22:00-06:00', retryAfterMs: wait };
      const data = templateData(spec, intent.params);
      if (!data.ok) return { ok: false, kind: 'permanent', reason: `template param missing: ${data.missing}` };

      const uid = d.byUid && intent.address?.channel === 'zalo' && intent.address.account === d.oaId ? intent.address.userId : undefined;
      if (uid) {
        try {
          const sent = await d.tokens.withToken((t) => d.client.sendTemplateByUid(t, { userId: uid, templateId: spec.templateId, templateData: data.data, shape: d.uidBody }));
          return { ok: true, ...(sent.messageId ? { platformMessageId: sent.messageId } : {}) };
        } catch (e) {
          if (!(e instanceof ZaloApiError && TRY_PHONE.includes(e.kind) && intent.phone)) return fail(e);
          d.log.info({ oaId: d.oaId, code: e.code, purpose: intent.purpose }, 'zalo template by user id refused; trying by phone');
        }
      }
      if (intent.phone) {
        const phone = intent.phone.replace(/^\+/, ''); // 84… without "+", as Zalo documents it (§5.2)
        try {
          const sent = await d.tokens.withToken((t) =>
            d.client.sendTemplateByPhone(t, { phone, templateId: spec.templateId, templateData: data.data, trackingId: trackingIdOf(intent.trackingId), development: d.development }),
          );
          return { ok: true, ...(sent.messageId ? { platformMessageId: sent.messageId } : {}) };
        } catch (e) {
          return fail(e);
        }
      }
      return { ok: false, kind: 'permanent', reason: 'no Zalo user id or phone to send the template to' };
    },
  };
}
