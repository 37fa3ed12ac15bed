// Saved conversations across a change of the intake flow (issue 11): migrate where we can, restart only where not.
//
// The rule. When a change to steps or the draft makes old saved states wrong, bump FLOW_VERSION (state.ts) to N+1
// and add `N: (state) => …` below: a pure function from a stored version-N state to a version-N+1 state, or
// `null` for the states it cannot carry over (a step that no longer exists and has no successor). parseState
// applies the steps in order, N → N+1 → … → FLOW_VERSION, then validates the result against today's schema.
// Only when a step is missing, returns null, or yields something invalid does the guest hear the apology and start
// again; their language is kept either way. Migrations never read the database or the clock, so each one is
// unit-tested on its own, and test/unit/engine-state-migration.test.ts checks that ANY valid old state comes
// out valid or as a clean restart. A state from a NEWER version (a rolled-back deploy) is never guessed at.

/** A stored state as JSON: the shape `storedState` wrote (defaults left out), `v` included. */
export type StoredState = Record<string, unknown>;
export type Migration = (state: StoredState) => StoredState | null;
/** `table[N]` turns a version-N state into a version-N+1 state. */
export type MigrationTable = Readonly<Record<number, Migration>>;

/** The intake's migrations. */
export const STATE_MIGRATIONS: MigrationTable = {
  // 1 → 2: the health and photo consent steps came after marketing (issue 17). Every version-1 state is a valid
  // version-2 state: its steps all still exist and the new answers are optional, so a conversation under way
  // goes on where it was, and the next advance asks the two new questions before anything unanswered after them.
  1: (state) => state,
};

/** The state carried from its version to `target`, with `v` set at each step; null when it cannot be. */
export function migrateStored(state: StoredState, target: number, table: MigrationTable): StoredState | null {
  let current = state;
  let v = current.v;
  if (typeof v !== 'number' || !Number.isInteger(v) || v > target) return null;
  while (v < target) {
    const step = Object.prototype.hasOwnProperty.call(table, v) ? table[v] : undefined;
    if (!step) return null;
    let next: StoredState | null;
    try {
      next = step(structuredClone(current));
    } catch {
      // A migration that trips over a state it did not foresee restarts that one conversation, nothing else.
      return null;
    }
    if (next === null || typeof next !== 'object' || Array.isArray(next)) return null;
    v += 1;
    current = { ...next, v };
  }
  return current;
}
