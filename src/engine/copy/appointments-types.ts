// The appointment catalogue (issue 13): staff lines are brisk, customer lines warm (copy-vi.md); same keys in vi and en.
import type { Address } from './index.js';

export type AppointmentStatusName = 'requested' | 'confirmed' | 'attended' | 'no_show' | 'cancelled';
export type WhenProblem = 'none' | 'past' | 'bad_time' | 'bad_date' | 'two_days';

export interface AppointmentStaffCopy {
  usage: string;
  badWhen(p: { problem: WhenProblem }): string;
  needTime: string;
  needService(p: { services: string }): string;
  unknownTechnician: string;
  ambiguousTechnician(p: { names: string }): string;
  noCustomer: string;
  booked(p: { customer: string; service: string; when: string; technician: string }): string;
  taken(p: { technician: string; from: string; to: string; free: string }): string;
  takenNobodyFree(p: { technician: string; from: string; to: string }): string;
  pickOther: string;
  full(p: { when: string }): string;
  past: string;
  closed(p: { open: string; close: string }): string;
  otherBranch(p: { technician: string }): string;
  todayTitle(p: { date: string; count: number }): string;
  todayNone(p: { date: string }): string;
  todayTechnician(p: { name: string }): string;
  todayLine(p: { time: string; customer: string; service: string; status: string }): string;
  todayPick: string;
  statusNames: Record<AppointmentStatusName, string>;
  actions(p: { customer: string; service: string; when: string; technician: string; status: string }): string;
  askAmount(p: { customer: string; service: string; technician: string }): string;
  badAmount: string;
  usePackage(p: { left: number; total: number }): string;
  markedNoShow(p: { customer: string }): string;
  markedCancelled(p: { customer: string }): string;
  confirmed(p: { customer: string; when: string }): string;
  askNewTime(p: { customer: string; when: string }): string;
  moved(p: { customer: string; when: string; technician: string }): string;
  gone: string;
  notOpen(p: { status: string }): string;
  changedMeanwhile: string;
  notAllowed: string;
  skipVisit: string;
}

export interface AppointmentCustomerCopy {
  menuBooking: string;
  needsRegistration(p: { you: Address }): string;
  /** A chat linked by a typed phone: booking waits until the phone is proven. */
  needsVerification(p: { you: Address }): string;
  /** She withdrew her care consent (/stop): nothing is booked or sent until she gives it again. */
  needsConsent(p: { you: Address }): string;
  dayTooFar(p: { you: Address; days: number }): string;
  /** "hủy" while choosing a service, day or time: nothing was booked. */
  bookingStopped(p: { you: Address }): string;
  askService(p: { you: Address }): string;
  askDay(p: { you: Address; service: string }): string;
  askTime(p: { you: Address; day: string }): string;
  noTimes(p: { you: Address; day: string }): string;
  dayNotUnderstood(p: { you: Address }): string;
  timeNotFree(p: { you: Address }): string;
  requested(p: { you: Address; service: string; when: string }): string;
  taken(p: { you: Address }): string;
  today: string;
  tomorrow: string;
  cancelAsk(p: { you: Address; service: string; when: string }): string;
  cancelYes: string;
  keep: string;
  cancelled(p: { you: Address; when: string }): string;
  kept(p: { you: Address }): string;
  rescheduleAskDay(p: { you: Address; service: string; when: string }): string;
  rescheduleRequested(p: { you: Address; service: string; when: string }): string;
  nothingOpen(p: { you: Address }): string;
  counters(p: { total: number; attended: number; missed: number; cancelled: number }): string;
}
