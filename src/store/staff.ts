// Staff repository: members, the chats that identify them, and one-time invitations (issue 4).
// No transactions on FerretDB v1, so the order of writes keeps the data sound: chats are claimed before the
// member is written, a claim left by a crash points at no active member and is taken over by the next claimant.
import { createHash, randomBytes } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { encodeInviteCode, INVITE_CODE_BYTES, normalizeInviteCode } from '../domain/invite-code.js';
import { err, ok, type Result } from '../domain/result.js';
import type { Role } from '../domain/visibility.js';
import { addressKey, channelUserKey, type ChannelAddress, type ChannelUser } from '../domain/channel.js';
import { inviteAttemptModel, inviteClaimModel, inviteModel, type InviteAttemptModel, type InviteClaimModel, type InviteModel } from './models/invite.js';
import { staffChatModel, staffModel, type StaffChatModel, type StaffModel } from './models/staff.js';
import { isDuplicateKey } from './duplicate-key.js';
import { StaffChatDirectory } from './staff-chat-directory.js';

export interface StaffMember {
  id: string;
  name: string;
  role: Role;
  branchId?: string;
  /** The chats this member works from, in the order reminders try them. */
  chats: ChannelUser[];
  active: boolean;
}

export interface NewStaff {
  name: string;
  role: Role;
  branchId?: string;
  chats?: ChannelUser[];
}

/** `<channel>_taken`: that chat already belongs to an active member. */
export type AddStaffFailure = `${string}_taken`;

export const INVITE_TTL_MS = 24 * 3_600_000;

/**
 * `telegram:<userId>` / `zalo:<userId>`. The bot account is left out on purpose: a Telegram user id is the same
 * person whichever bot they write to, and `hoso staff add --zalo-id` knows only the user id.
 */
export function staffChatKey(channel: string, userId: string): string {
  return channelUserKey({ channel, userId: String(userId) });
}

/** A chat as a short hash, for the invitation-attempt count and the audit detail (no user id in either). */
export function chatRef(address: ChannelAddress): string {
  return createHash('sha256').update(addressKey(address), 'utf8').digest('hex').slice(0, 16);
}

/** Hex SHA-256 of a normalised code: what is stored instead of the code. */
export function hashInviteCode(normalized: string): string {
  return createHash('sha256').update(normalized, 'utf8').digest('hex');
}

// FerretDB rejects NUL (database.md, blockers §3); other control and format characters are invisible junk.
const cleanText = (s: string): string => String(s).normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim();
const cleanName = (s: string): string => [...cleanText(s)].slice(0, 100).join('');
const cleanId = (s: string | undefined): string | undefined => (s === undefined ? undefined : cleanText(s) || undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toMember(d: any): StaffMember {
  return {
    id: String(d._id),
    name: d.name,
    role: d.role,
    ...(str(d.branchId) ? { branchId: d.branchId } : {}),
    chats: chatsOf(d),
    active: d.active !== false,
  };
}

/**
 * The member's chats: the `chats` list, and the telegramId/zaloId columns of documents written before it
 * existed (read here until ensureIndexes has moved them, so nothing depends on the migration having run).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function chatsOf(d: any): ChannelUser[] {
  const chats: ChannelUser[] = Array.isArray(d.chats) ? d.chats.filter((c: Partial<ChannelUser>) => str(c?.channel) && str(c?.userId)).map((c: ChannelUser) => ({ channel: c.channel, userId: c.userId })) : [];
  const legacy: ChannelUser[] = [
    ...(str(d.telegramId) ? [{ channel: 'telegram', userId: d.telegramId as string }] : []),
    ...(str(d.zaloId) ? [{ channel: 'zalo', userId: d.zaloId as string }] : []),
  ];
  for (const l of legacy) if (!chats.some((c) => c.channel === l.channel)) chats.push(l);
  return chats;
}

const chatKeysOf = (m: { chats: ChannelUser[] }): string[] => m.chats.map(channelUserKey);

/** Cleans the input chats and keeps one per channel user (the first), in the order given. */
function cleanChats(chats: ChannelUser[] | undefined): ChannelUser[] {
  const out: ChannelUser[] = [];
  for (const c of chats ?? []) {
    const userId = cleanId(c.userId);
    if (userId && !out.some((o) => o.channel === c.channel && o.userId === userId)) out.push({ channel: c.channel, userId });
  }
  return out;
}

export class StaffRepository {
  private readonly staff: StaffModel;
  private readonly chats: StaffChatModel;
  private readonly invites: InviteModel;
  private readonly claims: InviteClaimModel;
  private readonly attempts: InviteAttemptModel;

  private readonly directory: StaffChatDirectory;

  constructor(
    conn: Connection,
    private readonly now: () => Date = () => new Date(),
    opts: { directoryMaxAgeMs?: number } = {},
  ) {
    this.staff = staffModel(conn);
    this.chats = staffChatModel(conn);
    this.directory = new StaffChatDirectory(this.chats, opts.directoryMaxAgeMs);
    this.invites = inviteModel(conn);
    this.claims = inviteClaimModel(conn);
    this.attempts = inviteAttemptModel(conn);
  }

  async add(input: NewStaff): Promise<Result<StaffMember, AddStaffFailure>> {
    const name = cleanName(input.name);
    if (!name) throw new RangeError('staff name is empty after cleaning; validate it before calling add');
    const chats = cleanChats(input.chats);
    const branchId = cleanId(input.branchId);
    const _id = new Types.ObjectId();
    const wanted = chats.map((c): [string, AddStaffFailure] => [channelUserKey(c), `${c.channel}_taken`]);
    const claimed: string[] = [];
    for (const [key, failure] of wanted) {
      if (!(await this.claimChat(key, _id))) {
        for (const k of claimed) await this.releaseChat(k, _id);
        return err(failure);
      }
      claimed.push(key);
    }
    const doc = await this.staff.create({ _id, name, role: input.role, branchId, ...(chats.length ? { chats } : {}), active: true });
    return ok(toMember(doc.toObject()));
  }

  /** Active members, by name then id (staff lists are small, so the Vietnamese-aware sort happens here). */
  async list(): Promise<StaffMember[]> {
    const docs = await this.staff.find({ active: true }).sort({ _id: 1 }).lean();
    return docs.map(toMember).sort((a, b) => a.name.localeCompare(b.name, 'vi') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async findById(id: string): Promise<StaffMember | null> {
    if (!Types.ObjectId.isValid(String(id))) return null;
    // Inactive members are returned too: the audit log still needs to say who did what.
    const d = await this.staff.findOne({ _id: new Types.ObjectId(String(id)) }).lean();
    return d ? toMember(d) : null;
  }

  /**
   * Whether this chat could be a member's, without a database read most of the time (StaffChatDirectory).
   * `false` is final for this message; `true` must be confirmed with findByAddress.
   */
  async mayBeStaff(address: ChannelAddress): Promise<boolean> {
    return this.directory.has(channelUserKey(address));
  }

  /** The active member using this chat, or null (a customer chat). Two `_id` lookups, both pushed down. */
  async findByAddress(address: ChannelAddress): Promise<StaffMember | null> {
    const key = channelUserKey(address);
    // Raw driver: looked up on every inbound message.
    const chat = await this.chats.collection.findOne({ _id: key as never });
    if (!chat) return null;
    const member = await this.findById(String(chat.staffId));
    // A claim whose member is gone, inactive or no longer holds that chat is crash debris, not staff.
    return member && member.active && chatKeysOf(member).includes(key) ? member : null;
  }

  /** Deactivates a member and unlinks their chats, so those chats are customer chats again. */
  async remove(id: string): Promise<boolean> {
    const member = await this.findById(id);
    if (!member || !member.active) return false;
    const _id = new Types.ObjectId(member.id);
    // Deactivate first: from this write on findByAddress answers null even if the chat cleanup below crashes.
    await this.staff.updateOne({ _id }, { $set: { active: false, removedAt: this.now() }, $unset: { chats: 1, telegramId: 1, zaloId: 1 } });
    for (const key of chatKeysOf(member)) await this.releaseChat(key, _id);
    return true;
  }

  async createInvite(input: { role: Role; branchId?: string; createdBy: string }): Promise<{ code: string; expiresAt: Date }> {
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + INVITE_TTL_MS);
    const branchId = cleanId(input.branchId);
    // 40 random bits: a collision with a stored code is a one-in-a-trillion event, retried rather than reported.
    for (let attempt = 0; ; attempt++) {
      const code = encodeInviteCode(randomBytes(INVITE_CODE_BYTES));
      try {
        await this.invites.create({ _id: hashInviteCode(code), role: input.role, branchId, createdBy: String(input.createdBy), createdAt, expiresAt });
        return { code, expiresAt };
      } catch (e) {
        if (!isDuplicateKey(e) || attempt >= 3) throw e;
      }
    }
  }

  /**
   * Links the chat as a new member with the invited role. Unknown, malformed, expired, used codes and chats
   * that are already staff all answer the same 'invalid', so a guess learns nothing about which codes exist.
   */
  async redeemInvite(code: string, address: ChannelAddress, name: string): Promise<Result<StaffMember, 'invalid'>> {
    // Whether this channel may hold staff chats at all is the engine's question (capabilities.staffChats).
    const normalized = normalizeInviteCode(code);
    if (!normalized) return err('invalid');
    const _id = hashInviteCode(normalized);
    const invite = await this.invites.findOne({ _id }).lean();
    const now = this.now();
    if (!invite || invite.usedAt || invite.expiresAt.getTime() <= now.getTime()) return err('invalid');
    // Checked before the claim so a colleague who is already staff does not burn the code by mistake.
    if (await this.findByAddress(address)) return err('invalid');
    try {
      await this.claims.create({ _id, claimedAt: now });
    } catch (e) {
      if (isDuplicateKey(e)) return err('invalid');
      throw e;
    }
    // Marked used before the member exists: a crash in between costs a new /moi, never a second use.
    await this.invites.updateOne({ _id }, { $set: { usedAt: now } });
    const userId = String(address.userId);
    const added = await this.add({
      name: cleanName(name) || `Nhân viên ${userId.slice(-4)}`,
      role: invite.role,
      ...(invite.branchId ? { branchId: invite.branchId } : {}),
      chats: [{ channel: address.channel, userId }],
    });
    // Only reachable when the same chat redeemed two codes at once; the second code is spent, which is fine.
    if (!added.ok) return err('invalid');
    await this.invites.updateOne({ _id }, { $set: { usedByStaffId: added.value.id } });
    return ok(added.value);
  }

  /** Refused invitation codes this chat sent since `since`. */
  /** Invitations not used yet and not expired (the web page's staff list); codes are hashes, never shown. */
  async pendingInvites(): Promise<{ role: Role; branchId?: string; createdBy: string; expiresAt: Date }[]> {
    const docs = await this.invites.find({ usedAt: { $exists: false }, expiresAt: { $gt: this.now() } }).sort({ expiresAt: 1, _id: 1 }).limit(100).lean();
    return docs.map((d) => ({ role: d.role, ...(d.branchId ? { branchId: d.branchId } : {}), createdBy: d.createdBy, expiresAt: d.expiresAt }));
  }

  async failedRedeemsSince(address: ChannelAddress, since: Date): Promise<number> {
    return this.attempts.countDocuments({ chat: chatRef(address), at: { $gte: since } });
  }

  /** Counts one refused code for this chat, forgets its attempts older than a day; returns the chat's hash. */
  async recordFailedRedeem(address: ChannelAddress): Promise<string> {
    const now = this.now();
    const chat = chatRef(address);
    await this.attempts.create({ chat, at: now });
    await this.attempts.deleteMany({ chat, at: { $lt: new Date(now.getTime() - 24 * 3_600_000) } });
    return chat;
  }

  /** Claims a chat for `staffId`; false when an active member already holds it. */
  private async claimChat(key: string, staffId: Types.ObjectId): Promise<boolean> {
    try {
      await this.chats.create({ _id: key, staffId });
      this.directory.changed();
      return true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const holder = await this.chats.findOne({ _id: key }).lean();
    if (holder && String(holder.staffId) !== String(staffId)) {
      const owner = await this.findById(String(holder.staffId));
      if (owner && owner.active && chatKeysOf(owner).includes(key)) return false;
    }
    await this.chats.updateOne({ _id: key }, { $set: { staffId } }, { upsert: true });
    this.directory.changed();
    return true;
  }

  private async releaseChat(key: string, staffId: Types.ObjectId): Promise<void> {
    const holder = await this.chats.findOne({ _id: key }).lean();
    if (holder && String(holder.staffId) === String(staffId)) await this.chats.deleteOne({ _id: key });
    this.directory.changed();
  }
}
