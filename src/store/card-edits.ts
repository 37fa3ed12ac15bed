// The history of card edits: one row per changed field (who, when, before, after), newest first when read.
import { Types, type Connection } from 'mongoose';
import type { Actor } from './customer-types.js';
import { cardEditModel, type CardEditModel } from './models/card-edit.js';

export interface CardEdit {
  customerId: string;
  field: string;
  from?: string;
  to?: string;
  by: Actor;
  at: Date;
}

// FerretDB rejects NUL characters in strings (database.md §3).
const clean = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : String(s).replaceAll('\u0000', '').slice(0, 500));

export class CardEditRepository {
  private readonly model: CardEditModel;

  constructor(conn: Connection) {
    this.model = cardEditModel(conn);
  }

  async add(e: CardEdit): Promise<void> {
    const from = clean(e.from);
    const to = clean(e.to);
    await this.model.create({
      customerId: new Types.ObjectId(e.customerId),
      field: e.field,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      by: { kind: e.by.kind, ...(e.by.id ? { id: String(e.by.id) } : {}), ...(e.by.channel ? { channel: String(e.by.channel) } : {}) },
      at: e.at,
    });
  }

  /** Newest first; `_id` breaks ties (FerretDB sorts in memory with an unstable sort, database.md §8). */
  async forCustomer(customerId: string, limit = 20): Promise<CardEdit[]> {
    if (!Types.ObjectId.isValid(customerId)) return [];
    const docs = await this.model.find({ customerId: new Types.ObjectId(customerId) }).sort({ at: -1, _id: -1 }).limit(limit).lean();
    return docs.map((d) => ({
      customerId: String(d.customerId),
      field: d.field,
      ...(d.from ? { from: d.from } : {}),
      ...(d.to ? { to: d.to } : {}),
      by: { kind: d.by.kind, ...(d.by.id ? { id: d.by.id } : {}), ...(d.by.channel ? { channel: d.by.channel } : {}) },
      at: d.at,
    }));
  }
}
