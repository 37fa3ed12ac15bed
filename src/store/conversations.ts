// Conversation state repository: load, save on the version read (optimistic), and remember applied event ids.
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { isDuplicateKey } from './duplicate-key.js';
import type { ChannelAddress } from './customers.js';
import { addressKey, conversationModel, type ConversationModel } from './models/conversation.js';

export const RECENT_EVENTS_KEPT = 50;

/**
 * The customer this chat speaks for, as the engine last saw it: `null` is "no customer", `undefined` (a
 * conversation saved before the link was kept here) is "not known, ask channel_identities". Kept with the state
 * so a message costs one read; channel_identities stays the index from a customer to their chats.
 */
export type ChatLink = { customerId: string; trusted: boolean } | null;

export interface StoredConversation {
  /** The engine's state, as the engine saved it (parsed and validated by the engine). */
  state: unknown;
  version: number;
  recentEventIds: string[];
  lastInboundAt?: Date;
  link?: ChatLink;
  /** Saved in the layout before the envelope: the next save rewrites it and drops the old fields. */
  legacy?: true;
}

export interface ConversationUpdate {
  state: unknown;
  eventId?: string;
  lastInboundAt: Date;
  recentEventIds: string[];
  link: ChatLink;
}

/** What `chat` holds. Short keys: the text is converted and rewritten on every message. */
const envelopeSchema = z.object({
  s: z.unknown(),
  r: z.array(z.string()).default([]),
  t: z.number().optional(),
  l: z.object({ c: z.string(), t: z.boolean() }).nullable().optional(),
});

/** Fields of the layout before the envelope (stateJson + recentEventIds + address + timestamps). */
const LEGACY_FIELDS = ['stateJson', 'recentEventIds', 'lastInboundAt', 'channel', 'account', 'userId', 'createdAt', 'updatedAt'] as const;

export class ConversationRepository {
  private readonly model: ConversationModel;

  constructor(conn: Connection) {
    this.model = conversationModel(conn);
  }

  async load(address: ChannelAddress): Promise<StoredConversation | null> {
    // The driver directly: this runs on every inbound message and the shape is ours. (SQLITE_BUSY is tried
    // again by the connection, connectDatabase → retryBusyOperations, like every other write of a message.)
    const d = await this.model.collection.findOne({ _id: addressKey(address) as never });
    if (!d) return null;
    const version = Number(d.version) || 0;
    if (typeof d.chat === 'string') return fromEnvelope(d.chat, version);
    return {
      state: parseJson(d.stateJson),
      version,
      recentEventIds: Array.isArray(d.recentEventIds) ? d.recentEventIds.map(String) : [],
      ...(d.lastInboundAt instanceof Date ? { lastInboundAt: d.lastInboundAt } : {}),
      legacy: true,
    };
  }

  /**
   * Saves if nobody saved since `expected` was read (null: nothing was stored); returns false on a conflict.
   * A conflict makes the engine read again and run the turn again (engine.ts), so a second process that
   * handled the same chat meanwhile is never overwritten.
   */
  async save(address: ChannelAddress, expected: Pick<StoredConversation, 'version' | 'legacy'> | null, next: ConversationUpdate): Promise<boolean> {
    const recent = next.eventId ? [...next.recentEventIds.filter((e) => e !== next.eventId), next.eventId].slice(-RECENT_EVENTS_KEPT) : next.recentEventIds;
    const chat = JSON.stringify({ s: next.state, r: recent, t: next.lastInboundAt.getTime(), l: next.link ? { c: next.link.customerId, t: next.link.trusted } : null });
    const _id = addressKey(address);
    if (expected === null) {
      try {
        await this.model.collection.insertOne({ _id: _id as never, version: 1, chat });
        return true;
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
    }
    const update = {
      $set: { chat, version: expected.version + 1 },
      ...(expected.legacy ? { $unset: Object.fromEntries(LEGACY_FIELDS.map((f) => [f, ''])) } : {}),
    };
    // The version is checked in the same update: atomic on MongoDB and on the embedded FerretDB, whose patched
    // build runs write commands one at a time and looks the `_id` up by key (tools/ferretdb/patches). A stock
    // FerretDB v1 checks it on a copy read just before (database.md §5): there only one process may write a chat.
    const res = await this.model.collection.updateOne({ _id, version: expected.version } as never, update);
    return res.matchedCount === 1;
  }

  /**
   * Erasure (erasure.ts): every conversation whose stored text names `customerId` (a link, an open card, a
   * button) or matches `mentions` (the phone, however typed) starts over with nothing but its language, and
   * its link to that customer is dropped. `except` is the chat the erasure runs in: its engine rewrites that
   * conversation at the end of the same message. The version moves on, so an engine that read the old text
   * concurrently saves into a conflict and re-reads (on MongoDB; FerretDB relies on the per-chat queue).
   * A whole-collection scan: the state is one opaque text (see the model), and erasure is rare.
   */
  async forgetCustomer(customerId: string, mentions: RegExp | undefined, except?: ChannelAddress): Promise<number> {
    const skip = except ? addressKey(except) : undefined;
    let forgotten = 0;
    for await (const d of this.model.collection.find({})) {
      if (String(d._id) === skip) continue;
      const text = JSON.stringify(d);
      if (!text.includes(customerId) && !(mentions && mentions.test(text))) continue;
      const legacy = typeof d.chat !== 'string';
      const was = legacy ? { state: parseJson(d.stateJson), recentEventIds: Array.isArray(d.recentEventIds) ? d.recentEventIds.map(String) : [] } : fromEnvelope(d.chat, 0);
      const lang = (was.state as { lang?: unknown } | undefined)?.lang;
      const link = 'link' in was ? was.link : undefined;
      const chat = JSON.stringify({
        s: typeof lang === 'string' ? { lang } : null,
        r: was.recentEventIds,
        ...('lastInboundAt' in was && was.lastInboundAt ? { t: was.lastInboundAt.getTime() } : {}),
        ...(link === undefined ? {} : { l: link && link.customerId !== customerId ? { c: link.customerId, t: link.trusted } : null }),
      });
      const update = { $set: { chat, version: (Number(d.version) || 0) + 1 }, ...(legacy ? { $unset: Object.fromEntries(LEGACY_FIELDS.map((f) => [f, ''])) } : {}) };
      await this.model.collection.updateOne({ _id: d._id }, update);
      forgotten++;
    }
    return forgotten;
  }

  async remove(address: ChannelAddress): Promise<void> {
    await this.model.deleteOne({ _id: addressKey(address) });
  }
}

function fromEnvelope(text: string, version: number): StoredConversation {
  const parsed = envelopeSchema.safeParse(parseJson(text));
  // A damaged envelope is a conversation with nothing known: the engine restarts it politely.
  if (!parsed.success) return { state: undefined, version, recentEventIds: [] };
  const { s, r, t, l } = parsed.data;
  return {
    state: s,
    version,
    recentEventIds: r,
    ...(t !== undefined ? { lastInboundAt: new Date(t) } : {}),
    ...(l !== undefined ? { link: l ? { customerId: l.c, trusted: l.t } : null } : {}),
  };
}

/** Text that is not JSON comes back as itself, so parseState can tell a damaged state from none at all. */
function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
