// Where reminders for a staff member go: their Telegram chat with this bot, else their Zalo chat with the OA;
// reminders addressed to "the owner" go to the first owner on record (or OWNER_TELEGRAM_IDS).
import type { Config } from '../src/config.js';
import type { ChannelAddress } from '../src/engine/types.js';
import type { StaffMember } from '../src/store/staff.js';
import type { Store } from '../src/store/index.js';
import { OWNER_STAFF_ID, ownerOnlyStaffDirectory, type StaffDirectory } from './ports.js';

type DirectoryConfig = Pick<Config, 'OWNER_TELEGRAM_IDS' | 'TELEGRAM_BOT_TOKEN' | 'ZALO_OA_ID'>;

export function chatOfMember(member: StaffMember, config: DirectoryConfig): ChannelAddress | null {
  const telegramAccount = config.TELEGRAM_BOT_TOKEN?.split(':')[0];
  if (member.telegramId && telegramAccount) return { channel: 'telegram', account: telegramAccount, userId: member.telegramId };
  if (member.zaloId && config.ZALO_OA_ID) return { channel: 'zalo', account: config.ZALO_OA_ID, userId: member.zaloId };
  return null;
}

export function storeStaffDirectory(store: Pick<Store, 'staff'>, config: DirectoryConfig): StaffDirectory {
  const fallback = ownerOnlyStaffDirectory(config);
  return {
    async chatOf(staffId) {
      if (staffId === OWNER_STAFF_ID) {
        const owners = (await store.staff.list()).filter((m) => m.role === 'owner');
        for (const o of owners) {
          const chat = chatOfMember(o, config);
          if (chat) return chat;
        }
        return fallback.chatOf(staffId);
      }
      const member = await store.staff.findById(staffId);
      return member?.active ? chatOfMember(member, config) : null;
    },
  };
}
