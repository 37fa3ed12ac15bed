// Dispatch rate: N birthday greetings through the real Telegram sender to a local Bot API server, paced by the
// limiter, next to the same sender unpaced (the baseline). Checks the achieved rate is within 5 % under the limit
// and that no chat got two messages. Args: [messages=300] [rate per second=30].
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
import { benchDatabase, fmt } from './harness.js';
import { startLocalBotApi, type ReceivedMessage } from './local-bot-api.js';

const BOT = '123456';

function rateOf(received: ReceivedMessage[]): number {
  if (received.length < 2) return NaN;
  return (received.length - 1) / ((received.at(-1)!.at - received[0]!.at) / 1000);
}

export async function run(args: string[]): Promise<void> {
  const messages = Number(args[0] ?? 300);
  const limit = Number(args[1] ?? 30);
  const db = await benchDatabase();
  const api = await startLocalBotApi();
  const conn = await connectDatabase(db.uri, { dbName: 'hoso_bench_dispatch', serverSelectionTimeoutMS: 30_000 });
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

    const ctx = createJobContext({ conn, config, log: createLogger('silent'), senders: standaloneSenders(config) });
    await planBirthdayGreetings(ctx, today);
    const d0 = performance.now();
    const summary = await dispatchDue(ctx, { batchSize: 200 });
    const seconds = (performance.now() - d0) / 1000;

    const perChat = new Map<string, number>();
    for (const m of api.received) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
    const duplicates = [...perChat.values()].filter((n) => n > 1).length;
    const achieved = rateOf(api.received);
    const within = achieved <= limit * 1.0001 && achieved >= limit * 0.95;
    out(`  baseline (unpaced sender): ${fmt(baselineRate)} msg/s`);
    out(`  dispatcher               : ${summary.sent} sent in ${fmt(seconds)} s, achieved ${fmt(achieved, 2)} msg/s = ${fmt((achieved / limit) * 100)} % of the limit`);
    out(`  chats reached            : ${perChat.size}, duplicates: ${duplicates}`);
    out(`  within 5 % under the limit: ${within ? 'yes' : 'NO'}`);
    if (duplicates > 0 || summary.sent !== messages) throw new Error('dispatch bench: duplicates or missing messages');
  } finally {
    await conn.db!.dropDatabase().catch(() => undefined);
    await conn.close();
    await api.close();
    await db.stop();
  }
}
