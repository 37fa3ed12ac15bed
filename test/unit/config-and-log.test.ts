// Configuration validation and log redaction.
import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { ConfigError, loadConfig, maskUri } from '../../src/config.js';
import { createLogger } from '../../src/log.js';

describe('configuration', () => {
  it('has working defaults, including the business time zone', () => {
    const c = loadConfig({});
    expect(c.BUSINESS_TIME_ZONE).toBe('Asia/Ho_Chi_Minh');
    expect(c.PORT).toBe(3000);
    expect(c.MONGODB_URI).toBeUndefined();
  });

  it('reports every bad value at once', () => {
    try {
      loadConfig({ PORT: 'x', BUSINESS_TIME_ZONE: 'Nowhere/City', BIRTHDAY_SEND_TIME: '25:00' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'BUSINESS_TIME_ZONE', 'BIRTHDAY_SEND_TIME']);
    }
  });

  it('masks the password of a database URI', () => {
    expect(maskUri('mongodb://u:p%40ss@h:27017/db')).toBe('mongodb://u:****@h:27017/db');
    expect(maskUri('mongodb://h:27017/db')).toBe('mongodb://h:27017/db');
  });
});

describe('logging', () => {
  it('never writes names, phones, birthdays or message texts', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info({ customerId: 'c1', name: 'Nguyễn Thị Lan', phone: '+84912345678', customer: { birthday: '12/3', text: 'xin chào' } }, 'saved');
    const out = lines.join('');
    expect(out).toContain('c1');
    for (const secret of ['Nguyễn', '+84912345678', '12/3', 'xin chào']) expect(out).not.toContain(secret);
  });
});
