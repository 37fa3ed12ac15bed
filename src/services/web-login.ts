// Who may open the owner's web page, and the login link a chat hands out (issue 15). No passwords: a member asks
// for a link in their own chat (/web), and the link opens one session once. The member is re-read on every
// request, so a removed colleague's session or link opens nothing.
import type { Store } from '../store/index.js';
import type { StaffMember } from '../store/staff.js';

export interface WebAccessSettings {
  /** Where browsers reach the server (PUBLIC_URL); unset: no web page. */
  baseUrl?: string;
  /** Whether members with the staff role may use the page (owners and managers always may). */
  allowStaff: boolean;
  linkTtlMs: number;
  sessionTtlMs: number;
}

export const mayUseWeb = (member: Pick<StaffMember, 'role' | 'active'>, s: Pick<WebAccessSettings, 'allowStaff'>): boolean =>
  member.active && (member.role !== 'staff' || s.allowStaff);

export type LinkOutcome = { ok: true; url: string; expiresAt: Date } | { ok: false; why: 'not_configured' | 'not_allowed' };

/** A one-time login link for the member asking in their chat. */
export async function issueLoginLink(store: Store, member: StaffMember, s: WebAccessSettings): Promise<LinkOutcome> {
  if (!s.baseUrl) return { ok: false, why: 'not_configured' };
  if (!mayUseWeb(member, s)) return { ok: false, why: 'not_allowed' };
  const { token, expiresAt } = await store.web.createLink(member.id, s.linkTtlMs);
  const url = new URL('web/login', s.baseUrl.endsWith('/') ? s.baseUrl : `${s.baseUrl}/`);
  // In the fragment, not the query: browsers do not send it, so the token stays out of server and proxy logs
  // and out of link-preview fetches (Telegram fetches links in messages); the page posts it back.
  url.hash = `t=${token}`;
  await store.audit.record({ actor: { kind: 'staff', id: member.id }, action: 'web_login', detail: 'link' });
  return { ok: true, url: url.toString(), expiresAt };
}

/** Opens a session from a link token: null when the link is used, expired or unknown, or the member may no longer use the page. */
export async function openWebSession(store: Store, token: string, s: WebAccessSettings): Promise<{ token: string; csrf: string; member: StaffMember } | null> {
  const staffId = await store.web.peekLink(token);
  const member = staffId ? await store.staff.findById(staffId) : null;
  if (!member || !mayUseWeb(member, s)) return null;
  const opened = await store.web.redeemLink(token, s.sessionTtlMs);
  if (!opened) return null;
  await store.audit.record({ actor: { kind: 'staff', id: member.id }, action: 'web_login', channel: 'web', detail: 'session' });
  return { token: opened.token, csrf: opened.session.csrf, member };
}

/** The member behind a session cookie, re-read now: null for an unknown or expired session or a removed member. */
export async function webSessionMember(store: Store, token: string, s: WebAccessSettings): Promise<{ member: StaffMember; csrf: string } | null> {
  const session = await store.web.find(token);
  if (!session) return null;
  const member = await store.staff.findById(session.staffId);
  return member && mayUseWeb(member, s) ? { member, csrf: session.csrf } : null;
}
