// The few numbers behind the owner's charts (issue 15), read as plain indexed finds with small projections:
// FerretDB v1's $group support is narrow (database.md), and weekly buckets are cheap to count in the app.
import type { Connection } from 'mongoose';
import { CustomerListing, type CustomerScope } from './customer-listing.js';
import { visitModel, type VisitModel } from './models/activity.js';
import { customerModel, type CustomerModel } from './models/customer.js';
import { outboxModel, type OutboxModel } from './models/outbox.js';

/** Whose visits a viewer's charts count: all, one branch's, or one member's own. */
export type VisitScope = 'all' | { branch: string } | { staffId: string };

export class OverviewStats {
  private readonly customers: CustomerModel;
  private readonly visits: VisitModel;
  private readonly outbox: OutboxModel;
  private readonly listing: CustomerListing;

  constructor(conn: Connection) {
    this.customers = customerModel(conn);
    this.visits = visitModel(conn);
    this.outbox = outboxModel(conn);
    this.listing = new CustomerListing(conn);
  }

  /** Customers created in [from, to) within the scope, with the channel they came from ("cli", "staff" when not a chat). */
  async newCustomers(scope: CustomerScope, from: Date, to: Date): Promise<{ at: Date; channel: string }[]> {
    const filter = this.listing.filterOf({ scope });
    if (!filter) return [];
    const docs = await this.customers
      .find({ $and: [filter, { createdAt: { $gte: from, $lt: to } }] }, { createdAt: 1, createdBy: 1 })
      .lean();
    return docs.map((d) => ({ at: d.createdAt as Date, channel: d.createdBy?.channel ?? d.createdBy?.kind ?? 'other' }));
  }

  async visitsBetween(scope: VisitScope, from: Date, to: Date): Promise<{ at: Date; amountVnd: number }[]> {
    const who = scope === 'all' ? {} : 'branch' in scope ? { branchId: String(scope.branch) } : { staffId: String(scope.staffId) };
    const docs = await this.visits.find({ ...who, at: { $gte: from, $lt: to }, status: 'done' }, { at: 1, amountVnd: 1 }).lean();
    return docs.map((d) => ({ at: d.at, amountVnd: d.amountVnd ?? 0 }));
  }

  /** Birthdays per month (index 0 = January), solar and lunar apart. */
  async birthdayMonths(scope: CustomerScope): Promise<{ solar: number[]; lunar: number[] }> {
    const filter = this.listing.filterOf({ scope });
    const months = Array.from({ length: 12 }, (_, i) => i + 1);
    if (!filter) return { solar: months.map(() => 0), lunar: months.map(() => 0) };
    const count = (extra: Record<string, unknown>) => this.customers.countDocuments({ $and: [filter, extra] });
    const [solar, lunar] = await Promise.all([
      Promise.all(months.map((m) => count({ birthMonth: m, lunarBirthday: { $exists: false } }))),
      Promise.all(months.map((m) => count({ 'lunarBirthday.month': m }))),
    ]);
    return { solar, lunar };
  }

  /** Outbox rows finished in [from, to) as sent, failed or handed to staff, by when they finished. */
  async messagesBetween(from: Date, to: Date): Promise<{ at: Date; status: 'sent' | 'failed' | 'handed_off' }[]> {
    const docs = await this.outbox
      .find({ status: { $in: ['sent', 'failed', 'handed_off'] }, updatedAt: { $gte: from, $lt: to } }, { updatedAt: 1, status: 1 })
      .lean();
    return docs.map((d) => ({ at: d.updatedAt, status: d.status as 'sent' | 'failed' | 'handed_off' }));
  }
}
