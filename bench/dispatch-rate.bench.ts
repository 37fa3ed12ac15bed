// Dispatch rate: N birthday greetings through the real Telegram sender to a local Bot API server, paced by the
// limiter, next to the same sender unpaced (the baseline). Checks the achieved rate is within 5 % under the limit
// and that no chat got two messages. Args: [messages=300] [rate per second=30] [--profile: database commands
// of the dispatch run by name, with their count, total and average time].
import { planBirthdayGreetings } from '../jobs/birthday-greetings.js';
import { createJobContext } from '../jobs/job-deps.js';
import { dispatchDue } from '../jobs/dispatch.js';
import { standaloneSenders } from '../jobs/senders.js';
import { loadConfig } from '../src/config.js';
import { businessToday } from '../src/domain/business-time.js';
import { createLogger } from '../src/log.js';
import { connectDatabase } from '../src/store/connection.js';
import { CustomerRepository } from '../src/store/customers.js';
import { ensureIndexes } from '../src/store/index.js';
import { loadavg } from 'node:os';
import { benchDatabase, fmt, processCpuSeconds } from './harness.js';
import { startLocalBotApi, type ReceivedMessage } from './local-bot-api.js';

const BOT = '123456';

/** Database commands by name (an update's or bulk write's statements counted apart), with their time. */
function commandProfile(conn: Awaited<ReturnType<typeof connectDatabase>>) {
  const started = new Map<number, { name: string; at: number; ops: number }>();
  let byName = new Map<string, { count: number; ops: number; ms: number }>();
  const client = conn.getClient();
  client.on('commandStarted', (e) => {
    const cmd = e.command as { updates?: unknown[] };
    started.set(e.requestId, { name: e.commandName, at: performance.now(), ops: Array.isArray(cmd.updates) ? cmd.updates.length : 1 });
  });
  const done = (e: { requestId: number }): void => {
    const s = started.get(e.requestId);
    if (!s) return;
    started.delete(e.requestId);
    const row = byName.get(s.name) ?? { count: 0, ops: 0, ms: 0 };
    row.count++;
    row.ops += s.ops;
    row.ms += performance.now() - s.at;
    byName.set(s.name, row);
  };
  client.on('commandSucceeded', done);
  client.on('commandFailed', done);
  return {
    reset: () => void (byName = new Map()),
    report: (sent: number): string[] => [
      `  database commands during the run (per message sent: ${sent}):`,
      ...[...byName.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([n, r]) => `    ${n.padEnd(16)} ${String(r.count).padStart(6)} calls (${fmt(r.count / Math.max(1, sent), 2)}/msg), ${String(r.ops).padStart(6)} statements, total ${fmt(r.ms / 1000, 2)} s, avg ${fmt(r.ms / r.count, 1)} ms`),
    ],
  };
}

function rateOf(received: ReceivedMessage[]): number {
  if (received.length < 2) return NaN;
  return (received.length - 1) / ((received.at(-1)!.at - received[0]!.at) / 1000);
}

export async function run(args: string[]): Promise<void> {
  const profile = args.includes('--profile');
  const [messagesArg, limitArg] = args.filter((a) => !a.startsWith('--'));
  const messages = Number(messagesArg ?? 300);
  const limit = Number(limitArg ?? 30);
  const db = await benchDatabase();
  const api = await startLocalBotApi();
  const conn = await connectDatabase(db.uri, { dbName: 'hoso_bench_dispatch', serverSelectionTimeoutMS: 30_000, monitorCommands: profile });
  const commands = profile ? commandProfile(conn) : undefined;
  const out = (s: string): void => void process.stdout.write(s + '\n');
  try {
    await conn.db!.dropDatabase();
    await ensureIndexes(conn);
    // Quiet hours off and the greeting hour at midnight, so the bench runs at any time of day.
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: `${BOT}:BENCH-token`,
      TELEGRAM_API_ROOT: api.apiRoot,
      SEND_RATE_TELEGRAM: String(limit),
      QUIET_HOURS_START: '00:00',
      QUIET_HOURS_END: '00:00',
      BIRTHDAY_SEND_TIME: '00:00',
    });
    const today = businessToday(new Date(), config.BUSINESS_TIME_ZONE);
    const repo = new CustomerRepository(conn);
    for (let i = 0; i < messages; i++) {
      const created = await repo.create({ name: `Nguyễn Thị Khách${i}`, birthday: { day: today.day, month: today.month } }, { kind: 'system' }, [
        { purpose: 'care', granted: true, at: new Date(), channel: 'bench', wordingVersion: 'bench' },
      ]);
      if (!created.ok) throw new Error('seed failed');
      await repo.linkIdentity(created.value.id, { channel: 'telegram', account: BOT, userId: String(1_000_000 + i) });
    }
    out(`dispatch-rate on ${db.label}: ${messages} greetings, limit ${limit}/s, real Telegram sender → local Bot API`);

    // Baseline: the same sender, no outbox and no limiter: what the client and the stand-in manage flat out.
    const [sender] = standaloneSenders(config);
    const b0 = performance.now();
    for (let i = 0; i < Math.min(messages, 200); i++) {
      await sender!.send({ channel: 'telegram', account: BOT, userId: String(9_000_000 + i) }, { text: 'baseline' });
    }
    const baselineRate = Math.min(messages, 200) / ((performance.now() - b0) / 1000);
    api.received.length = 0;

    const concurrency = args.find((a) => a.startsWith('--concurrency='))?.split('=')[1];
    const ctx = createJobContext({ conn, config, log: createLogger('silent'), senders: standaloneSenders(config), ...(concurrency ? { settings: { dispatchConcurrency: Number(concurrency) } } : {}) });
    await planBirthdayGreetings(ctx, today);
    commands?.reset();
    const dbCpu0 = db.pid ? processCpuSeconds(db.pid) : NaN;
    const appCpu0 = process.cpuUsage();
    const d0 = performance.now();
    const summary = await dispatchDue(ctx, { batchSize: 200 });
    const seconds = (performance.now() - d0) / 1000;
    const dbCpu = db.pid ? processCpuSeconds(db.pid) - dbCpu0 : NaN;
    const appCpuUs = process.cpuUsage(appCpu0);
    const appCpu = (appCpuUs.user + appCpuUs.system) / 1e6;

    const perChat = new Map<string, number>();
    for (const m of api.received) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
    const duplicates = [...perChat.values()].filter((n) => n > 1).length;
    const achieved = rateOf(api.received);
    const within = achieved <= limit * 1.0001 && achieved >= limit * 0.95;
    out(`  baseline (unpaced sender): ${fmt(baselineRate)} msg/s`);
    out(`  dispatcher               : ${summary.sent} sent in ${fmt(seconds)} s, achieved ${fmt(achieved, 2)} msg/s = ${fmt((achieved / limit) * 100)} % of the limit`);
    out(`  chats reached            : ${perChat.size}, duplicates: ${duplicates}`);
    out(`  within 5 % under the limit: ${within ? 'yes' : 'NO'}`);
    // CPU per message does not depend on what else the machine runs: 1000 / (ms per message) is the rate one core gives.
    out(`  CPU per message sent      : database ${fmt((dbCpu * 1000) / summary.sent, 2)} ms, app ${fmt((appCpu * 1000) / summary.sent, 2)} ms (machine load ${loadavg()[0]!.toFixed(1)})`);
    if (commands) for (const l of commands.report(summary.sent)) out(l);
    if (duplicates > 0 || summary.sent !== messages) throw new Error('dispatch bench: duplicates or missing messages');
  } finally {
    await conn.db!.dropDatabase().catch(() => undefined);
    await conn.close();
    await api.close();
    await db.stop();
  }
}
