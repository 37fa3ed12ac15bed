// Composition root: config → database → store → channels → HTTP → jobs, and the reverse on shutdown.
import type { Config } from './config.js';
import { appointmentSettingsOf, maskUri, moneySettingsOf, segmentSettingsOf } from './config.js';
import { resolveDatabase } from './devdb/resolve.js';
import { createApp } from './http/app.js';
import { listen } from './http/server.js';
import type { Logger } from './log.js';
import { connectDatabase, pingDatabase, sandboxConnection } from './store/connection.js';
import { createStore, ensureIndexes, type Store } from './store/index.js';
import type { ChannelSender } from './outbound/types.js';
import { createJobContext, jobSettingsFrom } from '../jobs/job-deps.js';
import type { StaffDirectory, TemplateSender } from '../jobs/ports.js';
import { startWorker } from '../jobs/scheduler.js';
import { storeStaffDirectory } from '../jobs/staff-directory.js';
import { createEngine } from './engine/engine.js';
import type { Engine } from './engine/types.js';
import { channelDirectory, createChannels } from '../bots/index.js';
import { outboxReplyQueue } from './outbound/later-replies.js';
import { lateStartLinks } from './channels/start-links.js';
import { createMetrics, meteredEngine, meteredSender, metricsRouter, observeJobs } from './http/metrics.js';
import { outboxHealth } from './store/health.js';
import { liveSettings, type LiveSettings } from './live-settings.js';
import { cardEditDepsOf, editableCardFields, webEditField } from './services/card-edits.js';
import { createWebRouter } from './web/router.js';
import { shownSettings, webAccessSettings } from './web/settings-shown.js';

export interface Hoso {
  port: number;
  uri: string;
  store: Store;
  stop(): Promise<void>;
}

export interface StartOptions {
  now?: () => Date;
  /** Outbound senders for the job worker (channel wiring adds its own to `senders` below). */
  senders?: ChannelSender[];
  /** Zalo template sender for customers no chat reaches; staff directory for reminders (default: the owner). */
  templates?: TemplateSender;
  staff?: StaffDirectory;
}

export async function startHoso(config: Config, log: Logger, opts: StartOptions = {}): Promise<Hoso> {
  const db = await resolveDatabase(config);
  if (db.embedded) {
    log.info({ dataDir: config.DATA_DIR }, 'no MONGODB_URI set: using the embedded FerretDB development database (data kept in DATA_DIR)');
  } else {
    log.info({ uri: maskUri(db.uri) }, 'using the database from MONGODB_URI');
  }
  let conn;
  try {
    conn = await connectDatabase(db.uri);
  } catch (e) {
    await db.stop();
    throw e;
  }
  await ensureIndexes(conn);
  const store = createStore(conn, opts.now);

  const stoppers: (() => Promise<void>)[] = [];
  const senders: ChannelSender[] = [...(opts.senders ?? [])];

  // What the configured channels are and can do, before any runs: the engine and the jobs ask it, not names.
  const directory = channelDirectory(config);
  const startLinks = lateStartLinks();
  // The owner's changes from the web page over the environment; every part below follows them when they change.
  const live = await liveSettings(config, store, log);
  stoppers.push(async () => live.stop());
  const engineSettings = (config: Config) => ({
    spaName: config.SPA_NAME,
    services: config.SPA_SERVICES,
    timeZone: config.BUSINESS_TIME_ZONE,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    staffVisibility: config.STAFF_VISIBILITY,
    segments: segmentSettingsOf(config),
    owners: directory.owners,
    appointments: appointmentSettingsOf(config),
    money: moneySettingsOf(config),
    startLinks,
    chatLinkTtlMs: config.CHAT_LINK_TTL_HOURS * 3_600_000,
    paperConsentVersion: config.PAPER_CONSENT_VERSION,
    photoMaxBytes: config.PHOTO_MAX_MB * 1024 * 1024,
    web: webAccessSettings(config),
    customerGroups: config.CUSTOMER_GROUPS,
    customerSources: config.CUSTOMER_SOURCES,
    branches: config.SPA_BRANCHES,
    campaignResultDays: config.CAMPAIGN_RESULT_DAYS,
  });
  const settings = engineSettings(live.current());
  live.onChange((c) => Object.assign(settings, engineSettings(c)));
  const now = opts.now ?? (() => new Date());
  // Counted and timed for /metrics; the outbox gauges read the database when Prometheus scrapes.
  const metrics = createMetrics(() => outboxHealth(conn, now()));
  const engine = meteredEngine(createEngine({ store, settings, capabilities: directory.capabilities, now, log }), metrics);
  // The playground runs on its own database: its guests are sandbox data, never merged with real customers, and
  // no job plans messages for them. No owners there: staff work happens on the real channels.
  let engineFor: { playground: Engine } | undefined;
  if (config.PLAYGROUND) {
    const sandbox = sandboxConnection(conn);
    await ensureIndexes(sandbox);
    engineFor = { playground: meteredEngine(createEngine({ store: createStore(sandbox, opts.now), settings: { ...settings, owners: [] }, capabilities: directory.capabilities, now, log }), metrics) };
  }
  // Every configured channel from the table in bots/index.ts; mounted before createApp reads the mounts.
  const channels = createChannels({ config, engine, ...(engineFor ? { engineFor } : {}), log, ...(opts.now ? { now: opts.now } : {}), repos: { zalo: store.zalo }, laterReplies: outboxReplyQueue(store.outbox, opts.now) });
  senders.push(...channels.senders);
  startLinks.attach(channels.running);
  stoppers.push(() => channels.stop((e) => log.error({ err: e }, 'error while stopping a channel')));

  const app = createApp({
    readiness: async () => {
      const dbOk = await pingDatabase(conn);
      // A Zalo grant that only an OA admin can renew makes the instance not ready: the operator sees why.
      const problems = [...(dbOk ? [] : ['database unreachable']), ...(dbOk ? await channels.problems() : [])];
      return { ready: problems.length === 0, problems };
    },
    mounts: [...channels.mounts, ...(config.METRICS_TOKEN ? [{ path: '/metrics', router: metricsRouter(metrics, config.METRICS_TOKEN) }] : []), ...(config.PUBLIC_URL ? [{ path: '/web', router: webRouter(config, live, store, log, now) }] : [])],
  });
  const http = await listen(app, config.PORT, config.HOST);
  log.info({ port: http.port }, 'HTTP server listening (/healthz, /readyz)');
  // After listen: Telegram may deliver to the webhook as soon as it is registered.
  try {
    await channels.start({ port: http.port });
  } catch (e) {
    // A refused bot token or an unreachable Bot API stops start-up (the channels started are stopped again);
    // the embedded database must not outlive it.
    await http.close();
    await conn.close();
    await db.stop();
    throw e;
  }

  if (config.WORKER) {
    // Started last and so stopped first: running jobs finish before the channels they send through close.
    const jobs = createJobContext({ conn, config: live.current(), log, channels: directory, senders: senders.map((s) => meteredSender(s, metrics)), now: opts.now, templates: opts.templates ?? channels.templates, staff: opts.staff ?? storeStaffDirectory(store, directory), inbound: channels.inbound });
    live.onChange((c) => Object.assign(jobs.settings, jobSettingsFrom(c, directory)));
    const worker = await startWorker(jobs, { observe: observeJobs(metrics) });
    stoppers.push(() => worker.stop());
  }

  let stopped = false;
  return {
    port: http.port,
    uri: db.uri,
    store,
    async stop() {
      if (stopped) return;
      stopped = true;
      await http.close();
      for (const s of stoppers.reverse()) await s().catch((e: unknown) => log.error({ err: e }, 'error while stopping'));
      await conn.close();
      await db.stop();
      log.info('stopped');
    },
  };
}

/** The owner's web page (src/web), on when PUBLIC_URL says where browsers reach this server. */
function webRouter(base: Config, live: LiveSettings, store: Store, log: Logger, now: () => Date) {
  const settingsOf = (config: Config) => ({
      spaName: config.SPA_NAME,
      timeZone: config.BUSINESS_TIME_ZONE,
      defaultLanguage: config.DEFAULT_LANGUAGE,
      staffVisibility: config.STAFF_VISIBILITY,
      segments: segmentSettingsOf(config),
      money: moneySettingsOf(config),
      web: webAccessSettings(config),
      secureCookies: config.PUBLIC_URL?.startsWith('https:') === true,
      shown: shownSettings(config),
      branches: config.SPA_BRANCHES,
  });
  const settings = settingsOf(live.current());
  live.onChange((c) => Object.assign(settings, settingsOf(c)));
  // The card's edit form: the same service and rules as the chat's /sua (src/services/card-edits.ts).
  // The lists it checks against follow the settings page too (one object, updated in place, as `settings`).
  const cardSettingsOf = (c: Config) => ({ timeZone: c.BUSINESS_TIME_ZONE, customerGroups: c.CUSTOMER_GROUPS, customerSources: c.CUSTOMER_SOURCES, branches: c.SPA_BRANCHES });
  const cardDeps = cardEditDepsOf(now, cardSettingsOf(live.current()));
  live.onChange((c) => Object.assign(cardDeps, cardEditDepsOf(now, cardSettingsOf(c))));
  const editField = webEditField(cardDeps);
  return createWebRouter({ store, log, now, settings, editableSettings: { base, saved: () => live.refresh() }, editField, editableFields: (c) => editableCardFields(c.lang) });
}
