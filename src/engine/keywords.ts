// Recognises the escapes a guest may type anywhere: without diacritics and case, Vietnamese or English.
import { foldDiacritics } from '../domain/name.js';
import type { Choice } from './types.js';

export type EditField = 'name' | 'phone' | 'birthday' | 'needs';
export type Escape =
  | { kind: 'back' }
  | { kind: 'skip' }
  | { kind: 'cancel' }
  | { kind: 'help' }
  | { kind: 'edit'; field: EditField };

const WORDS: Record<'back' | 'skip' | 'cancel' | 'help', string[]> = {
  back: ['quay lai', 'tro lai', 'back', 'lui lai'],
  skip: ['bo qua', 'skip', 'bo qua buoc nay', 'de sau'],
  cancel: ['huy', 'huy bo', 'cancel', 'thoi'],
  help: ['help', 'tro giup', 'huong dan', 'giup'],
};

const EDIT_FIELDS: Record<EditField, string[]> = {
  name: ['ten', 'ho ten', 'name'],
  phone: ['sdt', 'so dien thoai', 'dien thoai', 'so', 'phone'],
  birthday: ['ngay sinh', 'sinh nhat', 'birthday'],
  needs: ['nhu cau', 'dich vu', 'needs', 'interests', 'quan tam'],
};

/** Slash commands with their Vietnamese and English aliases. */
export const COMMANDS: Record<string, string> = {
  start: 'start',
  batdau: 'start',
  help: 'help',
  trogiup: 'help',
  huongdan: 'help',
  cancel: 'cancel',
  huy: 'cancel',
  back: 'back',
  quaylai: 'back',
  skip: 'skip',
  boqua: 'skip',
  stop: 'stop',
  dung: 'stop',
  ngung: 'stop',
  xoa: 'erase',
  erase: 'erase',
  delete: 'erase',
  me: 'me',
  toi: 'me',
  thongtin: 'me',
  sua: 'edit',
  edit: 'edit',
  lang: 'lang',
  ngonngu: 'lang',
  datlich: 'booking',
  dathen: 'booking',
  booking: 'booking',
};

export function canonicalCommand(command: string): string | undefined {
  return COMMANDS[foldDiacritics(command).replace(/\s/g, '')];
}

export function detectEscape(text: string): Escape | undefined {
  const t = foldDiacritics(text).replace(/[.!?]+$/, '').trim();
  for (const kind of ['back', 'skip', 'cancel', 'help'] as const) if (WORDS[kind].includes(t)) return { kind };
  const edit = /^(sua|doi|edit|change)\s+(.+)$/.exec(t);
  if (edit) {
    for (const [field, words] of Object.entries(EDIT_FIELDS) as [EditField, string[]][]) if (words.includes(edit[2]!)) return { kind: 'edit', field };
  }
  return undefined;
}

/** "1", "1.", "1)" or the label itself (without diacritics or a ✓ mark) picks an offered choice. */
export function matchChoice(text: string, offered: Choice[]): Choice | undefined {
  const t = text.trim();
  const n = /^(\d{1,2})\s*[.)]?$/.exec(t);
  if (n) return offered[Number(n[1]) - 1];
  const folded = foldDiacritics(t);
  if (!folded) return undefined;
  return offered.find((c) => foldDiacritics(c.label.replace(/^[✓✅↩📱]\s*/u, '')) === folded);
}
