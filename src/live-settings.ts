// The config every part of a process runs on: the environment's, with the owner's changes from the web page
// (src/services/spa-settings.ts) over it. Read at start, then polled: a change saved by any process reaches every
// process within `everyMs`, and at once in the process that saved it (refresh).
import { withOverrides, type Config } from './config.js';
import type { Logger } from './log.js';
import type { Store } from './store/index.js';

export interface LiveSettings {
  current(): Config;
  /** Called with the new config after every change. */
  onChange(listener: (c: Config) => void): void;
  refresh(): Promise<void>;
  stop(): void;
}

export async function liveSettings(base: Config, store: Store, log: Logger, everyMs = 60_000): Promise<LiveSettings> {
  let version = -1;
  let current = base;
  const listeners: ((c: Config) => void)[] = [];
  const load = async (): Promise<void> => {
    const stored = await store.spaSettings.read();
    if (stored.version === version) return;
    const first = version === -1;
    version = stored.version;
    const { config, problems } = withOverrides(base, stored.values);
    // Names only: a template's text is the spa's, but it is no business of the log.
    if (problems.length) log.warn({ settings: problems.map((p) => p.split(':')[0]) }, 'saved settings left out: they no longer pass their rule');
    current = config;
    if (!first) {
      log.info({ version }, 'settings changed on the web page: now in use');
      for (const l of listeners) l(config);
    }
  };
  await load();
  let timer: NodeJS.Timeout | undefined = setInterval(() => {
    load().catch((e: unknown) => log.warn({ err: e }, 'settings not re-read'));
  }, everyMs);
  timer.unref();
  return {
    current: () => current,
    onChange: (l) => void listeners.push(l),
    async refresh() {
      await load();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
