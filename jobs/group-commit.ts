// Group commit: callers ask for one write each; one write runs at a time, and whatever arrives while it runs
// goes into the next one as a single round trip. Each caller gets its own item's answer.
export type GroupWrite<T, R> = (items: T[]) => Promise<R[]>;

export function groupCommit<T, R>(write: GroupWrite<T, R>): (item: T) => Promise<R> {
  let queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  const drain = async (): Promise<void> => {
    running = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const results = await write(batch.map((q) => q.item));
        batch.forEach((q, i) => q.resolve(results[i]!));
      } catch (e) {
        for (const q of batch) q.reject(e);
      }
    }
    running = false;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
