// One rendered message to the Bot API: sendMessage, or sendPhoto (an upload, the text as caption) for a photo.
import { InputFile, type Api } from 'grammy';
import type { Message } from 'grammy/types';
import type { OutgoingMessage } from './render.js';

const EXTENSION: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

export async function sendOutgoing(api: Api, chatId: number | string, m: OutgoingMessage): Promise<Message> {
  const markup = m.reply_markup ? { reply_markup: m.reply_markup } : {};
  if (m.photo) {
    const file = new InputFile(m.photo.data, `photo.${EXTENSION[m.photo.mimeType] ?? 'jpg'}`);
    return api.sendPhoto(chatId, file, { ...(m.text ? { caption: m.text } : {}), ...markup });
  }
  return api.sendMessage(chatId, m.text, markup);
}
