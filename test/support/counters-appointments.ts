// The appointment rules as plainly as possible, for the card-counter property test (services/appointments.ts is
// the real thing): a spa without branches in Asia/Ho_Chi_Minh (UTC+7 all year), open 09:00-20:00, every service an
// hour; a technician holds her time from booking until the appointment is closed; a booking without a technician
// named takes the first free one in the team's order.
export type ModelStatus = 'requested' | 'confirmed' | 'attended' | 'no_show' | 'cancelled';

export interface ModelAppointment {
  id: string;
  customer: number;
  service: number;
  technician: string;
  start: number;
  end: number;
  status: ModelStatus;
  /** An attended appointment whose visit was recorded (keyed by the appointment: once). */
  visited: boolean;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE = 7 * HOUR;
export const SERVICE_MS = HOUR;

export const isActive = (a: ModelAppointment): boolean => a.status === 'requested' || a.status === 'confirmed';

/** The instant of business day `now + days` at 08:00 + 30 minutes × slot (08:00, too early, to 19:30, too late). */
export function slotStart(now: number, days: number, slot: number): number {
  const midnight = Math.floor((now + ZONE) / DAY) * DAY - ZONE;
  return midnight + days * DAY + (8 * 60 + 30 * slot) * 60_000;
}

/** Starts at 09:00 or later and ends by 20:00 local. */
export function insideHours(start: number): boolean {
  const minute = (((start + ZONE) % DAY) + DAY) % DAY / 60_000;
  return minute >= 9 * 60 && minute + SERVICE_MS / 60_000 <= 20 * 60;
}

export class AppointmentModel {
  readonly list: ModelAppointment[] = [];
  /** The bookable team in the order the spa lists it (by name): every member of a spa without branches. */
  constructor(readonly team: readonly string[]) {}

  busy(technician: string, start: number, end: number, except?: string): boolean {
    return this.list.some((a) => isActive(a) && a.id !== except && a.technician === technician && a.start < end && a.end > start);
  }

  freeTeam(start: number, end: number, except: string[] = []): string[] {
    return this.team.filter((t) => !except.includes(t) && !this.busy(t, start, end));
  }

  /** What booking at `start` gives: refused before anything else for the past and outside opening hours. */
  expectBooking(now: number, start: number, technician?: string): { kind: 'past' | 'closed' | 'full' } | { kind: 'taken'; free: string[] } | { kind: 'booked'; technician: string } {
    if (start <= now) return { kind: 'past' };
    if (!insideHours(start)) return { kind: 'closed' };
    const end = start + SERVICE_MS;
    if (technician) return this.busy(technician, start, end) ? { kind: 'taken', free: this.freeTeam(start, end, [technician]) } : { kind: 'booked', technician };
    const first = this.freeTeam(start, end)[0];
    return first ? { kind: 'booked', technician: first } : { kind: 'full' };
  }

  /** Moving keeps the technician when she is free then (her own appointment is not in the way), else the first free. */
  expectMove(now: number, a: ModelAppointment, start: number): { ok: false; reason: 'not_open' | 'past' | 'closed' | 'taken' } | { ok: true; technician: string } {
    if (!isActive(a)) return { ok: false, reason: 'not_open' };
    if (start <= now) return { ok: false, reason: 'past' };
    if (!insideHours(start)) return { ok: false, reason: 'closed' };
    const end = start + SERVICE_MS;
    if (!this.busy(a.technician, start, end, a.id)) return { ok: true, technician: a.technician };
    const other = this.freeTeam(start, end, [a.technician])[0];
    return other ? { ok: true, technician: other } : { ok: false, reason: 'taken' };
  }

  counts(customer: number): { total: number; attended: number; noShow: number; cancelled: number } {
    const mine = this.list.filter((a) => a.customer === customer);
    const n = (s: ModelStatus) => mine.filter((a) => a.status === s).length;
    return { total: mine.length, attended: n('attended'), noShow: n('no_show'), cancelled: n('cancelled') };
  }
}
