// Appointment repository: booking, moving and closing appointments, safe against a race without transactions.
//
// The overlap rule is kept by slot keys (models/appointment.ts): booking inserts one key per 5-minute unit of the
// technician's time BEFORE the appointment exists; a unique-key refusal on any unit means someone holds it. Our own
// keys from a refused attempt are removed again. A key whose appointment is missing (a crash between the two
// inserts, older than a minute) or no longer active is stale: it is removed and the booking tried once more, so a
// crash never blocks a slot for good. Closing an appointment (cancelled, no-show, attended) frees its keys.
// Changes to an appointment are compare-and-set on its `version`, like the outbox claim (store/outbox.ts).
import { Types, type Connection } from 'mongoose';
import { err, ok, type Result } from '../domain/result.js';
import type { Actor } from './customer-types.js';
import { isDuplicateKey } from './duplicate-key.js';
import { serverFlavor } from './connection.js';
import { ACTIVE_APPOINTMENT_STATUSES, APPOINTMENT_STATUSES, appointmentModel, appointmentSlotModel, type AppointmentModel, type AppointmentSlotModel } from './models/appointment.js';

export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export type AppointmentAction = 'requested' | 'booked' | 'confirmed' | 'moved' | 'technician' | 'attended' | 'no_show' | 'cancelled';
export { ACTIVE_APPOINTMENT_STATUSES, APPOINTMENT_STATUSES };

export interface AppointmentChange {
  at: Date;
  by: Actor;
  action: AppointmentAction;
  fromStart?: Date;
  fromTechnicianId?: string;
}

export interface Appointment {
  id: string;
  customerId: string;
  branchId?: string;
  technicianId: string;
  service: string;
  start: Date;
  end: Date;
  status: AppointmentStatus;
  bookedBy: Actor;
  history: AppointmentChange[];
  visitId?: string;
  version: number;
}

export interface NewAppointment {
  customerId: string;
  branchId?: string;
  technicianId: string;
  service: string;
  start: Date;
  end: Date;
  status: 'requested' | 'confirmed';
  by: Actor;
}

/** Someone already holds (part of) that time: the appointments in the way. */
export type SlotTaken = { kind: 'taken'; conflicts: Appointment[] };
export type ChangeFailure = SlotTaken | { kind: 'changed' } | { kind: 'gone' };

export interface AppointmentCounts {
  total: number;
  attended: number;
  noShow: number;
  cancelled: number;
}

/** The unit of a technician's time a slot key stands for. */
export const SLOT_UNIT_MS = 5 * 60_000;
/** A key whose appointment does not exist yet may be a booking in flight; older than this it is a crash's leftover. */
const ORPHAN_AFTER_MS = 60_000;

const clean = (s: string): string => String(s).replaceAll('\u0000', '');
const actorOf = (a: Actor): Actor => ({ kind: a.kind, ...(a.id ? { id: String(a.id) } : {}), ...(a.channel ? { channel: String(a.channel) } : {}) });

/** The slot keys covering [start, end) for one technician, in time order. */
export function slotKeys(technicianId: string, start: Date, end: Date): string[] {
  const keys: string[] = [];
  for (let t = Math.floor(start.getTime() / SLOT_UNIT_MS) * SLOT_UNIT_MS; t < end.getTime(); t += SLOT_UNIT_MS) keys.push(`${technicianId}:${new Date(t).toISOString()}`);
  return keys;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toAppointment(d: any): Appointment {
  return {
    id: String(d._id),
    customerId: String(d.customerId),
    ...(d.branchId ? { branchId: d.branchId } : {}),
    technicianId: d.technicianId,
    service: d.service,
    start: d.start,
    end: d.end,
    status: d.status,
    bookedBy: actorOf(d.bookedBy),
    history: (d.history ?? []).map((h: AppointmentChange) => ({
      at: h.at,
      by: actorOf(h.by),
      action: h.action,
      ...(h.fromStart ? { fromStart: h.fromStart } : {}),
      ...(h.fromTechnicianId ? { fromTechnicianId: h.fromTechnicianId } : {}),
    })),
    ...(d.visitId ? { visitId: d.visitId } : {}),
    version: d.version ?? 0,
  };
}

function objectId(id: string): Types.ObjectId | null {
  return Types.ObjectId.isValid(String(id)) && String(id).length === 24 ? new Types.ObjectId(String(id)) : null;
}

export class AppointmentRepository {
  private readonly model: AppointmentModel;
  private readonly slots: AppointmentSlotModel;

  constructor(private readonly conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.model = appointmentModel(conn);
    this.slots = appointmentSlotModel(conn);
  }

  /** Books the time if every unit of it is free for the technician; otherwise says who holds it. */
  async book(input: NewAppointment): Promise<Result<Appointment, SlotTaken>> {
    if (!(input.end > input.start)) throw new RangeError('an appointment ends after it starts');
    const _id = new Types.ObjectId();
    const held = await this.hold(String(_id), input.technicianId, slotKeys(input.technicianId, input.start, input.end));
    if (!held.ok) return held;
    const now = this.now();
    const by = actorOf(input.by);
    try {
      const doc = await this.model.create({
        _id,
        customerId: new Types.ObjectId(input.customerId),
        ...(input.branchId ? { branchId: clean(input.branchId) } : {}),
        technicianId: String(input.technicianId),
        service: clean(input.service).slice(0, 100),
        start: input.start,
        end: input.end,
        status: input.status,
        bookedBy: by,
        history: [{ at: now, by, action: input.status === 'requested' ? 'requested' : 'booked' }],
        version: 0,
        createdAt: now,
        updatedAt: now,
      });
      return ok(toAppointment(doc.toObject()));
    } catch (e) {
      await this.slots.deleteMany({ appointmentId: String(_id) });
      throw e;
    }
  }

  /** Moves an appointment (and/or to another technician): the new time is held first, the old one freed after. */
  async move(current: Appointment, to: { start: Date; end: Date; technicianId?: string }, by: Actor, status?: 'requested' | 'confirmed'): Promise<Result<Appointment, ChangeFailure>> {
    const technicianId = to.technicianId ?? current.technicianId;
    const oldKeys = new Set(slotKeys(current.technicianId, current.start, current.end));
    const newKeys = slotKeys(technicianId, to.start, to.end);
    const fresh = newKeys.filter((k) => !oldKeys.has(k));
    const held = await this.hold(current.id, technicianId, fresh);
    if (!held.ok) return held;
    const change: AppointmentChange = {
      at: this.now(),
      by: actorOf(by),
      action: technicianId !== current.technicianId && to.start.getTime() === current.start.getTime() ? 'technician' : 'moved',
      fromStart: current.start,
      ...(technicianId !== current.technicianId ? { fromTechnicianId: current.technicianId } : {}),
    };
    const changed = await this.compareAndSet(current, { start: to.start, end: to.end, technicianId, ...(status ? { status } : {}) }, change);
    if (!changed.ok) {
      await this.slots.deleteMany({ _id: { $in: fresh }, appointmentId: current.id });
      return changed;
    }
    const keep = new Set(newKeys);
    const free = [...oldKeys].filter((k) => !keep.has(k));
    if (free.length) await this.slots.deleteMany({ _id: { $in: free }, appointmentId: current.id });
    return changed;
  }

  /** confirmed, attended, no_show, cancelled; a closed appointment frees its technician's time. */
  async setStatus(current: Appointment, status: Exclude<AppointmentStatus, 'requested'>, by: Actor, extra: { visitId?: string } = {}): Promise<Result<Appointment, ChangeFailure>> {
    const action: AppointmentAction = status;
    const changed = await this.compareAndSet(current, { status, ...(extra.visitId ? { visitId: String(extra.visitId) } : {}) }, { at: this.now(), by: actorOf(by), action });
    if (changed.ok && status !== 'confirmed') await this.slots.deleteMany({ appointmentId: current.id });
    return changed;
  }

  /** The visit an attended appointment became (recorded after the tap on "came"); set once, never moved to another. */
  async linkVisit(id: string, visitId: string): Promise<void> {
    const _id = objectId(id);
    if (!_id) return;
    await this.model.collection.updateOne({ _id, status: 'attended', visitId: { $exists: false } }, { $set: { visitId: String(visitId), updatedAt: this.now() } });
  }

  async findById(id: string): Promise<Appointment | null> {
    const _id = objectId(id);
    if (!_id) return null;
    const d = await this.model.findOne({ _id }).lean();
    return d ? toAppointment(d) : null;
  }

  /**
   * Appointments starting in [from, to), in time order. `branchId`: one branch (`null`: those without a branch);
   * left out: every branch. `statuses`: default all.
   */
  async between(q: { from: Date; to: Date; branchId?: string | null; technicianIds?: string[]; statuses?: readonly AppointmentStatus[] }): Promise<Appointment[]> {
    const filter: Record<string, unknown> = { start: { $gte: q.from, $lt: q.to } };
    if (q.branchId === null) filter.branchId = { $exists: false };
    else if (q.branchId !== undefined) filter.branchId = String(q.branchId);
    if (q.technicianIds) filter.technicianId = { $in: q.technicianIds.map(String) };
    if (q.statuses) filter.status = { $in: [...q.statuses] };
    const docs = await this.model.find(filter).sort({ start: 1, _id: 1 }).lean();
    return docs.map(toAppointment);
  }

  /** Active appointments of these technicians that overlap [start, end). */
  async overlapping(technicianIds: string[], start: Date, end: Date): Promise<Appointment[]> {
    if (technicianIds.length === 0) return [];
    // Appointments last at most a day, so looking a day back bounds the index range.
    const docs = await this.model
      .find({ technicianId: { $in: technicianIds.map(String) }, status: { $in: [...ACTIVE_APPOINTMENT_STATUSES] }, start: { $lt: end, $gte: new Date(start.getTime() - 86_400_000) } })
      .sort({ start: 1, _id: 1 })
      .lean();
    return docs.map(toAppointment).filter((a) => a.end > start);
  }

  /** A customer's appointments from `from` on (default: all), in time order. */
  async forCustomer(customerId: string, q: { from?: Date; statuses?: readonly AppointmentStatus[]; limit?: number } = {}): Promise<Appointment[]> {
    const _id = objectId(customerId);
    if (!_id) return [];
    const filter: Record<string, unknown> = { customerId: _id };
    if (q.from) filter.start = { $gte: q.from };
    if (q.statuses) filter.status = { $in: [...q.statuses] };
    const docs = await this.model.find(filter).sort({ start: 1, _id: 1 }).limit(q.limit ?? 100).lean();
    return docs.map(toAppointment);
  }

  /** The card's counters, derived from the records in one aggregation (never a stored number that can drift). */
  async countsFor(customerId: string): Promise<AppointmentCounts> {
    const _id = objectId(customerId);
    const counts: AppointmentCounts = { total: 0, attended: 0, noShow: 0, cancelled: 0 };
    if (!_id) return counts;
    const rows = await this.model.aggregate<{ _id: AppointmentStatus; n: number }>([{ $match: { customerId: _id } }, { $group: { _id: '$status', n: { $sum: 1 } } }]);
    for (const r of rows) {
      counts.total += r.n;
      if (r._id === 'attended') counts.attended += r.n;
      else if (r._id === 'no_show') counts.noShow += r.n;
      else if (r._id === 'cancelled') counts.cancelled += r.n;
    }
    return counts;
  }

  /** Erasure: the customer's open appointments go (their time is freed); closed ones keep date and status only. */
  async eraseCustomer(customerId: string, erasedText: string): Promise<number> {
    const _id = objectId(customerId);
    if (!_id) return 0;
    const open = await this.model.find({ customerId: _id, status: { $in: [...ACTIVE_APPOINTMENT_STATUSES] } }, { _id: 1 }).lean();
    const ids = open.map((d) => String(d._id));
    if (ids.length) await this.slots.deleteMany({ appointmentId: { $in: ids } });
    const deleted = (await this.model.deleteMany({ _id: { $in: open.map((d) => d._id) } })).deletedCount;
    const kept = (await this.model.updateMany({ customerId: _id }, { $set: { service: erasedText } })).modifiedCount;
    return deleted + kept;
  }

  /**
   * Inserts the keys for `appointmentId`. On a refusal: our own new keys go again, stale keys in the way are
   * removed and the hold tried once more; live ones are reported as the conflicts.
   */
  private async hold(appointmentId: string, technicianId: string, keys: string[], retried = false): Promise<Result<true, SlotTaken>> {
    if (keys.length === 0) return ok(true);
    const now = this.now();
    const docs = keys.map((k) => ({ _id: k, appointmentId, technicianId: String(technicianId), at: new Date(k.slice(-24)), createdAt: now }));
    try {
      await this.slots.collection.insertMany(docs as never[], { ordered: false });
      return ok(true);
    } catch (e) {
      const bulk = e as { writeErrors?: unknown };
      const errors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [e];
      if (!errors.every((w) => isDuplicateKey({ code: (w as { code?: unknown }).code, message: (w as { errmsg?: string }).errmsg ?? (e as Error).message }))) {
        await this.slots.deleteMany({ _id: { $in: keys }, appointmentId });
        throw e;
      }
    }
    await this.slots.deleteMany({ _id: { $in: keys }, appointmentId });
    const holders = await this.slots.find({ _id: { $in: keys }, appointmentId: { $ne: appointmentId } }).lean();
    const byId = new Map((await this.model.find({ _id: { $in: [...new Set(holders.map((h) => h.appointmentId))].map((id) => objectId(id)).filter((x) => x) } }).lean()).map((d) => [String(d._id), toAppointment(d)]));
    const stale = holders.filter((h) => {
      const a = byId.get(h.appointmentId);
      if (!a) return now.getTime() - new Date(h.createdAt).getTime() > ORPHAN_AFTER_MS;
      return !(ACTIVE_APPOINTMENT_STATUSES as readonly string[]).includes(a.status);
    });
    if (stale.length && !retried) {
      for (const s of stale) await this.slots.deleteOne({ _id: s._id, appointmentId: s.appointmentId });
      return this.hold(appointmentId, technicianId, keys, true);
    }
    const conflicts = [...new Map(holders.map((h) => byId.get(h.appointmentId)).filter((a): a is Appointment => a !== undefined).map((a) => [a.id, a])).values()];
    return err({ kind: 'taken', conflicts: conflicts.sort((a, b) => a.start.getTime() - b.start.getTime()) });
  }

  private async compareAndSet(current: Appointment, set: Record<string, unknown>, change: AppointmentChange): Promise<Result<Appointment, ChangeFailure>> {
    const _id = new Types.ObjectId(current.id);
    const update = { $set: { ...set, updatedAt: this.now() }, $push: { history: change }, $inc: { version: 1 } } as Record<string, unknown>;
    let matched: boolean;
    if ((await serverFlavor(this.conn)) === 'ferretdb') {
      // FerretDB's filtered update scans the table and is no more atomic than this (store/outbox.ts).
      const d = await this.model.collection.findOne({ _id });
      if (!d) return err({ kind: 'gone' });
      matched = d.version === current.version && (await this.model.collection.updateOne({ _id }, update)).matchedCount === 1;
    } else {
      matched = (await this.model.collection.updateOne({ _id, version: current.version }, update)).matchedCount === 1;
    }
    const fresh = await this.findById(current.id);
    if (!fresh) return err({ kind: 'gone' });
    return matched ? ok(fresh) : err({ kind: 'changed' });
  }
}
