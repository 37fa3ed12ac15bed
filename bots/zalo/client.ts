// The only code that talks HTTP to Zalo: a small typed fetch client whose every answer is checked with zod.
import { z } from 'zod';
import { requestNeverSent } from '../../src/outbound/never-sent.js';
import { ZaloApiError, ZaloHttpError, ZaloOAuthError } from './errors.js';

export interface ZaloClientOptions {
  apiBase: string;
  oauthBase: string;
  znsBase: string;
  appId: string;
  appSecret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

// Ids are strings that can exceed 2^53: never numbers (§2.1). Objects stay loose: Zalo adds fields freely.
const Id = z.union([z.string().min(1), z.number()]).transform(String);
const envelope = <T extends z.ZodType>(data: T) =>
  z.object({ error: z.coerce.number(), message: z.string().optional(), data: data.optional() }).loose();

const CsSendData = z.object({ message_id: Id, user_id: Id.optional(), quota: z.object({}).loose().optional() }).loose();
// UID templates answer data.message_id, phone templates data.msg_id (§5.1); accept either.
const TemplateSendData = z.object({ message_id: Id.optional(), msg_id: Id.optional() }).loose();

const TokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive().default(3600),
});
const OAuthError = z.object({ error: z.coerce.number(), error_name: z.string().optional() }).loose();

export interface CsSent {
  messageId: string;
}

export interface TemplateSent {
  messageId?: string;
}

export interface RefreshedTokens {
  accessToken: string;
  refreshToken: string;
  expiresInS: number;
}

export class ZaloClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly opts: ZaloClientOptions) {
    this.fetch = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** A consultation ("tin tư vấn") text to a follower inside the window (§2.2). */
  async sendCsText(accessToken: string, userId: string, text: string): Promise<CsSent> {
    const body = { recipient: { user_id: userId }, message: { text: text.normalize('NFC') } };
    const data = await this.callApi(this.opts.apiBase, '/v3.0/oa/message/cs', accessToken, body, CsSendData);
    return { messageId: data.message_id };
  }

  /** A template by OA user id (§5.1). Where the user id goes is unconfirmed [U], hence `shape`. */
  async sendTemplateByUid(
    accessToken: string,
    m: { userId: string; templateId: string; templateData: Record<string, string>; shape: 'user_id' | 'recipient' },
  ): Promise<TemplateSent> {
    const who = m.shape === 'recipient' ? { recipient: { user_id: m.userId } } : { user_id: m.userId };
    const data = await this.callApi(this.opts.apiBase, '/v3.0/oa/message/template', accessToken, { ...who, template_id: m.templateId, template_data: m.templateData }, TemplateSendData);
    return idOf(data);
  }

  /** A ZNS/ZBS template to a phone's Zalo account (§5.2); `phone` is 84xxxxxxxxx. */
  async sendTemplateByPhone(
    accessToken: string,
    m: { phone: string; templateId: string; templateData: Record<string, string>; trackingId: string; development: boolean },
  ): Promise<TemplateSent> {
    const body = {
      phone: m.phone,
      template_id: m.templateId,
      template_data: m.templateData,
      tracking_id: m.trackingId,
      ...(m.development ? { mode: 'development' } : {}),
    };
    return idOf(await this.callApi(this.opts.znsBase, '/message/template', accessToken, body, TemplateSendData));
  }

  /** OAuth v4 refresh (§4.1): form body, app secret in the `secret_key` header, answer at the top level. */
  async refreshAccessToken(refreshToken: string): Promise<RefreshedTokens> {
    const endpoint = '/v4/oa/access_token';
    const form = new URLSearchParams({ app_id: this.opts.appId, refresh_token: refreshToken, grant_type: 'refresh_token' });
    const json = await this.request(this.opts.oauthBase + endpoint, endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', secret_key: this.opts.appSecret },
      body: form.toString(),
    }, true);
    const ok = TokenResponse.safeParse(json);
    if (ok.success) return { accessToken: ok.data.access_token, refreshToken: ok.data.refresh_token, expiresInS: ok.data.expires_in };
    // Failure is "no access_token in the body" (§4.1), whatever else it carries.
    const refused = OAuthError.safeParse(json);
    if (refused.success) throw new ZaloOAuthError(refused.data.error, refused.data.error_name);
    throw new ZaloHttpError(endpoint, 'bad_response');
  }

  private async callApi<T extends z.ZodType>(base: string, endpoint: string, accessToken: string, body: unknown, schema: T): Promise<z.infer<T>> {
    const json = await this.request(base + endpoint, endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', access_token: accessToken },
      body: JSON.stringify(body),
    });
    const parsed = envelope(schema).safeParse(json);
    if (!parsed.success) throw new ZaloHttpError(endpoint, 'bad_response');
    // Application errors come with HTTP 200: the envelope's `error` is the only truth (§2.1).
    if (parsed.data.error !== 0) throw new ZaloApiError(parsed.data.error, endpoint, parsed.data.message);
    if (parsed.data.data === undefined) throw new ZaloHttpError(endpoint, 'bad_response');
    return parsed.data.data as z.infer<T>;
  }

  /** JSON of the answer; an HTTP error status is a transport failure unless `jsonOnError` (OAuth answers 4xx with a body). */
  private async request(url: string, endpoint: string, init: RequestInit, jsonOnError = false): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      // 'network' only when the request provably never left; a reset after sending may follow a delivery.
      // A DOMException, not always `instanceof Error` across realms: its name is what counts.
      const status = (e as { name?: unknown } | null)?.name === 'TimeoutError' ? 'timeout' : requestNeverSent(e) ? 'network' : 'connection_lost';
      throw new ZaloHttpError(endpoint, status);
    }
    if (!res.ok && !jsonOnError) {
      await res.body?.cancel().catch(() => undefined);
      throw new ZaloHttpError(endpoint, res.status);
    }
    try {
      return await res.json();
    } catch {
      throw new ZaloHttpError(endpoint, res.ok ? 'bad_response' : res.status);
    }
  }
}

function idOf(data: z.infer<typeof TemplateSendData>): TemplateSent {
  const id = data.message_id ?? data.msg_id;
  return id ? { messageId: id } : {};
}
