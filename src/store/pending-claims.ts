// Pending claims: what a chat answered for a phone it did not prove, waiting for staff or for the chat to verify.
import { Types, type Connection } from 'mongoose';
import type { Birthday } from '../domain/birthday.js';
import { addressKey } from '../domain/channel.js';
import type { ChannelAddress, ConsentPurpose } from './customer-types.js';
import { isDuplicateKey } from './duplicate-key.js';
import { pendingClaimModel, type PendingClaimModel } from './models/pending-claim.js';

export interface ClaimAnswers {
  name: string;
  phone: string;
  birthday?: Birthday;
  needs: { service: string; note?: string }[];
  language: 'vi' | 'en';
  /** The postal address Zalo's info card handed over (the claim's `address` is the chat's). */
  homeAddress?: string;
}

/** A consent as the chat gave it: who applies it (a staff member, the verified chat) is recorded when it is. */
export interface GivenConsent {
  purpose: ConsentPurpose;
  granted: boolean;
  at: Date;
  wordingVersion: string;
}

export interface PendingClaim extends ClaimAnswers {
  id: string;
  customerId: string;
  address: ChannelAddress;
  /** The chat's address key. */
  chat: string;
  consents: GivenConsent[];
  createdAt: Date;
}

export class PendingClaimRepository {
  private readonly model: PendingClaimModel;

  constructor(conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.model = pendingClaimModel(conn);
  }

  /** Keeps this chat's answers for `customerId`; a second registration from the same chat replaces the first. */
  async put(customerId: string, address: ChannelAddress, answers: ClaimAnswers, consents: GivenConsent[]): Promise<PendingClaim> {
    const filter = { customerId: new Types.ObjectId(customerId), chat: addressKey(address) };
    const doc = {
      channel: address.channel,
      account: String(address.account),
      userId: String(address.userId),
      name: answers.name,
      phone: answers.phone,
      needs: answers.needs.map((n) => ({ service: n.service, ...(n.note ? { note: n.note } : {}) })),
      language: answers.language,
      consents,
      createdAt: this.now(),
      ...(answers.birthday ? { birthday: answers.birthday } : {}),
      ...(answers.homeAddress ? { homeAddress: answers.homeAddress } : {}),
    };
    const unset = { ...(answers.birthday ? {} : { birthday: 1 }), ...(answers.homeAddress ? {} : { homeAddress: 1 }) };
    const update = { $set: doc, ...(Object.keys(unset).length ? { $unset: unset } : {}) };
    try {
      await this.model.updateOne(filter, update, { upsert: true });
    } catch (e) {
      // Two deliveries upserting at once (FerretDB upserts are not atomic, database.md §5): the second updates.
      if (!isDuplicateKey(e)) throw e;
      await this.model.updateOne(filter, update);
    }
    const saved = await this.model.findOne(filter).lean();
    return toClaim(saved);
  }

  async findById(id: string): Promise<PendingClaim | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const d = await this.model.findOne({ _id: new Types.ObjectId(id) }).lean();
    return d ? toClaim(d) : null;
  }

  /** Newest first; `_id` breaks ties (FerretDB sorts with an unstable sort, database.md §8). */
  async forCustomer(customerId: string, limit = 5): Promise<PendingClaim[]> {
    if (!Types.ObjectId.isValid(customerId)) return [];
    const docs = await this.model.find({ customerId: new Types.ObjectId(customerId) }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean();
    return docs.map(toClaim);
  }

  async forChat(address: ChannelAddress): Promise<PendingClaim[]> {
    const docs = await this.model.find({ chat: addressKey(address) }).sort({ createdAt: -1, _id: -1 }).limit(20).lean();
    return docs.map(toClaim);
  }

  async remove(id: string): Promise<boolean> {
    if (!Types.ObjectId.isValid(id)) return false;
    const r = await this.model.deleteOne({ _id: new Types.ObjectId(id) });
    return r.deletedCount === 1;
  }

  /** This chat's claim on `customerId`, superseded by what the chat did since (e.g. it proved the phone). */
  async removeForChat(address: ChannelAddress, customerId: string): Promise<void> {
    await this.model.deleteMany({ chat: addressKey(address), customerId: new Types.ObjectId(customerId) });
  }

  /** Erasure: every claim on this customer goes with the customer. */
  async removeForCustomer(customerId: string): Promise<number> {
    if (!Types.ObjectId.isValid(customerId)) return 0;
    const r = await this.model.deleteMany({ customerId: new Types.ObjectId(customerId) });
    return r.deletedCount;
  }

  /** Claims nobody acted on since `before`; FerretDB v1 has no TTL index to do it (database.md). */
  async removeOlderThan(before: Date): Promise<number> {
    const r = await this.model.deleteMany({ createdAt: { $lt: before } });
    return r.deletedCount;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toClaim(d: any): PendingClaim {
  return {
    id: String(d._id),
    customerId: String(d.customerId),
    address: { channel: d.channel, account: d.account, userId: d.userId },
    chat: d.chat,
    name: d.name,
    phone: d.phone,
    ...(d.birthday ? { birthday: { day: d.birthday.day, month: d.birthday.month, ...(d.birthday.year ? { year: d.birthday.year } : {}) } } : {}),
    needs: (d.needs ?? []).map((n: { service: string; note?: string }) => ({ service: n.service, ...(n.note ? { note: n.note } : {}) })),
    language: d.language ?? 'vi',
    ...(d.homeAddress ? { homeAddress: String(d.homeAddress) } : {}),
    consents: (d.consents ?? []).map((c: GivenConsent) => ({ purpose: c.purpose, granted: c.granted, at: c.at, wordingVersion: c.wordingVersion })),
    createdAt: d.createdAt,
  };
}
