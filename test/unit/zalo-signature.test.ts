// Zalo webhook signatures: SHA-256(appId + raw body + timestamp + OA secret key), hex, after "mac=".
import { describe, expect, it } from '@jest/globals';
import { verifyZaloSignature, zaloMac, type SignatureKeys } from '../../bots/zalo/signature.js';

// The spec's own example payload (zalo-platform.md §3.3); digests computed with `printf … | sha256sum`.
const BODY =
  '{"app_id":"1234567890123456789","event_name":"user_send_text","sender":{"id":"5123400000000000001"},"recipient":{"id":"4000000000000000042"},"message":{"msg_id":"f00dbabe0123456789ab","text":"Tôi muốn đặt lịch gội đầu"},"timestamp":"1763850000000"}';
const TS = '1763850000000';
const BY_APP_ID = 'c2513f4a954d69a5435209777b8edc046dfeb926a8b0e02755ba574afe58c5e6';
const BY_OA_ID = '292e0d88e0775fb528aefc29bf016968e0008e6bb987912a05ce4d3e1deadf65';
const keys: SignatureKeys = { appId: '1234567890123456789', oaId: '4000000000000000042', oaSecretKey: 'oa-secret-key-for-tests', mode: 'app_id' };
const raw = Buffer.from(BODY, 'utf8');

describe('Zalo webhook signature', () => {
  it('computes the documented digest: a plain SHA-256, not an HMAC', () => {
    expect(zaloMac(keys.appId, raw, TS, keys.oaSecretKey)).toBe(BY_APP_ID);
  });

  it('accepts the right mac, with or without the prefix and in upper case', () => {
    for (const h of [`mac=${BY_APP_ID}`, BY_APP_ID, `MAC=${BY_APP_ID.toUpperCase()}`, ` mac=${BY_APP_ID} `]) {
      expect(verifyZaloSignature(h, raw, TS, keys)).toEqual({ ok: true, matched: 'app_id' });
    }
  });

  it.each([
    ['a missing header', undefined, raw, TS, keys, 'missing_header'],
    ['a body changed by one character', `mac=${BY_APP_ID}`, Buffer.from(BODY.replace('gội', 'goi')), TS, keys, 'mismatch'],
    ['another OA secret key', `mac=${BY_APP_ID}`, raw, TS, { ...keys, oaSecretKey: 'someone-elses-key' }, 'mismatch'],
    ['another timestamp', `mac=${BY_APP_ID}`, raw, '1763850000001', keys, 'mismatch'],
    ['no timestamp at all', `mac=${BY_APP_ID}`, raw, undefined, keys, 'no_timestamp'],
    ['a truncated mac', `mac=${BY_APP_ID.slice(0, 40)}`, raw, TS, keys, 'mismatch'],
    ['an HMAC of the same text', 'mac=' + 'f'.repeat(64), raw, TS, keys, 'mismatch'],
  ] as const)('rejects %s', (_what, header, body, ts, k, reason) => {
    expect(verifyZaloSignature(header, body, ts, k)).toEqual({ ok: false, reason });
  });

  it('hashes the bytes as received, not a re-serialisation of the JSON', () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(BODY), null, 2));
    expect(verifyZaloSignature(`mac=${BY_APP_ID}`, pretty, TS, keys).ok).toBe(false);
  });

  it('uses oa_id as the first term only when configured, and says which matched in "either" mode', () => {
    expect(verifyZaloSignature(`mac=${BY_OA_ID}`, raw, TS, keys).ok).toBe(false);
    expect(verifyZaloSignature(`mac=${BY_OA_ID}`, raw, TS, { ...keys, mode: 'oa_id' })).toEqual({ ok: true, matched: 'oa_id' });
    expect(verifyZaloSignature(`mac=${BY_OA_ID}`, raw, TS, { ...keys, mode: 'either' })).toEqual({ ok: true, matched: 'oa_id' });
    expect(verifyZaloSignature(`mac=${BY_APP_ID}`, raw, TS, { ...keys, mode: 'either' })).toEqual({ ok: true, matched: 'app_id' });
  });
});
