// /web: a one-time link to the owner's web page, sent only into the member's own chat.
import { issueLoginLink } from '../../services/web-login.js';
import { webChatEn } from '../copy/web-en.js';
import { webChatVi } from '../copy/web-vi.js';
import { say } from '../turn-context.js';
import type { StaffCtx } from './staff-ctx.js';

export async function webLogin(ctx: StaffCtx): Promise<void> {
  const c = ctx.state.lang === 'en' ? webChatEn : webChatVi;
  const web = ctx.deps.settings.web;
  const member = await ctx.access.staffMember();
  if (!member) return void say(ctx, { text: c.notAllowed });
  const outcome = web ? await issueLoginLink(ctx.deps.store, member, web) : ({ ok: false, why: 'not_configured' } as const);
  if (!outcome.ok) return void say(ctx, { text: outcome.why === 'not_allowed' ? c.notAllowed : c.notConfigured });
  say(ctx, { text: c.link({ url: outcome.url, minutes: Math.round(web!.linkTtlMs / 60_000) }) });
}
