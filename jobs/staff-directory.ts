// Where reminders for a staff member go: the first of their chats on a running channel, channels that can be
// written to at any time before windowed ones (Telegram before Zalo); reminders addressed to "the owner" go to
// the first owner on record (or the config's owner list).
import type { ChannelDirectory } from '../src/channels/contract.js';
import { proactiveOrder, type ChannelAddress } from '../src/domain/channel.js';
import type { StaffMember } from '../src/store/staff.js';
import type { Store } from '../src/store/index.js';
import { OWNER_STAFF_ID, ownerOnlyStaffDirectory, type StaffDirectory } from './ports.js';

type Directory = Pick<ChannelDirectory, 'owners' | 'accounts' | 'capabilities'>;

export function chatOfMember(member: Pick<StaffMember, 'chats'>, channels: Directory): ChannelAddress | null {
  for (const chat of proactiveOrder(member.chats, channels.capabilities)) {
    const account = channels.accounts.get(chat.channel);
    if (account) return { channel: chat.channel, account, userId: chat.userId };
  }
  return null;
}

export function storeStaffDirectory(store: Pick<Store, 'staff'>, channels: Directory): StaffDirectory {
  const fallback = ownerOnlyStaffDirectory(channels);
  return {
    async chatOf(staffId) {
      if (staffId === OWNER_STAFF_ID) {
        const owners = (await store.staff.list()).filter((m) => m.role === 'owner');
        for (const o of owners) {
          const chat = chatOfMember(o, channels);
          if (chat) return chat;
        }
        return fallback.chatOf(staffId);
      }
      const member = await store.staff.findById(staffId);
      return member?.active ? chatOfMember(member, channels) : null;
    },
  };
}
