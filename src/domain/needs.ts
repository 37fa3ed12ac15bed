// Needs by stage (issue 17): a need is a dated entry with a stage (quan tâm, đang điều trị, đã xong). Adding a need
// or moving one to another stage appends an entry, so the card keeps the history; a need's current stage is its
// latest entry. Entries are flat sub-documents (FerretDB v1: no nested arrays), user text only ever in values.
import { z } from 'zod';
import { businessToday } from './business-time.js';
import { foldDiacritics } from './name.js';

export const NEED_STAGES = ['interested', 'in_treatment', 'done'] as const;
export type NeedStage = (typeof NEED_STAGES)[number];
export const DEFAULT_NEED_STAGE: NeedStage = 'interested';

export const NEED_STAGE_NAMES: Record<'vi' | 'en', Record<NeedStage, string>> = {
  vi: { interested: 'quan tâm', in_treatment: 'đang điều trị', done: 'đã xong' },
  en: { interested: 'interested', in_treatment: 'in treatment', done: 'done' },
};

/** The service the intake stores a free-text need under (its words are the note). */
export const FREE_TEXT_SERVICE = 'other';
const MAX_SERVICE = 200;
const MAX_NOTE = 500;

// Control and format characters (NUL among them) never reach the database; the text stays a value, never a key.
const text = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1).max(max));

export const needEntrySchema = z
  .object({
    service: text(MAX_SERVICE),
    stage: z.enum(NEED_STAGES),
    note: text(MAX_NOTE).optional(),
    at: z.date(),
  })
  .strict();
export type NeedEntry = z.infer<typeof needEntrySchema>;

export const isNeedStage = (v: unknown): v is NeedStage => typeof v === 'string' && (NEED_STAGES as readonly string[]).includes(v);

/**
 * A stored need as an entry: a bare string (the shape needs had before they were dated) becomes a need at
 * `fallbackAt` in the default stage, an entry without a stage (or with one no longer known) gets the default stage.
 * Null for what cannot be read as a need at all (nothing is invented).
 */
export function toNeedEntry(stored: unknown, fallbackAt: Date): NeedEntry | null {
  if (typeof stored === 'string') {
    const r = needEntrySchema.safeParse({ service: stored, stage: DEFAULT_NEED_STAGE, at: fallbackAt });
    return r.success ? r.data : null;
  }
  if (!stored || typeof stored !== 'object') return null;
  const o = stored as Record<string, unknown>;
  const at = o.at instanceof Date && !Number.isNaN(o.at.getTime()) ? o.at : fallbackAt;
  const r = needEntrySchema.safeParse({
    service: o.service,
    stage: isNeedStage(o.stage) ? o.stage : DEFAULT_NEED_STAGE,
    ...(typeof o.note === 'string' && o.note.trim() ? { note: o.note } : {}),
    at,
  });
  return r.success ? r.data : null;
}

/** Whether a stored list already has the current shape (the start-up migration leaves such documents alone). */
export function isCurrentNeedList(stored: unknown): boolean {
  return Array.isArray(stored) && stored.every((n) => n !== null && typeof n === 'object' && isNeedStage((n as { stage?: unknown }).stage) && (n as { at?: unknown }).at instanceof Date);
}

/** What identifies one need across its entries: the free text when it has one, else the service (folded). */
export const needKey = (n: { service: string; note?: string }): string => foldDiacritics(n.note ?? n.service);
/** How a need is named on a card. */
export const needLabel = (n: { service: string; note?: string }): string => n.note ?? n.service;

export interface CurrentNeed {
  key: string;
  service: string;
  note?: string;
  stage: NeedStage;
  /** When it reached its current stage. */
  since: Date;
  /** When it was first noted. */
  first: Date;
}

/** Each need once, at its latest stage, in the order they were first noted. */
export function currentNeeds(entries: readonly NeedEntry[]): CurrentNeed[] {
  const byKey = new Map<string, CurrentNeed>();
  const ordered = [...entries].map((e, i) => ({ e, i })).sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i);
  for (const { e } of ordered) {
    const key = needKey(e);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { key, service: e.service, ...(e.note ? { note: e.note } : {}), stage: e.stage, since: e.at, first: e.at });
    else if (seen.stage !== e.stage) Object.assign(seen, { stage: e.stage, since: e.at });
  }
  return [...byKey.values()];
}

/** The services a customer's needs name, each once (segments, lists, the intake's picked buttons). */
export function needServices(entries: readonly { service: string }[]): string[] {
  return [...new Set(entries.map((n) => n.service))];
}

/** "quan tâm", "dang dieu tri", "đã xong", "done"…: the stage a typed word names, or null. */
export function parseNeedStage(typed: string): NeedStage | null {
  const f = foldDiacritics(typed).replace(/\s+/g, ' ').trim();
  for (const stage of NEED_STAGES) {
    if (foldDiacritics(NEED_STAGE_NAMES.vi[stage]) === f || NEED_STAGE_NAMES.en[stage] === f || stage === f) return stage;
  }
  return null;
}

/** A day as the card shows it, in the spa's time zone: 5/12/2026. */
export function needDay(at: Date, timeZone: string): string {
  const d = businessToday(at, timeZone);
  return `${d.day}/${d.month}/${d.year}`;
}

/** One need as a card line: "Trị mụn: đang điều trị (từ 5/12/2026)". */
export function needLine(n: CurrentNeed, lang: 'vi' | 'en', timeZone: string): string {
  return `${needLabel(n)}: ${NEED_STAGE_NAMES[lang][n.stage]} (${lang === 'vi' ? 'từ' : 'since'} ${needDay(n.since, timeZone)})`;
}

/** The card's needs on one line, each at its current stage and since when; empty when there are none. */
export function needsSummary(entries: readonly NeedEntry[], lang: 'vi' | 'en', timeZone: string): string {
  return currentNeeds(entries)
    .map((n) => needLine(n, lang, timeZone))
    .join('; ');
}
