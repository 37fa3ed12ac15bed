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
