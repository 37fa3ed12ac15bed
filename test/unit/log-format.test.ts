// Log format: readable lines for a person at a terminal (pino-pretty), JSON lines for collectors; redaction in both.
import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { createLogger, type LogFormat } from '../../src/log.js';

function capture(format?: LogFormat): { log: ReturnType<typeof createLogger>; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const log = createLogger('info', sink, format ? { format } : {});
  return { log, text: () => chunks.join('') };
}

const personal = { customerId: 'c-42', name: 'Nguyễn Thị Lan', phone: '+84912345678', customer: { birthday: '12/3', text: 'xin chào' } };

describe('log format', () => {
  it('writes one JSON object per line when the output is not a terminal (auto) or json is asked', () => {
    for (const format of [undefined, 'auto', 'json'] as const) {
      const { log, text } = capture(format);
      log.info({ customerId: 'c-42' }, 'saved');
      const lines = text().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: 'saved', customerId: 'c-42' });
    }
  });

  it('writes readable lines (level, message, fields) with LOG_FORMAT=pretty, not JSON', () => {
    const { log, text } = capture('pretty');
    log.warn({ customerId: 'c-42', attempts: 3 }, 'outbox row failed');
    const out = text();
    expect(out).toMatch(/WARN/);
    expect(out).toContain('outbox row failed');
    expect(out).toMatch(/customerId: "c-42"/);
    expect(out).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    expect(() => JSON.parse(out.trim().split('\n')[0]!)).toThrow();
  });

  it('redacts names, phones, birthdays and texts in pretty lines as in JSON ones', () => {
    for (const format of ['pretty', 'json'] as const) {
      const { log, text } = capture(format);
      log.info(personal, 'customer 0912 345 678 saved');
      const out = text();
      expect(out).toContain('c-42');
      expect(out).toContain('[phone]');
      for (const secret of ['Nguyễn', '+84912345678', '0912 345 678', '12/3', 'xin chào']) expect(out).not.toContain(secret);
    }
  });

  it('logs an error as type and frames only in pretty lines too', () => {
    const { log, text } = capture('pretty');
    const err = new Error('dup key: { phone: "+84912345678", name: "Lan" }');
    log.error({ err }, 'save failed');
    const out = text();
    expect(out).toContain('save failed');
    expect(out).toContain('Error');
    expect(out).not.toContain('dup key');
    expect(out).not.toContain('+84912345678');
  });

  it('takes LOG_FORMAT from the configuration (auto by default) and refuses other values', () => {
    expect(loadConfig({}).LOG_FORMAT).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });
});
