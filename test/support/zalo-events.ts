// Builders for Zalo OA webhook deliveries, signed with the documented algorithm (zalo-platform.md §3.2).
import { createHash } from 'node:crypto';

export const ZALO_TEST = {
  appId: '1234567890123456789',
  oaId: '4000000000000000042',
  oaSecretKey: 'oa-secret-key-for-tests',
  user: '5123400000000000001',
} as const;

let seq = 0;
const nextMsgId = (): string => `msg${Date.now().toString(16)}${(++seq).toString(16).padStart(6, '0')}`;

export function textEvent(text: string, opts: { user?: string; msgId?: string; at?: Date } = {}): Record<string, unknown> {
  return {
    app_id: ZALO_TEST.appId,
    event_name: 'user_send_text',
    sender: { id: opts.user ?? ZALO_TEST.user },
    recipient: { id: ZALO_TEST.oaId },
    user_id_by_app: '7700000000000000003',
    message: { msg_id: opts.msgId ?? nextMsgId(), text },
    timestamp: String((opts.at ?? new Date()).getTime()),
  };
}

/** A user_send_image delivery (§3.3): the image's URL in message.attachments, the caption in message.text. */
export function imageEvent(url: string, opts: { user?: string; msgId?: string; at?: Date; caption?: string; size?: number } = {}): Record<string, unknown> {
  return {
    app_id: ZALO_TEST.appId,
    event_name: 'user_send_image',
    sender: { id: opts.user ?? ZALO_TEST.user },
    recipient: { id: ZALO_TEST.oaId },
    user_id_by_app: '7700000000000000003',
    message: {
      msg_id: opts.msgId ?? nextMsgId(),
      ...(opts.caption ? { text: opts.caption } : {}),
      attachments: [{ type: 'image', payload: { url, thumbnail: url, ...(opts.size !== undefined ? { size: String(opts.size) } : {}) } }],
    },
    timestamp: String((opts.at ?? new Date()).getTime()),
  };
}

export function followEvent(name: 'follow' | 'unfollow', opts: { user?: string; at?: Date } = {}): Record<string, unknown> {
  return {
    app_id: ZALO_TEST.appId,
    oa_id: ZALO_TEST.oaId,
    event_name: name,
    follower: { id: opts.user ?? ZALO_TEST.user },
    source: 'oa_profile',
    timestamp: String((opts.at ?? new Date()).getTime()),
  };
}

export function submitInfoEvent(info: Record<string, unknown>, opts: { user?: string; at?: Date } = {}): Record<string, unknown> {
  return {
    app_id: ZALO_TEST.appId,
    event_name: 'user_submit_info',
    sender: { id: opts.user ?? ZALO_TEST.user },
    recipient: { id: ZALO_TEST.oaId },
    info,
    timestamp: String((opts.at ?? new Date()).getTime()),
  };
}

export function echoEvent(text: string, opts: { at?: Date } = {}): Record<string, unknown> {
  return {
    app_id: ZALO_TEST.appId,
    event_name: 'oa_send_text',
    sender: { id: ZALO_TEST.oaId, admin_id: '999' },
    recipient: { id: ZALO_TEST.user },
    message: { msg_id: nextMsgId(), text },
    timestamp: String((opts.at ?? new Date()).getTime()),
  };
}

/** Written out independently of bots/zalo/signature.ts, so a mistake there cannot hide here. */
export function macFor(body: string, key: string = ZALO_TEST.oaSecretKey, firstId: string = ZALO_TEST.appId): string {
  const timestamp = String((JSON.parse(body) as { timestamp: string }).timestamp);
  return 'mac=' + createHash('sha256').update(firstId + body + timestamp + key, 'utf8').digest('hex');
}

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/** The body is serialised once: these exact bytes are signed and sent. */
export function signed(event: Record<string, unknown>, key?: string): Delivery {
  const body = JSON.stringify(event);
  return { body, headers: { 'content-type': 'application/json', 'x-zevent-signature': macFor(body, key) } };
}

export async function deliver(url: string, d: Delivery): Promise<Response> {
  return fetch(url, { method: 'POST', headers: d.headers, body: d.body });
}
