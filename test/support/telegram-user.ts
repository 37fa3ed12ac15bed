// A Telegram user (guest or staff) in a private chat with the real bot: sends updates, reads every message and
// photo the bot sent back to this chat, taps inline buttons by label.
import type { User } from 'grammy/types';
import type { Params } from './fake-bot-api.js';
import type { TelegramHarness } from './telegram-harness.js';
import { tap, type UpdateBody } from './telegram-updates.js';

interface Button {
  text: string;
  callback_data?: string;
}

export class TelegramUser {
  /** What the bot sent in the last turn: sendMessage and sendPhoto calls, in order (photos have `caption`). */
  last: Params[] = [];
  private nextMessageId = 700;
  constructor(
    readonly h: TelegramHarness,
    readonly user: User,
  ) {}

  async send(update: UpdateBody): Promise<Params[]> {
    const mine = (c: { method: string; params: Params }) => (c.method === 'sendMessage' || c.method === 'sendPhoto') && String(c.params.chat_id) === String(this.user.id);
    const before = this.h.api.calls.length;
    await this.h.deliver(update);
    this.last = this.h.api.calls.slice(before).filter(mine).map((c) => ({ ...c.params, method: c.method }));
    return this.last;
  }
  get said(): string {
    return this.last.map((p) => String(p.text ?? p.caption ?? '')).join('\n');
  }
  get photos(): Params[] {
    return this.last.filter((p) => p.method === 'sendPhoto');
  }
  get buttons(): Button[] {
    return this.last.flatMap((p) => ((p.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat());
  }
  press(label: string): Promise<Params[]> {
    const b = this.buttons.find((x) => x.text.includes(label));
    if (!b?.callback_data) throw new Error(`no button "${label}" in: ${JSON.stringify(this.last.map((p) => ({ text: p.text ?? p.caption, markup: p.reply_markup })))}`);
    return this.send(tap(this.user, b.callback_data, this.nextMessageId++));
  }
  /** A tap on a button this chat may never have been shown (a forged callback). */
  forge(data: string): Promise<Params[]> {
    return this.send(tap(this.user, data, this.nextMessageId++));
  }
}
