// A change of the intake flow migrates saved conversations where it can, and restarts them cleanly where not.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FLOW_VERSION, freshState, INTAKE_STEPS, parseState, storedState, type FlowVersioning, type State } from '../../src/engine/state.js';
import { migrateStored, STATE_MIGRATIONS, type MigrationTable, type StoredState } from '../../src/engine/state-migrations.js';

const steps = [...INTAKE_STEPS, 'resume', 'menu', 'confirm_stop', 'confirm_erase'] as const;
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Any state today's schema accepts (the "old" version in the example flows below). */
const validState: fc.Arbitrary<State> = fc
  .record({
    lang: fc.constantFrom('vi' as const, 'en' as const),
    step: fc.option(fc.constantFrom(...steps), { nil: null }),
    history: fc.array(fc.constantFrom(...INTAKE_STEPS), { maxLength: 7 }),
    tries: fc.nat(5),
    offered: fc.array(fc.record({ label: fc.string({ maxLength: 10 }), value: fc.string({ maxLength: 10 }) }), { maxLength: 3 }),
    returnToConfirm: fc.boolean(),
    resumeStep: maybe(fc.constantFrom(...INTAKE_STEPS)),
    data: fc.record({
      consentAt: maybe(fc.constant('2026-03-10T03:00:00.000Z')),
      marketing: maybe(fc.boolean()),
      name: maybe(fc.constantFrom('Nguyễn Thị Lan', 'Trần Văn Minh')),
      phone: maybe(fc.constant('+84912345678')),
      birthday: maybe(fc.record({ day: fc.integer({ min: 1, max: 28 }), month: fc.integer({ min: 1, max: 12 }) })),
      needs: maybe(fc.array(fc.constantFrom('Trị mụn', 'Massage'), { maxLength: 2 })),
      edited: fc.array(fc.constantFrom('name' as const, 'phone' as const, 'birthday' as const, 'needs' as const), { maxLength: 2 }),
    }),
    staff: fc.record({ step: fc.constant(null), draft: fc.record({ needs: fc.constant([] as string[]), name: maybe(fc.constant('Lan')) }), openCustomerId: maybe(fc.constant('6b0f2e9d124380dbb87ec38c')) }),
  })
  .map((s) => JSON.parse(JSON.stringify({ v: 1, ...s })) as State);

/** How the engine reads what it saved: the stored form (defaults left out) through JSON. */
const asStored = (s: State, v = s.v): StoredState => ({ ...(JSON.parse(JSON.stringify(storedState(s))) as StoredState), v });

// An example of what a real flow change looks like. Version 2 drops the separate marketing question (asked on the
// confirm card instead): a guest standing at it continues with the name. Version 3 drops the birthday step
// without a successor, so a guest standing at it cannot be carried over.
const without = (list: unknown, step: string): unknown => (Array.isArray(list) ? list.filter((x) => x !== step) : list);
const dropMarketing = (s: StoredState): StoredState => ({
  ...s,
  ...(s.step === 'marketing' ? { step: 'name' } : {}),
  ...(s.resumeStep === 'marketing' ? { resumeStep: 'name' } : {}),
  ...(s.history !== undefined ? { history: without(s.history, 'marketing') } : {}),
});
const dropBirthday = (s: StoredState): StoredState | null => (s.step === 'birthday' || s.resumeStep === 'birthday' ? null : { ...s, ...(s.history !== undefined ? { history: without(s.history, 'birthday') } : {}) });
const EXAMPLE: MigrationTable = { 1: dropMarketing, 2: dropBirthday };
const toV2: FlowVersioning = { version: 2, migrations: EXAMPLE };
const toV3: FlowVersioning = { version: 3, migrations: EXAMPLE };

describe('the intake\'s migration table', () => {
  it('has one migration for every version before today\'s and none beyond (a bump must come with one, even `() => null`)', () => {
    const versions = Object.keys(STATE_MIGRATIONS).map(Number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: FLOW_VERSION - 1 }, (_, i) => i + 1));
  });

  it('reads today\'s states unchanged, with no apology', () => {
    fc.assert(
      fc.property(validState, (old) => {
        const s = { ...old, v: FLOW_VERSION };
        expect(parseState(asStored(s), 'vi')).toEqual({ state: s, outdated: false });
      }),
    );
  });
});

describe('the real migration 1 → 2 (health and photo consent steps, issue 17)', () => {
  // The steps version 1 had: a state saved before the change can stand at any of these, never at the new ones.
  const V1_STEPS = ['consent', 'marketing', 'name', 'phone', 'birthday', 'needs', 'confirm'] as const;
  const v1State = validState.filter((s) => [s.step, s.resumeStep, ...s.history].every((x) => x === null || x === undefined || (V1_STEPS as readonly string[]).includes(x)));

  it('carries a conversation saved mid-intake on where it was, answers intact, without an apology', () => {
    const stored: StoredState = { v: 1, lang: 'vi', step: 'phone', history: ['consent', 'marketing', 'name'], data: { consentAt: '2026-11-20T03:00:00.000Z', marketing: true, marketingAt: '2026-11-20T03:00:05.000Z', name: 'Nguyễn Thị Lan', edited: ['name'] } };
    const loaded = parseState(stored, 'vi');
    expect(loaded).toMatchObject({ outdated: false, migrated: true });
    expect(loaded.state).toMatchObject({ v: 2, step: 'phone', history: ['consent', 'marketing', 'name'], data: stored.data });
  });

  it('turns every version-1 state into a version-2 state with the same step and answers (property)', () => {
    fc.assert(
      fc.property(v1State, (s) => {
        const loaded = parseState(asStored(s, 1), 'vi');
        expect(loaded).toMatchObject({ outdated: false, migrated: true });
        expect(loaded.state).toEqual({ ...s, v: FLOW_VERSION });
      }),
    );
  });
});

describe('migrateStored', () => {
  const at = (step: string, extra: StoredState = {}): StoredState => ({ v: 1, lang: 'vi', step, data: {}, ...extra });

  it('applies the steps in order and stamps each version', () => {
    expect(migrateStored(at('marketing', { history: ['consent', 'marketing'] }), 3, EXAMPLE)).toEqual({ v: 3, lang: 'vi', step: 'name', data: {}, history: ['consent'] });
  });

  it('gives up where a step says it cannot, a step is missing, a step throws, or the state is newer', () => {
    expect(migrateStored(at('birthday'), 3, EXAMPLE)).toBeNull();
    expect(migrateStored(at('name'), 4, EXAMPLE)).toBeNull();
    expect(migrateStored(at('name'), 2, { 1: () => { throw new Error('unforeseen'); } })).toBeNull();
    expect(migrateStored({ ...at('name'), v: 5 }, 3, EXAMPLE)).toBeNull();
    expect(migrateStored({ ...at('name'), v: 1.5 }, 3, EXAMPLE)).toBeNull();
  });

  it('never changes the state it was given', () => {
    const old = at('marketing', { history: ['consent', 'marketing'] });
    const copy = structuredClone(old);
    migrateStored(old, 3, { ...EXAMPLE, 1: (s) => { (s.history as string[]).length = 0; return s; } });
    expect(old).toEqual(copy);
  });
});

describe('parseState across a flow change', () => {
  it('continues a guest at a step that moved, without an apology', () => {
    const s: State = { ...freshState('en', 1), step: 'marketing', history: ['consent'], data: { consentAt: '2026-03-10T03:00:00.000Z', edited: [] } };
    expect(parseState(asStored(s), 'vi', toV2)).toEqual({ state: { ...s, v: 2, step: 'name' }, outdated: false, migrated: true });
  });

  it('restarts, in the guest\'s language and with the apology, a guest whose step has no successor', () => {
    const s: State = { ...freshState('en', 1), step: 'birthday', history: ['consent', 'marketing', 'name', 'phone'], data: { name: 'Lan', edited: [] } };
    expect(parseState(asStored(s), 'vi', toV3)).toEqual({ state: freshState('en', 3), outdated: true });
  });

  it('turns ANY valid old state into a valid new state or a clean restart (property)', () => {
    fc.assert(
      fc.property(validState, fc.constantFrom(toV2, toV3), (s, flow) => {
        const loaded = parseState(asStored(s), 'vi', flow);
        expect(loaded.state.v).toBe(flow.version);
        // Restarted exactly when the example has no way forward: a guest standing at the dropped birthday step.
        const stuck = flow === toV3 && (s.step === 'birthday' || s.resumeStep === 'birthday');
        expect(loaded.migrated === true).toBe(!stuck);
        if (loaded.migrated) {
          expect(loaded.outdated).toBe(false);
          // What the example flow removed is gone; everything the guest answered is still there.
          expect([loaded.state.step, loaded.state.resumeStep, ...loaded.state.history]).not.toContain('marketing');
          expect(loaded.state.data).toEqual(s.data);
          expect(loaded.state.lang).toBe(s.lang);
          expect(parseState(asStored(loaded.state), 'vi', flow)).toEqual({ state: loaded.state, outdated: false });
        } else {
          expect(loaded).toEqual({ state: freshState(s.lang, flow.version), outdated: s.step !== null });
        }
      }),
    );
  });

  it('never throws on whatever was stored, and always gives a valid state', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ v: fc.integer({ min: -2, max: 4 }), lang: fc.anything(), step: fc.anything() })), (raw) => {
        const loaded = parseState(raw, 'vi', toV3);
        expect(loaded.state.v).toBe(3);
        expect(['vi', 'en']).toContain(loaded.state.lang);
      }),
    );
  });
});
