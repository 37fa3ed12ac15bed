// Which typed words answer an appointment reminder: plain "hủy" (ambiguous, decided by the engine), words that name
// the appointment, and "đổi giờ" in its usual spellings; anything else is not an answer.
import { describe, expect, it } from '@jest/globals';
import { replyIntent } from '../../src/engine/flows/booking-replies.js';

describe('replyIntent', () => {
  it.each([
    ['hủy', { kind: 'cancel', plain: true }],
    ['Huỷ!', { kind: 'cancel', plain: true }],
    ['hủy bỏ', { kind: 'cancel', plain: true }],
    ['hủy lịch', { kind: 'cancel', plain: false }],
    ['Hủy lịch hẹn ạ', { kind: 'cancel', plain: false }],
    ['đổi giờ', { kind: 'move' }],
    ['Đổi giờ giúp em', { kind: 'move' }],
    ['dời lịch', { kind: 'move' }],
    ['change time', { kind: 'move' }],
  ])('%s', (text, expected) => expect(replyIntent(text)).toEqual(expected));
  it.each(['hủy đăng ký đi', 'đổi tên', 'sửa sđt', 'Mai', '15h', ''])('%s is not an answer to a reminder', (text) => expect(replyIntent(text)).toBeUndefined());
});
