// In-process outbound channel for job tests: records every message with the (virtual) time and can be scripted to fail.
import type { TemplateIntent, TemplateSender } from '../../jobs/ports.js';
import type { Channel, ChannelAddress, Reply } from '../../src/engine/types.js';
import type { ChannelSender, SendResult } from '../../src/outbound/types.js';

export interface Sent {
  address: ChannelAddress;
  text: string;
  at: Date;
}

export class RecordingSender implements ChannelSender {
  readonly sent: Sent[] = [];
  /** The whole replies, in the order of `sent` (buttons included). */
  readonly replies: Reply[] = [];
  private readonly script: SendResult[] = [];
  private readonly perChat = new Map<string, SendResult>();

  constructor(readonly channel: Channel, private readonly now: () => Date) {}

  /** The next sends answer these results, in order (then everything succeeds again). */
  failNext(...results: SendResult[]): void {
    this.script.push(...results);
  }

  /** Every send to this user answers `result` (a blocked user, a closed Zalo window). */
  always(userId: string, result: SendResult): void {
    this.perChat.set(userId, result);
  }

  async send(address: ChannelAddress, reply: Reply): Promise<SendResult> {
    const scripted = this.perChat.get(address.userId) ?? this.script.shift();
    if (scripted && !scripted.ok) return scripted;
    this.sent.push({ address, text: reply.text, at: this.now() });
    this.replies.push(reply);
    return { ok: true, platformMessageId: String(this.sent.length) };
  }

  to(userId: string): Sent[] {
    return this.sent.filter((s) => s.address.userId === userId);
  }
}

export class RecordingTemplates implements TemplateSender {
  readonly channel = 'zalo';
  readonly sent: TemplateIntent[] = [];
  async send(intent: TemplateIntent): Promise<SendResult> {
    this.sent.push(intent);
    return { ok: true };
  }
}

export const retryAfter = (ms: number): SendResult => ({ ok: false, kind: 'retry', reason: '429: Too Many Requests', retryAfterMs: ms });
export const transient = (): SendResult => ({ ok: false, kind: 'retry', reason: '502: Bad Gateway' });
export const blocked = (): SendResult => ({ ok: false, kind: 'permanent', reason: '403: Forbidden: bot was blocked by the user' });
export const windowClosed = (): SendResult => ({ ok: false, kind: 'outside_window', reason: '-230 not interacted in 7 days' });
