// Birthday planning for N synthetic customers (~2,740 birthdays a day per million) next to a bare indexed query for
// the same day, same server, same run. Args: [customers] [date YYYY-MM-DD]. Default: 1,000,000 on MONGODB_URI;
// 100,000 on the embedded FerretDB, whose SQLite backend scans the whole collection for every non-_id query
// (a million takes about 20 minutes there: pass 1000000 to measure it anyway).
import { planBirthdayGreetings } from '../jobs/birthday-greetings.js';
import { createJobContext } from '../jobs/job-deps.js';
import { loadConfig } from '../src/config.js';
import { parseLocalDate } from '../src/domain/business-time.js';
import { createLogger } from '../src/log.js';
import { connectDatabase } from '../src/store/connection.js';
import { ensureIndexes } from '../src/store/index.js';
import { benchDatabase, fmt } from './harness.js';

const INSERT_BATCH = 5_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Day i of a 365-day year → month/day, so birthdays spread evenly (29 Feb is left out). */
function dayOfYear(i: number): { month: number; day: number } {
  let d = i % 365;
  for (let m = 0; m < 12; m++) {
    if (d < DAYS_IN_MONTH[m]!) return { month: m + 1, day: d + 1 };
    d -= DAYS_IN_MONTH[m]!;
  }
  return { month: 12, day: 31 };
}

export async function run(args: string[]): Promise<void> {
  const customers = Number(args[0] ?? (process.env.MONGODB_URI ? 1_000_000 : 100_000));
  const date = parseLocalDate(args[1] ?? '2026-03-12');
  if (!Number.isSafeInteger(customers) || customers <= 0 || !date) throw new Error('usage: birthday-planning [customers] [YYYY-MM-DD]');
  const db = await benchDatabase();
  const conn = await connectDatabase(db.uri, { dbName: 'hoso_bench_birthdays', serverSelectionTimeoutMS: 30_000 });
  const out = (s: string): void => void process.stdout.write(s + '\n');
  try {
    await conn.db!.dropDatabase();
    await ensureIndexes(conn);
    out(`birthday-planning on ${db.label}: ${customers.toLocaleString('en')} customers, date ${args[1] ?? '2026-03-12'}`);

    // Synthetic profiles carry only what the planner reads; ~1% have no care consent, ~1% a lunar birthday.
    const customersCol = conn.db!.collection('customers');
    const actor = { kind: 'system' };
    const seeded = performance.now();
    for (let i = 0; i < customers; i += INSERT_BATCH) {
      const docs = [];
      for (let j = i; j < Math.min(customers, i + INSERT_BATCH); j++) {
        const { month, day } = dayOfYear(j);
        const k = Math.floor(j / 100); // every 100th customer celebrates âm lịch, spread over 12 × 30 lunar days
        const lunar = j % 100 === 7 ? { lunarBirthday: { day: (k % 30) + 1, month: (Math.floor(k / 30) % 12) + 1, leapMonth: false } } : {};
        docs.push({
          name: `Khách Số ${j}`,
          nameKey: `khach so ${j}`,
          birthday: { day, month },
          birthMonth: month,
          birthDay: day,
          ...lunar,
          consent: { care: j % 100 !== 3, marketing: false },
          language: 'vi',
          createdBy: actor,
          updatedBy: actor,
          createdAt: new Date(),
          updatedAt: new Date(),
        });
      }
      await customersCol.insertMany(docs, { ordered: false });
      if ((i / INSERT_BATCH) % 40 === 39) out(`  seeded ${(i + INSERT_BATCH).toLocaleString('en')} (${fmt((performance.now() - seeded) / 1000)} s)`);
    }
    const seedSeconds = (performance.now() - seeded) / 1000;
    out(`  seeding: ${fmt(seedSeconds)} s (${fmt(customers / seedSeconds, 0)} inserts/s, bulk, 5,000 per batch)`);

    // Baseline: the bare indexed query a hand-written job would start from.
    const q0 = performance.now();
    const bare = await customersCol.find({ birthMonth: date.month, birthDay: date.day }, { projection: { _id: 1 } }).toArray();
    const bareMs = performance.now() - q0;

    const config = loadConfig({ LOG_LEVEL: 'silent', TELEGRAM_BOT_TOKEN: '1:bench' });
    const ctx = createJobContext({ conn, config, log: createLogger('silent') });
    const p0 = performance.now();
    const plan = await planBirthdayGreetings(ctx, date);
    const planMs = performance.now() - p0;
    const r0 = performance.now();
    const again = await planBirthdayGreetings(ctx, date);
    const replanMs = performance.now() - r0;
    const rows = await conn.db!.collection('outbox').countDocuments({ purpose: 'birthday' });

    // The insert half on its own: the same number of rows under fresh keys, straight into the outbox.
    const fresh = bare.map((d, i) => ({ key: `bench:${String(d._id)}:${i}`, purpose: 'birthday' as const, audience: 'customer' as const, customerId: String(d._id), occasion: 'bench', occasionDate: '2026-03-12', dueAt: new Date(), expiresAt: new Date() }));
    const i0 = performance.now();
    const inserted = await ctx.outbox.plan(fresh);
    const insertMs = performance.now() - i0;

    out(`  bare indexed query      : ${fmt(bareMs, 0)} ms for ${bare.length} birthdays`);
    out(`  plan greetings          : ${fmt(planMs, 0)} ms (${plan.solar} solar + ${plan.lunar} lunar, ${plan.planned} outbox rows inserted)`);
    out(`  outbox inserts/s        : ${fmt(inserted.inserted / (insertMs / 1000), 0)} rows/s (${inserted.inserted} rows in ${fmt(insertMs, 0)} ms, unique key checked)`);
    out(`  ratio plan / bare query : ${fmt(planMs / bareMs, 2)}x`);
    out(`  re-plan (idempotent)    : ${fmt(replanMs, 0)} ms, ${again.planned} inserted, ${again.existing} already there; outbox holds ${rows}`);
    if (rows !== plan.planned || again.planned !== 0) throw new Error('re-planning created rows: idempotency broken');
  } finally {
    await conn.db!.dropDatabase().catch(() => undefined);
    await conn.close();
    await db.stop();
  }
}
