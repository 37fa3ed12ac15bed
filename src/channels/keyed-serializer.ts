// Runs tasks one at a time per key; src/channels/chat-turns.ts keys it by chat address.

export interface KeyedSerializer {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Resolves once every queued task has settled: graceful stop waits on it. */
  idle(): Promise<void>;
  readonly pending: number;
}

export function createKeyedSerializer(): KeyedSerializer {
  // The tail of each key's chain; removed when the chain drains, so memory follows active chats only.
  const tails = new Map<string, Promise<void>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
    get pending() {
      return tails.size;
    },
  };
}
