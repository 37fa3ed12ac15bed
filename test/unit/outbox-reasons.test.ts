import { describe, expect, it } from '@jest/globals';
import { OUTBOX_REASON_KINDS, outboxReasonKind } from '../../src/domain/outbox-reasons.js';
import { webEn } from '../../src/web/copy/en.js';
import { webVi } from '../../src/web/copy/vi.js';

describe('outboxReasonKind', () => {
  it.each([
    ['permanent: 403: Forbidden: bot was blocked by the user', 'blocked'],
    ['gave up after 5 attempts: 403: Forbidden: user is deactivated', 'blocked'],
    ['403: Forbidden: bot was kicked from the group chat', 'blocked'],
    ['400: Bad Request: chat not found', 'chat_gone'],
    ['no_chat: no consent for birthday', 'no_chat'],
    ['no_chat_for_appointment: never_wrote', 'no_chat'],
    ['no_staff_chat', 'no_staff_chat'],
    ['channel_not_running: zalo', 'channel_down'],
    ['never_wrote', 'zalo_window'],
    ['unfollowed', 'zalo_window'],
    ['zalo oauth -14014: re-authorisation needed', 'zalo_auth'],
    ['zalo reauthorize', 'zalo_auth'],
    ['consent_withdrawn', 'opted_out'],
    ['gave up after 8 attempts: 502: Bad Gateway', 'gave_up'],
    ['400: Bad Request: message is too long', 'other'],
  ])('%s → %s', (reason, kind) => {
    expect(outboxReasonKind(reason)).toBe(kind);
  });

  it('says nothing when there is no reason', () => {
    expect(outboxReasonKind(undefined)).toBeUndefined();
    expect(outboxReasonKind('')).toBeUndefined();
  });

  it('every kind has words in both languages', () => {
    for (const kind of OUTBOX_REASON_KINDS) {
      expect(webVi.outbox.reasons[kind].length).toBeGreaterThan(10);
      expect(webEn.outbox.reasons[kind].length).toBeGreaterThan(10);
    }
  });
});
