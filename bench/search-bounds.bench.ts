// A 2,000-character search next to a short one on N customers, same server, same run (issue 12: one message must
// not tie up the database). Args: [customers=10000] [rounds=10] [unbounded]. With `unbounded`, one search with the
// whole text's pattern is timed too (what the store did before the bound), capped at 120 s.
import { createStore } from '../src/store/index.js';
import { connectDatabase } from '../src/store/connection.js';
import { ensureIndexes } from '../src/store/index.js';
import { nameSearchKey } from '../src/domain/name.js';
import { benchDatabase, fmt, percentile } from './harness.js';

const SHORT = 'nguyen thi lan';
const LONG = `nguyen thi lan anh vy ${Array.from({ length: 500 }, (_, i) => `x${i % 10}y`).join(' ')}`.slice(0, 2_000);

export async function run(args: string[]): Promise<void> {
  const customers = Number(args[0] ?? 10_000);
  const rounds = Number(args[1] ?? 10);
  if (!Number.isSafeInteger(customers) || customers <= 0 || !Number.isSafeInteger(rounds) || rounds <= 0) throw new Error('usage: search-bounds [customers] [rounds] [unbounded]');
  const db = await benchDatabase();
  const conn = await connectDatabase(db.uri, { dbName: 'hoso_bench_search', serverSelectionTimeoutMS: 30_000 });
  const out = (s: string): void => void process.stdout.write(s + '\n');
  try {
    await conn.db!.dropDatabase();
    await ensureIndexes(conn);
    out(`search-bounds on ${db.label}: ${customers.toLocaleString('en')} customers, ${rounds} rounds, long query ${LONG.length} characters`);
    const col = conn.db!.collection('customers');
    const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng'];
    const given = ['Lan', 'Hoa', 'Mai', 'Thu', 'Linh'];
    for (let i = 0; i < customers; i += 5_000) {
      const docs = [];
      for (let j = i; j < Math.min(customers, i + 5_000); j++) {
        const name = `${family[j % 5]} Thị ${given[Math.floor(j / 5) % 5]} ${j}`;
        docs.push({ name, nameKey: nameSearchKey(name), consent: { care: true, marketing: false }, needs: [], consents: [], createdBy: { kind: 'system' }, updatedBy: { kind: 'system' } });
      }
      await col.insertMany(docs, { ordered: false });
    }
    const store = createStore(conn);
    const time = async (q: string): Promise<number[]> => {
      const ms: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const t0 = performance.now();
        await store.customers.search(q);
        ms.push(performance.now() - t0);
      }
      return ms.sort((a, b) => a - b);
    };
    await store.customers.search(SHORT); // warm-up
    // Interleaved halves, so a load change on the machine hits both alike.
    const short1 = await time(SHORT);
    const long1 = await time(LONG);
    const short2 = await time(SHORT);
    const long2 = await time(LONG);
    const short = [...short1, ...short2].sort((a, b) => a - b);
    const long = [...long1, ...long2].sort((a, b) => a - b);
    const p50 = (xs: number[]): number => percentile(xs, 50);
    out(`  short "${SHORT}": p50 ${fmt(p50(short))} ms, p99 ${fmt(percentile(short, 99))} ms`);
    out(`  long (2,000 characters, bounded): p50 ${fmt(p50(long))} ms, p99 ${fmt(percentile(long, 99))} ms`);
    out(`  long / short (p50): ${fmt(p50(long) / p50(short), 2)}x`);
    if (args.includes('unbounded')) {
      // The pattern the store used to build from every word of the text.
      const pattern = nameSearchKey(LONG)
        .split(' ')
        .map((w) => `(^| )${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
        .join('.*');
      const t0 = performance.now();
      const done = await col
        .find({ nameKey: { $regex: pattern }, erasedAt: { $exists: false } }, { maxTimeMS: 120_000 })
        .limit(20)
        .toArray()
        .then(
          () => 'finished',
          (e: unknown) => `stopped (${e instanceof Error ? e.name : 'error'})`,
        );
      const ms = performance.now() - t0;
      out(`  long, unbounded (before the bound): ${done} after ${fmt(ms / 1000)} s = ${fmt(ms / p50(short), 0)}x the short query`);
    }
  } finally {
    await conn.db!.dropDatabase().catch(() => undefined);
    await conn.close();
    await db.stop();
  }
}
