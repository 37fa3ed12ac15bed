import { it, expect } from '@jest/globals';
import fc from 'fast-check';
import { normalizeName } from '../../src/domain/name.js';
import { parseVnMobile } from '../../src/domain/phone.js';
import { parseBirthday } from '../../src/domain/birthday.js';
import { parseVnd } from '../../src/domain/money.js';
it('heavy', () => {
  const idem = (s: string): void => { const a = normalizeName(s); if (a.ok) expect(normalizeName(a.value)).toEqual(a); };
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), idem), { numRuns: 200000 });
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), idem), { numRuns: 100000 });
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'aİŉßΣσςǅǆǄ\u0301 -\'ʼ.ﬀ'), maxLength: 20 }), idem), { numRuns: 100000 });
  // every char in BMP letter range capitalised idempotently
  for (let cp = 0; cp < 0x30000; cp++) { const c = String.fromCodePoint(cp); idem(c + c + ' ' + c); idem('a' + c); }
  const t = Date.now();
  parseVnMobile('9'.repeat(100000)); parseBirthday('1'.repeat(100000), { year: 2026, month: 1, day: 1 }); parseVnd('1.'.repeat(50000) + 'x'); parseVnd('1'.repeat(100000)); normalizeName('a '.repeat(100000));
  parseBirthday('ngay '.repeat(20000), { year: 2026, month: 1, day: 1 }); parseVnd('1tr'.repeat(30000));
  expect(Date.now() - t).toBeLessThan(2000);
}, 600000);
