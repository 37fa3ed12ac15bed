// The stored state leaves defaults out; reading it back must give the very same state.
import { describe, expect, it } from '@jest/globals';
import { freshState, parseState, storedState, type State } from '../../src/engine/state.js';

const roundTrip = (s: State): State => parseState(JSON.parse(JSON.stringify(storedState(s))), 'vi').state;

describe('storedState', () => {
  const fresh = freshState('vi');
  const midFlow: State = {
    ...freshState('en'),
    step: 'needs',
    history: ['consent', 'marketing', 'name', 'phone', 'birthday'],
    tries: 2,
    offered: [{ label: 'Trị mụn', value: 'need:1' }, { label: 'Xong', value: 'needs:done' }],
    returnToConfirm: true,
    resumeStep: 'needs',
    data: { consentAt: '2026-03-10T03:00:00.000Z', name: 'Nguyễn Thị Lan', phone: '+84912345678', birthday: { day: 12, month: 3 }, needs: ['Trị mụn'], edited: ['name', 'phone'] },
  };
  const staffAtWork: State = {
    ...freshState('vi'),
    staff: { step: 'add_phone', draft: { name: 'Lan', needs: ['Massage'] }, openCustomerId: '6b0f2e9d124380dbb87ec38c', pendingCall: 'gọi lại' },
  };
  const staffWithEmptyDraftButOpenCustomer: State = { ...freshState('vi'), staff: { step: null, draft: { needs: [] }, openCustomerId: 'abc' } };

  it.each([
    ['a fresh state', fresh],
    ['a guest in the middle of the intake', midFlow],
    ['a staff member adding a customer', staffAtWork],
    ['a staff member with a customer open', staffWithEmptyDraftButOpenCustomer],
  ])('reads back %s unchanged', (_name, state) => {
    expect(roundTrip(state)).toEqual(state);
  });

  it('leaves out what equals its default', () => {
    expect(storedState(fresh)).toEqual({ v: fresh.v, lang: 'vi', step: null, data: {} });
    expect(JSON.stringify(storedState(midFlow)).length).toBeLessThan(JSON.stringify(midFlow).length);
  });

  it('restarts a damaged or unknown state and says so only when a flow was under way', () => {
    expect(parseState(undefined, 'vi')).toEqual({ state: fresh, outdated: false });
    expect(parseState('{not json', 'vi')).toEqual({ state: fresh, outdated: true });
    expect(parseState({ v: 0, step: 'old_step', lang: 'en' }, 'vi')).toEqual({ state: freshState('en'), outdated: true });
    expect(parseState({ v: 0, step: null, lang: 'en' }, 'vi')).toEqual({ state: freshState('en'), outdated: false });
  });
});
