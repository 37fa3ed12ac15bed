// The settings page shows what is in use, never a secret (tokens, keys, passwords, database credentials).
import type { Config } from '../config.js';

export function shownSettings(config: Config): [string, string][] {
  return [
    ['SPA_NAME', config.SPA_NAME],
    ['SPA_SERVICES', config.SPA_SERVICES.join(', ')],
    ['SPA_BRANCHES', config.SPA_BRANCHES.join(', ') || '(theo nhân viên / from the staff)'],
    ['BUSINESS_TIME_ZONE', config.BUSINESS_TIME_ZONE],
    ['DEFAULT_LANGUAGE', config.DEFAULT_LANGUAGE],
    ['STAFF_VISIBILITY', config.STAFF_VISIBILITY],
    ['QUIET_HOURS', `${config.QUIET_HOURS_START}–${config.QUIET_HOURS_END}`],
    ['BIRTHDAY_SEND_TIME', config.BIRTHDAY_SEND_TIME],
    ['FOLLOW_UP_SEND_TIME', config.FOLLOW_UP_SEND_TIME],
    ['STAFF_REMINDER_TIME', config.STAFF_REMINDER_TIME],
    ['FOLLOW_UP_AFTER_REGISTRATION_DAYS', String(config.FOLLOW_UP_AFTER_REGISTRATION_DAYS)],
    ['FOLLOW_UP_AFTER_VISIT_DAYS', String(config.FOLLOW_UP_AFTER_VISIT_DAYS)],
    ['GREETING_TEMPLATE_VI', config.GREETING_TEMPLATE_VI ?? '(mặc định / default)'],
    ['WEB_STAFF_ACCESS', String(config.WEB_STAFF_ACCESS)],
    ['TELEGRAM', config.TELEGRAM_BOT_TOKEN ? (config.TELEGRAM_WEBHOOK_URL ? 'webhook' : 'polling') : 'off'],
    ['ZALO', config.ZALO_OA_ID ? 'on' : 'off'],
  ];
}

export function webAccessSettings(config: Config) {
  return {
    ...(config.PUBLIC_URL ? { baseUrl: config.PUBLIC_URL } : {}),
    allowStaff: config.WEB_STAFF_ACCESS,
    linkTtlMs: config.WEB_LINK_MINUTES * 60_000,
    sessionTtlMs: config.WEB_SESSION_HOURS * 3_600_000,
  };
}
