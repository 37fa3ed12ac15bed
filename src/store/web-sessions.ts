// One-time login links and the sessions they open (the owner's web page). Tokens are random, 256 bits, and
// never stored: only their hashes are.
import { createHash, randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from './duplicate-key.js';
import { webLoginLinkModel, webSessionModel, type WebLoginLinkModel, type WebSessionModel } from './models/web-session.js';

export interface WebSession {
  staffId: string;
  csrf: string;
  expiresAt: Date;
}

const hash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');
/** Tokens are base64url of 32 bytes: anything else is refused before it reaches the database. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class WebSessionRepository {
  private readonly links: WebLoginLinkModel;
  private readonly sessions: WebSessionModel;

  constructor(conn: Connection, private readonly now: () => Date = () => new Date()) {
    this.links = webLoginLinkModel(conn);
    this.sessions = webSessionModel(conn);
  }

  /** A new login link token for the member, valid for `ttlMs`. */
  async createLink(staffId: string, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
    const token = newToken();
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + ttlMs);
    await this.links.create({ _id: hash(token), staffId: String(staffId), createdAt, expiresAt });
    return { token, expiresAt };
  }

  /** Who a link is for, without using it (the confirm page), or null when unknown or expired. */
  async peekLink(token: string): Promise<string | null> {
    if (!TOKEN.test(token)) return null;
    const link = await this.links.findOne({ _id: hash(token) }).lean();
    return link && link.expiresAt > this.now() ? link.staffId : null;
  }

  /**
   * Opens a session from a link, exactly once: a used, unknown or expired link gives null. The link is removed
   * after use; the session's unique `fromLink` is what makes a second use fail even if two requests race.
   */
  async redeemLink(token: string, sessionTtlMs: number): Promise<{ token: string; session: WebSession } | null> {
    if (!TOKEN.test(token)) return null;
    const linkHash = hash(token);
    const link = await this.links.findOne({ _id: linkHash }).lean();
    const at = this.now();
    if (!link || link.expiresAt <= at) return null;
    const sessionToken = newToken();
    const session: WebSession = { staffId: link.staffId, csrf: newToken(), expiresAt: new Date(at.getTime() + sessionTtlMs) };
    try {
      await this.sessions.create({ _id: hash(sessionToken), fromLink: linkHash, createdAt: at, ...session });
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
    await this.links.deleteOne({ _id: linkHash });
    return { token: sessionToken, session };
  }

  /** The live session behind a cookie's token, or null (unknown, malformed, expired). */
  async find(token: string): Promise<WebSession | null> {
    if (!TOKEN.test(token)) return null;
    const d = await this.sessions.findOne({ _id: hash(token) }).lean();
    if (!d || d.expiresAt <= this.now()) return null;
    return { staffId: d.staffId, csrf: d.csrf, expiresAt: d.expiresAt };
  }

  async end(token: string): Promise<void> {
    if (TOKEN.test(token)) await this.sessions.deleteOne({ _id: hash(token) });
  }

  /** "Log out everywhere": every session and unused link of the member. */
  async endAll(staffId: string): Promise<number> {
    const { deletedCount } = await this.sessions.deleteMany({ staffId: String(staffId) });
    await this.links.deleteMany({ staffId: String(staffId) });
    return deletedCount;
  }

  /** Expired links and sessions (FerretDB has no TTL index); for housekeeping. */
  async removeExpired(): Promise<number> {
    const at = this.now();
    const a = await this.links.deleteMany({ expiresAt: { $lte: at } });
    const b = await this.sessions.deleteMany({ expiresAt: { $lte: at } });
    return a.deletedCount + b.deletedCount;
  }
}
