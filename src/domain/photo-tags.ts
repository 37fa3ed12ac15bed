// What a customer's photo is (issue 17: ảnh hồ sơ / trước / sau), and the caption words that say it already.
import { foldDiacritics } from './name.js';

export type PhotoTag = 'profile' | 'before' | 'after';
export const PHOTO_TAGS: readonly PhotoTag[] = ['profile', 'before', 'after'];

export const isPhotoTag = (v: unknown): v is PhotoTag => typeof v === 'string' && (PHOTO_TAGS as readonly string[]).includes(v);

// Whole words of the folded caption: "sau" must not match inside "sâu" (folded "sau" too, but a caption about
// deep cleansing, "làm sạch sâu", is rare enough; staff can still change the tag with the buttons).
const WORDS: [RegExp, PhotoTag][] = [
  [/\b(ho so|anh ho so|dai dien|avatar|profile)\b/, 'profile'],
  [/\b(truoc|before)\b/, 'before'],
  [/\b(sau|after)\b/, 'after'],
];

/** The tag a staff member's caption names ("trước", "ảnh sau", "before"), or undefined when it names none or several. */
export function tagFromCaption(caption: string | undefined): PhotoTag | undefined {
  if (!caption) return undefined;
  const text = foldDiacritics(caption);
  const found = WORDS.filter(([re]) => re.test(text)).map(([, tag]) => tag);
  return found.length === 1 ? found[0] : undefined;
}
