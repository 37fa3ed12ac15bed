// Builds a job context on the test database with a virtual clock (sleeping advances it) and recording channels.
import { Types } from 'mongoose';
import { createJobContext, type JobContext, type JobSettings } from '../../jobs/job-deps.js';
import { OWNER_STAFF_ID, type Clock, type StaffDirectory } from '../../jobs/ports.js';
import { loadConfig } from '../../src/config.js';
import type { ChannelAddress } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { CustomerRepository } from '../../src/store/customers.js';
import { customerModel } from '../../src/store/models/customer.js';
import { visitModel } from '../../src/store/models/activity.js';
import type { TestClock } from './clock.js';
import type { TestDb } from './db.js';
import { RecordingSender, RecordingTemplates } from './recording-sender.js';

export const BOT = '123456';
export const OWNER_CHAT: ChannelAddress = { channel: 'telegram', account: BOT, userId: '999' };

export interface JobsWorld {
  ctx: JobContext;
  telegram: RecordingSender;
  zalo: RecordingSender;
  templates?: RecordingTemplates;
  /** staffId → chat; the owner is always there. */
  staffChats: Map<string, ChannelAddress>;
}

export function virtualClock(clock: TestClock): Clock {
  return { now: clock.now, sleep: async (ms) => clock.advance(ms) };
}

export function testConfig(extra: Record<string, string> = {}) {
  return loadConfig({ LOG_LEVEL: 'silent', TELEGRAM_BOT_TOKEN: `${BOT}:TEST-token`, OWNER_TELEGRAM_IDS: OWNER_CHAT.userId, SPA_NAME: 'Spa Hoa Sen', ...extra });
}

/** A fresh context per test: the rate limiter and channels remember nothing from the previous one. */
export function jobsWorld(db: TestDb, clock: TestClock, opts: { templates?: boolean; settings?: Partial<JobSettings>; env?: Record<string, string> } = {}): JobsWorld {
  const telegram = new RecordingSender('telegram', clock.now);
  const zalo = new RecordingSender('zalo', clock.now);
  const templates = opts.templates ? new RecordingTemplates() : undefined;
  const staffChats = new Map<string, ChannelAddress>([[OWNER_STAFF_ID, OWNER_CHAT]]);
  const staff: StaffDirectory = { chatOf: async (id) => staffChats.get(id) ?? null };
  const ctx = createJobContext({
    conn: db.conn,
    config: testConfig(opts.env),
    log: createLogger('silent'),
    senders: [telegram, zalo],
    ...(templates ? { templates } : {}),
    staff,
    clock: virtualClock(clock),
    // One row at a time: the tests follow the virtual clock message by message (the crash test runs the default).
    settings: { dispatchConcurrency: 1, ...opts.settings },
  });
  return { ctx, telegram, zalo, ...(templates ? { templates } : {}), staffChats };
}

export interface CustomerSpec {
  name: string;
  phone?: string;
  birthday?: { day: number; month: number; year?: number };
  lunar?: { day: number; month: number; leapMonth?: boolean };
  gender?: 'female' | 'male' | 'other';
  language?: 'vi' | 'en';
  /** Care consent (default given). */
  care?: boolean;
  telegram?: string;
  zalo?: string;
  manager?: string;
  createdAt?: Date;
}

export async function addCustomer(db: TestDb, clock: TestClock, spec: CustomerSpec): Promise<string> {
  const repo = new CustomerRepository(db.conn, clock.now);
  const consents = [{ purpose: 'care' as const, granted: spec.care ?? true, at: clock.now(), channel: 'cli', wordingVersion: 'test' }];
  const created = await repo.create(
    {
      name: spec.name,
      ...(spec.phone ? { phone: spec.phone } : {}),
      ...(spec.birthday ? { birthday: spec.birthday } : {}),
      ...(spec.gender ? { gender: spec.gender } : {}),
      ...(spec.language ? { language: spec.language } : {}),
      ...(spec.manager ? { managerStaffId: spec.manager } : {}),
    },
    { kind: 'cli' },
    consents,
  );
  if (!created.ok) throw new Error('duplicate customer in test data');
  const id = created.value.id;
  const set: Record<string, unknown> = {};
  if (spec.lunar) set.lunarBirthday = { leapMonth: false, ...spec.lunar };
  if (spec.createdAt) set.createdAt = spec.createdAt;
  // Raw update: mongoose would stamp its own timestamps, and the tests need to place registrations in time.
  if (Object.keys(set).length > 0) await customerModel(db.conn).collection.updateOne({ _id: new Types.ObjectId(id) }, { $set: set });
  if (spec.telegram) await repo.linkIdentity(id, { channel: 'telegram', account: BOT, userId: spec.telegram });
  if (spec.zalo) await repo.linkIdentity(id, { channel: 'zalo', account: 'oa1', userId: spec.zalo });
  return id;
}

export async function addVisit(db: TestDb, customerId: string, v: { at: Date; service: string; status?: 'booked' | 'done'; staffId?: string }): Promise<string> {
  const doc = await visitModel(db.conn).create({ customerId, at: v.at, service: v.service, status: v.status ?? 'done', ...(v.staffId ? { staffId: v.staffId } : {}) });
  return String(doc._id);
}
