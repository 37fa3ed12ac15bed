// The one place a changed record recomputes its customer's segment (issue 14): a Store whose writing methods
// (a registration or card edit, consent, a call, a visit, a note, an appointment booked, moved or closed, a merge)
// recompute the customer afterwards. Installed once where a front end gets its store (createEngine, the CLI), so no
// chat command has to remember it, and a command added later that writes through these methods is covered too.
import type { Logger } from '../log.js';
import type { SegmentSettings } from '../domain/segments.js';
import type { Store } from '../store/index.js';
import { recomputeSegment, segmentForNewCustomer } from './segments.js';

export interface SegmentHookDeps {
  now: () => Date;
  settings?: SegmentSettings;
  log?: Logger;
}

const HOOKED = Symbol('segments-hooked');

type After<A extends unknown[], R> = (args: A, result: Awaited<R>) => Promise<void>;

/** `target` with some methods followed by their `after` step (the others bound, unchanged). */
function hook<T extends object>(target: T, table: { [K in keyof T]?: T[K] extends (...a: infer A) => infer R ? After<A, R> : never }): T {
  return new Proxy(target, {
    get(t, key, receiver) {
      const value: unknown = Reflect.get(t, key, receiver);
      if (typeof value !== 'function') return value;
      const after = (table as Record<PropertyKey, After<unknown[], unknown> | undefined>)[key];
      const bound = (value as (...a: unknown[]) => unknown).bind(t);
      if (!after) return bound;
      return async (...args: unknown[]) => {
        const result = await bound(...args);
        await after(args, result);
        return result;
      };
    },
  });
}

const okValue = <V>(r: { ok: true; value: V } | { ok: false }): V | undefined => (r.ok ? r.value : undefined);

/** The store with the segment hook installed (idempotent: a hooked store is returned as it is). */
export function withSegmentHook(store: Store, deps: SegmentHookDeps): Store {
  if ((store as Store & { [HOOKED]?: true })[HOOKED]) return store;
  const segmentDeps = { store, now: deps.now, ...(deps.settings ? { settings: deps.settings } : {}) };
  const guarded = async (work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch (e) {
      // The record itself is saved; the nightly job puts the segment right. No customer data in the log.
      deps.log?.warn({ err: e instanceof Error ? e.name : 'error' }, 'segment recompute after a change failed');
    }
  };
  const recompute = async (ids: (string | undefined)[]): Promise<void> => {
    for (const id of new Set(ids.filter((x): x is string => Boolean(x)))) await guarded(() => recomputeSegment(segmentDeps, id));
  };
  const hooked: Store = {
    ...store,
    customers: hook(store.customers, {
      // A new record has nothing but its card: its row is written without reading (segmentForNewCustomer).
      create: async (_a, r) => {
        const created = okValue(r);
        if (created) await guarded(() => segmentForNewCustomer(segmentDeps, created));
      },
      update: ([id]) => recompute([id]),
      fillMissing: ([id]) => recompute([id]),
      addNeed: ([id]) => recompute([id]),
      recordConsent: ([id]) => recompute([id]),
      claimUnassigned: ([id]) => recompute([id]),
    }),
    activity: hook(store.activity, {
      logCall: ([input]) => recompute([input.customerId]),
      logVisit: ([input]) => recompute([input.customerId]),
      addNote: ([input]) => recompute([input.customerId]),
    }),
    appointments: hook(store.appointments, {
      book: ([input]) => recompute([input.customerId]),
      move: ([current]) => recompute([current.customerId]),
      setStatus: ([current]) => recompute([current.customerId]),
    }),
    // Every money write (visit, sale, payment…) ends by setting the recounted counters (services/money.ts).
    money: hook(store.money, {
      cacheCounters: ([customerId]) => recompute([customerId]),
    }),
    merges: hook(store.merges, {
      merge: ([kept, merged]) => recompute([kept, merged]),
      undo: (_a, r) => recompute(r.ok ? [r.value.keptId, r.value.mergedId] : []),
    }),
  };
  Object.defineProperty(hooked, HOOKED, { value: true });
  return hooked;
}
