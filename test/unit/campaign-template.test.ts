// Campaign templates (issue 14): known placeholders only, a friendly reason for anything else, rendered per customer.
import { describe, expect, it } from '@jest/globals';
import { parseTemplate, placeholdersIn, renderTemplate, MAX_TEMPLATE_LENGTH } from '../../src/domain/campaign-template.js';

const values = { ten: 'chị Lan', xung_ho: 'chị', ho_ten: 'Nguyễn Thị Lan', ten_spa: 'Spa Hoa Sen', dich_vu_cuoi: 'Massage' };

describe('parseTemplate', () => {
  it.each([
    ['Chào {ten}, {ten_spa} nhớ {xung_ho}!', 'Chào {ten}, {ten_spa} nhớ {xung_ho}!'],
    ['  Chào {name}  ', 'Chào {name}'],
    ['Ưu đãi cho { dich_vu_cuoi }', 'Ưu đãi cho { dich_vu_cuoi }'],
    ['Không có chỗ trống nào', 'Không có chỗ trống nào'],
    ['Chào\u0000 {ten}', 'Chào {ten}'],
  ])('accepts %j', (raw, text) => {
    expect(parseTemplate(raw)).toEqual({ ok: true, value: text });
  });

  it.each([
    ['', { kind: 'empty' }],
    ['   ', { kind: 'empty' }],
    ['x'.repeat(MAX_TEMPLATE_LENGTH + 1), { kind: 'too_long', max: MAX_TEMPLATE_LENGTH }],
    ['Chào {$where}', { kind: 'unknown_placeholder', names: ['$where'] }],
    ['Chào {tne} {tne} {ho}', { kind: 'unknown_placeholder', names: ['tne', 'ho'] }],
    ['Chào {}', { kind: 'unknown_placeholder', names: [''] }],
    ['Chào {constructor}', { kind: 'unknown_placeholder', names: ['constructor'] }],
    ['Chào {__proto__}', { kind: 'unknown_placeholder', names: ['__proto__'] }],
    ['Chào {ten', { kind: 'unbalanced' }],
    ['Chào ten}', { kind: 'unbalanced' }],
    ['Chào {{ten}}', { kind: 'unbalanced' }],
  ])('refuses %j', (raw, reason) => {
    expect(parseTemplate(raw)).toEqual({ ok: false, reason });
  });
});

describe('renderTemplate', () => {
  it('fills every placeholder, aliases included', () => {
    expect(renderTemplate('Dạ em chào {ten} ({ho_ten}), {spa} gửi {pronoun} ưu đãi {last_service}.', values)).toBe('Dạ em chào chị Lan (Nguyễn Thị Lan), Spa Hoa Sen gửi chị ưu đãi Massage.');
  });
  it('never shows an unknown name raw', () => {
    expect(renderTemplate('Chào {ten}{la}', values)).toBe('Chào chị Lan');
  });
  it('lists the placeholders used, once each', () => {
    expect(placeholdersIn('{ten} {name} {ten_spa}')).toEqual(['ten', 'ten_spa']);
  });
});
