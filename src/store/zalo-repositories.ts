// The Zalo channel's persistence in one bundle, so bots/zalo gets repositories and never touches mongoose.
import type { Connection } from 'mongoose';
import { ZaloContactRepository } from './zalo-contacts.js';
import { ZaloEventRepository } from './zalo-events.js';
import { ZaloTokenRepository } from './zalo-tokens.js';
import { zaloContactModel } from './models/zalo-contact.js';
import { zaloEventModel } from './models/zalo-event.js';
import { zaloTokenModel } from './models/zalo-token.js';

export interface ZaloRepositories {
  tokens: ZaloTokenRepository;
  events: ZaloEventRepository;
  contacts: ZaloContactRepository;
}

export function createZaloRepositories(conn: Connection): ZaloRepositories {
  return { tokens: new ZaloTokenRepository(conn), events: new ZaloEventRepository(conn), contacts: new ZaloContactRepository(conn) };
}

export function zaloModels(conn: Connection) {
  return [zaloTokenModel(conn), zaloEventModel(conn), zaloContactModel(conn)];
}

export type { ZaloContactRepository, ZaloEventRepository, ZaloTokenRepository };
export type { ZaloContact } from './zalo-contacts.js';
export type { StoredZaloTokens, ZaloTokenPair } from './zalo-tokens.js';
