// How much of a typed search is used: one message must not be able to tie up the database (issue 12). On FerretDB
// every name search is a scan that runs the pattern over each customer (database.md §10), so its size is bounded.
export const MAX_SEARCH_CHARS = 60;
/** Vietnamese full names have two to five words; more words only narrow nothing and lengthen the pattern. */
export const MAX_SEARCH_WORDS = 5;

/** The first words of `text` (at most MAX_SEARCH_WORDS, MAX_SEARCH_CHARS in all), single-spaced; '' when none. */
export function boundSearchText(text: string): string {
  const words = String(text).slice(0, MAX_SEARCH_CHARS * 4).trim().split(/\s+/u).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
  let out = '';
  for (const w of words) {
    const next = out ? `${out} ${w}` : w;
    if ([...next].length > MAX_SEARCH_CHARS) return out || [...w].slice(0, MAX_SEARCH_CHARS).join('');
    out = next;
  }
  return out;
}
