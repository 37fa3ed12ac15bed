// A customer's photos for any front end (chat, web): who may add, tag and see them, and the audit of each.
// Photos need her photo consent (issue 17): none is stored without it, and none is shown once she withdrew it.
// A photo is read in full only with full access; with STAFF_VISIBILITY=none, staff see her profile photo and name
// on their own customers (seed 000: "chỉ thấy ảnh và tên").
import { businessToday, formatLocalDate } from '../domain/business-time.js';
import { mayBeImage } from '../domain/image.js';
import type { PhotoTag } from '../domain/photo-tags.js';
import { err, ok, type Result } from '../domain/result.js';
import type { Customer } from '../store/customers.js';
import type { StoredPhoto } from '../store/photos.js';
import type { CustomerAccess } from './customer-access.js';

/** The downloaded bytes, or why not (the channel's media fetcher has this shape). */
export type FetchedBytes = { ok: true; data: Uint8Array } | { ok: false; reason: 'too_large' | 'unavailable' | 'not_image' };

export type AddPhotoRefusal = 'not_allowed' | 'no_consent' | 'too_large' | 'not_image' | 'unavailable';

export interface IncomingPhoto {
  /** What the platform says before any download (both may be absent or wrong). */
  sizeBytes?: number;
  mimeType?: string;
  tag?: PhotoTag;
  /** Downloads the bytes, at most `maxBytes`; called only once every check passed. */
  fetch: (maxBytes: number) => Promise<FetchedBytes>;
}

export interface PhotoSettings {
  maxBytes: number;
  timeZone: string;
  now: () => Date;
}

export const mayKeepPhotos = (c: Customer): boolean => c.consent.photo;

/** The visit logged for her on the business day of `at` (the latest one), to tie a before/after photo to it. */
async function visitOfTheDay(access: CustomerAccess, customerId: string, at: Date, tz: string): Promise<string | undefined> {
  const day = formatLocalDate(businessToday(at, tz));
  const visits = await access.store.activity.recentVisits(customerId, 5);
  return visits.find((v) => formatLocalDate(businessToday(v.at, tz)) === day)?.id;
}

/** Stores a photo a staff member took of `customerId`; checks access and consent before a byte is fetched. */
export async function addPhoto(access: CustomerAccess, customerId: string, input: IncomingPhoto, settings: PhotoSettings): Promise<Result<{ photo: StoredPhoto; duplicate: boolean; customer: Customer }, AddPhotoRefusal>> {
  const customer = await access.withFullAccess(customerId);
  const uploader = await access.staffMember();
  if (!customer || !uploader) return err('not_allowed');
  if (!mayKeepPhotos(customer)) return err('no_consent');
  if (input.sizeBytes !== undefined && input.sizeBytes > settings.maxBytes) return err('too_large');
  if (!mayBeImage(input.mimeType)) return err('not_image');
  const fetched = await input.fetch(settings.maxBytes);
  if (!fetched.ok) return err(fetched.reason);
  const visitId = await visitOfTheDay(access, customer.id, settings.now(), settings.timeZone);
  const added = await access.store.photos.add({ customerId: customer.id, data: fetched.data, uploadedBy: uploader.id, ...(input.tag ? { tag: input.tag } : {}), ...(visitId ? { visitId } : {}) }, settings.maxBytes);
  if (!added.ok) return err(added.reason === 'too_large' ? 'too_large' : 'not_image');
  // Sent again (a redelivery, the same file twice): the tag the caption gave still applies.
  let photo = added.value.photo;
  if (added.value.duplicate && input.tag && photo.tag !== input.tag) photo = (await access.store.photos.setTag(customer.id, photo.id, input.tag)) ?? photo;
  if (!added.value.duplicate) await access.record('photo_add', customer.id, `photo=${photo.id}${photo.tag ? ` tag=${photo.tag}` : ''}${visitId ? ` visit=${visitId}` : ''}`);
  return ok({ photo, duplicate: added.value.duplicate, customer });
}

/** Tags one of her photos; only with full access to the customer the photo belongs to. */
export async function tagPhoto(access: CustomerAccess, photoId: string, tag: PhotoTag): Promise<{ photo: StoredPhoto; customer: Customer } | null> {
  const found = await access.store.photos.find(photoId);
  const customer = found ? await access.withFullAccess(found.customerId) : null;
  if (!found || !customer) return null;
  const photo = await access.store.photos.setTag(customer.id, photoId, tag);
  if (!photo) return null;
  await access.record('photo_add', customer.id, `photo=${photo.id} tag=${tag}`);
  return { photo, customer };
}

export interface PhotoSummary {
  count: number;
  profile?: StoredPhoto;
  latest: StoredPhoto[];
}

/** What a card shows of her photos, for a viewer who may see the card (full access, checked by the caller). */
export async function photoSummary(access: CustomerAccess, customer: Customer, latest = 3): Promise<PhotoSummary> {
  if (!mayKeepPhotos(customer)) return { count: 0, latest: [] };
  const { photos } = access.store;
  const [count, profile, recent] = await Promise.all([photos.count(customer.id), photos.profile(customer.id), photos.list(customer.id, latest)]);
  return { count, latest: recent, ...(profile ? { profile } : {}) };
}

/**
 * The bytes of one photo of `customerId`, audited as a read of her card (`photo=<id>`). Full access sees any of
 * her photos; masked access sees only her profile photo, and only under STAFF_VISIBILITY=none, where photo and
 * name are all staff see. A photo of another customer under this customer's id is never found.
 */
export async function readPhoto(access: CustomerAccess, customerId: string, photoId: string): Promise<{ photo: StoredPhoto; data: Uint8Array } | null> {
  const customer = await access.store.customers.findById(customerId);
  if (!customer || !mayKeepPhotos(customer)) return null;
  const level = await access.accessTo(customer);
  if (level === 'hidden') {
    await access.record('read_card', customer.id, `refused photo=${photoId.slice(0, 24)}`);
    return null;
  }
  const read = await access.store.photos.read(customer.id, photoId);
  if (!read) return null;
  if (level === 'masked' && !(access.staffVisibility === 'none' && read.photo.tag === 'profile')) {
    await access.record('read_card', customer.id, `refused photo=${read.photo.id}`);
    return null;
  }
  await access.record('read_card', customer.id, `photo=${read.photo.id}${level === 'masked' ? ' masked' : ''}`);
  return read;
}

/** Her profile photo for a masked card under STAFF_VISIBILITY=none (photo and name only); null otherwise. */
export async function profilePhotoForMasked(access: CustomerAccess, customer: Customer): Promise<{ photo: StoredPhoto; data: Uint8Array } | null> {
  if (access.staffVisibility !== 'none' || !mayKeepPhotos(customer)) return null;
  const profile = await access.store.photos.profile(customer.id);
  return profile ? readPhoto(access, customer.id, profile.id) : null;
}
