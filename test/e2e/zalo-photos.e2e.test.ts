// Staff photos over Zalo (issue 17, "Telegram and Zalo alike"): a signed user_send_image webhook from a staff chat
// with a customer open → the image is downloaded from its URL (a local server standing in for Zalo's CDN) and kept
// on her card through the same service as Telegram's, then tagged by number. Every way it must not be kept is refused.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import express from 'express';
import { Types } from 'mongoose';
import { peopleVi } from '../../src/engine/copy/people-vi.js';
import { listen, type RunningServer } from '../../src/http/server.js';
import type { Store } from '../../src/store/index.js';
import { makeEngine, SETTINGS } from '../support/chat.js';
import { TestClock } from '../support/clock.js';
import { vi, you } from '../support/copy.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { fakeJpeg } from '../support/photos.js';
import { deliver, imageEvent, signed, textEvent, ZALO_TEST } from '../support/zalo-events.js';
import { startZaloHarness, type ZaloHarness } from '../support/zalo-harness.js';

const MAX = 1024 * 1024;
const GUEST = '5123400000000000777';
const p = peopleVi;

let db: TestDb;
let clock: TestClock;
let h: ZaloHarness;
let store: Store;
let cdn: RunningServer;
let cdnUrl = '';
let seen = 0;
let lan = '';
/** Requests the stand-in CDN received, by path. */
const hits: string[] = [];
const face = fakeJpeg(300_000);
const before = fakeJpeg(200_000);

beforeAll(async () => {
  db = await openTestDb('zalo_photos');
  const app = express();
  app.use((req, _res, next) => {
    hits.push(req.path);
    next();
  });
  app.get('/face.jpg', (_req, res) => void res.type('image/jpeg').send(Buffer.from(face)));
  app.get('/before.jpg', (_req, res) => void res.type('image/jpeg').send(Buffer.from(before)));
  // Past the limit with no Content-Length (chunked): only counting the bytes read stops it.
  app.get('/huge.jpg', (_req, res) => {
    res.type('image/jpeg');
    const chunk = Buffer.from(fakeJpeg(256 * 1024));
    for (let i = 0; i < 6; i++) res.write(chunk);
    res.end();
  });
  app.get('/page.jpg', (_req, res) => void res.type('text/html').send('<html><body>not a photo</body></html>'));
  app.get('/away.jpg', (_req, res) => void res.redirect(302, cdnUrl.replace('127.0.0.1', 'localhost') + '/face.jpg'));
  cdn = await listen(app, 0, '127.0.0.1');
  cdnUrl = `http://127.0.0.1:${cdn.port}`;
});
afterAll(async () => {
  await cdn?.close(100);
  await db?.close();
});
beforeEach(async () => {
  await db.clear();
  hits.length = 0;
  clock = new TestClock('2026-03-10T03:00:00Z');
  const made = makeEngine(db, clock, { ...SETTINGS, photoMaxBytes: MAX });
  store = made.store;
  const owner = await store.staff.add({ name: 'Hoa', role: 'owner', chats: [{ channel: 'zalo', userId: ZALO_TEST.user }] });
  if (!owner.ok) throw new Error('staff');
  const consent = [{ purpose: 'photo' as const, granted: true, at: clock.now(), channel: 'paper', wordingVersion: 'giay-v1' }];
  const c = await store.customers.create({ name: 'Nguyễn Thị Lan', phone: '+84912345678' }, { kind: 'cli' }, consent);
  if (!c.ok) throw new Error('customer');
  lan = c.value.id;
  const hoa = await store.customers.create({ name: 'Trần Thị Hoa', phone: '+84987654321' }, { kind: 'cli' });
  if (!hoa.ok) throw new Error('customer');
  // Only the local stand-in's address is Zalo's CDN here; `localhost` (the same server) is not on the list.
  h = await startZaloHarness(db, clock, made.engine, { ZALO_MEDIA_HOSTS: '127.0.0.1' });
  await h.seedTokens();
  seen = 0;
});
afterEach(async () => h.stop());

async function post(event: Record<string, unknown>): Promise<string> {
  const res = await deliver(h.webhookUrl, signed(event));
  expect(res.status).toBe(200);
  await h.zalo.idle();
  const texts = h.standin.texts.slice(seen).filter((t) => t.userId === (event.sender as { id: string }).id).map((t) => t.text);
  seen = h.standin.texts.length;
  return texts.join('\n');
}

const say = (text: string, user: string = ZALO_TEST.user): Promise<string> => {
  clock.advance(5_000);
  return post(textEvent(text, { at: clock.now(), user }));
};
const image = (path: string, opts: { caption?: string; size?: number; msgId?: string; user?: string } = {}): Promise<string> => {
  clock.advance(5_000);
  return post(imageEvent(path.startsWith('http') ? path : cdnUrl + path, { at: clock.now(), ...opts }));
};

/** Answers with the number of the offered line "N. label…". */
async function choose(said: string, label: string): Promise<string> {
  const line = said.split('\n').find((l) => /^\d+\. /.test(l) && l.replace(/^\d+\. /, '').startsWith(label));
  if (!line) throw new Error(`no numbered choice "${label}" in:\n${said}`);
  return say(line.split('.')[0]!);
}

async function open(name: string): Promise<void> {
  const said = await say(`/tim ${name.split(' ').pop()!}`);
  await choose(said, name);
}

const files = () => db.conn.db!.collection('photos.files').find({}).sort({ uploadDate: 1 }).toArray();

describe('staff photos over Zalo', () => {
  it('keeps the image of the open customer, tags it by number, and a caption saying "trước" tags it at once', async () => {
    await open('Nguyễn Thị Lan');
    let said = await image('/face.jpg');
    expect(said).toContain(`${p.photoSaved({ name: 'Nguyễn Thị Lan' })} ${p.photoTagAsk}`);
    said = await choose(said, p.tagNames.profile);
    expect(said).toBe(p.photoTagged({ tag: 'profile' }));

    said = await image('/before.jpg', { caption: 'Ảnh trước khi làm' });
    expect(said).toContain(`${p.photoSaved({ name: 'Nguyễn Thị Lan' })} ${p.photoTagged({ tag: 'before' })}`);

    const stored = await files();
    const ownerId = String((await db.conn.db!.collection('staff').findOne({}))!._id);
    expect(stored.map((f) => f.metadata)).toEqual([
      expect.objectContaining({ customerId: new Types.ObjectId(lan), tag: 'profile', uploadedBy: ownerId, mimeType: 'image/jpeg', size: 300_000 }),
      expect.objectContaining({ customerId: new Types.ObjectId(lan), tag: 'before', size: 200_000 }),
    ]);
    const back = await store.photos.read(lan, String(stored[0]!._id));
    expect(Buffer.from(back!.data).equals(Buffer.from(face))).toBe(true);
    expect(await db.conn.db!.collection('audit_log').countDocuments({ action: 'photo_add', customerId: lan })).toBe(3);
    // /xem over Zalo names the photos (Zalo gets the text; the image itself stays on Telegram and the web card).
    said = await say('/xem');
    expect(said).toContain(p.photoLatest({ count: 2, latest: `${p.tagNames.before} 10/03/2026, ${p.tagNames.profile} 10/03/2026` }));
    // The URL is not in the log lines (nor any customer data).
    expect(h.logLines.join('\n')).not.toMatch(/face\.jpg|before\.jpg|Lan/);
  });

  it('stores a replayed delivery (same msg_id) once and downloads it once', async () => {
    await open('Nguyễn Thị Lan');
    clock.advance(5_000);
    const d = signed(imageEvent(`${cdnUrl}/face.jpg`, { at: clock.now(), msgId: 'imgmsg000000000001' }));
    for (let i = 0; i < 3; i++) expect((await deliver(h.webhookUrl, d)).status).toBe(200);
    await h.zalo.idle();
    // And again after Zalo's own retry pause, with a new timestamp but the same msg_id.
    const again = imageEvent(`${cdnUrl}/face.jpg`, { at: clock.now(), msgId: 'imgmsg000000000001' });
    expect((await deliver(h.webhookUrl, signed(again))).status).toBe(200);
    await h.zalo.idle();
    expect(await files()).toHaveLength(1);
    expect(hits.filter((x) => x === '/face.jpg')).toHaveLength(1);
    const saved = h.standin.texts.filter((t) => t.text.startsWith(p.photoSaved({ name: 'Nguyễn Thị Lan' })));
    expect(saved).toHaveLength(1);
  });

  it('refuses an oversized image (declared and real), a non-image, a host off the list and a redirect off it, kindly', async () => {
    await image('/face.jpg');
    expect(h.standin.texts.at(-1)!.text).toBe(p.photoNoCustomer);
    await open('Trần Thị Hoa');
    expect(await image('/face.jpg')).toBe(p.photoNoConsent({ name: 'Trần Thị Hoa' }));
    await open('Nguyễn Thị Lan');
    // Zalo says it is too big: not even downloaded.
    expect(await image('/face.jpg', { size: MAX + 1 })).toBe(p.photoTooLarge({ maxMb: 1 }));
    // Zalo says nothing (or too little), the bytes run past the limit: cut off, not kept.
    expect(await image('/huge.jpg', { size: 5_000 })).toBe(p.photoTooLarge({ maxMb: 1 }));
    // The URL answers with a web page.
    expect(await image('/page.jpg')).toBe(p.photoNotImage);
    // Not Zalo's CDN (the same server under another name), directly or by a redirect: never fetched.
    expect(await image(`${cdnUrl.replace('127.0.0.1', 'localhost')}/face.jpg`)).toBe(p.photoUnavailable);
    expect(await image('/away.jpg')).toBe(p.photoUnavailable);
    // An image message whose attachment has no usable URL is treated like a sticker: staff get their command list.
    clock.advance(5_000);
    const broken = await post(imageEvent('not a url', { at: clock.now() }));
    expect(broken).toContain('/tim');
    expect(broken).not.toContain(p.photoSaved({ name: 'Nguyễn Thị Lan' }));

    expect(await files()).toEqual([]);
    expect(await db.conn.db!.collection('photos.chunks').countDocuments()).toBe(0);
    expect(hits).toEqual(['/huge.jpg', '/page.jpg', '/away.jpg']);
  });

  it('never downloads or stores a customer’s image, even while a staff member has a customer open', async () => {
    await open('Nguyễn Thị Lan');
    await say('/start', GUEST);
    const said = await image('/face.jpg', { user: GUEST, caption: 'ảnh của em' });
    expect(said).toContain(vi.unsupported({ you: you() }));
    expect(hits).toEqual([]);
    expect(await files()).toEqual([]);
    // The staff member's open customer is untouched: her next photo still goes to Lan.
    expect(await image('/face.jpg')).toContain(p.photoSaved({ name: 'Nguyễn Thị Lan' }));
    expect((await files()).map((f) => String(f.metadata?.customerId))).toEqual([lan]);
  });
});
