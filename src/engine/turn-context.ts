// What a step function sees: the event, the state it may change, the linked customer, copy and dependencies.
import { formatBirthday } from '../domain/birthday.js';
import { builtinCapabilities, type CapabilitiesOf, type ChannelCapabilities, type ChannelUser } from '../domain/channel.js';
import { formatPhoneVn } from '../domain/phone.js';
import { needsSummary } from '../domain/needs.js';
import type { StaffVisibility } from '../domain/visibility.js';
import type { AppointmentSettings } from '../domain/appointment-times.js';
import type { SegmentSettings } from '../domain/segments.js';
import type { MoneySettings } from '../domain/money-rules.js';
import type { WebAccessSettings } from '../services/web-login.js';
import type { Logger } from '../log.js';
import type { Customer } from '../store/customers.js';
import type { Store } from '../store/index.js';
import { addressFor, copyFor, type Address, type Card, type Copy } from './copy/index.js';
import type { State } from './state.js';
import type { Inbound, Reply, StartLinks } from './types.js';

export interface EngineSettings {
  spaName: string;
  services: string[];
  timeZone: string;
  defaultLanguage: 'vi' | 'en';
  /** A flow idle longer than this asks "continue or restart?" (24 h by default). */
  silenceMs?: number;
  /** What staff see of customers who are not theirs (seed 000). */
  staffVisibility?: StaffVisibility;
  /** Segment thresholds (src/config.ts SEGMENT_*); the defaults when left out. */
  segments?: SegmentSettings;
  /** Chats that are owners from their first message (bootstrap before any staff exists): the config's owner list. */
  owners?: ChannelUser[];
  /** Opening hours, service durations and reminders (issue 13); the defaults when left out. */
  appointments?: AppointmentSettings;
  /** The running channels' start links, for the QR code and link staff show a customer after /kh. */
  startLinks?: StartLinks;
  /** How long that link stays valid (24 h by default). */
  chatLinkTtlMs?: number;
  /** The printed consent form's version, kept with consent staff record from paper. */
  paperConsentVersion?: string;
  /** Largest customer photo staff may store (5 MB by default). */
  photoMaxBytes?: number;
  /** The owner's web page (/web hands out login links); unset: not configured. */
  web?: WebAccessSettings;
  /** Points, rank thresholds and package rules (issue 13, src/config.ts POINTS_PER_VND, RANK_*, PACKAGE_*); defaults when left out. */
  money?: MoneySettings;
  /** The spa's customer groups and sources for card edits (issue 17); the defaults when left out. */
  customerGroups?: string[];
  /** The spa's branches (SPA_BRANCHES); empty or absent: the branches its staff belong to. */
  branches?: string[];
  customerSources?: string[];
  /** "Came back within N days" in a campaign's results (CAMPAIGN_RESULT_DAYS, 30 by default), as the CLI and jobs count it. */
  campaignResultDays?: number;
}

export interface EngineDeps {
  store: Store;
  settings: EngineSettings;
  now: () => Date;
  log: Logger;
  /** What each channel can do; the engine asks this and never a channel's name (default: the built-ins). */
  capabilities?: CapabilitiesOf;
}

export interface Ctx {
  inbound: Inbound;
  state: State;
  /** The customer this chat is linked to, if any; saved with the conversation, so whoever links or unlinks sets it. */
  linked: Customer | null;
  /** Whether this chat may read the linked customer's stored data. */
  trusted: boolean;
  deps: EngineDeps;
  replies: Reply[];
}

export const copyOf = (ctx: Ctx): Copy => copyFor(ctx.state.lang);

/** What the chat's channel can do (buttons, a verified phone, staff chats…). */
export function capabilitiesOf(deps: Pick<EngineDeps, 'capabilities'>, inbound: Pick<Inbound, 'address'>): ChannelCapabilities {
  return (deps.capabilities ?? builtinCapabilities)(inbound.address.channel);
}

export function youOf(ctx: Ctx): Address {
  const name = ctx.state.data.name ?? (ctx.trusted ? ctx.linked?.name : undefined);
  const gender = ctx.trusted ? ctx.linked?.gender : undefined;
  return addressFor(ctx.state.lang, name, gender);
}

export function say(ctx: Ctx, reply: Reply): void {
  ctx.replies.push(reply);
  // Remember what was offered so a typed "1" or the label itself picks it (Zalo, playground, typing on Telegram).
  if (reply.choices?.length) ctx.state.offered = reply.choices;
}

export function cardOf(ctx: Ctx): Card {
  const d = ctx.state.data;
  const c = copyOf(ctx);
  const needs = [...(d.needs ?? []), ...(d.needsNote ? [d.needsNote] : [])];
  return {
    name: d.name,
    phone: d.phone ? formatPhoneVn(d.phone) : undefined,
    birthday: d.birthday ? formatBirthday(d.birthday) : c.notGiven,
    needs: needs.length ? needs.join(', ') : c.notGiven,
    health: d.health === undefined ? c.consentUnanswered : d.health ? c.consentGiven : c.consentDeclined,
    photo: d.photo === undefined ? c.consentUnanswered : d.photo ? c.consentGiven : c.consentDeclined,
  };
}

export function customerCard(ctx: Ctx, customer: Customer): Card {
  const c = copyOf(ctx);
  return {
    name: customer.name,
    phone: customer.phone ? formatPhoneVn(customer.phone) : c.notGiven,
    birthday: customer.birthday ? formatBirthday(customer.birthday) : c.notGiven,
    // Her own card (/toi) shows each need at its stage and since when (needs by stage, issue 17).
    needs: needsSummary(customer.needs, ctx.state.lang, ctx.deps.settings.timeZone) || c.notGiven,
    // As the care and offers line says it: whether the consent holds now, not whether she was ever asked.
    health: (customer.consent.health ? c.yes : c.no).toLowerCase(),
    photo: (customer.consent.photo ? c.yes : c.no).toLowerCase(),
  };
}
