// Opens every repository on one connection and creates every index explicitly, so a rejected index fails start-up.
import type { Connection } from 'mongoose';
import { ConversationRepository } from './conversations.js';
import { CustomerRepository } from './customers.js';
import { conversationModel } from './models/conversation.js';
import { customerModel } from './models/customer.js';
import { identityModel } from './models/identity.js';
import { phoneKeyModel } from './models/phone-key.js';
import { callModel, noteModel, visitModel } from './models/activity.js';
import { createZaloRepositories, zaloModels, type ZaloRepositories } from './zalo-repositories.js';

export function allModels(conn: Connection) {
  return [customerModel(conn), phoneKeyModel(conn), identityModel(conn), conversationModel(conn), callModel(conn), visitModel(conn), noteModel(conn), ...zaloModels(conn)];
}

export async function ensureIndexes(conn: Connection): Promise<void> {
  for (const model of allModels(conn)) {
    await model.createCollection().catch((e: unknown) => {
      if (!/already exists/i.test(String((e as Error).message))) throw e;
    });
    await model.createIndexes();
  }
}

export interface Store {
  conn: Connection;
  customers: CustomerRepository;
  conversations: ConversationRepository;
  zalo: ZaloRepositories;
}

export function createStore(conn: Connection, now: () => Date = () => new Date()): Store {
  return { conn, customers: new CustomerRepository(conn, now), conversations: new ConversationRepository(conn), zalo: createZaloRepositories(conn) };
}
