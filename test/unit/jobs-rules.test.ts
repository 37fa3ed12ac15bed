// Pure rules of the scheduled jobs: pacing arithmetic, route choice, message copy, delays, config templates.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { solarBirthdayDays } from '../../jobs/birthday-greetings.js';
import { followUpDaysFor } from '../../jobs/follow-ups.js';
import { RateLimiter } from '../../jobs/rate-limiter.js';
import { chooseRoute } from '../../jobs/routing.js';
import { cronAt } from '../../jobs/scheduler.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { addressOf, customerMessage, staffDigestMessage, unknownPlaceholders } from '../../src/domain/scheduled-copy.js';

describe('RateLimiter', () => {
  it('spaces sends so that no window of one second holds more than the rate, whatever the arrival pattern', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 40 }), (gaps, rate) => {
        const limiter = new RateLimiter({ telegram: { perSecond: rate, perChatPerSecond: 1 } });
        let now = 0;
        const sentAt: number[] = [];
        gaps.forEach((gap, i) => {
          now += gap;
          const wait = limiter.reserve('telegram', String(i), now);
          now += wait; // the dispatcher sleeps, then sends
          sentAt.push(now);
        });
        for (let i = rate; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - rate]!).toBeGreaterThanOrEqual(1000 - 1);
      }),
    );
  });

  it('keeps one chat to one message per second and honours a pause after a 429', () => {
    const limiter = new RateLimiter({ telegram: { perSecond: 30, perChatPerSecond: 1 } });
    expect(limiter.reserve('telegram', 'a', 0)).toBe(0);
    expect(limiter.reserve('telegram', 'a', 0)).toBe(1000);
    // The dispatcher sleeps through each reservation, so the next chat is asked about after it.
    expect(limiter.waitMs('telegram', 'b', 1000)).toBe(34);
    limiter.pause('telegram', 5_000);
    expect(limiter.waitMs('telegram', 'c', 100)).toBe(4_900);
    expect(limiter.waitMs('zalo', 'c', 100)).toBe(0);
  });
});

describe('chooseRoute', () => {
  const tg = { channel: 'telegram' as const, account: '1', userId: '10' };
  const zalo = { channel: 'zalo' as const, account: 'oa', userId: 'z' };
  const running = new Set(['telegram', 'zalo']);
  it.each([
    ['Telegram first', { identities: [zalo, tg], channels: running, hasTemplate: true }, { kind: 'chat', reason: 'telegram_linked' }],
    ['Zalo chat when no Telegram', { identities: [zalo], channels: running, hasTemplate: true }, { kind: 'chat', reason: 'zalo_linked' }],
    ['a template after the window closed', { identities: [zalo], channels: running, hasTemplate: true, chatRefused: 'zalo_window_closed' }, { kind: 'template', reason: 'zalo_window_closed' }],
    ['a template by phone with no chat', { identities: [], channels: running, hasTemplate: true, phone: '+84912345678' }, { kind: 'template', reason: 'no_chat_template' }],
    ['staff with no chat and no template', { identities: [], channels: running, hasTemplate: false }, { kind: 'staff', reason: 'no_chat' }],
    ['staff when the chat’s channel is not running here', { identities: [tg], channels: new Set<string>(), hasTemplate: false }, { kind: 'staff', reason: 'chat_channel_not_running' }],
  ])('%s', (_name, input, expected) => {
    expect(chooseRoute(input)).toMatchObject(expected);
  });
});

describe('copy', () => {
  it('addresses the guest as the gender field says, else by the middle name, else anh/chị', () => {
    expect(addressOf({ name: 'Nguyễn Thị Lan', language: 'vi' })).toEqual({ pronoun: 'chị', named: 'chị Lan' });
    expect(addressOf({ name: 'Nguyễn Thị Lan', gender: 'male', language: 'vi' })).toEqual({ pronoun: 'anh', named: 'anh Lan' });
    expect(addressOf({ name: 'Lê Minh', language: 'vi' })).toEqual({ pronoun: 'anh/chị', named: 'anh/chị Minh' });
    expect(addressOf({ name: 'Trần Thu Hà', language: 'en' })).toEqual({ pronoun: 'you', named: 'Hà' });
  });

  it('fills an owner template with the name, pronoun and spa', () => {
    const text = customerMessage('birthday', { name: 'Trần Văn Minh', language: 'vi', spa: 'Spa Sen' }, { birthday: { vi: '{Pronoun} {name} ơi, {spa} chúc mừng sinh nhật!' } });
    expect(text).toBe('Anh anh Minh ơi, Spa Sen chúc mừng sinh nhật!');
    expect(unknownPlaceholders('Chúc {name} {gift}')).toEqual(['gift']);
  });

  it('cuts a long staff list so it fits one Telegram message', () => {
    const calls = Array.from({ length: 100 }, (_, i) => ({ customer: { name: `Nguyễn Thị Khách${i}`, language: 'vi' as const }, phone: '0912 345 678', kind: 'follow_up_visit' as const, service: 'Massage' }));
    const text = staffDigestMessage({ date: '12/3', calls, incomplete: [] }, 'vi');
    expect(text.length).toBeLessThan(4096);
    expect(text).toContain('… và 60 khách nữa');
  });
});

describe('schedule rules', () => {
  it('celebrates 29 February on the 28th in common years only', () => {
    expect(solarBirthdayDays({ year: 2027, month: 2, day: 28 })).toEqual([28, 29]);
    expect(solarBirthdayDays({ year: 2028, month: 2, day: 28 })).toEqual([28]);
    expect(solarBirthdayDays({ year: 2100, month: 2, day: 28 })).toEqual([28, 29]);
  });

  it('finds a service’s own follow-up delay regardless of case and diacritics', () => {
    const s = { serviceDays: { 'Trị mụn': 7 }, followUpAfterVisitDays: 3 };
    expect(followUpDaysFor('TRI MUN', s)).toBe(7);
    expect(followUpDaysFor('Massage', s)).toBe(3);
  });

  it('turns HH:MM into a daily cron line', () => {
    expect(cronAt('09:00')).toBe('0 9 * * *');
    expect(cronAt('21:30')).toBe('30 21 * * *');
  });

  it('reads job settings from the environment and rejects unknown template placeholders', () => {
    const c = loadConfig({ FOLLOW_UP_SERVICE_DAYS: 'Trị mụn:7, Massage:2', GREETING_TEMPLATE_VI: 'Chúc mừng {name}!' });
    expect(c.FOLLOW_UP_SERVICE_DAYS).toEqual({ 'Trị mụn': 7, Massage: 2 });
    expect(c.SEND_RATE_TELEGRAM).toBe(30);
    expect(() => loadConfig({ GREETING_TEMPLATE_VI: 'Chúc mừng {ten}!' })).toThrow(ConfigError);
    expect(() => loadConfig({ FOLLOW_UP_SERVICE_DAYS: 'Massage' })).toThrow(ConfigError);
  });
});
