// The appointments of a day or a week, per technician, for the owner's web page (issue 15). Same scope as the
// chat's /homnay: owners see every branch (or one they pick), everyone else their own branch. The day's customers
// are named as in /homnay; a card is linked only where the viewer may read it. One audit entry per board read.
import { formatLocalDate, type LocalDate } from '../domain/business-time.js';
import { addDays, instantAt } from '../domain/quiet-hours.js';
import type { Appointment } from '../store/appointments.js';
import type { CustomerAccess } from './customer-access.js';

export interface BoardRow {
  appointment: Appointment;
  customerName: string;
  /** Only set when the viewer may open the card. */
  customerLink?: string;
}

export interface AppointmentBoard {
  days: LocalDate[];
  /** The branch shown: undefined for every branch (owners only), null for the branch-less appointments. */
  branchId: string | null | undefined;
  technicians: { id: string; name: string }[];
  /** Rows per technician id, then per day (yyyy-mm-dd), in time order. */
  rows: Map<string, Map<string, BoardRow[]>>;
}

/**
 * `branch` is honoured for owners only; `days` is 1 (a day) or 7 (a week from `from`). Null when the viewer is
 * no longer a staff member.
 */
export async function appointmentBoard(access: CustomerAccess, p: { from: LocalDate; days: 1 | 7; timeZone: string; branch?: string }): Promise<AppointmentBoard | null> {
  const member = await access.staffMember();
  if (!member) return null;
  const branchId = member.role === 'owner' ? p.branch || undefined : (member.branchId ?? null);
  const days = Array.from({ length: p.days }, (_, i) => addDays(p.from, i));
  const store = access.store;
  const list = await store.appointments.between({
    from: instantAt(p.from, '00:00', p.timeZone),
    to: instantAt(addDays(p.from, p.days), '00:00', p.timeZone),
    ...(branchId !== undefined ? { branchId } : {}),
  });
  const customers = await store.customers.findManyById([...new Set(list.map((a) => a.customerId))]);
  const staff = new Map((await store.staff.list()).map((m) => [m.id, m.name]));
  const readable = new Set((await access.visible(customers.values())).filter((v) => v.access === 'full').map((v) => v.customer.id));
  await access.record('search', undefined, `web_appointments from=${formatLocalDate(p.from)} days=${p.days} results=${list.length}`);

  const rows = new Map<string, Map<string, BoardRow[]>>();
  for (const a of [...list].sort((x, y) => x.start.getTime() - y.start.getTime())) {
    const day = formatLocalDate(localDayOf(a.start, p.timeZone, days));
    const perDay = rows.get(a.technicianId) ?? new Map<string, BoardRow[]>();
    const c = customers.get(a.customerId);
    perDay.set(day, [...(perDay.get(day) ?? []), { appointment: a, customerName: c?.name ?? '—', ...(c && readable.has(c.id) ? { customerLink: `/web/customers/${c.id}` } : {}) }]);
    rows.set(a.technicianId, perDay);
  }
  const technicians = [...rows.keys()].map((id) => ({ id, name: staff.get(id) ?? '?' })).sort((x, y) => x.name.localeCompare(y.name, 'vi'));
  return { days, branchId, technicians, rows };
}

/** The board's day an instant falls on (the list was read for exactly these days). */
function localDayOf(at: Date, timeZone: string, days: LocalDate[]): LocalDate {
  for (let i = days.length - 1; i >= 0; i--) if (at >= instantAt(days[i]!, '00:00', timeZone)) return days[i]!;
  return days[0]!;
}
