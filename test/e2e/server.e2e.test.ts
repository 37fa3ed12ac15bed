// The service as `npm start` runs it: health, readiness, graceful stop, and a clear line for an unreachable database.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startHoso, type Hoso } from '../../src/runtime.js';
import { testMongoUri } from '../support/db.js';

describe('HTTP service', () => {
  let hoso: Hoso;
  beforeAll(async () => {
    const u = new URL(testMongoUri());
    u.pathname = '/hoso_test_server_' + (process.env.JEST_WORKER_ID ?? '0');
    const config = loadConfig({ MONGODB_URI: u.toString(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    hoso = await startHoso(config, createLogger('silent'));
  });
  afterAll(async () => hoso?.stop());

  it('answers /healthz and /readyz with 200 when the database is up', async () => {
    const health = await fetch(`http://127.0.0.1:${hoso.port}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${hoso.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', problems: [] });
  });

  it('stops accepting connections after a graceful stop', async () => {
    const port = hoso.port;
    await hoso.stop();
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

describe('start-up failures', () => {
  it('names an unreachable database in one line, password masked, and exits non-zero', () => {
    const r = spawnSync('node', ['dist/src/main.js'], {
      env: { ...process.env, MONGODB_URI: 'mongodb://spa:s3cret@127.0.0.1:1/hoso?serverSelectionTimeoutMS=500', PORT: '0', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('mongodb://spa:****@127.0.0.1:1/hoso');
    expect(r.stderr).not.toContain('s3cret');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists every configuration problem at once', () => {
    const r = spawnSync('node', ['dist/src/main.js'], {
      env: { ...process.env, PORT: 'abc', BUSINESS_TIME_ZONE: 'Mars/Olympus', TELEGRAM_BOT_TOKEN: 'nope' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('BUSINESS_TIME_ZONE');
    expect(r.stderr).toContain('TELEGRAM_BOT_TOKEN');
  });
});
