// Builders for Telegram updates as the Bot API sends them: private texts, commands, button taps, contacts, groups.
import type { Chat, Message, Update, User } from 'grammy/types';

/** What Update.message holds: a Message from a chat that is not a channel. */
type ChatMessage = NonNullable<Update['message']>;

export const GUEST: User = { id: 5001, is_bot: false, first_name: 'Lan', last_name: 'Nguyễn', language_code: 'vi' };
export const OTHER_GUEST: User = { id: 5002, is_bot: false, first_name: 'Hoa' };
export const GROUP_CHAT: Chat.SupergroupChat = { id: -100777, type: 'supergroup', title: 'Hội khách quen' };

let nextMessageId = 1;
const date = 1_773_280_800; // fixed: nothing here depends on the time

export function privateChat(user: User): Chat.PrivateChat {
  return { id: user.id, type: 'private', first_name: user.first_name, ...(user.last_name ? { last_name: user.last_name } : {}) };
}

function message(user: User, chat: Chat, extra: Partial<Message>): ChatMessage {
  return { message_id: nextMessageId++, date, chat, from: user, ...extra } as ChatMessage;
}

/** A body without update_id: the fake Bot API (or the test) numbers it. */
export type UpdateBody = Omit<Update, 'update_id'>;

export function text(user: User, body: string, chat: Chat = privateChat(user)): UpdateBody {
  return { message: message(user, chat, { text: body }) };
}

/** A slash command with Telegram's bot_command entity over "/cmd[@bot]". */
export function command(user: User, body: string, chat: Chat = privateChat(user)): UpdateBody {
  const len = body.split(/\s/)[0]?.length ?? body.length;
  return { message: message(user, chat, { text: body, entities: [{ type: 'bot_command', offset: 0, length: len }] }) };
}

/** "@botname …" in a group, with the mention entity Telegram adds. */
export function mention(user: User, botUsername: string, rest: string, chat: Chat = GROUP_CHAT): UpdateBody {
  const body = `@${botUsername} ${rest}`;
  return { message: message(user, chat, { text: body, entities: [{ type: 'mention', offset: 0, length: botUsername.length + 1 }] }) };
}

/** A contact card; `owner` is whose number it is (the sender's own when the phone button was used). */
export function contact(user: User, phone: string, owner: User | null = user): UpdateBody {
  return {
    message: message(user, privateChat(user), {
      contact: { phone_number: phone, first_name: owner?.first_name ?? 'Ai đó', ...(owner ? { user_id: owner.id } : {}) },
    }),
  };
}

export function sticker(user: User): UpdateBody {
  return {
    message: message(user, privateChat(user), {
      sticker: { file_id: 'stk', file_unique_id: 'stk-u', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false },
    }),
  };
}

/** A photo message (Telegram's sizes, smallest first; the file is one the fake Bot API serves via addFile). */
export function photo(user: User, file: { file_id: string; file_unique_id: string; file_size: number }, caption?: string): UpdateBody {
  return {
    message: message(user, privateChat(user), {
      photo: [
        { file_id: `${file.file_id}-thumb`, file_unique_id: `${file.file_unique_id}-thumb`, width: 90, height: 90, file_size: 900 },
        { ...file, width: 1280, height: 960 },
      ],
      ...(caption ? { caption } : {}),
    }),
  };
}

/** A file sent "as a document": Telegram guesses `mime_type` from its name (a renamed PDF says image/jpeg). */
export function document(user: User, file: { file_id: string; file_unique_id: string; file_size: number }, fileName: string, mimeType: string): UpdateBody {
  return { message: message(user, privateChat(user), { document: { ...file, file_name: fileName, mime_type: mimeType } }) };
}

/** A tap on an inline button; `messageId` is the bot message that carried it. */
export function tap(user: User, data: string, messageId = 1, chat: Chat = privateChat(user)): UpdateBody {
  return {
    callback_query: {
      id: `cq-${nextMessageId++}`,
      from: user,
      chat_instance: 'ci-1',
      data,
      message: { message_id: messageId, date, chat, text: '…' } as Message,
    },
  };
}

export function withId(body: UpdateBody, update_id: number): Update {
  return { ...body, update_id } as Update;
}
