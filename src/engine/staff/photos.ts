// Photos in staff chats (issue 17): a photo sent while a customer is open is kept on her card, then tagged
// (ảnh hồ sơ / trước / sau; a caption saying "trước" or "sau" tags it at once). The card shows them.
import { businessToday } from '../../domain/business-time.js';
import { PHOTO_TAGS, tagFromCaption, type PhotoTag } from '../../domain/photo-tags.js';
import { addPhoto, photoSummary, profilePhotoForMasked, readPhoto, tagPhoto, type PhotoSummary } from '../../services/photos.js';
import type { Customer } from '../../store/customers.js';
import type { StoredPhoto } from '../../store/photos.js';
import { peopleCopyOf } from '../copy/people.js';
import { say } from '../turn-context.js';
import type { Choice, InboundEvent, Reply, ReplyPhoto } from '../types.js';
import type { StaffCtx } from './staff-ctx.js';

const TAG_CHOICE = /^ptag:([0-9a-f]{24}):(profile|before|after)$/;
const SHOW_CHOICE = /^pshow:([0-9a-f]{24})$/;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** "xem ảnh" sends this many of her latest photos. */
const SHOWN = 3;

export const isPhotoChoice = (value: string): boolean => TAG_CHOICE.test(value) || SHOW_CHOICE.test(value);

function tagChoices(ctx: StaffCtx, photoId: string, current: PhotoTag | undefined): Choice[] {
  const p = peopleCopyOf(ctx);
  return PHOTO_TAGS.map((t) => ({ label: `${t === current ? '✓ ' : ''}${p.tagNames[t]}`, value: `ptag:${photoId}:${t}` }));
}

function dateOf(ctx: StaffCtx, at: Date): string {
  const d = businessToday(at, ctx.deps.settings.timeZone);
  return `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}/${d.year}`;
}

const tagName = (ctx: StaffCtx, photo: StoredPhoto): string => {
  const p = peopleCopyOf(ctx);
  return photo.tag ? p.tagNames[photo.tag] : p.untagged;
};

const asReplyPhoto = (read: { photo: StoredPhoto; data: Uint8Array }): ReplyPhoto => ({ data: read.data, mimeType: read.photo.mimeType });

export async function receivePhoto(ctx: StaffCtx, ev: Extract<InboundEvent, { kind: 'photo' }>): Promise<void> {
  const p = peopleCopyOf(ctx);
  const customerId = ctx.state.staff.openCustomerId;
  if (!customerId) return void say(ctx, { text: p.photoNoCustomer });
  const maxBytes = ctx.deps.settings.photoMaxBytes ?? DEFAULT_MAX_BYTES;
  const media = ctx.inbound.media;
  const tag = tagFromCaption(ev.caption);
  const added = await addPhoto(
    ctx.access,
    customerId,
    {
      ...(ev.sizeBytes !== undefined ? { sizeBytes: ev.sizeBytes } : {}),
      ...(ev.mimeType !== undefined ? { mimeType: ev.mimeType } : {}),
      ...(tag ? { tag } : {}),
      fetch: (max) => (media ? media(ev.ref, max) : Promise.resolve({ ok: false, reason: 'unavailable' })),
    },
    { maxBytes, timeZone: ctx.deps.settings.timeZone, now: ctx.deps.now },
  );
  if (!added.ok) {
    switch (added.reason) {
      case 'not_allowed':
        return void say(ctx, { text: p.photoNotAllowed });
      case 'no_consent': {
        const customer = await ctx.access.withFullAccess(customerId);
        return void say(ctx, { text: p.photoNoConsent({ name: customer?.name ?? '' }) });
      }
      case 'too_large':
        return void say(ctx, { text: p.photoTooLarge({ maxMb: Math.floor(maxBytes / (1024 * 1024)) }) });
      case 'not_image':
        return void say(ctx, { text: p.photoNotImage });
      case 'unavailable':
        return void say(ctx, { text: p.photoUnavailable });
    }
  }
  const { photo, customer } = added.value;
  say(ctx, {
    text: `${p.photoSaved({ name: customer.name })} ${photo.tag ? p.photoTagged({ tag: photo.tag }) : p.photoTagAsk}`,
    choices: tagChoices(ctx, photo.id, photo.tag),
  });
}

export async function answerPhotoChoice(ctx: StaffCtx, value: string): Promise<void> {
  const p = peopleCopyOf(ctx);
  const tagged = TAG_CHOICE.exec(value);
  if (tagged) {
    const done = await tagPhoto(ctx.access, tagged[1]!, tagged[2] as PhotoTag);
    if (!done) return void say(ctx, { text: p.photoNotAllowed });
    return void say(ctx, { text: p.photoTagged({ tag: done.photo.tag! }) });
  }
  const shown = SHOW_CHOICE.exec(value);
  if (shown) return showPhotos(ctx, shown[1]!);
}

/** Her latest photos, one message each with tag and date. */
async function showPhotos(ctx: StaffCtx, customerId: string): Promise<void> {
  const p = peopleCopyOf(ctx);
  const customer = await ctx.access.withFullAccess(customerId);
  if (!customer) return void say(ctx, { text: p.photoNotAllowed });
  const { latest } = await photoSummary(ctx.access, customer, SHOWN);
  const replies: Reply[] = [];
  for (const photo of latest) {
    const read = await readPhoto(ctx.access, customer.id, photo.id);
    if (read) replies.push({ text: p.photoCaption({ name: customer.name, tag: tagName(ctx, photo), date: dateOf(ctx, photo.createdAt) }), photo: asReplyPhoto(read) });
  }
  if (replies.length === 0) return void say(ctx, { text: p.photoNone });
  for (const r of replies) say(ctx, r);
}

/** What the full card adds: her profile photo (sent with the card), a line on the latest photos and a button. */
export async function cardPhotos(ctx: StaffCtx, customer: Customer): Promise<{ photo?: ReplyPhoto; line: string; choices: Choice[] }> {
  const p = peopleCopyOf(ctx);
  const summary: PhotoSummary = await photoSummary(ctx.access, customer);
  if (summary.count === 0) return { line: '', choices: [] };
  const profile = summary.profile ? await readPhoto(ctx.access, customer.id, summary.profile.id) : null;
  const latest = summary.latest.map((ph) => `${tagName(ctx, ph)} ${dateOf(ctx, ph.createdAt)}`).join(', ');
  return {
    ...(profile ? { photo: asReplyPhoto(profile) } : {}),
    line: `\n${p.photoLatest({ count: summary.count, latest })}`,
    choices: [{ label: p.photoShowButton, value: `pshow:${customer.id}` }],
  };
}

/** The card under STAFF_VISIBILITY=none: her name and her profile photo, nothing else (seed 000). */
export async function photoOnlyCard(ctx: StaffCtx, customer: Customer): Promise<void> {
  const read = await profilePhotoForMasked(ctx.access, customer);
  say(ctx, { text: peopleCopyOf(ctx).photoOnlyCard({ name: customer.name }), ...(read ? { photo: asReplyPhoto(read) } : {}) });
}
