// Picks the catalogue for a language and builds the form of address from what the engine knows.
import { givenName, guessHonorific } from '../../domain/name.js';
import { en } from './en.js';
import type { Address, Copy } from './types.js';
import { vi } from './vi.js';

export type { Address, Card, Copy } from './types.js';
export type Lang = 'vi' | 'en';

export function copyFor(lang: Lang): Copy {
  return lang === 'en' ? en : vi;
}

export function addressFor(lang: Lang, name?: string, gender?: 'female' | 'male' | 'other'): Address {
  if (lang === 'en') return { pronoun: 'you', named: name ? givenName(name) : 'there' };
  const pronoun = gender === 'female' ? 'chị' : gender === 'male' ? 'anh' : name ? (guessHonorific(name) ?? 'anh/chị') : 'anh/chị';
  return { pronoun, named: name ? `${pronoun} ${givenName(name)}` : pronoun };
}
