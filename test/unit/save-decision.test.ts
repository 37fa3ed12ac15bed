// The save rules of issue 12 as a table: who holds the phone, whether it was proved, whose chat this is.
import { describe, expect, it } from '@jest/globals';
import { changedConsents, decideSave, type SaveFacts } from '../../src/engine/flows/save-decision.js';

const off = { care: false, marketing: false };
const on = { care: true, marketing: false };
const given = [
  { purpose: 'care' as const, granted: true, at: new Date('2026-03-10T03:00:00Z'), wordingVersion: 'v' },
  { purpose: 'marketing' as const, granted: false, at: new Date('2026-03-10T03:00:00Z'), wordingVersion: 'v' },
];
const facts = (f: Partial<SaveFacts>): SaveFacts => ({ linked: null, trusted: false, phoneVerified: false, phoneOwner: null, edited: ['name', 'phone'], given, ...f });
const lan = { id: 'lan', consent: off };
const mine = { id: 'mine', consent: on };

describe('decideSave', () => {
  it.each<[string, string, Partial<SaveFacts>]>([
    ['a new guest with a free number', 'create', {}],
    ['a new guest typing a number on file', 'pending_claim:lan', { phoneOwner: lan }],
    ['a new guest proving a number on file', 'trusted_match:lan', { phoneOwner: lan, phoneVerified: true }],
    ['the chat’s own record, same number', 'fill_own:mine', { linked: mine, trusted: true, phoneOwner: mine }],
    ['the chat’s own record, a new free number', 'fill_own:mine', { linked: mine, trusted: true }],
    ['the chat’s own record, typing someone else’s number', 'pending_claim:lan', { linked: mine, trusted: true, phoneOwner: lan }],
    ['a chat linked by a typed phone, typing it again', 'pending_claim:lan', { linked: lan, phoneOwner: lan }],
    ['a chat linked by a typed phone, proving it now', 'trusted_match:lan', { linked: lan, phoneOwner: lan, phoneVerified: true }],
    ['a chat linked by a typed phone, giving a free number', 'create', { linked: lan }],
  ])('%s → %s', (_, expected, f) => {
    const d = decideSave(facts(f));
    expect(d.kind === 'create' ? 'create' : `${d.kind}:${d.customerId}`).toBe(expected);
  });

  it('never writes the stored phone on a proved match, and records only consents that change something', () => {
    expect(decideSave(facts({ phoneOwner: lan, phoneVerified: true }))).toEqual({ kind: 'trusted_match', customerId: 'lan', overwrite: ['name'], consents: [given[0]], phoneVerified: true });
    expect(decideSave(facts({ linked: mine, trusted: true, phoneOwner: mine }))).toEqual({ kind: 'fill_own', customerId: 'mine', overwrite: ['name', 'phone'], consents: [] });
  });

  it('a repeated consent is not news, a withdrawn one given again is', () => {
    expect(changedConsents(given, on)).toEqual([]);
    expect(changedConsents(given, { care: false, marketing: true })).toEqual(given);
  });
});
