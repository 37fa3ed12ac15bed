// The morning list's appointments (issue 13): for a branch with 200 appointments today among N customers, what the
// staff-reminders job and the dispatcher do for them — the day's open appointments by technician, their customers'
// profiles (who is incomplete), then each technician's list rendered as it is sent (jobs/routing.ts staffText: her
// appointments of the day, then the items' and appointments' customers in one batched read, all read live) — against the bare indexed queries
// that needs, timed interleaved in the same run: one find of the day's open appointments, their customers by _id,
// and per technician one find of their appointments and their customers by _id. Customers by _id are read the
// way each server answers fastest: `$in` on MongoDB, `{_id}` finds 16 at a time on FerretDB (which pushes down only
// an `_id` equality; database.md §10). On an unpatched FerretDB v1 that lookup still scans up to the match, so
// 100,000 customers take many minutes per round on a small machine: pass a smaller count (the ratio is what counts).
// Args: [customers=100000] [appointments=200] [rounds=5]. Target: ≤ 2×.
import { Types } from 'mongoose';
import { createJobContext } from '../jobs/job-deps.js';
import { staffText } from '../jobs/routing.js';
import { openAppointmentsOfDay } from '../jobs/appointment-day.js';
import { loadConfig } from '../src/config.js';
import { businessInstant, type LocalDate } from '../src/domain/business-time.js';
import { profileCompleteness } from '../src/domain/completeness.js';
import { nameSearchKey } from '../src/domain/name.js';
import { createLogger } from '../src/log.js';
import { connectDatabase, serverFlavor } from '../src/store/connection.js';
import { ensureIndexes } from '../src/store/index.js';
import type { DigestItem, OutboxMessage } from '../src/store/outbox.js';
import { benchDatabase, fmt, percentile } from './harness.js';

const TZ = 'Asia/Ho_Chi_Minh';
const TODAY: LocalDate = { year: 2026, month: 12, day: 2 };
const BRANCHES = ['q1', 'q3', 'q7', 'td'];
const TECHNICIANS_PER_BRANCH = 10;
const SERVICES = ['Massage', 'Trị mụn', 'Chăm sóc da', 'Gội đầu dưỡng sinh'];

type Conn = Awaited<ReturnType<typeof connectDatabase>>;

async function fillCustomers(conn: Conn, customers: number): Promise<Types.ObjectId[]> {
  const col = conn.db!.collection('customers');
  const ids: Types.ObjectId[] = [];
  const at = new Date('2025-06-01T00:00:00Z');
  for (let i = 0; i < customers; i += 5_000) {
    const docs = [];
    for (let j = i; j < Math.min(customers, i + 5_000); j++) {
      const _id = new Types.ObjectId();
      ids.push(_id);
      const name = `Nguyễn Thị Khách ${j}`;
      docs.push({
        _id,
        name,
        nameKey: nameSearchKey(name),
        phone: `+849${String(10_000_000 + j).slice(-8)}`,
        branchId: BRANCHES[j % BRANCHES.length],
        // One in four has no birthday: an incomplete profile the list names.
        ...(j % 4 === 0 ? {} : { birthday: { day: 1 + (j % 28), month: 1 + (j % 12) } }),
        consent: { care: true, marketing: false },
        needs: [{ service: 'Massage', at }],
        consents: [],
        createdBy: { kind: 'system' },
        updatedBy: { kind: 'system' },
        createdAt: at,
        updatedAt: at,
      });
    }
    await col.insertMany(docs, { ordered: false });
  }
  return ids;
}

/** `perBranchToday[b]` appointments today in branch b, spread over its technicians, plus as many on other days. */
async function fillAppointments(conn: Conn, customerIds: Types.ObjectId[], perBranchToday: number[]): Promise<void> {
  const col = conn.db!.collection('appointments');
  const docs = [];
  let k = 0;
  for (const [b, count] of perBranchToday.entries()) {
    for (const dayOffset of [-2, -1, 0, 1, 2]) {
      const n = dayOffset === 0 ? count : Math.ceil(count / 4);
      for (let i = 0; i < n; i++) {
        const tech = `tech-${BRANCHES[b]}-${i % TECHNICIANS_PER_BRANCH}`;
        const slot = Math.floor(i / TECHNICIANS_PER_BRANCH); // 30-minute steps from 09:00
        const date = { ...TODAY, day: TODAY.day + dayOffset };
        const start = businessInstant(date, 9 + Math.floor(slot / 2), (slot % 2) * 30, TZ);
        const by = { kind: 'staff', id: 'bench' };
        docs.push({
          customerId: customerIds[(k++ * 7919) % customerIds.length],
          branchId: BRANCHES[b],
          technicianId: tech,
          service: SERVICES[i % SERVICES.length],
          start,
          end: new Date(start.getTime() + 30 * 60_000),
          status: i % 10 === 9 ? 'requested' : 'confirmed',
          bookedBy: by,
          history: [{ at: start, by, action: 'booked' }],
          version: 0,
          createdAt: start,
          updatedAt: start,
        });
      }
    }
  }
  await col.insertMany(docs, { ordered: false });
}

export async function run(args: string[]): Promise<void> {
  const customers = Number(args[0] ?? 100_000);
  const appointments = Number(args[1] ?? 200);
  const rounds = Number(args[2] ?? 5);
  if (![customers, appointments, rounds].every((n) => Number.isSafeInteger(n) && n > 0) || appointments > 22 * TECHNICIANS_PER_BRANCH) throw new Error(`usage: morning-list [customers] [appointments ≤ ${22 * TECHNICIANS_PER_BRANCH}] [rounds]`);
  const db = await benchDatabase();
  const conn = await connectDatabase(db.uri, { dbName: 'hoso_bench_morning', serverSelectionTimeoutMS: 30_000 });
  const out = (s: string): void => void process.stdout.write(s + '\n');
  try {
    await conn.db!.dropDatabase();
    await ensureIndexes(conn);
    const t0 = performance.now();
    const ids = await fillCustomers(conn, customers);
    // The branch measured (q1) has `appointments` today; the other branches a quarter as many, so the day holds more.
    await fillAppointments(conn, ids, BRANCHES.map((_, i) => (i === 0 ? appointments : Math.ceil(appointments / 4))));
    const filled = (performance.now() - t0) / 1000;
    const flavor = await serverFlavor(conn);
    const config = loadConfig({ LOG_LEVEL: 'silent', SPA_NAME: 'Bench Spa' });
    const ctx = createJobContext({ conn, config, log: createLogger('silent'), now: () => businessInstant(TODAY, 7, 0, TZ) });
    const from = businessInstant(TODAY, 0, 0, TZ);
    const to = businessInstant({ ...TODAY, day: TODAY.day + 1 }, 0, 0, TZ);
    const technicians = Array.from({ length: TECHNICIANS_PER_BRANCH }, (_, i) => `tech-q1-${i}`);
    const day = '2026-12-02';
    const apptCol = conn.db!.collection('appointments');
    const custCol = conn.db!.collection('customers');

    /** What the product does: the job's appointment reads, then each q1 technician's list as the dispatcher renders it. */
    const product = async (): Promise<number> => {
      const booked = await openAppointmentsOfDay(ctx, TODAY);
      const profiles = await ctx.customers.findManyById([...booked.values()].flat().map((a) => a.customerId));
      let chars = 0;
      for (const staffId of technicians) {
        const items: DigestItem[] = (booked.get(staffId) ?? []).filter((a) => { const c = profiles.get(a.customerId); return c && profileCompleteness(c).missing.length > 0; }).map((a) => ({ customerId: a.customerId, section: 'incomplete' as const }));
        const row = { id: 'bench', key: `staff_digest:${staffId}:${day}`, purpose: 'staff_digest', audience: 'staff', staffId, occasion: day, occasionDate: day, items, status: 'claimed' } as unknown as OutboxMessage;
        chars += (await staffText(ctx, row))?.length ?? 0;
      }
      return chars;
    };
    const byIds = async (oids: Types.ObjectId[]): Promise<number> => {
      if (flavor !== 'ferretdb') return (await custCol.find({ _id: { $in: oids } }).toArray()).length;
      let n = 0;
      for (let i = 0; i < oids.length; i += 16) n += (await Promise.all(oids.slice(i, i + 16).map((_id) => custCol.findOne({ _id })))).filter(Boolean).length;
      return n;
    };
    const uniq = (xs: Types.ObjectId[]): Types.ObjectId[] => [...new Map(xs.map((x) => [String(x), x])).values()];
    const active = { $in: ['requested', 'confirmed'] };
    /** The bare reads the same work needs. */
    const bare = async (): Promise<number> => {
      const all = await apptCol.find({ start: { $gte: from, $lt: to }, status: active }).sort({ start: 1, _id: 1 }).toArray();
      let n = await byIds(uniq(all.map((a) => a.customerId as Types.ObjectId)));
      for (const staffId of technicians) {
        const mine = await apptCol.find({ technicianId: staffId, start: { $gte: from, $lt: to }, status: active }).sort({ start: 1, _id: 1 }).toArray();
        n += await byIds(uniq(mine.map((a) => a.customerId as Types.ObjectId)));
      }
      return n;
    };

    // Where the time goes, once (helps reading the ratio on a loaded machine).
    const timed = async (f: () => Promise<unknown>): Promise<string> => {
      const t = performance.now();
      await f();
      return fmt(performance.now() - t, 0);
    };
    const sample = (await apptCol.find({ start: { $gte: from, $lt: to } }).toArray()).map((a) => a.customerId as Types.ObjectId);
    const parts = [
      `day's appointments ${await timed(() => openAppointmentsOfDay(ctx, TODAY))} ms`,
      `one technician's ${await timed(() => openAppointmentsOfDay(ctx, TODAY, [technicians[0]!]))} ms`,
      `${sample.length} profiles by id ${await timed(() => ctx.customers.findManyById(sample.map(String)))} ms (bare ${await timed(() => byIds(uniq(sample)))} ms)`,
    ];
    const shown = await product();
    await bare();
    out(`morning-list on ${db.label}: ${customers.toLocaleString('en')} customers, ${appointments} appointments today in the branch (${technicians.length} technicians), ${rounds} rounds; filled in ${fmt(filled, 0)} s; ${shown} characters of lists`);
    out(`  parts: ${parts.join(', ')}`);
    const productMs: number[] = [];
    const bareMs: number[] = [];
    // Interleaved, so a load change on the machine hits both alike.
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      await product();
      productMs.push(performance.now() - t);
      t = performance.now();
      await bare();
      bareMs.push(performance.now() - t);
    }
    productMs.sort((a, b) => a - b);
    bareMs.sort((a, b) => a - b);
    const p = percentile(productMs, 50);
    const b = percentile(bareMs, 50);
    out(`  branch morning list: p50 ${fmt(p)} ms (p99 ${fmt(percentile(productMs, 99))}), bare queries p50 ${fmt(b)} ms: ${fmt(p / b, 2)}x (target ≤ 2x)`);
  } finally {
    await conn.db!.dropDatabase().catch(() => undefined);
    await conn.close();
    await db.stop();
  }
}
