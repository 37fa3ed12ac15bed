// What every page is rendered with: the words, who is looking, and the form token for writes.
import type { StaffMember } from '../../store/staff.js';
import type { WebCopy } from '../copy/types.js';

export interface PageCtx {
  c: WebCopy;
  member: StaffMember;
  /** Sent back by every form that writes (double-submit is not enough: SameSite=Lax still lets top-level GETs through). */
  csrf: string;
  /** The current path, for the navigation and the language switch. */
  path: string;
  timeZone: string;
  spaName: string;
}

/**
 * Owners and managers see the messages and staff pages; the audit log, settings and import are the owner's (an
 * import fills empty fields of any customer with that phone, in any branch).
 */
export const canSee = (member: Pick<StaffMember, 'role'>, page: 'outbox' | 'staff' | 'audit' | 'settings' | 'import'): boolean =>
  member.role === 'owner' || (member.role === 'manager' && (page === 'outbox' || page === 'staff'));
