// Appointment rules without I/O: how long a service takes, whether a time is inside opening hours, and which start
// times of a day still have a technician free (what /datlich offers and what /hen suggests instead).
import { businessDateTime, businessInstant, type LocalDate } from './business-time.js';
import { foldDiacritics } from './name.js';
import type { ClockTime } from './vn-datetime.js';

export interface AppointmentSettings {
  /** Business-local "HH:MM" opening and closing: an appointment starts and ends inside them. */
  open: string;
  close: string;
  /** Minutes per service, keyed by the service's name as configured; others take `defaultMinutes`. */
  durations: Record<string, number>;
  defaultMinutes: number;
  /** Step between the start times offered to customers. */
  slotMinutes: number;
  /** Hours before the appointment for the second reminder (0: none). */
  reminderHours: number;
  /** Business-local time of the day-before reminder. */
  dayBeforeTime: string;
  /** Business-local time staff are asked about today's unmarked appointments. */
  endOfDayTime: string;
}

export const DEFAULT_APPOINTMENT_SETTINGS: AppointmentSettings = {
  open: '09:00',
  close: '20:00',
  durations: {},
  defaultMinutes: 60,
  slotMinutes: 30,
  reminderHours: 2,
  dayBeforeTime: '19:00',
  endOfDayTime: '20:30',
};

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function durationOf(service: string, s: Pick<AppointmentSettings, 'durations' | 'defaultMinutes'>): number {
  const key = foldDiacritics(service);
  for (const [name, m] of Object.entries(s.durations)) if (foldDiacritics(name) === key) return m;
  return s.defaultMinutes;
}

/**
 * The configured service named in `words` (longest name first, without diacritics or case), with the indexes
 * of the words it used; undefined when none is named.
 */
export function findService(words: readonly string[], services: readonly string[]): { service: string; used: number[] } | undefined {
  const folded = words.map((w) => foldDiacritics(w));
  const byLength = [...services].sort((a, b) => b.length - a.length);
  for (const service of byLength) {
    const target = foldDiacritics(service).split(' ');
    for (let i = 0; i + target.length <= folded.length; i++) {
      if (target.every((t, k) => folded[i + k] === t)) return { service, used: target.map((_, k) => i + k) };
    }
  }
  return undefined;
}

/** Is [start, start + minutes) inside opening hours on its business-local day? */
export function insideOpeningHours(start: Date, durationMinutes: number, s: Pick<AppointmentSettings, 'open' | 'close'>, timeZone: string): boolean {
  const l = businessDateTime(start, timeZone);
  const from = l.hour * 60 + l.minute;
  return from >= minutes(s.open) && from + durationMinutes <= minutes(s.close);
}

export interface Busy {
  technicianId: string;
  start: Date;
  end: Date;
}

export interface FreeSlot {
  start: Date;
  end: Date;
  /** Technicians free for the whole slot, in the order given. */
  technicianIds: string[];
}

/** Start times of `date` (every `slotMinutes` inside opening hours, after `notBefore`) with a technician free. */
export function freeSlots(p: { date: LocalDate; durationMinutes: number; technicianIds: readonly string[]; busy: readonly Busy[]; notBefore: Date; settings: AppointmentSettings; timeZone: string }): FreeSlot[] {
  const out: FreeSlot[] = [];
  const { settings: s } = p;
  for (let m = minutes(s.open); m + p.durationMinutes <= minutes(s.close); m += s.slotMinutes) {
    const start = businessInstant(p.date, Math.floor(m / 60), m % 60, p.timeZone);
    if (start <= p.notBefore) continue;
    const end = new Date(start.getTime() + p.durationMinutes * 60_000);
    const free = p.technicianIds.filter((t) => !p.busy.some((b) => b.technicianId === t && b.start < end && b.end > start));
    if (free.length) out.push({ start, end, technicianIds: free });
  }
  return out;
}

export function clockOf(at: Date, timeZone: string): ClockTime {
  const l = businessDateTime(at, timeZone);
  return { hour: l.hour, minute: l.minute };
}
