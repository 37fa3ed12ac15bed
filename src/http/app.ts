// The express app: health endpoints plus whatever the channels mount (webhooks, playground).
import express, { type Express, type Router } from 'express';

export interface AppDeps {
  /** Database ping and any other readiness problems (e.g. a Zalo re-authorisation). */
  readiness(): Promise<{ ready: boolean; problems: string[] }>;
  mounts?: { path: string; router: Router }[];
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await deps.readiness().catch(() => ({ ready: false, problems: ['readiness check failed'] }));
    res.status(r.ready ? 200 : 503).json({ status: r.ready ? 'ready' : 'not ready', problems: r.problems });
  });
  for (const m of deps.mounts ?? []) app.use(m.path, m.router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  return app;
}
