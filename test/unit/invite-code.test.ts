// Staff invitation codes: 40 random bits as 8 Crockford base32 characters, forgiving of how people type them.
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { encodeInviteCode, INVITE_CODE_BYTES, INVITE_CODE_LENGTH, normalizeInviteCode } from '../../src/domain/invite-code.js';

const FORMAT = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$/;

describe('encodeInviteCode', () => {
  it('makes 8 unambiguous characters from 5 random bytes (40 bits)', () => {
    expect(INVITE_CODE_BYTES * 8).toBeGreaterThanOrEqual(40);
    expect(INVITE_CODE_LENGTH).toBe(8);
    for (let i = 0; i < 200; i++) expect(encodeInviteCode(randomBytes(INVITE_CODE_BYTES))).toMatch(FORMAT);
  });

  it.each([
    [[0, 0, 0, 0, 0], '00000000'],
    [[255, 255, 255, 255, 255], 'ZZZZZZZZ'],
    [[0x08, 0x42, 0x10, 0x84, 0x21], '11111111'],
    [[0xff, 0, 0, 0, 0], 'ZW000000'],
  ])('encodes %j as %s', (bytes, code) => {
    expect(encodeInviteCode(Uint8Array.from(bytes))).toBe(code);
  });

  it('gives different codes for different bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), fc.uint8Array({ minLength: 5, maxLength: 5 }), (a, b) => {
        fc.pre(Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0);
        expect(encodeInviteCode(a)).not.toBe(encodeInviteCode(b));
      }),
    );
  });
});

describe('normalizeInviteCode', () => {
  it('accepts what a colleague types: lower case, spaces, dashes, I/L for 1 and O for 0', () => {
    expect(normalizeInviteCode('abcd-efgh')).toBe('ABCDEFGH');
    expect(normalizeInviteCode(' ABCD EFGH ')).toBe('ABCDEFGH');
    expect(normalizeInviteCode('ilo0-1234')).toBe('11001234');
    expect(normalizeInviteCode('ＡＢＣＤＥＦＧＨ')).toBe('ABCDEFGH');
  });

  it.each([[''], ['ABCDEFG'], ['ABCDEFGHJ'], ['ABCDEFGU'], ['ABCD*FGH'], ['{"$gt": ""}'], ['ĐĐĐĐĐĐĐĐ']])('rejects %j', (input) => {
    expect(normalizeInviteCode(input)).toBeNull();
  });

  it('round-trips every generated code in any case and with a dash in the middle', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), (bytes) => {
        const code = encodeInviteCode(bytes);
        expect(normalizeInviteCode(code)).toBe(code);
        expect(normalizeInviteCode(`${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase())).toBe(code);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = normalizeInviteCode(s);
        if (n !== null) expect(n).toMatch(FORMAT);
      }),
    );
  });
});
