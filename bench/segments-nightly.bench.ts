// The nightly full segment recompute (issue 14) against one bare aggregation over the same collections, same server,
// same run. Issue 14 asks the full job for 100,000 customers to take at most 2x the bare pass. The baseline is one
// `$group` by customer with `$sum` over each collection the job reads (customers, visits, calls, notes, appointments,
// money_entries, customer_segments): FerretDB v1 has `$sum`/`$count` but no `$max` in `$group` (database.md), so this is the bare
// read-everything-once pass it supports. Args: [customers=100000] [visits per customer=3] [--linear-only] [--ledger]
// (--ledger: every visit also has its issue 13 ledger entry, as a visit recorded by /ghe has).
import { Types, type Connection } from 'mongoose';
import { recomputeAllSegments } from '../src/services/segments.js';
import { connectDatabase } from '../src/store/connection.js';
import { createStore, ensureIndexes } from '../src/store/index.js';
import { benchDatabase, fmt } from './harness.js';

const DAY = 86_400_000;
const BATCH = 5_000;

export async function run(args: string[]): Promise<void> {
  const [customersArg, perCustomerArg] = args.filter((a) => !a.startsWith('--'));
  const customers = Number(customersArg ?? 100_000);
  const perCustomer = Number(perCustomerArg ?? 3);
  if (!Number.isSafeInteger(customers) || customers <= 0 || !Number.isSafeInteger(perCustomer) || perCustomer < 0) throw new Error('usage: segments-nightly [customers] [visits per customer]');
  const db = await benchDatabase();
  const conn = await connectDatabase(db.uri, { dbName: 'hoso_bench_segments', serverSelectionTimeoutMS: 30_000 });
  const out = (s: string): void => void process.stdout.write(s + '\n');
  try {
    await conn.db!.dropDatabase();
    await ensureIndexes(conn);
    const now = new Date('2026-12-02T03:00:00Z');
    const t0 = performance.now();
    await seed(conn, customers, perCustomer, now, args.includes('--ledger'));
    out(`segments-nightly on ${db.label}: ${customers.toLocaleString('en')} customers, ${(customers * perCustomer).toLocaleString('en')} visits, seeded in ${fmt((performance.now() - t0) / 1000)} s`);

    const store = createStore(conn);
    // First run: every row is new and written (what the first night after an upgrade does).
    const c0 = performance.now();
    const first = await recomputeAllSegments({ store, now: () => now });
    const coldS = (performance.now() - c0) / 1000;
    // The bare passes, over every collection the job reads, rows stored included (interleaved with the job runs).
    // `grouped` is issue 14's: one $group by customer with $sum. FerretDB v1 looks each document's group up in a
    // list of the groups so far (stages/group.go addOrAppend), so it costs customers^2: 0.5 s at 1,000 customers
    // and 13 s at 10,000 here, flattering the ratio as the count grows. `linear` is one $group by a constant
    // ($sum): every document read once, what any full pass costs at least; the stricter ratio. With
    // `--linear-only` (100,000 customers: the grouped pass alone would take hours) only the linear one runs.
    const linearOnly = args.includes('--linear-only');
    const bare = async (grouped: boolean): Promise<number> => {
      const b0 = performance.now();
      for (const name of ['customers', 'visits', 'calls', 'notes', 'appointments', 'money_entries', 'customer_segments']) {
        const key = !grouped ? null : name === 'customers' || name === 'customer_segments' ? '$_id' : '$customerId';
        await conn.db!.collection(name).aggregate([{ $group: { _id: key, n: { $sum: 1 } } }], { allowDiskUse: true }).toArray();
      }
      return (performance.now() - b0) / 1000;
    };
    const passes = async (): Promise<{ grouped?: number; linear: number }> => ({ ...(linearOnly ? {} : { grouped: await bare(true) }), linear: await bare(false) });
    const bare1 = await passes();
    // A usual night: rows exist, and only the ones whose segment or figures changed are written (a day later).
    const w0 = performance.now();
    const next = await recomputeAllSegments({ store, now: () => new Date(now.getTime() + DAY) });
    const warmS = (performance.now() - w0) / 1000;
    const bare2 = await passes();
    const ratios = (s: number): string =>
      [bare1.grouped !== undefined && bare2.grouped !== undefined ? `${fmt(s / Math.min(bare1.grouped, bare2.grouped), 2)}x the grouped pass` : '', `${fmt(s / Math.min(bare1.linear, bare2.linear), 2)}x the linear pass`].filter(Boolean).join(', ');
    if (bare1.grouped !== undefined && bare2.grouped !== undefined) out(`  bare grouped pass (issue 14's): ${fmt(bare1.grouped)} s, ${fmt(bare2.grouped)} s`);
    out(`  bare linear pass: ${fmt(bare1.linear)} s, ${fmt(bare2.linear)} s`);
    out(`  full recompute, first night (${first.written.toLocaleString('en')} rows written): ${fmt(coldS)} s = ${ratios(coldS)}`);
    out(`  full recompute, next night (${next.written.toLocaleString('en')} rows changed): ${fmt(warmS)} s = ${ratios(warmS)}`);
  } finally {
    await conn.db!.dropDatabase().catch(() => undefined);
    await conn.close();
    await db.stop();
  }
}

/**
 * The population: `customers` cards, `perCustomer` visits each (with `ledger`, each with its paid ledger entry), a
 * call and a family note for every fifth, an open appointment for every hundredth.
 */
export async function seed(conn: Connection, customers: number, perCustomer: number, now: Date, ledger = false): Promise<void> {
  const ids: Types.ObjectId[] = [];
  for (let i = 0; i < customers; i += BATCH) {
    const docs = [];
    for (let j = i; j < Math.min(customers, i + BATCH); j++) {
      const _id = new Types.ObjectId();
      ids.push(_id);
      docs.push({ _id, name: `Khách ${j}`, createdAt: new Date(now.getTime() - (30 + (j % 700)) * DAY), branchId: `q${j % 5}`, source: j % 3 ? 'zalo' : 'telegram', needs: [{ service: 'Massage' }], gender: 'female', birthday: { day: 1 + (j % 28), month: 1 + (j % 12), year: 1970 + (j % 40) }, consent: { care: true, marketing: j % 2 === 0, photo: false }, consents: [], createdBy: { kind: 'system' }, updatedBy: { kind: 'system' } });
    }
    await conn.db!.collection('customers').insertMany(docs, { ordered: false });
  }
  const visits = [];
  const entries = [];
  const flush = async (name: string, rows: object[]): Promise<void> => {
    if (rows.length) await conn.db!.collection(name).insertMany(rows.splice(0), { ordered: false });
  };
  for (let j = 0; j < customers; j++) {
    for (let k = 0; k < perCustomer; k++) {
      const _id = new Types.ObjectId();
      const at = new Date(now.getTime() - ((j % 90) + k * 23 + 1) * DAY);
      const amountVnd = 300_000 + (j % 7) * 100_000;
      visits.push({ _id, customerId: ids[j], at, amountVnd, status: 'done', service: k % 2 ? 'Massage' : 'Trị mụn', staffId: 'bench' });
      if (ledger) entries.push({ _id: `bench:${String(_id)}`, customerId: ids[j], kind: 'visit', at, chargeVnd: amountVnd, paidVnd: amountVnd, depositSpentVnd: 0, depositInVnd: 0, method: 'cash', pointsEarned: 0, pointsRedeemed: 0, lines: [], visitId: String(_id), createdAt: at });
    }
    if (visits.length >= BATCH) await Promise.all([flush('visits', visits), flush('money_entries', entries)]);
  }
  await Promise.all([flush('visits', visits), flush('money_entries', entries)]);
  const calls = [];
  const notes = [];
  const appointments = [];
  for (let j = 0; j < customers; j += 5) {
    calls.push({ customerId: ids[j], at: new Date(now.getTime() - (j % 60) * DAY), staffId: 'bench', outcome: 'reached' });
    notes.push({ customerId: ids[j], at: now, kind: 'family', text: 'Có con nhỏ', staffId: 'bench' });
    if (j % 20 === 0) appointments.push({ customerId: ids[j], start: new Date(now.getTime() + 3 * DAY), status: 'confirmed', service: 'Massage', branchId: 'q1', createdAt: now });
    if (calls.length >= BATCH) await Promise.all([flush('calls', calls), flush('notes', notes), flush('appointments', appointments)]);
  }
  await Promise.all([flush('calls', calls), flush('notes', notes), flush('appointments', appointments)]);
}
