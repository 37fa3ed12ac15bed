// The Zalo channel module (src/channels/contract.ts), and createZaloChannel wiring client, tokens, window,
// sender, templates and webhook for one Zalo OA.
import type { Router } from 'express';
import type { ChannelModule, RunningChannel, Translated } from '../../src/channels/contract.js';
import { builtinCapabilities } from '../../src/domain/channel.js';
import type { Engine } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';
import type { LaterReplyQueue } from '../../src/outbound/later-replies.js';
import type { ChannelSender } from '../../src/outbound/types.js';
import type { ZaloRepositories } from '../../src/store/zalo-repositories.js';
import { ZaloClient } from './client.js';
import { splitText } from '../shared/split-text.js';
import { zaloSettings, type ZaloSettings } from './config.js';
import { mapZaloEvent, ZaloWebhookEvent } from './inbound.js';
import { renderReplyText } from './render.js';
import { createZaloSender } from './sender.js';
import { zaloMedia } from './media.js';
import { createZaloTemplateSender, type ZaloTemplateSender } from './templates.js';
import { ZaloTokenManager } from './tokens.js';
import { createZaloWebhook } from './webhook.js';
import { ZaloWindow } from './window.js';

export interface ZaloChannelDeps {
  settings: ZaloSettings;
  repos: ZaloRepositories;
  engine: Engine;
  log: Logger;
  now?: () => Date;
  fetch?: typeof fetch;
  /** Replies Zalo did not take for a transient reason are queued here (the outbox). */
  laterReplies?: LaterReplyQueue;
}

export interface ZaloChannel {
  /** Mount at settings.webhookPath. */
  router: Router;
  sender: ChannelSender;
  templates: ZaloTemplateSender;
  tokens: ZaloTokenManager;
  window: ZaloWindow;
  /** For /readyz: non-empty when an operator must act (no tokens, re-authorisation). */
  problems(): Promise<string[]>;
  /** Resumes events cut off by a restart and starts the hourly token check. */
  start(): Promise<void>;
  /** Handles again the failed events whose pause is over: the `retry-inbound` job's port (jobs/ports.ts). */
  retryDue(): Promise<{ retried: number; done: number; failed: number; abandoned: number }>;
  /** Stops the timer and waits for events in progress. */
  stop(): Promise<void>;
  idle(): Promise<void>;
}

const HOUR = 3_600_000;

export function createZaloChannel(deps: ZaloChannelDeps): ZaloChannel {
  const { settings: s, repos } = deps;
  const now = deps.now ?? (() => new Date());
  const log = deps.log.child({ channel: 'zalo' });
  const client = new ZaloClient({ apiBase: s.apiBase, oauthBase: s.oauthBase, znsBase: s.znsBase, appId: s.appId, appSecret: s.appSecret, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const tokens = new ZaloTokenManager({ oaId: s.oaId, repo: repos.tokens, oauth: client, now, log });
  const window = new ZaloWindow({ contacts: repos.contacts, now, windowHours: s.windowHours, freeReplyHours: s.freeReplyHours });
  const sender = createZaloSender({ oaId: s.oaId, client, tokens, window, textLimit: s.textLimit, log });
  const templates = createZaloTemplateSender({
    oaId: s.oaId,
    templates: s.templates,
    byUid: s.templateByUid,
    uidBody: s.templateUidBody,
    development: s.templateDevelopment,
    timeZone: s.timeZone,
    client,
    tokens,
    now,
    log,
  });
  const webhook = createZaloWebhook({
    keys: { appId: s.appId, oaId: s.oaId, oaSecretKey: s.oaSecretKey, mode: s.signatureId },
    maxAgeMinutes: s.maxAgeMinutes,
    events: repos.events,
    window,
    engine: deps.engine,
    sender,
    ...(deps.laterReplies ? { later: deps.laterReplies } : {}),
    media: zaloMedia({ hosts: s.mediaHosts }),
    now,
    log,
  });

  let timer: NodeJS.Timeout | undefined;
  const maintain = async (): Promise<void> => {
    await tokens.refreshIfDue().catch(() => undefined); // failures are logged and alerted inside
    // FerretDB v1 has no TTL index: dedupe keys are pruned here, well past Zalo's retry period.
    await repos.events.prune(new Date(now().getTime() - 7 * 24 * HOUR)).catch(() => undefined);
  };

  return {
    router: webhook.router,
    sender,
    templates,
    tokens,
    window,
    problems: () => tokens.problems(),
    retryDue: () => webhook.retryDue(),
    async start() {
      await webhook.resumePending();
      await maintain();
      timer = setInterval(() => void maintain(), HOUR);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await webhook.idle();
    },
    idle: () => webhook.idle(),
  };
}

export const zaloChannel: ChannelModule<ZaloSettings> = {
  channel: 'zalo',
  capabilities: builtinCapabilities('zalo'),
  settings: zaloSettings,
  account: (s) => s.oaId,
  sendRate: (c) => ({ perSecond: c.SEND_RATE_ZALO, perChatPerSecond: c.SEND_RATE_ZALO_PER_CHAT }),
  translate(raw, self): Translated {
    const event = ZaloWebhookEvent.safeParse(raw);
    if (!event.success) return { kind: 'ignore', reason: 'unknown-shape' };
    const m = mapZaloEvent(event.data, self.account);
    if (m.kind === 'inbound') return { kind: 'inbound', inbound: m.inbound };
    return { kind: 'ignore', reason: m.kind === 'unfollow' ? 'unfollow' : m.reason };
  },
  render: (reply) => splitText(renderReplyText(reply), builtinCapabilities('zalo').textLimit).map((text) => ({ text })),
  create(settings, deps): RunningChannel {
    const repos = deps.repos?.zalo;
    if (!repos) throw new Error('the Zalo channel needs its repositories (tokens, window, events) from the store');
    const zalo = createZaloChannel({ settings, repos, engine: deps.engine, log: deps.log, ...(deps.now ? { now: deps.now } : {}), ...(deps.laterReplies ? { laterReplies: deps.laterReplies } : {}) });
    deps.log.info({ path: settings.webhookPath, oaId: settings.oaId }, 'Zalo OA webhook mounted');
    return {
      channel: 'zalo',
      account: settings.oaId,
      mounts: [{ path: settings.webhookPath, router: zalo.router }],
      sender: zalo.sender,
      templates: zalo.templates,
      problems: () => zalo.problems(),
      retryInbound: () => zalo.retryDue(),
      // An OA's chat opens at zalo.me/<oa id>; no stored source documents a start parameter for OA chats
      // (zalo-platform.md), so the guest sends the code as `/start <code>` herself.
      startLink: () => ({ channel: 'zalo', url: `https://zalo.me/${settings.oaId}`, carriesPayload: false }),
      start: () => zalo.start(),
      stop: () => zalo.stop(),
    };
  },
};
