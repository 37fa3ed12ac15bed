// Append-only audit log: the owner's answer to "who looked at or changed this customer, and from where".
import type { Connection } from 'mongoose';
import { AUDIT_ACTIONS, AUDIT_ACTOR_KINDS, auditModel, type AuditModel } from './models/audit.js';

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];
export { AUDIT_ACTIONS };

export interface AuditInput {
  actor: { kind: AuditActorKind; id?: string };
  action: AuditAction;
  customerId?: string;
  channel?: string;
  /** Ids, counts and field names only, e.g. `fields=phone,birthday` or `results=3`. */
  detail?: string;
}

export interface AuditEntry extends AuditInput {
  id: string;
  at: Date;
}

export const REDACTED_DETAIL = '[redacted]';

/**
 * Whether a detail string looks free of personal data: printable ASCII only (Vietnamese names and free text carry
 * diacritics) and no run of 9–12 digits (a phone number; 24-character ObjectIds are longer and hex).
 */
export function isSafeDetail(detail: string): boolean {
  if (!/^[\x20-\x7e]{0,300}$/.test(detail)) return false;
  return !/(^|[^0-9A-Za-z])\+?\d{9,12}(?![0-9A-Za-z])/.test(detail) && !detail.includes('@');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export class AuditLog {
  private readonly model: AuditModel;

  constructor(conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.model = auditModel(conn);
  }

  /**
   * Appends one entry. A detail that looks like personal data is a caller's bug; it is stored as `[redacted]`
   * rather than thrown, because a failed audit write must not break the staff member's action.
   */
  async record(entry: AuditInput): Promise<void> {
    const detail = entry.detail === undefined ? undefined : isSafeDetail(entry.detail) ? entry.detail : REDACTED_DETAIL;
    await this.model.create({
      at: this.now(),
      actor: { kind: entry.actor.kind, ...(entry.actor.id ? { id: String(entry.actor.id) } : {}) },
      action: entry.action,
      ...(entry.customerId ? { customerId: String(entry.customerId) } : {}),
      ...(entry.channel ? { channel: String(entry.channel) } : {}),
      ...(detail !== undefined ? { detail } : {}),
    });
  }

  /** Newest first; `_id` breaks ties because FerretDB sorts in memory with an unstable sort (database.md §8). */
  async forCustomer(customerId: string, limit = 100): Promise<AuditEntry[]> {
    return this.newest({ customerId: String(customerId) }, limit);
  }

  /** The newest entries of the whole log, optionally of one actor (the web page's audit log). */
  async recent(limit = 100, actorId?: string): Promise<AuditEntry[]> {
    return this.newest(actorId ? { 'actor.id': String(actorId) } : {}, limit);
  }

  private async newest(filter: Record<string, unknown>, limit: number): Promise<AuditEntry[]> {
    const docs = await this.model.find(filter).sort({ at: -1, _id: -1 }).limit(limit).lean();
    return docs.map((d) => ({
      id: String(d._id),
      at: d.at,
      actor: { kind: d.actor.kind, ...(str(d.actor.id) ? { id: d.actor.id as string } : {}) },
      action: d.action,
      ...(str(d.customerId) ? { customerId: d.customerId as string } : {}),
      ...(str(d.channel) ? { channel: d.channel as string } : {}),
      ...(str(d.detail) ? { detail: d.detail as string } : {}),
    }));
  }
}
