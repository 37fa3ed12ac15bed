// Everything a job needs, built once per process from the config and the shared database connection.
import { channelDirectory } from '../bots/index.js';
import type { ChannelDirectory } from '../src/channels/contract.js';
import type { MoneySettings } from '../src/domain/money-rules.js';
import { appointmentSettingsOf, moneySettingsOf, segmentSettingsOf, type Config } from '../src/config.js';
import type { AppointmentSettings } from '../src/domain/appointment-times.js';
import type { SegmentSettings } from '../src/domain/segments.js';
import type { CapabilitiesOf } from '../src/domain/channel.js';
import type { QuietHours } from '../src/domain/quiet-hours.js';
import type { Lang, TemplateOverrides } from '../src/domain/scheduled-copy.js';
import type { Logger } from '../src/log.js';
import type { ChannelSender } from '../src/outbound/types.js';
import { CustomerRepository } from '../src/store/customers.js';
import type { Store } from '../src/store/index.js';
import { OutboxRepository } from '../src/store/outbox.js';
import { JobRunRepository, SchedulingQueries } from '../src/store/scheduling.js';
import { ownerOnlyStaffDirectory, systemClock, type Clock, type InboundRetrier, type StaffDirectory, type TemplateSender } from './ports.js';
import { RateLimiter, type ChannelLimit } from './rate-limiter.js';

export interface JobSettings {
  timeZone: string;
  spaName: string;
  staffLanguage: Lang;
  birthdaySendTime: string;
  followUpSendTime: string;
  staffReminderTime: string;
  quietHours: QuietHours;
  followUpAfterRegistrationDays: number;
  followUpAfterVisitDays: number;
  /** Per-service visit follow-up delay in days, keyed by service name as staff log it. */
  serviceDays: Record<string, number>;
  templates: TemplateOverrides;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a claim protects a row; a send must finish well within it. */
  leaseMs: number;
  /** Longest the dispatcher waits for a rate-limit slot before leaving a row for the next run. */
  maxWaitMs: number;
  dispatchEveryMs: number;
  /** How often failed inbound events are looked at (each has its own pause, store/zalo-events.ts). */
  retryInboundEveryMs: number;
  /** Rows one dispatcher handles at once (pacing stays the limiter's). */
  dispatchConcurrency: number;
  limits: Record<string, ChannelLimit>;
  /** Segment thresholds and the segment jobs' times (issue 14). */
  segments: SegmentSettings;
  segmentNightlyTime: string;
  /** Points, ranks and the idle-package rule (issue 13); the defaults when left out. */
  money?: MoneySettings;
  /** Day of the week (0 = Sunday) and time of each staff member's win-back list. */
  winBackWeekday: number;
  winBackTime: string;
  campaignPerMinute: number;
  campaignResultDays: number;
  /** The housekeeping job's time and how many days finished bookkeeping is kept (RETENTION_*, issue 16). */
  housekeepingTime: string;
  retentionDays: { links: number; zaloEvents: number; jobRuns: number; outbox: number };
  /** Opening hours, durations and the end-of-day time of appointments (issue 13). */
  appointments: AppointmentSettings;
}

export function jobSettingsFrom(c: Config, channels: Pick<ChannelDirectory, 'sendRates'> = channelDirectory(c)): JobSettings {
  const pair = (vi: string | undefined, en: string | undefined) => ({ ...(vi ? { vi } : {}), ...(en ? { en } : {}) });
  return {
    timeZone: c.BUSINESS_TIME_ZONE,
    spaName: c.SPA_NAME,
    staffLanguage: c.DEFAULT_LANGUAGE,
    birthdaySendTime: c.BIRTHDAY_SEND_TIME,
    followUpSendTime: c.FOLLOW_UP_SEND_TIME,
    staffReminderTime: c.STAFF_REMINDER_TIME,
    quietHours: { start: c.QUIET_HOURS_START, end: c.QUIET_HOURS_END, timeZone: c.BUSINESS_TIME_ZONE },
    followUpAfterRegistrationDays: c.FOLLOW_UP_AFTER_REGISTRATION_DAYS,
    followUpAfterVisitDays: c.FOLLOW_UP_AFTER_VISIT_DAYS,
    serviceDays: c.FOLLOW_UP_SERVICE_DAYS,
    templates: {
      birthday: pair(c.GREETING_TEMPLATE_VI, c.GREETING_TEMPLATE_EN),
      follow_up_registration: pair(c.FOLLOW_UP_REGISTRATION_TEMPLATE_VI, c.FOLLOW_UP_REGISTRATION_TEMPLATE_EN),
      follow_up_visit: pair(c.FOLLOW_UP_VISIT_TEMPLATE_VI, c.FOLLOW_UP_VISIT_TEMPLATE_EN),
    },
    maxAttempts: c.OUTBOX_MAX_ATTEMPTS,
    retryBaseMs: c.OUTBOX_RETRY_BASE_MS,
    retryMaxMs: c.OUTBOX_RETRY_MAX_MS,
    leaseMs: 5 * 60_000,
    maxWaitMs: 30_000,
    dispatchEveryMs: c.DISPATCH_EVERY_MS,
    retryInboundEveryMs: 60_000,
    dispatchConcurrency: 16,
    limits: Object.fromEntries(channels.sendRates),
    segments: segmentSettingsOf(c),
    segmentNightlyTime: c.SEGMENT_NIGHTLY_TIME,
    money: moneySettingsOf(c),
    winBackWeekday: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].indexOf(c.WIN_BACK_DAY),
    winBackTime: c.WIN_BACK_TIME,
    campaignPerMinute: c.CAMPAIGN_PER_MINUTE,
    campaignResultDays: c.CAMPAIGN_RESULT_DAYS,
    housekeepingTime: c.HOUSEKEEPING_TIME,
    retentionDays: { links: c.RETENTION_INVITES_DAYS, zaloEvents: c.RETENTION_ZALO_EVENTS_DAYS, jobRuns: c.RETENTION_JOB_RUNS_DAYS, outbox: c.RETENTION_OUTBOX_DAYS },
    appointments: appointmentSettingsOf(c),
  };
}

export interface JobContext {
  settings: JobSettings;
  conn: Store['conn'];
  outbox: OutboxRepository;
  customers: CustomerRepository;
  scheduling: SchedulingQueries;
  runs: JobRunRepository;
  /** One sender per channel this process can reach. */
  senders: Map<string, ChannelSender>;
  templates?: TemplateSender;
  staff: StaffDirectory;
  /** Channels whose failed inbound events the `retry-inbound` job handles again (Zalo, when it runs here). */
  inbound: InboundRetrier[];
  /** What each channel can do: routing asks it instead of naming channels. */
  capabilities: CapabilitiesOf;
  clock: Clock;
  limiter: RateLimiter;
  log: Logger;
}

export interface JobContextDeps {
  conn: Store['conn'];
  config: Config;
  log: Logger;
  senders?: ChannelSender[];
  templates?: TemplateSender;
  staff?: StaffDirectory;
  inbound?: InboundRetrier[];
  clock?: Clock;
  /** A clock without control over sleeping (the app's injected `now`); `clock` wins when both are given. */
  now?: () => Date;
  /** Overrides on top of the config (tests: lease, waits). */
  settings?: Partial<JobSettings>;
  /** Channel capabilities, owners, accounts and send rates (default: the channel table read with `config`). */
  channels?: ChannelDirectory;
}

export function createJobContext(d: JobContextDeps): JobContext {
  const channels = d.channels ?? channelDirectory(d.config);
  const settings = { ...jobSettingsFrom(d.config, channels), ...d.settings };
  const clock = d.clock ?? (d.now ? { ...systemClock, now: d.now } : systemClock);
  const now = (): Date => clock.now();
  return {
    settings,
    conn: d.conn,
    outbox: new OutboxRepository(d.conn, now),
    customers: new CustomerRepository(d.conn, now),
    scheduling: new SchedulingQueries(d.conn),
    runs: new JobRunRepository(d.conn),
    senders: new Map((d.senders ?? []).map((s) => [s.channel, s])),
    ...(d.templates ? { templates: d.templates } : {}),
    staff: d.staff ?? ownerOnlyStaffDirectory(channels),
    capabilities: channels.capabilities,
    inbound: d.inbound ?? [],
    clock,
    limiter: new RateLimiter(settings.limits),
    log: d.log.child({ component: 'jobs' }),
  };
}
