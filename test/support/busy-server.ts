// Makes the real database answer FerretDB's SQLITE_BUSY to the next calls of one collection operation, below
// mongoose and the store's retries: the driver collection itself refuses, as FerretDB does under contention.

/** The message FerretDB v1.24.2 sends (code 1, InternalError) when a write meets another writer's lock. */
export const busyError = (): Error =>
  Object.assign(new Error('[msg_update.go:133 handler.(*Handler).updateDocument] database is locked (5) (SQLITE_BUSY)'), { code: 1 });

export interface BusyScript {
  /** How many calls were refused so far. */
  readonly refused: number;
  restore(): void;
}

/** The next `times` calls of `op` on this model's collection fail busy without touching the data. */
export function busyNext(model: { collection: unknown }, op: string, times: number): BusyScript {
  const driver = (model.collection as unknown as { collection: Record<string, unknown> }).collection;
  const original = driver[op] as (...a: unknown[]) => Promise<unknown>;
  let left = times;
  let refused = 0;
  driver[op] = function (this: unknown, ...args: unknown[]) {
    if (left > 0) {
      left--;
      refused++;
      return Promise.reject(busyError());
    }
    return original.apply(this, args);
  };
  return {
    get refused() {
      return refused;
    },
    restore: () => void (driver[op] = original),
  };
}
