// Claims and releases phone numbers for customers. There are no transactions on FerretDB v1, so the order of
// writes is what keeps the data sound: claim the phone first, then write the customer; a claim left behind by
// a crash points at no live customer and is taken over by the next claimant.
import { Types, type Connection } from 'mongoose';
import { isDuplicateKey } from './duplicate-key.js';
import { phoneKeyModel, type PhoneKeyModel } from './models/phone-key.js';


export class PhoneKeys {
  private readonly model: PhoneKeyModel;

  constructor(conn: Connection) {
    this.model = phoneKeyModel(conn);
  }

  async ownerOf(e164: string): Promise<string | null> {
    const d = await this.model.collection.findOne({ _id: String(e164) as never });
    return d ? String(d.customerId) : null;
  }

  /**
   * Claims `e164` for `customerId`. Returns the current owner's id when someone else holds it;
   * `isLive(id)` decides whether a holder still exists (a stale claim is taken over).
   */
  async claim(e164: string, customerId: string, isLive: (id: string) => Promise<boolean>): Promise<{ ok: true } | { ok: false; ownerId: string }> {
    const _id = String(e164);
    try {
      await this.model.collection.insertOne({ _id: _id as never, customerId: new Types.ObjectId(customerId) });
      return { ok: true };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const owner = await this.ownerOf(_id);
    if (owner === customerId) return { ok: true };
    if (owner && (await isLive(owner))) return { ok: false, ownerId: owner };
    await this.model.collection.updateOne({ _id: _id as never }, { $set: { customerId: new Types.ObjectId(customerId) } });
    return { ok: true };
  }

  async release(e164: string, customerId: string): Promise<void> {
    const owner = await this.ownerOf(e164);
    if (owner === customerId) await this.model.collection.deleteOne({ _id: String(e164) as never });
  }
}
