// Zalo OA webhook events → the engine's Inbound (pure): which events matter, who sent them, how to dedupe them.
import { z } from 'zod';
import type { Inbound, InboundEvent } from '../../src/engine/types.js';
import { parseSlashCommand } from '../shared/slash-command.js';

// Lenient on purpose (§3.3): Zalo adds fields, and ids and timestamps are strings that may exceed 2^53.
const Id = z.union([z.string().min(1), z.number()]).transform(String);
const Party = z.object({ id: Id }).loose();

export const ZaloWebhookEvent = z
  .object({
    app_id: Id.optional(),
    oa_id: Id.optional(),
    event_name: z.string().min(1),
    timestamp: Id.optional(),
    sender: Party.optional(),
    recipient: Party.optional(),
    follower: Party.optional(),
    // Attachments stay unknown here: one odd attachment must not make the whole event unreadable.
    message: z.object({ msg_id: Id.optional(), text: z.string().optional(), attachments: z.array(z.unknown()).optional() }).loose().optional(),
    info: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
export type ZaloWebhookEvent = z.infer<typeof ZaloWebhookEvent>;

export type Mapped =
  | {
      kind: 'inbound';
      inbound: Inbound;
      oaId: string;
      userId: string;
      /** Dedupe key: the msg_id, or name:user:timestamp for events that carry no message. */
      key: string;
      /** Set by follow: the follow state to record before the engine runs. */
      following?: true;
    }
  /** The user left: recorded so nothing is sent to them; not an engine event (its "stop" asks a question). */
  | { kind: 'unfollow'; oaId: string; userId: string; key: string }
  | { kind: 'ignore'; reason: 'echo' | 'other_oa' | 'no_user' | 'not_handled'; eventName: string };

/** An image attachment of user_send_image (§3.3): its URL, and the size Zalo gives (a string or a number) if any. */
const ImageAttachment = z
  .object({
    type: z.literal('image'),
    payload: z.object({ url: z.url({ protocol: /^https?$/ }).max(2048), size: z.union([z.number(), z.string().regex(/^\d+$/)]).optional() }).loose(),
  })
  .loose();

/** The first image of the message (a staff member's photo), or none: the engine gets the URL and fetches it on demand. */
function imageOf(e: ZaloWebhookEvent): Extract<InboundEvent, { kind: 'photo' }> | undefined {
  for (const a of e.message?.attachments ?? []) {
    const img = ImageAttachment.safeParse(a);
    if (!img.success) continue;
    const size = img.data.payload.size === undefined ? undefined : Number(img.data.payload.size);
    const caption = str(e.message?.text);
    return { kind: 'photo', ref: img.data.payload.url, ...(size !== undefined && size > 0 ? { sizeBytes: size } : {}), ...(caption ? { caption } : {}) };
  }
  return undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * The address of the info card as one line: `full_address` {user_address, user_ward, user_district, user_city} in
 * the webhook sample, a flat `address` (+ district, city) in shared_info (zalo-platform.md); the engine validates it.
 */
function postalAddress(info: Record<string, unknown>): string | undefined {
  const full = typeof info.full_address === 'object' && info.full_address !== null ? (info.full_address as Record<string, unknown>) : undefined;
  const parts = full
    ? [full.user_address, full.user_ward, full.user_district, full.user_city]
    : [info.address, info.ward, info.district, info.city];
  const line = parts.map(str).filter((p): p is string => p !== undefined).join(', ');
  return line || undefined;
}

/** `expectedOaId`: events addressed to another OA on the same app are not ours. */
export function mapZaloEvent(e: ZaloWebhookEvent, expectedOaId: string): Mapped {
  const name = e.event_name;
  // The OA's own messages (sent by us or by staff in the OA console) come back as oa_send_* (§3.1).
  if (name.startsWith('oa_send_')) return { kind: 'ignore', reason: 'echo', eventName: name };

  let event: InboundEvent | undefined;
  let userId: string | undefined;
  let oaId: string | undefined;

  if (name === 'follow' || name === 'unfollow') {
    // Management events are flat: oa_id and follower instead of recipient and sender (§3.3).
    userId = e.follower?.id ?? e.sender?.id;
    oaId = e.oa_id ?? e.recipient?.id;
    // Following an OA is Zalo's "/start".
    if (name === 'follow') event = { kind: 'command', command: 'start', args: '' };
  } else if (name === 'user_submit_info') {
    userId = e.sender?.id;
    oaId = e.recipient?.id ?? e.oa_id;
    const info = e.info ?? {};
    const name_ = str(info.name);
    const phone = str(info.phone);
    const birthday = str(info.user_dob) ?? str(info.dob);
    const address = postalAddress(info);
    // Raw as Zalo sends them ("84901234567", "14/02/1992"): src/domain parses them in the engine.
    event = { kind: 'info', ...(name_ ? { name: name_ } : {}), ...(phone ? { phone } : {}), ...(birthday ? { birthday } : {}), ...(address ? { address } : {}) };
  } else if (name.startsWith('user_send_')) {
    userId = e.sender?.id;
    oaId = e.recipient?.id ?? e.oa_id;
    const text = name === 'user_send_text' ? str(e.message?.text) : undefined;
    const slash = text ? parseSlashCommand(text) : undefined;
    // An image is described, never downloaded here: only the engine knows whether a staff member may keep it.
    const image = name === 'user_send_image' ? imageOf(e) : undefined;
    // Typed "/start" works as on Telegram; stickers, locations… (and an image without a usable URL) get the hint.
    event = slash ? { kind: 'command', command: slash.command, args: slash.args } : text ? { kind: 'text', text } : (image ?? { kind: 'unsupported' });
  } else {
    // anonymous_* (no stable user), delivery/seen receipts, tags, ZNS status…
    return { kind: 'ignore', reason: 'not_handled', eventName: name };
  }

  if (!userId) return { kind: 'ignore', reason: 'no_user', eventName: name };
  oaId ??= expectedOaId;
  if (oaId !== expectedOaId) return { kind: 'ignore', reason: 'other_oa', eventName: name };

  const key = e.message?.msg_id ?? `${name}:${userId}:${e.timestamp ?? ''}`;
  if (!event) return { kind: 'unfollow', oaId, userId, key };
  return {
    kind: 'inbound',
    inbound: { address: { channel: 'zalo', account: oaId, userId }, event, eventId: `zalo:${key}`, chatType: 'private' },
    oaId,
    userId,
    key,
    ...(name === 'follow' ? { following: true as const } : {}),
  };
}

/** When the user acted: the event's epoch-ms timestamp if plausible (some samples are truncated [U]), else now. */
export function eventTime(e: ZaloWebhookEvent, now: Date): Date {
  const ms = Number(e.timestamp);
  const plausible = Number.isFinite(ms) && ms > now.getTime() - 30 * 86_400_000 && ms < now.getTime() + 5 * 60_000;
  return plausible ? new Date(Math.min(ms, now.getTime())) : now;
}
