// `hoso campaigns` end to end (issue 14): real argument parsing, the same campaign service as the chat, the real
// database. Preview, create, list with results, cancel; a manager's branch only with --as-manager; bad templates,
// segments, times and ids refused with one line and exit code 1, nothing stored.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CAMPAIGN_JOB } from '../../jobs/campaigns.js';
import { dispatchDue } from '../../jobs/dispatch.js';
import { runJob } from '../../jobs/scheduler.js';
import { recomputeAllSegments } from '../../src/services/segments.js';
import { createStore, type Store } from '../../src/store/index.js';
import { runHoso } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { BOT, jobsWorld } from '../support/jobs-fixture.js';

let db: TestDb;
let env: Record<string, string>;
let store: Store;
const DAY = 86_400_000;
const hoso = (...argv: string[]) => runHoso(env, argv);
// A weekday morning well ahead of the real clock (the CLI reads the real time), 10:00 in Hồ Chí Minh City.
const SEND_LOCAL = '2031-03-04 10:00';
const SEND_AT = new Date('2031-03-04T03:00:00Z');

beforeAll(async () => {
  db = await openTestDb('campaigns_cli');
  env = { MONGODB_URI: db.dbUri, LOG_LEVEL: 'silent', SPA_NAME: 'Spa Hoa Sen' };
});
afterAll(async () => db.close());

async function customer(n: number, name: string, branchId: string, marketing: boolean): Promise<string> {
  const now = new Date();
  const consents = [{ purpose: 'care' as const, granted: true, at: now, channel: 'cli', wordingVersion: 't' }, ...(marketing ? [{ purpose: 'marketing' as const, granted: true, at: now, channel: 'cli', wordingVersion: 't' }] : [])];
  const r = await store.customers.create({ name, phone: `+8491600000${n}`, branchId }, { kind: 'cli' }, consents);
  if (!r.ok) throw new Error('seed');
  await store.customers.linkIdentity(r.value.id, { channel: 'telegram', account: BOT, userId: String(6000 + n) });
  // VIP: twelve visits in the last year, 1.5 million each.
  for (let i = 0; i < 12; i++) await store.activity.logVisit({ customerId: r.value.id, staffId: 'seed', service: 'Chăm sóc da', amountVnd: 1_500_000, paid: true, at: new Date(now.getTime() - (10 + i * 25) * DAY) });
  return r.value.id;
}

beforeEach(async () => {
  await db.clear();
  store = createStore(db.conn);
  await customer(1, 'Nguyễn Thị Lan', 'q1', true);
  await customer(2, 'Trần Thị Mai', 'q1', false);
  await customer(3, 'Võ Thị Hồng', 'q3', true);
  await recomputeAllSegments({ store, now: () => new Date() });
});

describe('hoso campaigns', () => {
  it('previews, creates, lists with results, sends through the outbox and cancels', async () => {
    const preview = await hoso('campaigns', 'preview', '--segment', 'vip', '--template', 'Chào {ten}, {ten_spa} tặng {xung_ho} voucher {dich_vu_cuoi}');
    expect(preview.code).toBe(0);
    expect(preview.out).toContain('Sẽ nhận / will receive: 2 · không đồng ý nhận tin ưu đãi / no marketing consent: 1 · chưa có chat để gửi / no reachable chat: 0');
    expect(preview.out).toMatch(/Chào chị (Lan|Hồng), Spa Hoa Sen tặng chị voucher Chăm sóc da/);
    expect(await db.conn.db!.collection('campaigns').countDocuments()).toBe(0);

    // As the Q1 manager: only Q1's customers.
    const q1 = await hoso('campaigns', 'create', '--segment', 'vip', '--template', 'Chào {ten}!', '--at', SEND_LOCAL, '--as-manager', 'q1');
    expect(q1.code).toBe(0);
    expect(q1.out).toContain('gửi lúc / sends at 2031-03-04 10:00');
    expect(q1.out).toContain('Sẽ nhận / will receive: 1 ·');
    const id = /campaign created: ([0-9a-f]{24})/.exec(q1.out)![1]!;

    // Its time comes: queued and sent by the jobs, then the CLI shows the results.
    const clock = new TestClock(SEND_AT);
    const w = jobsWorld(db, clock);
    await runJob(w.ctx, CAMPAIGN_JOB);
    await dispatchDue(w.ctx);
    expect(w.telegram.sent.map((m) => m.text)).toEqual(['Chào chị Lan!']);
    const results = await hoso('campaigns', 'results', id);
    expect(results.code).toBe(0);
    expect(results.out).toContain('đã gửi / sent 1 · lỗi / failed 0 · từ chối nhận / opted out 0');
    const list = await hoso('campaigns', 'list');
    expect(list.out).toContain(`${id} · sending · VIP`);

    const second = await hoso('campaigns', 'create', '--segment', 'vip', '--slice', 'chinhanh:q3', '--template', 'Chào {ten}!', '--at', SEND_LOCAL);
    const secondId = /campaign created: ([0-9a-f]{24})/.exec(second.out)![1]!;
    const cancel = await hoso('campaigns', 'cancel', secondId);
    expect(cancel.code).toBe(0);
    expect(cancel.out).toContain(`Đã hủy chiến dịch ${secondId}`);
    const again = await hoso('campaigns', 'cancel', secondId);
    expect(again.code).toBe(1);
    expect(again.err).toContain('không hủy được nữa');
  });

  it.each([
    [['preview', '--segment', 'vip', '--template', 'Chào {$where}'], 'Không có chỗ điền {$where}'],
    [['preview', '--segment', 'vip', '--template', 'Chào {tne}'], 'dùng được: {ten} {xung_ho} {ho_ten} {ten_spa} {dich_vu_cuoi}'],
    [['preview', '--segment', '$where', '--template', 'Chào'], 'Không có nhóm này'],
    [['preview', '--segment', 'vip', '--slice', 'a.b:1', '--template', 'Chào'], 'Không có điều kiện lọc'],
    [['create', '--segment', 'vip', '--template', 'Chào', '--at', '2020-01-01 09:00'], 'Giờ gửi đã qua'],
    [['create', '--segment', 'vip', '--template', 'Chào', '--at', 'bao giờ'], 'Giờ gửi đã qua'],
    [['create', '--segment', 'vip', '--template', 'Chào', '--at', SEND_LOCAL, '--as-manager', '$q1'], 'Chi nhánh'],
    [['cancel', '{"$gt":""}'], 'Mã chiến dịch'],
    [['results', '0123456789abcdef01234567'], 'Không tìm thấy chiến dịch'],
  ])('refuses %j with one line', async (argv, message) => {
    const r = await hoso('campaigns', ...argv);
    expect(r.code).toBe(1);
    expect(r.err).toContain(message);
    expect(await db.conn.db!.collection('campaigns').countDocuments()).toBe(0);
  });
});
