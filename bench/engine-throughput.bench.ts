// Inbound messages through engine + database for simulated customers, next to bare driver round trips
// (one read + one write per message) measured in the same run on the same server.
import { createChatTurns } from '../src/channels/chat-turns.js';
import { createEngine } from '../src/engine/engine.js';
import type { Inbound, InboundEvent } from '../src/engine/types.js';
import { createLogger } from '../src/log.js';
import { connectDatabase } from '../src/store/connection.js';
import { createStore, ensureIndexes } from '../src/store/index.js';
import { busyRetries, retryWhenBusy } from '../src/store/server-busy.js';
import { benchDatabase, fmt, timeMany, type Timing } from './harness.js';

const SERVICES = ['Chăm sóc da', 'Trị mụn', 'Massage', 'Gội đầu dưỡng sinh'];

/** The messages one guest sends to register: start, consent, marketing, health notes, photos, name, phone, birthday, a need, done, save. */
function script(i: number): InboundEvent[] {
  const phone = `09${String(10_000_000 + i).padStart(8, '0')}`;
  return [
    { kind: 'command', command: 'start', args: '' },
    { kind: 'choice', value: 'consent:yes' },
    { kind: 'choice', value: 'mkt:no' },
    { kind: 'choice', value: 'health:yes' },
    { kind: 'choice', value: 'skip' },
    { kind: 'text', text: 'Nguyễn Thị Lan' },
    { kind: 'text', text: phone },
    { kind: 'text', text: `${(i % 28) + 1}/${(i % 12) + 1}/1990` },
    { kind: 'choice', value: 'need:1' },
    { kind: 'choice', value: 'needs:done' },
    { kind: 'choice', value: 'save' },
  ];
}

/** The result of `work` and how many SQLITE_BUSY answers were tried again meanwhile. */
async function countingBusy<T>(work: () => Promise<T>): Promise<[T, number]> {
  const before = busyRetries.count;
  const result = await work();
  return [result, busyRetries.count - before];
}

export async function run(args: string[]): Promise<void> {
  const customers = Number(args[0] ?? 1000);
  const concurrency = Number(args[1] ?? 20);
  const db = await benchDatabase();
  const conn = await connectDatabase(db.uri, { dbName: 'hoso_bench_engine' });
  try {
    await conn.db!.dropDatabase();
    await ensureIndexes(conn);
    const store = createStore(conn);
    const engine = createEngine({
      store,
      settings: { spaName: 'Spa', services: SERVICES, timeZone: 'Asia/Ho_Chi_Minh', defaultLanguage: 'vi' },
      now: () => new Date(),
      log: createLogger('silent'),
    });
    // As every channel calls it: a chat's turns one at a time (src/channels/chat-turns.ts).
    const turns = createChatTurns(engine);
    const perCustomer = script(0).length;
    const total = customers * perCustomer;

    // Each worker plays whole customers in order (a guest's messages are sequential), many guests at once.
    const order: number[] = [];
    for (let step = 0; step < perCustomer; step++) for (let c = 0; c < customers; c++) order.push(c);

    // Baseline: the least any persistent chat bot does per message, on a collection of the same size. Measured
    // before and after the engine (the server's files grow, its caches warm), and the faster one is compared.
    const bare = async (name: string): Promise<Timing> => {
      const raw = conn.db!.collection(name);
      await raw.insertMany(Array.from({ length: customers }, (_, c) => ({ _id: `telegram:bench:${c}` as never, stateJson: '{}', version: 0 })));
      return timeMany(total, concurrency, async (i) => {
        const c = order[i]!;
        // The same retry on FerretDB's SQLITE_BUSY as the engine's conversation reads and writes.
        const doc = await retryWhenBusy(() => raw.findOne({ _id: `telegram:bench:${c}` as never }));
        await retryWhenBusy(() => raw.updateOne({ _id: `telegram:bench:${c}` as never }, { $set: { stateJson: JSON.stringify({ step: i, prev: doc?.stateJson }).slice(0, 600), version: i } }));
      });
    };
    const [bareBefore, busyBefore] = await countingBusy(() => bare('bench_baseline_before'));

    const progress = new Array<number>(customers).fill(0);
    const [engineTiming, busyEngine] = await countingBusy(() => timeMany(total, concurrency, async (i) => {
      const c = order[i]!;
      const ev = script(c)[progress[c]!]!;
      progress[c]!++;
      const inbound: Inbound = { address: { channel: 'telegram', account: 'bench', userId: String(c) }, event: ev, eventId: `${c}-${progress[c]}`, chatType: 'private' };
      const replies = await turns.run(inbound, async (r) => r);
      if (replies.length === 0) throw new Error('engine went silent');
    }));
    const stored = await store.customers.count();
    if (stored !== customers) throw new Error(`expected ${customers} customers, found ${stored}`);

    const [bareAfter, busyAfter] = await countingBusy(() => bare('bench_baseline_after'));
    const bareTiming = bareAfter.perSecond > bareBefore.perSecond ? bareAfter : bareBefore;

    // p99/p50 is the tail (issue 16 aims at ≤ 10): the engine's includes the save step, ~10 round trips of which
    // 6 writes queue behind the other chats' (the embedding serializes writes), against 2 for every other step.
    const line = (t: Timing) => `${fmt(t.perSecond, 0)} msg/s, p50 ${fmt(t.p50, 2)} ms, p99 ${fmt(t.p99, 2)} ms, p99/p50 ${fmt(t.p99 / t.p50, 1)}`;
    console.log(`\nEngine throughput (${db.label}; ${customers} customers × ${perCustomer} messages, ${concurrency} at a time)`);
    console.log(`  engine + database        : ${line(engineTiming)}`);
    console.log(`  bare read + write, before: ${line(bareBefore)}`);
    console.log(`  bare read + write, after : ${line(bareAfter)}`);
    console.log(`  ratio (engine / faster bare) : time per message ${fmt(bareTiming.perSecond / engineTiming.perSecond, 2)}, p50 ${fmt(engineTiming.p50 / bareTiming.p50, 2)}, p99 ${fmt(engineTiming.p99 / bareTiming.p99, 2)} (target ≤ 1.5)`);
    console.log(`  SQLITE_BUSY answers tried again: engine ${busyEngine}, bare ${busyBefore + busyAfter}`);
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    await db.stop();
  }
}
