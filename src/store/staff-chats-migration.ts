// Moves staff documents from one column per channel (telegramId, zaloId) to the one `chats` list.
// Run by ensureIndexes at start-up; each document is rewritten in one update that sets the list before the
// columns go, so a crash halfway leaves documents that toMember reads either way, and a rerun finishes the job.
import type { Connection } from 'mongoose';
import { staffModel } from './models/staff.js';
import { chatsOf } from './staff.js';

export async function migrateStaffChats(conn: Connection): Promise<number> {
  const staff = staffModel(conn).collection;
  const legacy = await staff.find({ $or: [{ telegramId: { $exists: true } }, { zaloId: { $exists: true } }] }).toArray();
  for (const d of legacy) {
    const chats = chatsOf(d);
    await staff.updateOne({ _id: d._id }, { ...(chats.length ? { $set: { chats } } : {}), $unset: { telegramId: '', zaloId: '' } });
  }
  return legacy.length;
}
