// Issue 12: a production start refuses settings that are fine on a laptop and unsafe on the internet.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { ConfigError, EXAMPLE_WEBHOOK_SECRET, EXAMPLE_ZALO_OA_SECRET_KEY, loadConfig } from '../../src/config.js';

const SECRET = 'k3R9vQ2xL7mN4pT8wZ1aB6cD0eF5gH2j'; // 32 characters
const ZALO = { ZALO_APP_ID: '1234567890123456789', ZALO_OA_ID: '4000000000000000042', ZALO_APP_SECRET: 'app-secret-for-tests' };
const PROD = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.internal:27017/hoso' };
const TELEGRAM = { TELEGRAM_BOT_TOKEN: '123456:ABC-DEF', TELEGRAM_WEBHOOK_URL: 'https://spa.example.com/telegram/webhook', TELEGRAM_WEBHOOK_SECRET: SECRET };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems;
  }
}

/** The example file with its commented-out lines switched on, as someone copying it would. */
function exampleAsCopied(): Record<string, string> {
  const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').replace(/^# ?([A-Z][A-Z0-9_]*=)/gm, '$1');
  return parse(text);
}

describe('configuration in production', () => {
  it('accepts a sound production setup', () => {
    expect(problemsOf({ ...PROD, ...TELEGRAM, ...ZALO, ZALO_OA_SECRET_KEY: 'zalo-oa-secret-20ch' })).toEqual([]);
  });

  it.each([
    ['a Telegram webhook secret shorter than 32 characters', { ...TELEGRAM, TELEGRAM_WEBHOOK_SECRET: SECRET.slice(1) }, 'TELEGRAM_WEBHOOK_SECRET'],
    ["the example's Telegram webhook secret", { ...TELEGRAM, TELEGRAM_WEBHOOK_SECRET: EXAMPLE_WEBHOOK_SECRET }, 'TELEGRAM_WEBHOOK_SECRET'],
    ['a webhook URL over plain http', { ...TELEGRAM, TELEGRAM_WEBHOOK_URL: 'http://spa.example.com/telegram/webhook' }, 'TELEGRAM_WEBHOOK_URL'],
    ["the example's Zalo OA secret key", { ...ZALO, ZALO_OA_SECRET_KEY: EXAMPLE_ZALO_OA_SECRET_KEY }, 'ZALO_OA_SECRET_KEY'],
    ['a Zalo OA secret key too short to be real', { ...ZALO, ZALO_OA_SECRET_KEY: 'short-key' }, 'ZALO_OA_SECRET_KEY'],
    ['a playground without a password', { PLAYGROUND: 'true' }, 'PLAYGROUND_PASSWORD'],
  ])('refuses %s', (_what, env: Record<string, string>, variable) => {
    const problems = problemsOf({ ...PROD, ...env });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${variable}: `));
    // The same settings are fine on a development machine.
    expect(problemsOf({ ...PROD, ...env, NODE_ENV: 'development' })).toEqual([]);
  });

  it('refuses the embedded development database unless ALLOW_EMBEDDED_DB=true says so', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^MONGODB_URI: .*ALLOW_EMBEDDED_DB=true/)]);
    expect(problemsOf({ NODE_ENV: 'production', ALLOW_EMBEDDED_DB: 'true' })).toEqual([]);
    expect(problemsOf({ NODE_ENV: 'development' })).toEqual([]);
  });

  it('refuses .env.example copied as it is, naming every unsafe value at once', () => {
    // The app secret has no placeholder to copy; the example's database URI is a plausible one.
    const copied: Record<string, string> = { ...exampleAsCopied(), ZALO_APP_SECRET: 'app-secret-for-tests', NODE_ENV: 'production' };
    expect(copied.TELEGRAM_WEBHOOK_SECRET).toBe(EXAMPLE_WEBHOOK_SECRET);
    expect(copied.ZALO_OA_SECRET_KEY).toBe(EXAMPLE_ZALO_OA_SECRET_KEY);
    const variables = problemsOf(copied).map((p) => p.split(':')[0]);
    expect(variables).toEqual(expect.arrayContaining(['TELEGRAM_WEBHOOK_SECRET', 'ZALO_OA_SECRET_KEY']));
  });
});
