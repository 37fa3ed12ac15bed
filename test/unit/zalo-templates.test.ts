// Template sends: never 22:00–06:00 business time, params mapped from config, tracking ids within 48 characters.
import { describe, expect, it } from '@jest/globals';
import { nightWaitMs, templateData, trackingIdOf, zaloNightRetryMs } from '../../bots/zalo/templates.js';
import { loadConfig } from '../../src/config.js';
import { zaloSettings } from '../../bots/zalo/config.js';

const TZ = 'Asia/Ho_Chi_Minh'; // UTC+7

describe('nightWaitMs', () => {
  it.each([
    ['06:00', '2026-03-11T23:00:00Z', 0],
    ['12:00', '2026-03-12T05:00:00Z', 0],
    ['21:59', '2026-03-12T14:59:00Z', 0],
    ['22:00', '2026-03-12T15:00:00Z', 8 * 3_600_000],
    ['23:30', '2026-03-12T16:30:00Z', 6.5 * 3_600_000],
    ['00:00', '2026-03-12T17:00:00Z', 6 * 3_600_000],
    ['05:59', '2026-03-12T22:59:00Z', 60_000],
  ])('at %s in Vietnam waits the right time until 06:00', (_local, utc, wait) => {
    expect(nightWaitMs(new Date(utc), TZ)).toBe(wait);
  });
});

describe('zaloNightRetryMs', () => {
  it('waits for the morning when Zalo says night late in the day, briefly when early', () => {
    expect(zaloNightRetryMs(new Date('2026-03-12T14:59:00Z'), TZ)).toBe(8 * 3_600_000 + 60_000); // 21:59
    expect(zaloNightRetryMs(new Date('2026-03-11T23:01:00Z'), TZ)).toBe(5 * 60_000); // 06:01
    expect(zaloNightRetryMs(new Date('2026-03-12T16:00:00Z'), TZ)).toBe(7 * 3_600_000); // 23:00
  });
});

describe('templateData', () => {
  const spec = { templateId: '412345', params: [['customer_name', 'name'], ['voucher_code', 'voucher']] as [string, string][] };
  it('maps our names onto the template params', () => {
    expect(templateData(spec, { name: 'Nguyễn Thị Lan', voucher: 'SN2026LAN', extra: 'x' })).toEqual({ ok: true, data: { customer_name: 'Nguyễn Thị Lan', voucher_code: 'SN2026LAN' } });
  });
  it('names the first missing param', () => {
    expect(templateData(spec, { name: 'Lan' })).toEqual({ ok: false, missing: 'voucher' });
  });
});

describe('trackingIdOf', () => {
  it('keeps short keys and hashes long ones to 48 characters', () => {
    expect(trackingIdOf('birthday:abc:2026')).toBe('birthday:abc:2026');
    const long = 'follow-up:' + 'x'.repeat(80);
    expect(trackingIdOf(long)).toHaveLength(48);
    expect(trackingIdOf(long)).toBe(trackingIdOf(long));
  });
});

describe('Zalo configuration', () => {
  const base = { ZALO_APP_ID: '123', ZALO_OA_ID: '456', ZALO_OA_SECRET_KEY: 'oa-secret-1', ZALO_APP_SECRET: 'app-secret-1' };

  it('is off by default and on with the four ids and secrets', () => {
    expect(zaloSettings(loadConfig({}))).toBeNull();
    const s = zaloSettings(loadConfig({ ...base, ZALO_TEMPLATE_BIRTHDAY_ID: '412345', ZALO_TEMPLATE_BIRTHDAY_PARAMS: 'customer_name=name, voucher_code=voucher' }));
    expect(s).toMatchObject({ appId: '123', oaId: '456', apiBase: 'https://openapi.zalo.me', textLimit: 2000, windowHours: 168, signatureId: 'app_id' });
    expect(s?.templates.birthday).toEqual({ templateId: '412345', params: [['customer_name', 'name'], ['voucher_code', 'voucher']] });
  });

  it('names every missing setting when Zalo is half configured', () => {
    expect(() => loadConfig({ ZALO_APP_ID: '123' })).toThrow(/ZALO_OA_ID[\s\S]*ZALO_OA_SECRET_KEY[\s\S]*ZALO_APP_SECRET/);
  });

  it('rejects a malformed param mapping', () => {
    expect(() => loadConfig({ ...base, ZALO_TEMPLATE_BIRTHDAY_PARAMS: 'customer_name' })).toThrow(/ZALO_TEMPLATE_BIRTHDAY_PARAMS/);
  });
});
