// The Zalo channel's slice of the configuration: null when Zalo is not set up, so nothing of it starts.
import type { Config } from '../../src/config.js';
import type { SignatureIdMode } from './signature.js';
import type { ZaloTemplatePurpose, ZaloTemplateSpec } from './templates.js';

export interface ZaloSettings {
  appId: string;
  oaId: string;
  oaSecretKey: string;
  appSecret: string;
  apiBase: string;
  oauthBase: string;
  znsBase: string;
  webhookPath: string;
  signatureId: SignatureIdMode;
  maxAgeMinutes: number;
  textLimit: number;
  windowHours: number;
  freeReplyHours: number;
  templates: Partial<Record<ZaloTemplatePurpose, ZaloTemplateSpec>>;
  templateByUid: boolean;
  templateUidBody: 'user_id' | 'recipient';
  templateDevelopment: boolean;
  timeZone: string;
  /** Hosts (and their subdomains) a staff member's image may be downloaded from (ZALO_MEDIA_HOSTS). */
  mediaHosts: string[];
}

const pairs = (list: string[]): [string, string][] => list.map((p) => p.split('=') as [string, string]);
const stripSlash = (u: string): string => u.replace(/\/+$/, '');

export function zaloSettings(c: Config): ZaloSettings | null {
  if (!c.ZALO_APP_ID || !c.ZALO_OA_ID || !c.ZALO_OA_SECRET_KEY || !c.ZALO_APP_SECRET) return null;
  const templates: ZaloSettings['templates'] = {};
  if (c.ZALO_TEMPLATE_BIRTHDAY_ID) templates.birthday = { templateId: c.ZALO_TEMPLATE_BIRTHDAY_ID, params: pairs(c.ZALO_TEMPLATE_BIRTHDAY_PARAMS) };
  if (c.ZALO_TEMPLATE_FOLLOW_UP_ID) templates.follow_up = { templateId: c.ZALO_TEMPLATE_FOLLOW_UP_ID, params: pairs(c.ZALO_TEMPLATE_FOLLOW_UP_PARAMS) };
  return {
    appId: c.ZALO_APP_ID,
    oaId: c.ZALO_OA_ID,
    oaSecretKey: c.ZALO_OA_SECRET_KEY,
    appSecret: c.ZALO_APP_SECRET,
    apiBase: stripSlash(c.ZALO_API_BASE),
    oauthBase: stripSlash(c.ZALO_OAUTH_BASE),
    znsBase: stripSlash(c.ZALO_ZNS_BASE),
    webhookPath: c.ZALO_WEBHOOK_PATH,
    signatureId: c.ZALO_SIGNATURE_ID,
    maxAgeMinutes: c.ZALO_WEBHOOK_MAX_AGE_MINUTES,
    textLimit: c.ZALO_TEXT_LIMIT,
    windowHours: c.ZALO_CS_WINDOW_HOURS,
    freeReplyHours: c.ZALO_FREE_REPLY_HOURS,
    templates,
    templateByUid: c.ZALO_TEMPLATE_BY_UID,
    templateUidBody: c.ZALO_TEMPLATE_UID_BODY,
    templateDevelopment: c.ZALO_TEMPLATE_MODE === 'development',
    timeZone: c.BUSINESS_TIME_ZONE,
    mediaHosts: c.ZALO_MEDIA_HOSTS.map((h) => h.toLowerCase()),
  };
}
