// One-time card links: issued by staff after /kh, redeemed once by the customer's chat, hashed at rest.
// FerretDB v1 has no atomic findAndModify across processes (database.md §5): the redeem is an update filtered on
// "not used yet", and its modifiedCount says whether this chat was the one that used it.
import { createHash, randomBytes } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { LINK_TOKEN_BYTES } from '../domain/start-payload.js';
import { err, ok, type Result } from '../domain/result.js';
import { linkTokenModel, type LinkTokenModel } from './models/link-token.js';

export const hashLinkToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export type RedeemFailure = 'unknown' | 'expired' | 'used';

export class LinkTokenRepository {
  private readonly tokens: LinkTokenModel;
  constructor(
    conn: Connection,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.tokens = linkTokenModel(conn);
  }

  /** A fresh token for this customer; the plain token exists only in the returned value (and the link shown). */
  async issue(input: { customerId: string; createdBy: string; ttlMs: number }): Promise<{ token: string; expiresAt: Date }> {
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + input.ttlMs);
    const token = randomBytes(LINK_TOKEN_BYTES).toString('base64url');
    await this.tokens.create({ _id: hashLinkToken(token), customerId: new Types.ObjectId(input.customerId), createdBy: String(input.createdBy), createdAt, expiresAt });
    return { token, expiresAt };
  }

  /** What a token would open, without using it: its customer, or why it opens nothing. */
  async peek(token: string): Promise<Result<{ customerId: string }, RedeemFailure>> {
    const d = await this.tokens.findOne({ _id: hashLinkToken(token) }).lean();
    if (!d) return err('unknown');
    if (d.usedAt) return err('used');
    if (d.expiresAt.getTime() <= this.now().getTime()) return err('expired');
    return ok({ customerId: String(d.customerId) });
  }

  /** Uses the token for one chat (`chatRef`: a hash): exactly one redeem succeeds, later ones see `used`. */
  async redeem(token: string, chatRef: string): Promise<Result<{ customerId: string }, RedeemFailure>> {
    const seen = await this.peek(token);
    if (!seen.ok) return seen;
    const now = this.now();
    const r = await this.tokens.updateOne({ _id: hashLinkToken(token), usedAt: { $exists: false }, expiresAt: { $gt: now } }, { $set: { usedAt: now, usedBy: chatRef } });
    return r.modifiedCount === 1 ? ok(seen.value) : err('used');
  }

  /** Erasure: every link ever issued for the customer goes. */
  async removeFor(customerId: string): Promise<number> {
    return (await this.tokens.deleteMany({ customerId: new Types.ObjectId(customerId) })).deletedCount;
  }
}
