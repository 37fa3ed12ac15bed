// The per-chat conversation state: plain JSON, versioned so a state from an older flow never crashes a newer one.
import { z } from 'zod';
import { MERGE_CHOICE_FIELDS } from '../domain/merge-fields.js';
import { CARD_FIELDS } from '../domain/card-fields.js';
import type { Lang } from './copy/index.js';
import { migrateStored, STATE_MIGRATIONS, type MigrationTable, type StoredState } from './state-migrations.js';

/** Bump when steps or the draft change shape, with a migration from the old version (state-migrations.ts). */
export const FLOW_VERSION = 2;

export const INTAKE_STEPS = ['consent', 'marketing', 'health', 'photo', 'name', 'phone', 'birthday', 'needs', 'confirm'] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number];
/** `edit_pick`/`edit_value`: the customer correcting her own card (flows/own-card.ts). */
export type Step = IntakeStep | 'resume' | 'menu' | 'confirm_stop' | 'confirm_erase' | 'edit_pick' | 'edit_value';
export const OPTIONAL_STEPS: readonly Step[] = ['marketing', 'health', 'photo', 'birthday', 'needs'];

const birthday = z.object({ day: z.number().int(), month: z.number().int(), year: z.number().int().optional() });
const field = z.enum(['name', 'phone', 'birthday', 'needs']);

const draftSchema = z.object({
  consentAt: z.string().optional(),
  marketing: z.boolean().optional(),
  marketingAt: z.string().optional(),
  /**
   * The separate, optional consents of issue 17: skin and health notes, and photos. A skip sets only `…Skipped`
   * and records nothing, so it never withdraws a consent she gave at the counter.
   */
  health: z.boolean().optional(),
  healthAt: z.string().optional(),
  healthSkipped: z.boolean().optional(),
  photo: z.boolean().optional(),
  photoAt: z.string().optional(),
  photoSkipped: z.boolean().optional(),
  name: z.string().optional(),
  phone: z.string().optional(),
  phoneVerified: z.boolean().optional(),
  birthday: birthday.optional(),
  birthdaySkipped: z.boolean().optional(),
  needs: z.array(z.string()).optional(),
  needsNote: z.string().optional(),
  needsSkipped: z.boolean().optional(),
  /** The customer the phone step found holding this phone (save.ts decides what that means). */
  existingId: z.string().optional(),
  /** Whether the phone step's match was verified; kept so states saved before save-decision.ts still parse. */
  existingTrusted: z.boolean().optional(),
  /** Fields the guest changed on purpose: only these may overwrite stored answers. */
  edited: z.array(field).default([]),
  /** The address Zalo's info card handed over (user_submit_info), kept on the card when it is saved. */
  address: z.string().max(200).optional(),
  /** The branch of the start link or QR code she came from (`/start b_<branch>`): her record's branch. */
  branch: z.string().max(40).optional(),
});
export type Draft = z.infer<typeof draftSchema>;

/** A staff member's work in progress: the quick-add draft, the customer they have open, a pending call. */
const staffSchema = z.object({
  step: z.enum(['add_name', 'add_phone', 'add_birthday', 'add_needs', 'add_confirm', 'add_duplicate', 'call_confirm']).nullable().default(null),
  draft: z
    .object({
      name: z.string().optional(),
      phone: z.string().optional(),
      birthday: birthday.optional(),
      birthdaySkipped: z.boolean().optional(),
      needs: z.array(z.string()).default([]),
      note: z.string().optional(),
      needsSkipped: z.boolean().optional(),
    })
    .default({ needs: [] }),
  /** The customer every /xem, /ghichu, /goi, /ghe applies to: set only by opening or creating one. */
  openCustomerId: z.string().optional(),
  duplicateId: z.string().optional(),
  pendingCall: z.string().optional(),
  /** Appointments (engine/staff/appointments.ts): a booking waiting for another technician, a time or an amount. */
  appointments: z
    .object({
      step: z.enum(['pick_technician', 'new_time', 'amount']).optional(),
      /** The appointment a new time or an amount is for. */
      id: z.string().optional(),
      /** A refused booking, kept so a tap on a free colleague books it: customer, service, start (ISO). */
      retry: z.object({ customerId: z.string(), service: z.string(), start: z.string() }).optional(),
    })
    .optional(),
  /** A merge being previewed (engine/staff/merge.ts): the other record and the fields taken from it. */
  merge: z.object({ otherId: z.string(), take: z.array(z.enum(MERGE_CHOICE_FIELDS)).default([]) }).optional(),
  /**
   * Editing the open customer's card (engine/staff/card-edit.ts): the field being asked, whether the referrer of a
   * referral is asked, and for /bosung the fields still to ask after this one (absent: a single /sua).
   */
  edit: z
    .object({
      customerId: z.string(),
      field: z.enum(CARD_FIELDS).optional(),
      referrer: z.boolean().optional(),
      fill: z.array(z.enum(CARD_FIELDS)).optional(),
    })
    .optional(),
  /** The needs the stage list showed (engine/staff/need-stages.ts): a stage button names one by its place here. */
  needMove: z.object({ customerId: z.string(), keys: z.array(z.string().max(600)).max(20) }).optional(),
  /** A campaign being made (engine/staff/campaigns.ts): what was picked so far; typed slices are parsed again on use. */
  campaign: z
    .object({
      step: z.enum(['segment', 'slice', 'template', 'time', 'confirm']),
      segment: z.string().max(20).optional(),
      slices: z.string().max(500).optional(),
      template: z.string().max(1000).optional(),
      sendAt: z.string().max(40).optional(),
    })
    .optional(),
});
export type StaffState = z.infer<typeof staffSchema>;

const stateSchema = z.object({
  v: z.number(),
  lang: z.enum(['vi', 'en']),
  step: z.enum([...INTAKE_STEPS, 'resume', 'menu', 'confirm_stop', 'confirm_erase', 'edit_pick', 'edit_value']).nullable(),
  history: z.array(z.enum(INTAKE_STEPS)).default([]),
  tries: z.number().int().default(0),
  offered: z.array(z.object({ label: z.string(), value: z.string() })).default([]),
  returnToConfirm: z.boolean().default(false),
  resumeStep: z.enum(INTAKE_STEPS).optional(),
  data: draftSchema,
  /** The field of her own card the customer is typing a new value for (step `edit_value`). */
  ownEdit: z.enum(['name', 'birthday', 'email', 'address']).optional(),
  /** The customer this chat registered for by a phone it did not prove: a pending claim waits for staff (save.ts). */
  claim: z.string().optional(),
  staff: staffSchema.default({ step: null, draft: { needs: [] } }),
  /** A customer's /datlich or an answer to a reminder (engine/flows/booking.ts); absent when none is under way. */
  booking: z
    .object({
      step: z.enum(['service', 'day', 'time', 'cancel']),
      service: z.string().optional(),
      day: z.string().optional(),
      /** The appointment being moved or cancelled. */
      appointmentId: z.string().optional(),
    })
    .optional(),
});
export type State = z.infer<typeof stateSchema>;

export function freshState(lang: Lang, version: number = FLOW_VERSION): State {
  return { v: version, lang, step: null, history: [], tries: 0, offered: [], returnToConfirm: false, data: { edited: [] }, staff: { step: null, draft: { needs: [] } } };
}

export type LoadedState = { state: State; outdated: boolean; migrated?: true };

/** The flow a saved state is read into: today's version and the migrations up to it (tests pass their own). */
export interface FlowVersioning {
  version: number;
  migrations: MigrationTable;
}
const CURRENT_FLOW: FlowVersioning = { version: FLOW_VERSION, migrations: STATE_MIGRATIONS };

/**
 * Nothing stored: a fresh state. A state of an older version is migrated (state-migrations.ts); a broken or
 * unknown shape, a version with no way forward, or a newer version: a fresh state in the guest's language,
 * flagged `outdated` when a flow was under way so the guest hears why.
 */
export function parseState(raw: unknown, lang: Lang, flow: FlowVersioning = CURRENT_FLOW): LoadedState {
  if (raw === undefined || raw === null) return { state: freshState(lang, flow.version), outdated: false };
  // A text that was not JSON: the stored state is damaged.
  if (typeof raw === 'string') return { state: freshState(lang, flow.version), outdated: true };
  const stored = typeof raw === 'object' && !Array.isArray(raw) ? (raw as StoredState) : {};
  const migrated = typeof stored.v === 'number' && stored.v < flow.version ? migrateStored(stored, flow.version, flow.migrations) : null;
  const parsed = stateSchema.safeParse(migrated ?? stored);
  if (parsed.success && parsed.data.v === flow.version) return { state: parsed.data, outdated: false, ...(migrated ? { migrated: true as const } : {}) };
  const keptLang = stored.lang;
  const wasActive = stored.step != null;
  return { state: freshState(keptLang === 'en' || keptLang === 'vi' ? keptLang : lang, flow.version), outdated: wasActive };
}

/**
 * The state as stored: values equal to their schema default are left out (parseState puts them back), because
 * the conversation is rewritten on every message and its size is paid on every read and write.
 */
export function storedState(state: State): Record<string, unknown> {
  const { history, tries, offered, returnToConfirm, data, staff, ...rest } = state;
  const { edited, ...draft } = data;
  const { step: staffStep, draft: staffDraft, ...staffRest } = staff;
  const unset = (o: object): boolean => Object.values(o).every((v) => v === undefined);
  const { needs: staffNeeds, ...staffDraftRest } = staffDraft;
  const staffIsDefault = staffStep === null && staffNeeds.length === 0 && unset(staffDraftRest) && unset(staffRest);
  return {
    ...rest,
    ...(history.length ? { history } : {}),
    ...(tries ? { tries } : {}),
    ...(offered.length ? { offered } : {}),
    ...(returnToConfirm ? { returnToConfirm } : {}),
    data: { ...draft, ...(edited.length ? { edited } : {}) },
    ...(staffIsDefault ? {} : { staff }),
  };
}

export function isIntakeStep(step: Step | null): step is IntakeStep {
  return step !== null && (INTAKE_STEPS as readonly string[]).includes(step);
}
