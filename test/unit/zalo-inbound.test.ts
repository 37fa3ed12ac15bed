// Zalo webhook events → engine Inbound: which events count, who the user is, and the dedupe key.
import { describe, expect, it } from '@jest/globals';
import { eventTime, mapZaloEvent, ZaloWebhookEvent } from '../../bots/zalo/inbound.js';
import { echoEvent, followEvent, submitInfoEvent, textEvent, ZALO_TEST } from '../support/zalo-events.js';

const map = (e: Record<string, unknown>) => mapZaloEvent(ZaloWebhookEvent.parse(e), ZALO_TEST.oaId);
const address = { channel: 'zalo', account: ZALO_TEST.oaId, userId: ZALO_TEST.user };

describe('mapZaloEvent', () => {
  it('turns user_send_text into a text event keyed by msg_id', () => {
    const m = map(textEvent('1.', { msgId: 'abc123' }));
    expect(m).toMatchObject({ kind: 'inbound', key: 'abc123', inbound: { address, event: { kind: 'text', text: '1.' }, eventId: 'zalo:abc123' } });
  });

  it('reads a typed slash command as on Telegram', () => {
    expect(map(textEvent('/start'))).toMatchObject({ inbound: { event: { kind: 'command', command: 'start', args: '' } } });
  });

  it('turns an image into a photo event holding its URL, and an image without one, stickers and empty texts into "unsupported"', () => {
    const image = (payload: Record<string, unknown>) => ({ ...textEvent(''), event_name: 'user_send_image', message: { msg_id: 'i1', attachments: [{ type: 'image', payload }] } });
    expect(map(image({ url: 'https://photo-stal-1.zdn.vn/y.jpg' }))).toMatchObject({ kind: 'inbound', inbound: { event: { kind: 'photo', ref: 'https://photo-stal-1.zdn.vn/y.jpg' } } });
    expect(map(image({ url: 'javascript:alert(1)' }))).toMatchObject({ kind: 'inbound', inbound: { event: { kind: 'unsupported' } } });
    expect(map(image({}))).toMatchObject({ kind: 'inbound', inbound: { event: { kind: 'unsupported' } } });
    const sticker = { ...textEvent(''), event_name: 'user_send_sticker', message: { msg_id: 's1', attachments: [{ type: 'sticker', payload: { url: 'https://x/s.png' } }] } };
    expect(map(sticker)).toMatchObject({ kind: 'inbound', inbound: { event: { kind: 'unsupported' } } });
    expect(map(textEvent('   '))).toMatchObject({ kind: 'inbound', inbound: { event: { kind: 'unsupported' } } });
  });

  it('treats follow as /start, and unfollow as a state change that never reaches the engine', () => {
    expect(map(followEvent('follow'))).toMatchObject({ kind: 'inbound', following: true, inbound: { address, event: { kind: 'command', command: 'start' } } });
    expect(map(followEvent('unfollow'))).toEqual({ kind: 'unfollow', oaId: ZALO_TEST.oaId, userId: ZALO_TEST.user, key: expect.stringMatching(/^unfollow:/) });
  });

  it('hands over the consented card of user_submit_info as one info event, raw for the engine to parse', () => {
    const m = map(submitInfoEvent({ name: 'Nguyễn Thị Lan', phone: '84901234567', user_dob: '14/02/1992', gender: 'Nữ' }));
    expect(m).toMatchObject({ kind: 'inbound', inbound: { event: { kind: 'info', name: 'Nguyễn Thị Lan', phone: '84901234567', birthday: '14/02/1992' } } });
  });

  it.each([
    [{ full_address: { user_address: '12 Lê Lợi', user_ward: 'Bến Nghé', user_city: 'Hồ Chí Minh' } }, '12 Lê Lợi, Bến Nghé, Hồ Chí Minh'],
    [{ address: '45 Nguyễn Huệ', district: 'Quận 1', city: 'Hồ Chí Minh' }, '45 Nguyễn Huệ, Quận 1, Hồ Chí Minh'],
    [{ full_address: { user_address: '  ', user_city: 42 } }, undefined],
    [{ address: '' }, undefined],
  ])('keeps the address of the info card as one line (%j)', (info, address) => {
    const m = map(submitInfoEvent({ name: 'Nguyễn Thị Lan', ...info }));
    expect(m.kind === 'inbound' && m.inbound.event.kind === 'info' ? m.inbound.event.address : 'not info').toBe(address);
  });

  it('keys events without a message by name, user and timestamp', () => {
    const e = followEvent('follow', { at: new Date(1763850000000) });
    expect(map(e)).toMatchObject({ key: `follow:${ZALO_TEST.user}:1763850000000` });
  });

  it.each([
    ['the OA echo of its own message', echoEvent('Dạ em chào chị'), 'echo'],
    ['an event for another OA', { ...textEvent('hi'), recipient: { id: '4999' } }, 'other_oa'],
    ['an anonymous visitor', { ...textEvent('hi'), event_name: 'anonymous_send_text' }, 'not_handled'],
    ['a read receipt', { ...textEvent('hi'), event_name: 'user_seen_message' }, 'not_handled'],
    ['a text without a sender', { ...textEvent('hi'), sender: undefined }, 'no_user'],
  ])('ignores %s', (_what, e, reason) => {
    expect(map(e as Record<string, unknown>)).toMatchObject({ kind: 'ignore', reason });
  });

  it('keeps ids beyond 2^53 as exact strings, even when sent as numbers', () => {
    const e = ZaloWebhookEvent.parse({ ...textEvent('hi'), sender: { id: '9007199254740993123' } });
    expect(e.sender?.id).toBe('9007199254740993123');
  });
});

describe('eventTime', () => {
  const now = new Date('2026-03-12T02:00:00Z');
  it('uses the event timestamp when plausible, else now', () => {
    const at = new Date('2026-03-12T01:00:00Z');
    expect(eventTime(ZaloWebhookEvent.parse(textEvent('x', { at })), now)).toEqual(at);
    expect(eventTime(ZaloWebhookEvent.parse({ ...textEvent('x'), timestamp: '1763850' }), now)).toEqual(now);
    expect(eventTime(ZaloWebhookEvent.parse({ ...textEvent('x'), timestamp: 'soon' }), now)).toEqual(now);
  });
});
