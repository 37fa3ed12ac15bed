// Who may see which customer, and the audit of every read, for any viewer: a staff member's chat, the
// owner's CLI, later a web session. Front ends phrase the outcome; the decision and the audit live here.
// src/services is the layer every front end calls; segments and appointments will live here too.
import { isSensitiveNote, maySeeSensitiveNotes, type NoteKind } from '../domain/note-kinds.js';
import { accessTo, type Access, type StaffVisibility, type Viewer as VisibilityViewer } from '../domain/visibility.js';
import type { CallEntry, NoteEntry, VisitEntry } from '../store/activity.js';
import type { AuditAction, AuditInput } from '../store/audit.js';
import type { Customer } from '../store/customers.js';
import type { Store } from '../store/index.js';
import type { StaffMember } from '../store/staff.js';

/**
 * Who is looking. A staff member is named by id and re-read from the staff list, so a colleague removed a
 * moment ago (or a stale web session) sees nothing. The owner's CLI sees everything, or, with
 * `asManagerOf`, exactly what a manager of that branch sees (the manager's export).
 */
export type Viewer =
  | { kind: 'staff'; staffId: string; /** Where the request came from, for the audit ("telegram", "zalo", "web"). */ channel: string }
  | { kind: 'owner-cli'; asManagerOf?: string };

export interface CustomerAccessDeps {
  store: Store;
  /** The owner's setting for what staff see of customers that are not theirs (seed 000). */
  staffVisibility: StaffVisibility;
}

/** A card as far as the viewer may read it. `masked`: the front end shows the name and a masked phone only. */
export type CardRead =
  | { access: 'hidden' }
  | { access: 'masked'; customer: Customer }
  | { access: 'full'; customer: Customer; visits: VisitEntry[]; notes: NoteEntry[]; calls: CallEntry[] };

// Notes: enough of them for /xem to show a few of each kind.
const RECENT = { visits: 3, notes: 10, calls: 2 } as const;

/**
 * One viewer's access for the length of one request (a chat message, a CLI command, a page load): the member
 * and the customers they served are read at most once, whatever the number of customers checked.
 */
export class CustomerAccess {
  private member?: Promise<StaffMember | null>;
  private served?: Promise<Set<string>>;

  constructor(
    private readonly deps: CustomerAccessDeps,
    readonly viewer: Viewer,
  ) {}

  /** The owner's setting for what staff see of customers not theirs, for list services that apply the rule to stored rows. */
  get staffVisibility(): StaffVisibility {
    return this.deps.staffVisibility;
  }

  /** The repositories behind this access, for the list services beside it. */
  get store(): Store {
    return this.deps.store;
  }

  /** The active staff member behind this viewer; null for the CLI and for a removed or unknown member. */
  staffMember(): Promise<StaffMember | null> {
    const v = this.viewer;
    if (v.kind !== 'staff') return Promise.resolve(null);
    this.member ??= this.deps.store.staff.findById(v.staffId).then((m) => (m?.active ? m : null));
    return this.member;
  }

  /** The visibility rule's view of this viewer, or null when the viewer may see nothing at all. */
  async rules(): Promise<VisibilityViewer | null> {
    const v = this.viewer;
    if (v.kind === 'owner-cli') {
      return v.asManagerOf ? { staffId: 'cli', role: 'manager', branchId: v.asManagerOf } : { staffId: 'cli', role: 'owner' };
    }
    const m = await this.staffMember();
    if (!m) return null;
    return { staffId: m.id, role: m.role, ...(m.branchId ? { branchId: m.branchId } : {}) };
  }

  /** Ids of the customers this staff member logged a call or visit for; one query per request. */
  servedIds(): Promise<Set<string>> {
    const v = this.viewer;
    if (v.kind !== 'staff') return Promise.resolve(new Set());
    this.served ??= this.deps.store.activity.servedBy(v.staffId);
    return this.served;
  }

  /** The one place a viewer's access to a customer is decided. */
  async accessTo(customer: Customer): Promise<Access> {
    const rules = await this.rules();
    if (!rules) return 'hidden';
    // "Served" only matters for the staff role; owners and managers skip the query.
    const served = rules.role === 'staff' ? (await this.servedIds()).has(customer.id) : false;
    return accessTo(rules, customer, served, this.deps.staffVisibility);
  }

  /** Reads a card by id; exactly one audit entry (read_card, with `masked` or `refused` when not in full). */
  async readCard(customerId: string): Promise<CardRead> {
    const customer = await this.deps.store.customers.findById(customerId);
    return this.read(customer, customerId);
  }

  /** Reads a card by phone (E.164); null when no live customer has it (nothing to audit). */
  async readCardByPhone(e164: string): Promise<CardRead | null> {
    const customer = await this.deps.store.customers.findByPhone(e164);
    return customer ? this.read(customer, customer.id) : null;
  }

  /** The customer when the viewer may write about them (full access); no audit, the write itself is audited. */
  async withFullAccess(customerId: string): Promise<Customer | null> {
    const customer = await this.deps.store.customers.findById(customerId);
    return customer && (await this.accessTo(customer)) === 'full' ? customer : null;
  }

  /** Each customer with what the viewer may see of them, hidden ones left out, order kept. */
  async visible(customers: Iterable<Customer>, limit = Infinity): Promise<{ customer: Customer; access: 'full' | 'masked' }[]> {
    const out: { customer: Customer; access: 'full' | 'masked' }[] = [];
    for (const customer of customers) {
      if (out.length >= limit) break;
      const access = await this.accessTo(customer);
      if (access !== 'hidden') out.push({ customer, access });
    }
    return out;
  }

  /** Appends one audit entry as this viewer. `detail`: ids, counts and field names only. */
  async record(action: AuditAction, customerId?: string, detail?: string): Promise<void> {
    const v = this.viewer;
    const entry: AuditInput =
      v.kind === 'staff'
        ? { actor: { kind: 'staff', id: v.staffId }, action, channel: v.channel }
        : { actor: { kind: 'cli' }, action, ...(action === 'read_card' ? { channel: 'cli' } : {}) };
    await this.deps.store.audit.record({ ...entry, ...(customerId ? { customerId } : {}), ...(detail ? { detail } : {}) });
  }

  private async read(customer: Customer | null, customerId: string): Promise<CardRead> {
    const access = customer ? await this.accessTo(customer) : 'hidden';
    if (!customer || access === 'hidden') {
      // A refused read is recorded too (the owner sees who tried), but only against a customer that exists.
      if (customer) await this.record('read_card', customerId, 'refused');
      return { access: 'hidden' };
    }
    if (access === 'masked') {
      await this.record('read_card', customer.id, 'masked');
      return { access, customer };
    }
    const { activity } = this.deps.store;
    const [visits, notes, calls] = await Promise.all([
      activity.recentVisits(customer.id, RECENT.visits),
      activity.recentNotes(customer.id, RECENT.notes),
      activity.recentCalls(customer.id, RECENT.calls),
    ]);
    await this.record('read_card', customer.id);
    return { access, customer, visits, notes: readableNotes(notes, access, customer), calls };
  }
}

/** Her notes as this viewer may read them: skin and health notes only with full access and her health consent. */
export function readableNotes<N extends { kind: NoteKind }>(notes: N[], access: Access, customer: Pick<Customer, 'consent'>): N[] {
  const sensitive = maySeeSensitiveNotes(access, customer.consent);
  return notes.filter((n) => sensitive || !isSensitiveNote(n.kind));
}

/** The access of one viewer for one request. */
export function customerAccess(deps: CustomerAccessDeps, viewer: Viewer): CustomerAccess {
  return new CustomerAccess(deps, viewer);
}
