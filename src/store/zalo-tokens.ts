// Zalo token repository: the stored OA token pair, its refresh lease and the "an admin must re-authorise" alert.
import type { Connection } from 'mongoose';
import { zaloTokenModel, type ZaloTokenModel } from './models/zalo-token.js';

export interface ZaloTokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds, as Zalo reports them (90000 = 25 h). */
  expiresInS: number;
}

export interface StoredZaloTokens {
  oaId: string;
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: Date;
  refreshObtainedAt: Date;
  rotations: number;
  updatedAt: Date;
  alert?: { reason: string; code?: number; at: Date };
}

export class ZaloTokenRepository {
  private readonly model: ZaloTokenModel;

  constructor(conn: Connection) {
    this.model = zaloTokenModel(conn);
  }

  async get(oaId: string): Promise<StoredZaloTokens | null> {
    const d = await this.model.findOne({ oaId: String(oaId) }).lean();
    if (!d) return null;
    return {
      oaId: d.oaId,
      accessToken: d.accessToken,
      refreshToken: d.refreshToken,
      accessExpiresAt: d.accessExpiresAt,
      refreshObtainedAt: d.refreshObtainedAt,
      rotations: d.rotations ?? 0,
      updatedAt: d.updatedAt,
      ...(d.alert?.reason && d.alert.at ? { alert: { reason: d.alert.reason, at: d.alert.at, ...(typeof d.alert.code === 'number' ? { code: d.alert.code } : {}) } } : {}),
    };
  }

  /** Seeds (or re-seeds after a new consent) the pair; clears any alert and lease. */
  async replace(oaId: string, pair: ZaloTokenPair, now: Date): Promise<void> {
    await this.model.updateOne(
      { oaId: String(oaId) },
      { $set: { ...fields(pair, now), rotations: 0 }, $unset: { alert: 1, lock: 1 } },
      { upsert: true },
    );
  }

  /** Stores the pair a refresh returned. Must finish before anyone uses it: the old refresh token is already dead. */
  async saveRotated(oaId: string, pair: ZaloTokenPair, now: Date): Promise<void> {
    await this.model.updateOne({ oaId: String(oaId) }, { $set: fields(pair, now), $inc: { rotations: 1 }, $unset: { alert: 1 } });
  }

  /**
   * Takes the refresh lease if it is free, expired or already ours. Exact on MongoDB; on FerretDB v1 two
   * processes can both win (no atomic read-modify-write, database.md §5), so the caller re-reads afterwards.
   */
  async acquireLock(oaId: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    await this.model.updateOne(
      { oaId: String(oaId), $or: [{ 'lock.until': { $exists: false } }, { 'lock.until': { $lte: now } }, { 'lock.owner': owner }] },
      { $set: { lock: { owner, until: new Date(now.getTime() + leaseMs) } } },
    );
    const d = await this.model.findOne({ oaId: String(oaId) }).lean();
    return d?.lock?.owner === owner;
  }

  async releaseLock(oaId: string, owner: string): Promise<void> {
    await this.model.updateOne({ oaId: String(oaId), 'lock.owner': owner }, { $unset: { lock: 1 } });
  }

  async setAlert(oaId: string, alert: { reason: string; code?: number }, now: Date): Promise<void> {
    await this.model.updateOne({ oaId: String(oaId) }, { $set: { alert: { ...alert, at: now } } });
  }
}

function fields(pair: ZaloTokenPair, now: Date) {
  return {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    accessExpiresAt: new Date(now.getTime() + pair.expiresInS * 1000),
    refreshObtainedAt: now,
    updatedAt: now,
  };
}
