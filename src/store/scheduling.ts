// Read-only queries the scheduled jobs plan from (birthdays, registrations, visits), and the jobs' run log.
// FerretDB has no $month/$dayOfMonth/$expr (database.md §9): birthdays are matched on the stored numbers.
import { Types, type Connection } from 'mongoose';
import type { LunarBirthday } from '../domain/lunar.js';
import type { ChannelAddress } from '../domain/channel.js';
import { visitModel, type VisitModel } from './models/activity.js';
import { customerModel, type CustomerModel } from './models/customer.js';
import { identityModel, type IdentityModel } from './models/identity.js';
import { jobRunModel, type JobRunModel } from './models/outbox.js';

export interface VisitRecord {
  id: string;
  customerId: string;
  at: Date;
  service: string;
  staffId?: string;
}

export interface JobRun {
  job: string;
  startedAt: Date;
  finishedAt?: Date;
  date: string;
  ok?: boolean;
  summary?: string;
  error?: string;
  by: 'worker' | 'cli';
}

/** Only customers who may get care messages: consent given, data not erased. */
const reachable = { 'consent.care': true, erasedAt: { $exists: false } };

export class SchedulingQueries {
  private readonly customers: CustomerModel;
  private readonly visits: VisitModel;
  private readonly identities: IdentityModel;

  constructor(private readonly conn: Connection) {
    this.customers = customerModel(conn);
    this.visits = visitModel(conn);
    this.identities = identityModel(conn);
  }

  /** Next run of each recurring job, read from Agenda's own table (`hoso jobs list`). */
  async nextRuns(): Promise<Map<string, Date>> {
    const docs = await agendaDatabase(this.conn)
      .collection<{ name: string; nextRunAt?: Date | null }>('agendaJobs')
      .find({ type: 'single' }, { projection: { name: 1, nextRunAt: 1 } })
      .toArray();
    return new Map(docs.filter((d) => d.nextRunAt).map((d) => [d.name, d.nextRunAt!]));
  }

  /**
   * Customers who may celebrate on this day: a solar birthday on one of `solar.days` of `solar.month` (lunar
   * celebrants left out), or a lunar birthday on one of `lunar.days` of `lunar.month` (leap rules are the caller's).
   * One $or query: FerretDB scans the collection once instead of twice, MongoDB unions the two indexes.
   */
  async birthdayCandidates(solar: { month: number; days: number[] }, lunar: { month: number; days: number[] }): Promise<{ id: string; lunarBirthday?: LunarBirthday }[]> {
    const docs = await this.customers
      .find(
        {
          $or: [
            { birthMonth: solar.month, birthDay: { $in: solar.days }, lunarBirthday: { $exists: false } },
            { 'lunarBirthday.month': lunar.month, 'lunarBirthday.day': { $in: lunar.days } },
          ],
          ...reachable,
        },
        { _id: 1, lunarBirthday: 1 },
      )
      .lean();
    return docs.map((d) => ({
      id: String(d._id),
      ...(d.lunarBirthday ? { lunarBirthday: { day: d.lunarBirthday.day, month: d.lunarBirthday.month, leapMonth: Boolean(d.lunarBirthday.leapMonth) } } : {}),
    }));
  }

  /** Customers registered in [from, to) who may get care messages. */
  async registeredBetween(from: Date, to: Date): Promise<{ id: string; createdAt: Date }[]> {
    const docs = await this.customers.find({ createdAt: { $gte: from, $lt: to }, ...reachable }, { _id: 1, createdAt: 1 }).lean();
    return docs.map((d) => ({ id: String(d._id), createdAt: d.createdAt }));
  }

  async visitsBetween(from: Date, to: Date, status: 'done' | 'booked'): Promise<VisitRecord[]> {
    const docs = await this.visits.find({ at: { $gte: from, $lt: to }, status }).sort({ at: 1, _id: 1 }).lean();
    return docs.map((v) => ({ id: String(v._id), customerId: String(v.customerId), at: v.at, service: v.service, ...(v.staffId ? { staffId: v.staffId } : {}) }));
  }

  /** Chat identities of many customers in one query (one table scan on FerretDB instead of one per message). */
  async identitiesOf(customerIds: string[]): Promise<Map<string, ChannelAddress[]>> {
    const ids = [...new Set(customerIds)].filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
    const byCustomer = new Map<string, ChannelAddress[]>(ids.map((id) => [String(id), []]));
    if (ids.length === 0) return byCustomer;
    const docs = await this.identities.find({ customerId: { $in: ids } }).sort({ linkedAt: 1, _id: 1 }).lean();
    for (const d of docs) byCustomer.get(String(d.customerId))?.push({ channel: d.channel, account: d.account, userId: d.userId });
    return byCustomer;
  }

  /** Has the customer been (or booked) again after `since`? Then a follow-up would be out of place. */
  async cameBackSince(customerId: string, since: Date, exceptVisitId?: string): Promise<boolean> {
    const q: Record<string, unknown> = { customerId: new Types.ObjectId(customerId), at: { $gt: since }, status: { $in: ['done', 'booked'] } };
    if (exceptVisitId && Types.ObjectId.isValid(exceptVisitId)) q._id = { $ne: new Types.ObjectId(exceptVisitId) };
    return (await this.visits.countDocuments(q)) > 0;
  }
}

export class JobRunRepository {
  private readonly runs: JobRunModel;

  constructor(conn: Connection) {
    this.runs = jobRunModel(conn);
  }

  async started(job: string, date: string, by: 'worker' | 'cli', at: Date): Promise<string> {
    const doc = await this.runs.create({ job, date, by, startedAt: at });
    return String(doc._id);
  }

  async finished(id: string, at: Date, result: { ok: boolean; summary?: string; error?: string }): Promise<void> {
    await this.runs.updateOne({ _id: new Types.ObjectId(id) }, { $set: { finishedAt: at, ...result } });
  }

  /** Did this job already finish successfully for this business date (any process, CLI or worker)? */
  async succeededFor(job: string, date: string): Promise<boolean> {
    return (await this.runs.countDocuments({ job, date, ok: true })) > 0;
  }

  async last(job: string): Promise<JobRun | null> {
    const d = await this.runs.findOne({ job }).sort({ startedAt: -1, _id: -1 }).lean();
    if (!d) return null;
    return {
      job: d.job,
      startedAt: d.startedAt,
      date: d.date,
      by: d.by,
      ...(d.finishedAt ? { finishedAt: d.finishedAt } : {}),
      ...(typeof d.ok === 'boolean' ? { ok: d.ok } : {}),
      ...(d.summary ? { summary: d.summary } : {}),
      ...(d.error ? { error: d.error } : {}),
    };
  }
}

/** The shared Db handle Agenda's MongoBackend needs: the app's one connection, not a second client. */
export function agendaDatabase(conn: Connection): NonNullable<Connection['db']> {
  if (!conn.db) throw new Error('database connection is not open');
  return conn.db;
}
