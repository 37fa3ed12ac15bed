// The button of a new-registration announcement (jobs/announcements.ts): opens her card and takes her, so the
// colleague can call and log it. It arrives in an outbox message, so the router's "offered" check cannot vouch for
// it: the announcement row itself does (src/services/announcements.ts), and the card is read through the access rule.
import { takeAnnounced } from '../../services/announcements.js';
import { peopleCopyOf } from '../copy/people.js';
import { say } from '../turn-context.js';
import { openCustomer } from './lookup.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';

const CHOICE = /^ann:([0-9a-f]{24})$/;

export const isAnnouncementChoice = (value: string): boolean => value.startsWith('ann:');

export async function answerAnnouncement(ctx: StaffCtx, value: string): Promise<void> {
  const id = CHOICE.exec(value)?.[1];
  const took = id ? await takeAnnounced(ctx.access, id) : { kind: 'not_announced' as const };
  if (took.kind === 'not_announced') return void say(ctx, { text: staffCopyOf(ctx).notAllowed });
  ctx.state.staff.step = null;
  await openCustomer(ctx, took.customer.id);
  // The hint only where she can be worked with: a colleague who was too late sees her masked, as any other.
  if (await ctx.access.withFullAccess(took.customer.id)) say(ctx, { text: peopleCopyOf(ctx).newCustomerCallHint({ name: took.customer.name }) });
}
