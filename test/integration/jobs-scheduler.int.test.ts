// The Agenda worker on the shared connection, and `hoso jobs list | run`, against the real database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { listJobs, startWorker, type Worker } from '../../jobs/scheduler.js';
import { runCli } from '../../src/cli/hoso.js';
import { businessDateTime } from '../../src/domain/business-time.js';
import { TestClock } from '../support/clock.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { addCustomer, jobsWorld } from '../support/jobs-fixture.js';

let db: TestDb;

beforeAll(async () => {
  db = await openTestDb('scheduler');
});
afterAll(async () => db.close());
beforeEach(async () => db.clear());

describe('the worker', () => {
  let worker: Worker | undefined;
  afterAll(async () => worker?.stop());

  it('schedules every job in business time, catches up today’s missed runs at start, and stops cleanly', async () => {
    const clock = new TestClock('2026-03-12T02:30:00Z'); // 09:30: the 08:30 and 09:00 runs were missed, 10:00 is still to come
    const w = jobsWorld(db, clock);
    await addCustomer(db, clock, { name: 'Nguyễn Thị Lan', birthday: { day: 12, month: 3 }, telegram: '101' });
    const done = new Map<string, () => void>();
    const expected = ['staff-reminders', 'birthday-greetings', 'dispatch-outbox'];
    const allRan = Promise.all(expected.map((name) => new Promise<void>((resolve) => done.set(name, resolve))));
    worker = await startWorker(w.ctx, {
      processEvery: 100,
      lockLifetimeMs: 1_000,
      observe: (agenda) => agenda.on('complete', (job: { attrs: { name: string } }) => done.get(job.attrs.name)?.()),
    });
    await allRan;

    const listed = await listJobs(w.ctx);
    expect(listed.map((j) => j.name)).toEqual(['staff-reminders', 'birthday-greetings', 'follow-ups', 'dispatch-outbox', 'retry-inbound', 'segments-nightly', 'housekeeping', 'package-reminders', 'win-back', 'appointment-unmarked', 'campaigns']);
    const birthday = listed.find((j) => j.name === 'birthday-greetings')!;
    expect(birthday.schedule).toBe('09:00 Asia/Ho_Chi_Minh');
    expect(businessDateTime(birthday.nextRunAt!, 'Asia/Ho_Chi_Minh')).toMatchObject({ hour: 9, minute: 0 });
    expect(birthday.lastRun).toMatchObject({ by: 'worker', ok: true, date: '2026-03-12' });
    expect(listed.find((j) => j.name === 'follow-ups')!.lastRun).toBeUndefined();
    expect(await w.ctx.outbox.list({ purpose: 'birthday' })).toHaveLength(1);

    await worker.stop();
    await worker.stop(); // twice is harmless (graceful shutdown may be asked twice)
    worker = undefined;
  });
});

describe('hoso jobs', () => {
  async function hoso(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), write: (c) => out.push(c) }, { MONGODB_URI: db.dbUri, LOG_LEVEL: 'silent' });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('runs a job for a given business date, once, and shows its last result', async () => {
    await addCustomer(db, new TestClock(), { name: 'Nguyễn Thị Lan', birthday: { day: 12, month: 3 } });
    const first = await hoso('jobs', 'run', 'birthday-greetings', '--date', '2026-03-12');
    expect(first).toMatchObject({ code: 0, out: 'birthday-greetings: planned=1 existing=0 solar=1 lunar=0' });
    expect((await hoso('jobs', 'run', 'birthday-greetings', '--date', '2026-03-12')).out).toBe('birthday-greetings: planned=0 existing=1 solar=1 lunar=0');

    const list = await hoso('jobs', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toContain('birthday-greetings  [09:00 Asia/Ho_Chi_Minh]');
    expect(list.out).toMatch(/lần trước \/ last: .*\(cli, ngày 2026-03-12\) ok planned=0 existing=1/);
    expect(list.out).toContain('not scheduled: start the worker');
    expect(list.out).toContain('Hàng đợi / outbox: pending 1 · ');
  });

  it('refuses an unknown job or an impossible date with a one-line reason', async () => {
    expect(await hoso('jobs', 'run', 'greet-everyone')).toMatchObject({ code: 1, err: expect.stringContaining('no such job') });
    expect(await hoso('jobs', 'run', 'birthday-greetings', '--date', '2026-02-30')).toMatchObject({ code: 1, err: expect.stringContaining('YYYY-MM-DD') });
  });
});
