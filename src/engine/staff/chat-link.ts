// After /kh: a one-time QR code and link the customer opens to connect her chat to her card and give her consent
// herself (issue 17); /lienket makes a new one. /dongy records consent she gave on paper, marked as staff-recorded.
import QRCode from 'qrcode';
import { cardLinkPayload } from '../../domain/start-payload.js';
import { CONSENT_PURPOSES, type ConsentPurpose, type Customer } from '../../store/customers.js';
import { peopleCopyOf } from '../copy/people.js';
import { say } from '../turn-context.js';
import type { Choice } from '../types.js';
import { openWithFullAccess } from './lookup.js';
import { staffCopyOf, type StaffCtx } from './staff-ctx.js';

const DAY_MS = 24 * 3_600_000;
export const PAPER_CONSENT_CHOICE = 'pc:ask';
const PURPOSE_CHOICE = /^pc:(care|marketing|photo|health)$/;

export const isChatLinkChoice = (value: string): boolean => value === PAPER_CONSENT_CHOICE || PURPOSE_CHOICE.test(value);

/** The link (and its QR code) for this customer, as a reply for the staff member standing with her. */
export async function offerCardLink(ctx: StaffCtx, customer: Customer): Promise<void> {
  const p = peopleCopyOf(ctx);
  const ttlMs = ctx.deps.settings.chatLinkTtlMs ?? DAY_MS;
  // Links first: with no channel to open there is nothing to issue a token for.
  const probe = ctx.deps.settings.startLinks?.linksFor(cardLinkPayload('x'.repeat(24))) ?? [];
  if (probe.length === 0) return void say(ctx, { text: p.linkNoChannel, choices: [{ label: p.linkPaperButton, value: PAPER_CONSENT_CHOICE }] });
  const { token, expiresAt } = await ctx.deps.store.linkTokens.issue({ customerId: customer.id, createdBy: ctx.member.id, ttlMs });
  await ctx.access.record('link_issue', customer.id);
  const payload = cardLinkPayload(token);
  const links = ctx.deps.settings.startLinks!.linksFor(payload);
  const s = staffCopyOf(ctx);
  const lines = links.map((l) => p.linkLine({ channel: s.channelNames[l.channel] ?? l.channel, url: l.url, ...(l.carriesPayload ? {} : { code: payload }) })).join('\n');
  const hours = Math.round((expiresAt.getTime() - ctx.deps.now().getTime()) / 3_600_000);
  // The QR code opens the first link that carries the code by itself (scanning cannot type a message).
  const scannable = links.find((l) => l.carriesPayload) ?? links[0]!;
  const png = await QRCode.toBuffer(scannable.url, { type: 'png', margin: 2, width: 360, errorCorrectionLevel: 'M' });
  say(ctx, { text: p.linkOffer({ name: customer.name, lines, hours }), photo: { data: new Uint8Array(png), mimeType: 'image/png' }, choices: [{ label: p.linkPaperButton, value: PAPER_CONSENT_CHOICE }] });
}

/** /lienket (/link): a fresh link for the open customer. */
export async function linkCommand(ctx: StaffCtx): Promise<void> {
  if (!ctx.state.staff.openCustomerId) return void say(ctx, { text: peopleCopyOf(ctx).linkUsage });
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  return offerCardLink(ctx, customer);
}

/** /dongy (/consent) or the button under the link: which purposes she signed for, one button each. */
export async function askPaperConsent(ctx: StaffCtx): Promise<void> {
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  const p = peopleCopyOf(ctx);
  const version = ctx.deps.settings.paperConsentVersion ?? 'giay';
  const choices: Choice[] = CONSENT_PURPOSES.map((purpose) => ({ label: p.consentButton({ purpose, given: customer.consent[purpose] }), value: `pc:${purpose}` }));
  say(ctx, { text: p.consentAsk({ name: customer.name, version }), choices: [...choices, { label: staffCopyOf(ctx).cancelButton, value: 'cancel' }] });
}

export async function answerChatLinkChoice(ctx: StaffCtx, value: string): Promise<void> {
  if (value === PAPER_CONSENT_CHOICE) return askPaperConsent(ctx);
  const m = PURPOSE_CHOICE.exec(value);
  if (!m) return;
  const customer = await openWithFullAccess(ctx);
  if (!customer) return;
  const purpose = m[1] as ConsentPurpose;
  const version = ctx.deps.settings.paperConsentVersion ?? 'giay';
  // The proof says what happened: a staff member entered it from a paper form, not the customer in a chat.
  await ctx.deps.store.customers.recordConsent(
    customer.id,
    { purpose, granted: true, at: ctx.deps.now(), channel: 'paper', wordingVersion: version, by: { kind: 'staff', id: ctx.member.id } },
    { kind: 'staff', id: ctx.member.id, channel: ctx.inbound.address.channel },
  );
  await ctx.access.record('consent', customer.id, `purpose=${purpose} by=staff source=paper`);
  ctx.state.offered = [];
  say(ctx, { text: peopleCopyOf(ctx).consentRecorded({ name: customer.name, purpose, version }) });
}
