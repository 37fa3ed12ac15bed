// FerretDB v1 over SQLite answers SQLITE_BUSY when two writers meet: its read-then-write transaction cannot
// wait for the lock, so it fails at once. The operation had no effect, so doing it again is safe. Real MongoDB
// never says this; there the wrapper costs nothing.
export function isServerBusy(e: unknown): boolean {
  return e instanceof Error && /SQLITE_BUSY|database is locked/.test(e.message);
}

export const BUSY_ATTEMPTS = 5;

/** How often this process had to try again (benchmarks print it; a steady climb means too many writers). */
export const busyRetries = { count: 0 };

/** Runs `op`, again after a short, growing, jittered pause while the server says it is busy. */
export async function retryWhenBusy<T>(op: () => Promise<T>, attempts = BUSY_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      if (!isServerBusy(e) || attempt >= attempts) throw e;
      busyRetries.count++;
      const pauseMs = 5 * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, pauseMs + Math.random() * pauseMs));
    }
  }
}

/**
 * The collection operations a message's writes (and the reads they depend on) go through, single-document or
 * idempotent under repetition. Not insertMany/bulkWrite: a busy answer mid-batch may follow rows already written.
 */
const RETRIED_OPERATIONS = [
  'insertOne',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'findOne',
  'countDocuments',
] as const;

interface CollectionSource {
  collection(name: string, options?: unknown): unknown;
}

const patched = new WeakSet<object>();

/**
 * Every listed operation on every collection of this connection (models and `.collection` calls alike) is
 * tried again while the server is busy, exactly like the conversation's own read and writes: so one message's
 * customer, identity, consent, note and audit writes are never left half done by a moment of contention.
 * When the server stays busy the error still escapes, and the whole message fails and is delivered again.
 */
export function retryBusyOperations(conn: CollectionSource): void {
  const open = conn.collection.bind(conn);
  conn.collection = (name: string, options?: unknown) => {
    const c = open(name, options) as Record<string, unknown>;
    if (!patched.has(c)) {
      patched.add(c);
      for (const op of RETRIED_OPERATIONS) {
        const original = c[op];
        if (typeof original !== 'function') continue;
        c[op] = function (this: unknown, ...args: unknown[]) {
          return retryWhenBusy(() => (original as (...a: unknown[]) => Promise<unknown>).apply(this, args));
        };
      }
    }
    return c;
  };
}
