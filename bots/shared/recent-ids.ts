// A bounded memory of recently seen delivery ids: a cheap first guard against duplicate deliveries.
// The durable guard is the engine's per-address eventId check (state lives in the database, this does not).

export interface RecentIds {
  /** True the first time an id is offered, false for a repeat still remembered. */
  firstTime(id: string): boolean;
  readonly size: number;
}

export function createRecentIds(capacity = 10_000): RecentIds {
  // A Set iterates in insertion order, so the first element is the oldest one to forget.
  const ids = new Set<string>();
  return {
    firstTime(id: string): boolean {
      if (ids.has(id)) return false;
      ids.add(id);
      if (ids.size > capacity) {
        const oldest = ids.values().next();
        if (!oldest.done) ids.delete(oldest.value);
      }
      return true;
    },
    get size() {
      return ids.size;
    },
  };
}
