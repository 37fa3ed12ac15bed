// A local stand-in for Zalo's OA, OAuth and ZNS APIs: records real HTTP requests, rotates single-use tokens,
// and can be scripted to expire tokens, refuse refreshes or fail the next call with a given error code.
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { listen, type RunningServer } from '../../src/http/server.js';

export interface RecordedRequest {
  method: string;
  path: string;
  accessToken?: string;
  body: unknown;
}

export interface DeliveredText {
  userId: string;
  text: string;
}

export interface DeliveredTemplate {
  via: 'uid' | 'phone';
  body: Record<string, unknown>;
}

export class ZaloStandin {
  readonly appId = '1234567890123456789';
  readonly appSecret = 'standin-app-secret';
  readonly requests: RecordedRequest[] = [];
  readonly texts: DeliveredText[] = [];
  readonly templates: DeliveredTemplate[] = [];
  refreshCalls = 0;
  private access = '';
  private refresh = '';
  private accessRefusedWith: number | undefined;
  private refreshRefusal: { error: number; error_name: string } | undefined;
  private scripted = new Map<string, { error: number; message: string }[]>();
  private late = new Map<string, (number | 'drop')[]>();
  private lateTimers = new Set<NodeJS.Timeout>();
  private refreshGate: Promise<void> | undefined;
  private server: RunningServer | undefined;
  private n = 0;

  get url(): string {
    if (!this.server) throw new Error('stand-in not started');
    return `http://127.0.0.1:${this.server.port}`;
  }

  async start(): Promise<this> {
    const app = express();
    app.post('/v4/oa/access_token', express.urlencoded({ extended: false }), (req, res) => void this.onRefresh(req, res));
    app.use(express.json({ limit: '1mb' }));
    app.post('/v3.0/oa/message/cs', (req, res) => this.onApi(req, res, () => this.onCs(req)));
    app.post('/v3.0/oa/message/template', (req, res) => this.onApi(req, res, () => this.onTemplate('uid', req)));
    app.post('/message/template', (req, res) => this.onApi(req, res, () => this.onTemplate('phone', req)));
    this.server = await listen(app, 0, '127.0.0.1');
    return this;
  }

  async stop(): Promise<void> {
    for (const t of this.lateTimers) clearTimeout(t);
    await this.server?.close(100);
  }

  /** A fresh valid pair, as an admin would get from the API Explorer. */
  issuePair(): { accessToken: string; refreshToken: string } {
    this.rotate();
    this.accessRefusedWith = undefined;
    this.refreshRefusal = undefined;
    return { accessToken: this.access, refreshToken: this.refresh };
  }

  /** The current access token stops working (Zalo: -216 invalid, -220 expired or removed). */
  expireAccessToken(code: -216 | -220 | -124 = -220): void {
    this.accessRefusedWith = code;
  }

  /** Every refresh fails from now on, e.g. the refresh token was used elsewhere (-14014). */
  refuseRefresh(error = -14014, errorName = 'Invalid refresh token'): void {
    this.refreshRefusal = { error, error_name: errorName };
  }

  /** The next call to `path` answers HTTP 200 with this application error. */
  failNext(path: string, error: number, message = 'scripted failure'): void {
    const q = this.scripted.get(path) ?? [];
    q.push({ error, message });
    this.scripted.set(path, q);
  }

  /**
   * The next call to `path` is carried out (a text is delivered) but answered only after `delayMs`, or, with
   * 'drop', its connection is cut before any answer: the client cannot know the message arrived.
   */
  answerLateNext(path: string, delayMs: number | 'drop'): void {
    this.late.set(path, [...(this.late.get(path) ?? []), delayMs]);
  }

  /** Holds refresh answers until the returned function is called (to make sends overlap a refresh). */
  holdRefreshes(): () => void {
    let release!: () => void;
    this.refreshGate = new Promise((r) => (release = r));
    return () => {
      this.refreshGate = undefined;
      release();
    };
  }

  /** Resolves once `n` refresh requests have arrived. */
  async refreshRequested(n: number): Promise<void> {
    while (this.refreshCalls < n) await new Promise((r) => setImmediate(r));
  }

  currentPair(): { accessToken: string; refreshToken: string } {
    return { accessToken: this.access, refreshToken: this.refresh };
  }

  private rotate(): void {
    this.n++;
    this.access = `standin-access-${this.n}-${randomBytes(12).toString('hex')}`;
    this.refresh = `standin-refresh-${this.n}-${randomBytes(12).toString('hex')}`;
  }

  private async onRefresh(req: Request, res: Response): Promise<void> {
    this.refreshCalls++;
    const form = req.body as Record<string, string>;
    this.requests.push({ method: 'POST', path: req.path, body: { ...form, secret_key: req.get('secret_key') } });
    if (this.refreshGate) await this.refreshGate;
    if (req.get('secret_key') !== this.appSecret || form.app_id !== this.appId) {
      res.status(400).json({ error: -14002, error_name: 'Invalid appId' });
      return;
    }
    if (this.refreshRefusal) {
      res.json(this.refreshRefusal);
      return;
    }
    if (form.grant_type !== 'refresh_token' || form.refresh_token !== this.refresh) {
      res.json({ error: -14014, error_name: 'Invalid refresh token' });
      return;
    }
    this.rotate(); // single use: the old refresh token dies here
    this.accessRefusedWith = undefined;
    res.json({ access_token: this.access, refresh_token: this.refresh, expires_in: '90000' });
  }

  private onApi(req: Request, res: Response, ok: () => { data: unknown } | { error: number; message: string }): void {
    const accessToken = req.get('access_token');
    this.requests.push({ method: req.method, path: req.path, ...(accessToken ? { accessToken } : {}), body: req.body });
    if (accessToken !== this.access) {
      res.json({ error: -216, message: 'Access token is invalid' });
      return;
    }
    if (this.accessRefusedWith !== undefined) {
      res.json({ error: this.accessRefusedWith, message: 'access_token is expired or removed' });
      return;
    }
    const scripted = this.scripted.get(req.path)?.shift();
    if (scripted) {
      res.json(scripted);
      return;
    }
    const r = ok();
    const body = 'data' in r ? { error: 0, message: 'Success', data: r.data } : r;
    const late = this.late.get(req.path)?.shift();
    if (late === 'drop') return void req.socket.destroy();
    if (late !== undefined) {
      const timer = setTimeout(() => {
        this.lateTimers.delete(timer);
        if (!res.writableEnded && !res.destroyed) res.json(body);
      }, late);
      this.lateTimers.add(timer);
      return;
    }
    res.json(body);
  }

  private onCs(req: Request): { data: unknown } | { error: number; message: string } {
    const body = req.body as { recipient: { user_id: string }; message: { text: string } };
    if (body.message.text.length > 2000) return { error: -210, message: 'Parameter exceeds allowable limit' };
    this.texts.push({ userId: body.recipient.user_id, text: body.message.text });
    return { data: { message_id: randomBytes(10).toString('hex'), user_id: body.recipient.user_id, quota: { quota_type: 'reply', remain: 7, total: 8 } } };
  }

  private onTemplate(via: 'uid' | 'phone', req: Request): { data: unknown } {
    this.templates.push({ via, body: req.body as Record<string, unknown> });
    const id = randomBytes(10).toString('hex');
    return { data: via === 'uid' ? { message_id: id } : { msg_id: id, sent_time: String(Date.now()), quota: { dailyQuota: '500', remainingQuota: '499' } } };
  }
}

export async function startZaloStandin(): Promise<ZaloStandin> {
  return new ZaloStandin().start();
}
