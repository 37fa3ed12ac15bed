// The playground's JSON message → the engine's Inbound (pure): the body is validated here, at the boundary.
import { z } from 'zod';
import { builtinCapabilities } from '../../src/domain/channel.js';
import type { Inbound, InboundEvent } from '../../src/engine/types.js';
import { parseSlashCommand } from '../shared/slash-command.js';
import { PLAYGROUND_ACCOUNT } from './config.js';

/** The playground's capability text limit, so it never accepts what a real channel could not. */
export const MAX_TEXT = builtinCapabilities('playground').textLimit;

const id = (min: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${min},64}$`), 'letters, digits, _ or -');

export const messageBody = z
  .strictObject({
    /** Random, kept by the page in localStorage: it is the guest's address, so it must be hard to guess. */
    sessionId: id(16),
    /** Random per message: a resent request (flaky network, double click) has one effect. */
    messageId: id(8).optional(),
    text: z.string().min(1).max(MAX_TEXT).optional(),
    choice: z.string().min(1).max(64).optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.choice === undefined), { message: 'send exactly one of text or choice' });

export type MessageBody = z.infer<typeof messageBody>;

export function toInboundEvent(body: MessageBody): InboundEvent {
  if (body.choice !== undefined) return { kind: 'choice', value: body.choice };
  const text = body.text ?? '';
  const cmd = parseSlashCommand(text);
  return cmd ? { kind: 'command', command: cmd.command, args: cmd.args } : { kind: 'text', text };
}

export function toInbound(body: MessageBody): Inbound {
  return {
    address: { channel: 'playground', account: PLAYGROUND_ACCOUNT, userId: body.sessionId },
    event: toInboundEvent(body),
    ...(body.messageId ? { eventId: body.messageId } : {}),
    profile: {},
    chatType: 'private',
  };
}
