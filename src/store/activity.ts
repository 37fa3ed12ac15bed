// Calls, visits and notes staff log about a customer (seeds 000 and 003), and who has served whom (visibility).
import { Types, type Connection } from 'mongoose';
import { callModel, noteModel, visitModel, NOTE_KINDS, type CallModel, type NoteModel, type VisitModel } from './models/activity.js';
import { customerModel, type CustomerModel } from './models/customer.js';

export type NoteKind = (typeof NOTE_KINDS)[number];
export { NOTE_KINDS };
/** The schema's limit for call content and note text: longer input is a validation error, so check it first. */
export const MAX_ACTIVITY_TEXT = 2000;

export interface CallEntry {
  id: string;
  customerId: string;
  staffId: string;
  at: Date;
  content: string;
}
export interface VisitEntry {
  id: string;
  customerId: string;
  staffId?: string;
  branchId?: string;
  at: Date;
  service: string;
  amountVnd: number;
  paid: boolean;
}
export interface NoteEntry {
  id: string;
  customerId: string;
  staffId?: string;
  kind: NoteKind;
  text: string;
  at: Date;
}

// FerretDB rejects NUL characters in strings (database.md, blockers §3).
const clean = (s: string): string => String(s).replaceAll('\u0000', '');

function objectId(id: string): Types.ObjectId {
  if (!Types.ObjectId.isValid(String(id))) throw new RangeError('not a customer id');
  return new Types.ObjectId(String(id));
}

export class ActivityRepository {
  private readonly calls: CallModel;
  private readonly visits: VisitModel;
  private readonly notes: NoteModel;
  private readonly customers: CustomerModel;

  constructor(conn: Connection) {
    this.calls = callModel(conn);
    this.visits = visitModel(conn);
    this.notes = noteModel(conn);
    this.customers = customerModel(conn);
  }

  async logCall(input: { customerId: string; staffId: string; content: string; at: Date }): Promise<void> {
    await this.calls.create({ customerId: objectId(input.customerId), staffId: String(input.staffId), content: clean(input.content), at: input.at });
  }

  /** The latest call since `since` (seed 003: warn before a second call the same day). */
  async lastCallSince(customerId: string, since: Date): Promise<{ staffId: string; at: Date; content: string } | null> {
    const d = await this.calls.findOne({ customerId: objectId(customerId), at: { $gte: since } }).sort({ at: -1, _id: -1 }).lean();
    return d ? { staffId: d.staffId, at: d.at, content: d.content } : null;
  }

  /**
   * Records a visit and adds it to the customer's counts and totals. The visit is written first: it is the
   * record of truth, and a crash before the totals update leaves totals short, never a total with no visit.
   * FerretDB v1 applies `$inc` as read-modify-write without a lock (database.md, "Updates are not atomic"), so two
   * processes logging visits for one customer at the same instant can lose an increment; MongoDB does not.
   */
  async logVisit(input: { customerId: string; staffId: string; service: string; amountVnd: number; paid: boolean; at: Date; branchId?: string }): Promise<void> {
    const customerId = objectId(input.customerId);
    const amount = input.amountVnd;
    if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError('amountVnd must be a non-negative integer');
    const exists = await this.customers.exists({ _id: customerId });
    if (!exists) throw new RangeError('no such customer');
    await this.visits.create({
      customerId,
      staffId: String(input.staffId),
      service: clean(input.service),
      amountVnd: amount,
      paid: input.paid,
      at: input.at,
      status: 'done',
      ...(input.branchId ? { branchId: String(input.branchId) } : {}),
    });
    await this.customers.updateOne(
      { _id: customerId },
      {
        $inc: { visitCount: 1, 'totals.spentVnd': amount, 'totals.debtVnd': input.paid ? 0 : amount },
        // $max: a visit logged late for an earlier day never moves "last visit" backwards.
        $max: { lastVisitAt: input.at },
        $set: { updatedBy: { kind: 'staff', id: String(input.staffId) } },
      },
    );
  }

  async addNote(input: { customerId: string; staffId: string; kind: NoteKind; text: string; at: Date }): Promise<void> {
    await this.notes.create({ customerId: objectId(input.customerId), staffId: String(input.staffId), kind: input.kind, text: clean(input.text), at: input.at });
  }

  async recentVisits(customerId: string, limit = 5): Promise<VisitEntry[]> {
    const docs = await this.visits.find({ customerId: objectId(customerId) }).sort({ at: -1, _id: -1 }).limit(limit).lean();
    return docs.map((d) => ({
      id: String(d._id),
      customerId: String(d.customerId),
      ...(d.staffId ? { staffId: d.staffId } : {}),
      ...(d.branchId ? { branchId: d.branchId } : {}),
      at: d.at,
      service: d.service,
      amountVnd: d.amountVnd ?? 0,
      paid: Boolean(d.paid),
    }));
  }

  async recentNotes(customerId: string, limit = 5): Promise<NoteEntry[]> {
    const docs = await this.notes.find({ customerId: objectId(customerId) }).sort({ at: -1, _id: -1 }).limit(limit).lean();
    return docs.map((d) => ({
      id: String(d._id),
      customerId: String(d.customerId),
      ...(d.staffId ? { staffId: d.staffId } : {}),
      kind: (d.kind ?? 'other') as NoteKind,
      text: d.text,
      at: d.at,
    }));
  }

  async recentCalls(customerId: string, limit = 5): Promise<CallEntry[]> {
    const docs = await this.calls.find({ customerId: objectId(customerId) }).sort({ at: -1, _id: -1 }).limit(limit).lean();
    return docs.map((d) => ({ id: String(d._id), customerId: String(d.customerId), staffId: d.staffId, at: d.at, content: d.content }));
  }

  /** Ids of the customers this staff member has called or served (issue 4: "their" customers). */
  async servedBy(staffId: string): Promise<Set<string>> {
    const filter = { staffId: String(staffId) };
    const [calls, visits] = await Promise.all([this.calls.find(filter, { customerId: 1 }).lean(), this.visits.find(filter, { customerId: 1 }).lean()]);
    return new Set([...calls, ...visits].map((d) => String(d.customerId)));
  }
}
