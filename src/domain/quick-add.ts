// Reads a receptionist's one-line quick add ("Lan 0912345678 12/3 trị mụn") into what it could recognise;
// anything doubtful is left out so the bot asks for it instead of guessing.
import { parseBirthday, type Birthday, type CalendarDay } from './birthday.js';
import { foldDiacritics, normalizeName } from './name.js';
import { parseVnMobile } from './phone.js';

export interface QuickAdd {
  name?: string;
  phone?: string;
  birthday?: Birthday;
  needs: string[];
  note?: string;
  /** Things that looked like a phone or a date but were not valid: the bot asks about them. */
  doubtful: ('phone' | 'birthday')[];
}

const looksNumeric = (t: string): boolean => /^[+(]?\d[\d.\-)]*$/.test(t);
const looksLikeDate = (t: string): boolean => /^\d{1,4}[/.-]\d{1,2}([/.-]\d{2,4})?$/.test(t);

export function parseQuickAdd(line: string, services: readonly string[], today: CalendarDay): QuickAdd {
  const tokens = line.normalize('NFC').trim().split(/\s+/).filter(Boolean).slice(0, 40);
  const used = new Array<boolean>(tokens.length).fill(false);
  const out: QuickAdd = { needs: [], doubtful: [] };

  // Phone: the longest run of numeric tokens (up to 4: "0912 345 678", "+84 912 345 678") that parses.
  outer: for (let len = 4; len >= 1; len--) {
    for (let i = 0; i + len <= tokens.length; i++) {
      const run = tokens.slice(i, i + len);
      if (!run.every(looksNumeric) || run.some(looksLikeDate)) continue;
      const parsed = parseVnMobile(run.join(' '));
      if (parsed.ok) {
        out.phone = parsed.value.e164;
        for (let k = i; k < i + len; k++) used[k] = true;
        break outer;
      }
    }
  }
  if (!out.phone) {
    tokens.forEach((t, i) => {
      if (!used[i] && looksNumeric(t) && !looksLikeDate(t) && t.replace(/\D/g, '').length >= 7) {
        used[i] = true;
        if (!out.doubtful.includes('phone')) out.doubtful.push('phone');
      }
    });
  }

  // Birthday: a d/m[/y] token, or "12 tháng 3 [năm 1990]".
  for (let i = 0; i < tokens.length && !out.birthday; i++) {
    if (used[i]) continue;
    if (looksLikeDate(tokens[i]!)) {
      const b = parseBirthday(tokens[i]!, today);
      used[i] = true;
      if (b.ok) out.birthday = b.value;
      else out.doubtful.push('birthday');
      continue;
    }
    const words = tokens.slice(i, i + 5).map(foldDiacritics);
    if (/^\d{1,2}$/.test(words[0] ?? '') && (words[1] === 'thang' || words[1] === 'thg')) {
      const len = words[3] === 'nam' ? 5 : 3;
      const b = parseBirthday(tokens.slice(i, i + len).join(' '), today);
      if (b.ok) {
        out.birthday = b.value;
        for (let k = i; k < i + len; k++) used[k] = true;
      }
    }
  }

  // Name: the words before the first recognised token; needs: the words after it.
  const firstUsed = used.indexOf(true);
  const nameWords = tokens.slice(0, firstUsed === -1 ? tokens.length : firstUsed).filter((_, i) => !used[i]);
  const rest = firstUsed === -1 ? [] : tokens.slice(firstUsed).filter((_, i) => !used[firstUsed + i]);
  const name = normalizeName(nameWords.join(' '));
  if (name.ok) out.name = name.value;

  const restText = rest.join(' ');
  if (restText) {
    const folded = foldDiacritics(restText);
    out.needs = services.filter((s) => folded.includes(foldDiacritics(s)));
    if (out.needs.length === 0) out.note = restText.slice(0, 500);
  }
  return out;
}
