// Picks the catalogue for a language and builds the form of address from what the engine knows.
import { formOfAddress } from '../../domain/name.js';
import { en } from './en.js';
import type { Address, Copy } from './types.js';
import { vi } from './vi.js';

export type { Address, Card, Copy } from './types.js';
export type Lang = 'vi' | 'en';

export function copyFor(lang: Lang): Copy {
  return lang === 'en' ? en : vi;
}

export function addressFor(lang: Lang, name?: string, gender?: 'female' | 'male' | 'other'): Address {
  return formOfAddress(lang, name, gender);
}
