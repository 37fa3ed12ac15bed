// A bounded memory of delivery ids whose effects are saved: a cheap first guard against redeliveries.
// Only an id that was handled to the end goes in, so a redelivery after a failure is handled again. The
// durable guard is the engine's per-address eventId check (state lives in the database, this does not).

export interface RecentIds {
  /** True for an id handled to the end and still remembered. */
  has(id: string): boolean;
  /** Remembers an id once its effects are saved; the oldest one is forgotten beyond the capacity. */
  add(id: string): void;
  readonly size: number;
}

export function createRecentIds(capacity = 10_000): RecentIds {
  // A Set iterates in insertion order, so the first element is the oldest one to forget.
  const ids = new Set<string>();
  return {
    has: (id) => ids.has(id),
    add(id) {
      ids.add(id);
      if (ids.size > capacity) {
        const oldest = ids.values().next();
        if (!oldest.done) ids.delete(oldest.value);
      }
    },
    get size() {
      return ids.size;
    },
  };
}
