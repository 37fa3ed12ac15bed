// Which chats belong to staff, as a snapshot of `staff_chats` held in memory for a few seconds.
// Every customer message asks "is this a staff chat?"; a chain has tens of staff and thousands of customers,
// so the answer comes from memory. A "yes" is only a hint: the caller confirms the member in the database,
// so a removed member loses access at once. A member added by another process (the CLI) is recognised once
// the snapshot is older than `maxAgeMs`; changes made through this process are seen at once.
import type { StaffChatModel } from './models/staff.js';

export const STAFF_DIRECTORY_MAX_AGE_MS = 5_000;

interface Load {
  generation: number;
  keys: Promise<Set<string>>;
}

export class StaffChatDirectory {
  private snapshot: { keys: Set<string>; takenAt: number } | null = null;
  private loading: Load | null = null;
  /** Bumped by every local change, so a read that started before the change cannot become the snapshot. */
  private generation = 0;

  constructor(
    private readonly chats: StaffChatModel,
    private readonly maxAgeMs = STAFF_DIRECTORY_MAX_AGE_MS,
  ) {}

  async has(key: string): Promise<boolean> {
    return (await this.keys()).has(key);
  }

  /** Called after this process claims or releases a staff chat. */
  changed(): void {
    this.generation++;
    this.snapshot = null;
  }

  private keys(): Promise<Set<string>> {
    // Monotonic time: the business clock may be frozen (tests) or jump (NTP), the snapshot's age may not.
    const now = performance.now();
    if (this.snapshot && now - this.snapshot.takenAt < this.maxAgeMs) return Promise.resolve(this.snapshot.keys);
    if (this.loading && this.loading.generation === this.generation) return this.loading.keys;
    const generation = this.generation;
    const load: Load = {
      generation,
      keys: this.chats.collection
        .find({}, { projection: { _id: 1 } })
        .toArray()
        .then((docs) => {
          const keys = new Set(docs.map((d) => String(d._id)));
          if (this.generation === generation) this.snapshot = { keys, takenAt: now };
          return keys;
        })
        .finally(() => {
          if (this.loading === load) this.loading = null;
        }),
    };
    this.loading = load;
    return load.keys;
  }
}
