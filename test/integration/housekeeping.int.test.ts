// The housekeeping job on the real database with a controllable clock (issue 16): what is older than its retention
// goes, in bounded batches; what is recent, still to send, or for the owner to look at stays; a re-run is harmless.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { runHousekeeping } from '../../jobs/housekeeping.js';
import { runJob } from '../../jobs/scheduler.js';
import { createLogger } from '../../src/log.js';
import { inviteAttemptModel, inviteClaimModel, inviteModel } from '../../src/store/models/invite.js';
import { linkTokenModel } from '../../src/store/models/link-token.js';
import { jobRunModel, outboxModel, type OutboxStatus } from '../../src/store/models/outbox.js';
import { webLoginLinkModel, webSessionModel } from '../../src/store/models/web-session.js';
import { zaloEventModel } from '../../src/store/models/zalo-event.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { jobsWorld } from '../support/jobs-fixture.js';

const NOW = '2026-09-01T01:00:00Z';
const DAY = 24 * 3_600_000;
const daysAgo = (d: number): Date => new Date(new Date(NOW).getTime() - d * DAY);

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb('housekeeping');
});
afterAll(async () => db.close());
beforeEach(async () => db.clear());

async function outboxRow(key: string, status: OutboxStatus, updatedDaysAgo: number): Promise<void> {
  const at = daysAgo(updatedDaysAgo);
  await outboxModel(db.conn).create({
    key,
    purpose: 'birthday',
    audience: 'customer',
    customerId: new Types.ObjectId(),
    occasion: '2026',
    occasionDate: '2026-01-01',
    dueAt: at,
    expiresAt: at,
    nextAttemptAt: at,
    status,
    createdAt: at,
    updatedAt: at,
  });
}

/** Old and recent rows of every kind the job looks at (defaults: links 30 d, Zalo 7 d, runs 90 d, outbox 180 d). */
async function seed(): Promise<void> {
  const invite = (id: string, expires: number, used?: number) => ({ _id: id, role: 'staff' as const, createdBy: 'owner', createdAt: daysAgo(expires + 1), expiresAt: daysAgo(expires), ...(used !== undefined ? { usedAt: daysAgo(used) } : {}) });
  await inviteModel(db.conn).create([invite('old-expired', 40), invite('old-used', -5, 31), invite('recent-expired', 10), invite('valid', -2)]);
  await inviteClaimModel(db.conn).create([{ _id: 'old-used', claimedAt: daysAgo(31) }, { _id: 'valid-claimed', claimedAt: daysAgo(1) }]);
  await inviteAttemptModel(db.conn).create([{ chat: 'h1', at: daysAgo(3) }, { chat: 'h1', at: new Date(new Date(NOW).getTime() - 3_600_000) }]);
  const token = (id: string, expires: number) => ({ _id: id, customerId: new Types.ObjectId(), createdBy: 'owner', createdAt: daysAgo(expires + 1), expiresAt: daysAgo(expires) });
  await linkTokenModel(db.conn).create([token('t-old', 31), token('t-recent', 2)]);
  await webLoginLinkModel(db.conn).create([{ _id: 'l-old', staffId: 's', createdAt: daysAgo(41), expiresAt: daysAgo(40) }, { _id: 'l-new', staffId: 's', createdAt: new Date(NOW), expiresAt: daysAgo(-0.01) }]);
  await webSessionModel(db.conn).create([
    { _id: 's-old', staffId: 's', fromLink: 'l-old', csrf: 'x', createdAt: daysAgo(40), expiresAt: daysAgo(39) },
    { _id: 's-new', staffId: 's', fromLink: 'l-new', csrf: 'y', createdAt: new Date(NOW), expiresAt: daysAgo(-0.5) },
  ]);
  const event = (key: string, status: 'done' | 'pending' | 'abandoned', days: number) => ({ oaId: 'oa', key, eventName: 'user_send_text', status, receivedAt: daysAgo(days) });
  await zaloEventModel(db.conn).create([event('e-done-old', 'done', 8), event('e-abandoned-old', 'abandoned', 9), event('e-pending-old', 'pending', 9), event('e-done-recent', 'done', 2)]);
  const run = (job: string, days: number, finished = true) => ({ job, date: '2026-01-01', by: 'worker' as const, startedAt: daysAgo(days), ...(finished ? { finishedAt: daysAgo(days), ok: true } : {}) });
  await jobRunModel(db.conn).create([run('birthday-greetings', 100), run('birthday-greetings', 95), run('birthday-greetings', 1), run('follow-ups', 120), run('staff-reminders', 130, false), run('staff-reminders', 2)]);
  const agenda = db.conn.db!.collection('agendaJobs');
  await agenda.insertMany([
    { name: 'birthday-greetings', type: 'normal', nextRunAt: null, lockedAt: null, lastFinishedAt: daysAgo(100), data: {} },
    { name: 'follow-ups', type: 'normal', nextRunAt: null, lockedAt: null, lastFinishedAt: daysAgo(1), data: {} },
    { name: 'birthday-greetings', type: 'single', nextRunAt: daysAgo(-1), lockedAt: null, lastFinishedAt: daysAgo(200), data: {} },
  ]);
  await outboxRow('sent-old', 'sent', 181);
  await outboxRow('cancelled-old', 'cancelled', 200);
  await outboxRow('expired-old', 'expired', 190);
  await outboxRow('handed-off-old', 'handed_off', 190);
  await outboxRow('pending-old', 'pending', 300);
  await outboxRow('failed-old', 'failed', 300);
  await outboxRow('unknown-old', 'unknown', 300);
  await outboxRow('sent-recent', 'sent', 100);
}

const ids = async (model: { find(f: object): { lean(): Promise<{ _id: unknown }[]> } }) => (await model.find({}).lean()).map((d) => String(d._id)).sort();

describe('housekeeping', () => {
  it('removes what is older than its retention, keeps recent, unfinished and owner-facing rows, logs counts only', async () => {
    await seed();
    const w = jobsWorld(db, new TestClock(NOW));
    const lines: string[] = [];
    w.ctx.log = createLogger('info', { write: (s: string) => void lines.push(s) });

    const result = await runJob(w.ctx, 'housekeeping');
    expect(result).toEqual({ removed: 15 });

    expect(await ids(inviteModel(db.conn))).toEqual(['recent-expired', 'valid']);
    expect(await ids(inviteClaimModel(db.conn))).toEqual(['valid-claimed']);
    expect(await inviteAttemptModel(db.conn).countDocuments()).toBe(1);
    expect(await ids(linkTokenModel(db.conn))).toEqual(['t-recent']);
    expect(await ids(webLoginLinkModel(db.conn))).toEqual(['l-new']);
    expect(await ids(webSessionModel(db.conn))).toEqual(['s-new']);
    expect((await zaloEventModel(db.conn).find({}).lean()).map((e) => e.key).sort()).toEqual(['e-done-recent', 'e-pending-old']);
    // follow-ups' only run is old but stays (the newest of each job); the unfinished old run stays too.
    const runs = await jobRunModel(db.conn).find({}).lean();
    expect(runs.map((r) => `${r.job}:${Math.round((new Date(NOW).getTime() - r.startedAt.getTime()) / DAY)}`).sort()).toEqual(
      ['birthday-greetings:1', 'follow-ups:120', 'staff-reminders:130', 'staff-reminders:2', 'housekeeping:0'].sort(),
    );
    const agenda = await db.conn.db!.collection('agendaJobs').find({}).toArray();
    expect(agenda.map((j) => `${String(j.name)}:${String(j.type)}`).sort()).toEqual(['birthday-greetings:single', 'follow-ups:normal']);
    expect((await outboxModel(db.conn).find({}).lean()).map((r) => r.key).sort()).toEqual(['failed-old', 'pending-old', 'sent-recent', 'unknown-old']);

    const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'old bookkeeping removed')!;
    expect(line).toMatchObject({ removed: 15, staff_invites: 2, outbox: 4, job_runs: 2, zalo_events: 2, agenda_jobs: 1 });
    for (const secret of ['old-expired', 'e-done-old', 'sent-old', 't-old']) expect(lines.join('\n')).not.toContain(secret);

    // Run again the same night: nothing more goes, nothing kept is touched.
    expect(await runJob(w.ctx, 'housekeeping')).toEqual({ removed: 0 });
    expect(await outboxModel(db.conn).countDocuments()).toBe(4);
  });

  it('works in bounded batches: a run stops after its batches and the next run goes on (abuse: a huge backlog)', async () => {
    for (let i = 0; i < 7; i++) await outboxRow(`sent-${i}`, 'sent', 400);
    await outboxRow('pending', 'pending', 400);
    const w = jobsWorld(db, new TestClock(NOW));
    expect(await runHousekeeping(w.ctx, { year: 2026, month: 9, day: 1 }, { batchSize: 2, maxBatches: 2 })).toEqual({ removed: 4 });
    expect(await outboxModel(db.conn).countDocuments()).toBe(4);
    expect(await runHousekeeping(w.ctx, { year: 2026, month: 9, day: 1 }, { batchSize: 2, maxBatches: 2 })).toEqual({ removed: 3 });
    expect((await outboxModel(db.conn).find({}).lean()).map((r) => r.key)).toEqual(['pending']);
  });

  it('follows the retention settings: a longer RETENTION_OUTBOX_DAYS keeps the same rows', async () => {
    await outboxRow('sent-old', 'sent', 181);
    const w = jobsWorld(db, new TestClock(NOW), { env: { RETENTION_OUTBOX_DAYS: '365' } });
    expect(await runJob(w.ctx, 'housekeeping')).toEqual({ removed: 0 });
    expect(await outboxModel(db.conn).countDocuments()).toBe(1);
  });
});
