// Replies as Zalo text: numbered choices, NFC, and splitting at the 2,000-character limit without breaking lines.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { renderReplyText } from '../../bots/zalo/render.js';
import { splitText } from '../../bots/shared/split-text.js';

describe('renderReplyText', () => {
  it('lists choices as "1. Label" lines under the question', () => {
    const text = renderReplyText({
      text: 'Dạ, anh/chị quan tâm dịch vụ nào ạ?',
      choices: [
        { label: 'Chăm sóc da', value: 'skin' },
        { label: 'Trị mụn', value: 'acne' },
        { label: 'Gội đầu dưỡng sinh', value: 'hair' },
      ],
    });
    expect(text).toBe('Dạ, anh/chị quan tâm dịch vụ nào ạ?\n\n1. Chăm sóc da\n2. Trị mụn\n3. Gội đầu dưỡng sinh');
  });

  it('sends plain text unchanged when there are no choices', () => {
    expect(renderReplyText({ text: 'Dạ em cảm ơn chị ạ.' })).toBe('Dạ em cảm ơn chị ạ.');
  });

  it('normalises decomposed Vietnamese (NFD) to NFC, which is shorter and what Zalo counts', () => {
    const nfd = 'Nguyễn Thị Lan'.normalize('NFD');
    const out = renderReplyText({ text: nfd, choices: [{ label: 'Gội đầu'.normalize('NFD'), value: 'g' }] });
    expect(out).toBe('Nguyễn Thị Lan\n\n1. Gội đầu');
    expect(out.length).toBeLessThan(nfd.length + 12);
  });
});

describe('splitText', () => {
  it('keeps a message at the limit in one piece', () => {
    expect(splitText('a'.repeat(2000), 2000)).toEqual(['a'.repeat(2000)]);
  });

  it('splits between paragraphs first, then lines, so a numbered choice stays whole', () => {
    const para = 'x'.repeat(1500);
    const list = Array.from({ length: 40 }, (_, i) => `${i + 1}. Dịch vụ số ${i + 1}`).join('\n');
    const parts = splitText(`${para}\n\n${list}`, 2000);
    expect(parts[0]).toBe(para);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.join('\n').split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(40);
  });

  it('cuts a word-less run hard but never inside an emoji', () => {
    const parts = splitText('a'.repeat(9) + '😀'.repeat(5), 10);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(10);
    expect(parts.join('')).toBe('a'.repeat(9) + '😀'.repeat(5));
    expect(parts.every((p) => !/[\ud800-\udbff]$/.test(p))).toBe(true);
  });

  it('never exceeds the limit and never loses a word (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('\n', '\n\n', ' ', 'Gội đầu', '😀')), { maxLength: 200 }), fc.integer({ min: 20, max: 300 }), (pieces, limit) => {
        const text = pieces.join(' ');
        const parts = splitText(text, limit);
        for (const p of parts) {
          expect(p.length).toBeLessThanOrEqual(limit);
          expect(p.length).toBeGreaterThan(0);
        }
        const squash = (s: string): string => s.normalize('NFC').replace(/\s+/g, '');
        expect(squash(parts.join(''))).toBe(squash(text));
      }),
    );
  });
});
