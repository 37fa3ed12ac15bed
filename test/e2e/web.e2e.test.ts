// The owner's web page in real Chromium (issue 15): the owner asks for a link in Telegram, logs in, finds a
// customer, a birthday and a failed message, retries it, exports; a manager sees only their branch; replayed
// links, missing form tokens, forged cookies and removed colleagues get nowhere. Screenshots: test-artifacts/web/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { actionLabels } from '../../src/cli/staff-messages.js';
import { SEGMENT_NAMES } from '../../src/domain/segment-reasons.js';
import { recomputeAllSegments } from '../../src/services/segments.js';
import { addDeposit } from '../../src/services/money.js';
import { sellPackage } from '../../src/services/visits.js';
import { DEFAULT_MONEY_SETTINGS } from '../../src/domain/money-rules.js';
import { issueLoginLink } from '../../src/services/web-login.js';
import type { StaffMember } from '../../src/store/staff.js';
import { webVi } from '../../src/web/copy/vi.js';
import { webEn } from '../../src/web/copy/en.js';
import { keepScreenshot, launchBrowser } from '../support/browser.js';
import { openTestDb, type TestDb } from '../support/db.js';
import { startWebHarness, type WebHarness } from '../support/web-harness.js';
import { OTHER_GUEST } from '../support/telegram-updates.js';
import QRCode from 'qrcode';
import { Types } from 'mongoose';

let db: TestDb;
let h: WebHarness;
let browser: Browser;
let managerQ1: StaffMember;
let removed: StaffMember;
const ids: Record<string, string> = {};

async function seed(): Promise<void> {
  const { store, clock } = h;
  const m = await store.staff.add({ name: 'Quản lý Q1', role: 'manager', branchId: 'q1', chats: [{ channel: 'telegram', userId: String(OTHER_GUEST.id) }] });
  const r = await store.staff.add({ name: 'Người đã nghỉ', role: 'manager', branchId: 'q1', chats: [{ channel: 'telegram', userId: '777001' }] });
  if (!m.ok || !r.ok) throw new Error('staff not added');
  managerQ1 = m.value;
  removed = r.value;
  const people: [string, string, string, { day: number; month: number } | undefined, string][] = [
    ['Nguyễn Thị Lan', '0912345678', 'q1', { day: 3, month: 12 }, 'telegram'],
    ['Trần Thanh Lan', '0987654321', 'q2', { day: 20, month: 12 }, 'zalo'],
    ['Lê Thị Hoa', '0909111222', 'q1', { day: 5, month: 6 }, 'zalo'],
    ['Phạm Minh Anh', '0933444555', 'q2', undefined, 'telegram'],
  ];
  for (let i = 0; i < 30; i++) people.push([`Khách Số ${String(i + 1).padStart(2, '0')}`, `0977${String(100000 + i).slice(1)}`, i % 2 ? 'q1' : 'q2', undefined, 'cli']);
  for (const [name, phone, branchId, birthday, channel] of people) {
    const e164 = `+84${phone.slice(1)}`;
    const created = await store.customers.create({ name, phone: e164, branchId, ...(birthday ? { birthday } : {}), source: channel === 'zalo' ? 'Zalo' : 'Facebook', needs: [{ service: 'Trị mụn' }] }, { kind: channel === 'cli' ? 'cli' : 'customer', channel });
    if (!created.ok) throw new Error('customer not created');
    ids[name] = created.value.id;
  }
  await store.activity.logVisit({ customerId: ids['Nguyễn Thị Lan']!, staffId: managerQ1.id, service: 'Trị mụn', amountVnd: 350_000, paid: true, at: new Date(clock.now().getTime() - 2 * 86_400_000), branchId: 'q1' });
  await store.activity.logCall({ customerId: ids['Nguyễn Thị Lan']!, staffId: managerQ1.id, content: 'Hẹn thứ 6', at: new Date(clock.now().getTime() - 86_400_000) });
  // The day's appointments (the clock is 10:00 in Ho Chi Minh City): one per branch today, one in Q1 on Friday.
  const hoa = await store.staff.add({ name: 'KTV Hoa', role: 'staff', branchId: 'q1' });
  const mai = await store.staff.add({ name: 'KTV Mai', role: 'staff', branchId: 'q2' });
  if (!hoa.ok || !mai.ok) throw new Error('technicians not added');
  const book = async (who: string, techId: string, branchId: string, startIso: string, service: string) => {
    const start = new Date(startIso);
    const booked = await store.appointments.book({ customerId: ids[who]!, branchId, technicianId: techId, service, start, end: new Date(start.getTime() + 3_600_000), status: 'confirmed', by: { kind: 'staff', id: managerQ1.id } });
    if (!booked.ok) throw new Error('appointment not booked');
  };
  await book('Nguyễn Thị Lan', hoa.value.id, 'q1', '2026-12-02T07:00:00Z', 'Massage mặt');
  await book('Trần Thanh Lan', mai.value.id, 'q2', '2026-12-02T08:30:00Z', 'Gội đầu');
  await book('Lê Thị Hoa', hoa.value.id, 'q1', '2026-12-04T02:00:00Z', 'Trị mụn');
  // Lan bought a package of 10 sessions (6 tr₫) and left a deposit of 500k.
  const money = { store, settings: DEFAULT_MONEY_SETTINGS, now: clock.now, timeZone: 'Asia/Ho_Chi_Minh' };
  const lan = (await store.customers.findById(ids['Nguyễn Thị Lan']!))!;
  const sold = await sellPackage(money, { key: 'web-e2e-package', customer: lan, member: managerQ1, service: 'Trị mụn', sessions: 10, priceVnd: 6_000_000, method: 'transfer', expiresAt: new Date(clock.now().getTime() + 180 * 86_400_000) });
  const deposit = await addDeposit(money, { key: 'web-e2e-deposit', customer: lan, member: managerQ1, amountVnd: 500_000, method: 'cash' });
  if (!sold.ok || !deposit.ok) throw new Error('money not written');
  // The nightly segment job's work, done now: Lan came two days ago (new), the others never came (prospects).
  await recomputeAllSegments({ store, now: clock.now });
  // A birthday greeting to Lan that failed, and one to the Q2 customer.
  for (const who of ['Nguyễn Thị Lan', 'Trần Thanh Lan']) {
    const at = clock.now();
    await store.outbox.plan([{ key: `birthday:${ids[who]}:2026`, purpose: 'birthday', audience: 'customer', customerId: ids[who]!, occasion: '2026', occasionDate: '2026-12-02', dueAt: at, expiresAt: new Date(at.getTime() + 86_400_000) }]);
    await db.conn.collection('outbox').updateOne({ key: `birthday:${ids[who]}:2026` }, { $set: { status: 'failed', statusReason: 'blocked_by_user', lastError: 'Forbidden: bot was blocked by the user', attempts: 1 } });
  }
}

async function loginWith(context: BrowserContext, link: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole('button', { name: webVi.login.button }).click();
  await page.waitForURL(/\/web$/);
  return page;
}

beforeAll(async () => {
  db = await openTestDb('web');
  h = await startWebHarness(db);
  await seed();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.stop();
  await db?.close();
});

describe('the owner', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const link = await h.linkByChat();
    expect(link.startsWith(`${h.baseUrl}/web/login#t=`)).toBe(true);
    page = await loginWith(context, link);
  }, 60_000);
  afterAll(async () => context?.close());

  it('logs in from the chat and sees the overview with drawn charts', async () => {
    await expect(page.getByRole('heading', { level: 1, name: webVi.overview.title }).isVisible()).resolves.toBe(true);
    await page.waitForSelector('canvas#new-customers[data-drawn="true"]');
    await page.waitForSelector('canvas#segments[data-drawn="true"]');
    const sizes = (await page.locator('section[aria-labelledby="segments-title"] table').textContent()) ?? '';
    expect(sizes).toContain(SEGMENT_NAMES.vi.moi);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'hoso_web');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/web' });
    // The token left the address bar: the login page replaced it before posting.
    expect(page.url()).not.toContain('#t=');
    await keepScreenshot(page, 'overview');
  });

  it('finds a customer without diacritics and by the last digits of the phone, and opens the card with its timeline', async () => {
    await page.goto(`${h.baseUrl}/web/customers`);
    await page.getByRole('searchbox').fill('lan');
    await page.getByRole('button', { name: webVi.customers.apply }).click();
    const names = await page.locator('table.list tbody tr td:first-child').allInnerTexts();
    expect(names.map((n) => n.trim())).toEqual(['Nguyễn Thị Lan', 'Trần Thanh Lan']);
    await keepScreenshot(page, 'customers-search');

    await page.getByRole('searchbox').fill('5678');
    await page.getByRole('button', { name: webVi.customers.apply }).click();
    await page.getByRole('link', { name: 'Nguyễn Thị Lan' }).click();
    await page.waitForSelector('ol.timeline');
    const timeline = await page.locator('ol.timeline').innerText();
    expect(timeline).toContain(webVi.card.event.call({ content: 'Hẹn thứ 6' }));
    expect(timeline).toContain('Trị mụn');
    await keepScreenshot(page, 'card');
    // The read is audited as the chat's are, on channel "web".
    const audit = await h.store.audit.forCustomer(ids['Nguyễn Thị Lan']!);
    expect(audit.some((e) => e.action === 'read_card' && e.channel === 'web')).toBe(true);
  });

  it('pages through the list and filters by branch and missing birthday', async () => {
    await page.goto(`${h.baseUrl}/web/customers?branch=q1&missing=birthday`);
    const rows = await page.locator('table.list tbody tr').count();
    expect(rows).toBe(15); // the 15 numbered customers of Q1, none with a birthday
    await page.goto(`${h.baseUrl}/web/customers`);
    expect(await page.locator('table.list tbody tr').count()).toBe(25);
    await page.getByRole('link', { name: webVi.customers.next }).click();
    expect(await page.locator('table.list tbody tr').count()).toBe(34 - 25);
  });

  it('filters by segment and sees the segment with its reason on the list and the card', async () => {
    await page.goto(`${h.baseUrl}/web/customers`);
    await page.getByLabel(webVi.customers.segment).selectOption('moi');
    await page.getByRole('button', { name: webVi.customers.apply }).click();
    await page.waitForURL(/segment=moi/);
    const names = await page.locator('table.list tbody tr td:first-child').allInnerTexts();
    expect(names.map((n) => n.trim())).toEqual(['Nguyễn Thị Lan']);
    const reason = await page.locator('table.list tbody abbr').getAttribute('title');
    expect(reason).toMatch(new RegExp(`^${SEGMENT_NAMES.vi.moi}: `));
    await page.getByRole('link', { name: 'Nguyễn Thị Lan' }).click();
    await page.waitForSelector('ol.timeline');
    expect(await page.locator('dl.fields').innerText()).toContain(reason!);
    // Her rank with what is missing for the next one, her package and her deposit; the sale on the timeline.
    const box = await page.locator('section.money').innerText();
    expect(box).toContain(webVi.card.money.rank({ rank: webVi.card.money.ranks.bac, spent: '6 tr₫', next: webVi.card.money.ranks.vang, missing: '4 tr₫' }));
    expect(box).toContain('Trị mụn: còn 10/10 buổi');
    expect(box).toContain(webVi.card.money.deposit({ balance: '500.000 ₫', count: 1 }).slice(0, 20));
    expect(await page.locator('ol.timeline').innerText()).toContain(webVi.card.money.kinds.package_sale);
    // The appointment booked for her is on her timeline with its technician.
    expect(await page.locator('ol.timeline').innerText()).toContain(webVi.card.event.appointment({ service: 'Massage mặt', status: webVi.appointments.statuses.confirmed }));
    await page.goto(`${h.baseUrl}/web/customers?segment=tiem_nang&q=lan`);
    expect((await page.locator('table.list tbody tr td:first-child').allInnerTexts()).map((n) => n.trim())).toEqual(['Trần Thanh Lan']);
    // A made-up segment in the address is ignored, not an error.
    expect((await page.goto(`${h.baseUrl}/web/customers?segment=%24where`))?.status()).toBe(200);
  });

  it('edits a field of the card with the chat\'s rules: a good email is saved, another customer\'s phone is refused', async () => {
    await page.goto(`${h.baseUrl}/web/customers/${ids['Lê Thị Hoa']}`);
    await page.locator('#edit-field').selectOption('email');
    await page.locator('#edit-value').fill('hoa@example.com');
    await page.getByRole('button', { name: webVi.card.save }).click();
    await page.waitForURL(/saved=1/);
    expect(await page.getByRole('status').innerText()).toBe(webVi.card.saved);
    expect((await h.store.customers.findById(ids['Lê Thị Hoa']!))?.email).toBe('hoa@example.com');
    await keepScreenshot(page, 'card-edit');
    await page.locator('#edit-field').selectOption('phone');
    await page.locator('#edit-value').fill('0912345678'); // Lan's
    await page.getByRole('button', { name: webVi.card.save }).click();
    await page.waitForURL(/refused=/);
    // In words, never the code nor the number typed, nor whose it is.
    expect(await page.getByRole('status').innerText()).toBe(`${webVi.card.editRefused}: ${webVi.card.refusals.byKind.phone_taken}`);
    expect(await page.locator('main').innerText()).not.toContain('Nguyễn Thị Lan');
    // A bad value names the field; an address's own words are never echoed.
    await page.locator('#edit-field').selectOption('email');
    await page.locator('#edit-value').fill('hoa@');
    await page.getByRole('button', { name: webVi.card.save }).click();
    await page.waitForURL(/refused=invalid_email/);
    expect(await page.getByRole('status').innerText()).toBe(`${webVi.card.editRefused}: ${webVi.card.refusals.invalid({ field: 'Email' })}`);
    await page.goto(page.url().replace(/refused=[^&]*/, 'refused=%3Cb%3Ehacked%3C%2Fb%3E'));
    expect(await page.getByRole('status').innerText()).toBe(webVi.card.editRefused);
    expect((await h.store.customers.findById(ids['Lê Thị Hoa']!))?.phone).toBe('+84909111222');
  });

  it('sees the coming birthdays', async () => {
    await page.goto(`${h.baseUrl}/web/birthdays`);
    const week = await page.locator('#bd-week + ul').innerText();
    expect(week).toContain('Nguyễn Thị Lan');
    expect(week).not.toContain('Trần Thanh Lan');
    expect(await page.locator('#bd-month + ul').innerText()).toContain('Trần Thanh Lan');
    await keepScreenshot(page, 'birthdays');
  });

  it("sees the day's and the week's appointments per technician, and one branch at a time", async () => {
    await page.goto(`${h.baseUrl}/web/appointments`);
    const today = await page.locator('table.board').innerText();
    expect(today).toContain('KTV Hoa');
    expect(today).toContain('KTV Mai');
    expect(today).toContain('14:00');
    expect(today).toContain('Trần Thanh Lan');
    expect(today).not.toContain('Lê Thị Hoa'); // Friday's
    await page.getByLabel(webVi.appointments.view).selectOption('week');
    await page.getByRole('button', { name: webVi.appointments.show }).click();
    await page.waitForURL(/view=week/);
    const week = await page.locator('table.board').innerText();
    expect(week).toContain('Lê Thị Hoa');
    expect(await page.locator('table.board thead th').count()).toBe(8);
    await keepScreenshot(page, 'appointments-week');
    await page.goto(`${h.baseUrl}/web/appointments?branch=q2`);
    const q2 = await page.locator('table.board').innerText();
    expect(q2).toContain('Trần Thanh Lan');
    expect(q2).not.toContain('KTV Hoa');
    const audit = await h.store.audit.recent(20);
    expect(audit.some((e) => e.channel === 'web' && e.detail?.startsWith('web_appointments from=2026-12-02 days=7'))).toBe(true);
  });

  it('retries a failed message, which goes back to the queue, and cannot retry it twice', async () => {
    await page.goto(`${h.baseUrl}/web/outbox`);
    const row = page.locator('tr', { hasText: 'Nguyễn Thị Lan' });
    expect(await row.innerText()).toContain('blocked_by_user');
    await keepScreenshot(page, 'outbox-failed');
    await row.getByRole('button', { name: webVi.outbox.retry }).click();
    await page.waitForSelector(`text=${webVi.outbox.outcomes.retried}`);
    const stored = await h.store.outbox.findByKey(`birthday:${ids['Nguyễn Thị Lan']}:2026`);
    expect(stored).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await page.locator('tr', { hasText: 'Nguyễn Thị Lan' }).count()).toBe(0);
    const audit = await h.store.audit.forCustomer(ids['Nguyễn Thị Lan']!);
    expect(audit.some((e) => e.action === 'outbox_retry')).toBe(true);
  });

  it('exports a CSV of every customer', async () => {
    const r = await page.request.get(`${h.baseUrl}/web/customers/export.csv`);
    expect(r.status()).toBe(200);
    const csv = await r.text();
    expect(csv.trim().split('\n')).toHaveLength(1 + 34);
    expect(csv).toContain('Trần Thanh Lan');
  });

  it('sees staff, the audit log and the settings, and switches to English', async () => {
    await page.goto(`${h.baseUrl}/web/staff`);
    expect(await page.locator('main').innerText()).toContain('Quản lý Q1');
    await keepScreenshot(page, 'staff');
    await page.goto(`${h.baseUrl}/web/audit`);
    expect(await page.locator('main').innerText()).toContain(actionLabels.outbox_retry);
    await keepScreenshot(page, 'audit');
    await page.goto(`${h.baseUrl}/web/settings`);
    await page.getByRole('button', { name: webVi.otherLang }).click();
    await page.waitForSelector(`h1:text("${webEn.settings.title}")`);
    await keepScreenshot(page, 'settings-en');
    await page.getByRole('button', { name: webEn.otherLang }).click();
    await page.waitForSelector(`h1:text("${webVi.settings.title}")`);
  });

  it('changes a setting on the page, is told when a value is wrong, and returns it to the .env value', async () => {
    await page.goto(`${h.baseUrl}/web/settings`);
    const services = page.locator('form[data-setting="SPA_SERVICES"]');
    await services.locator('input[name=value]').fill('Nối mi, Gội đầu');
    await services.getByRole('button', { name: webVi.settings.save }).click();
    await page.waitForURL(/saved=SPA_SERVICES/);
    expect(await page.getByRole('status').innerText()).toBe(webVi.settings.saved({ name: 'SPA_SERVICES' }));
    expect(await page.locator('form[data-setting="SPA_SERVICES"] input[name=value]').inputValue()).toBe('Nối mi, Gội đầu');
    expect((await h.store.spaSettings.read()).values).toEqual({ SPA_SERVICES: 'Nối mi, Gội đầu' });
    await keepScreenshot(page, 'settings');

    const quiet = page.locator('form[data-setting="QUIET_HOURS_START"]');
    await quiet.locator('input[name=value]').fill('25:99');
    await quiet.getByRole('button', { name: webVi.settings.save }).click();
    await page.waitForURL(/refused=invalid/);
    expect(await page.getByRole('status').innerText()).toContain(webVi.settings.refused.invalid);
    expect((await h.store.spaSettings.read()).values).not.toHaveProperty('QUIET_HOURS_START');

    await page.locator('form[data-setting="SPA_SERVICES"]').getByRole('button', { name: webVi.settings.reset }).click();
    await page.waitForURL(/saved=SPA_SERVICES/);
    expect((await h.store.spaSettings.read()).values).toEqual({});
    // A token-less write and a secret's name are refused.
    const forged = await page.request.post(`${h.baseUrl}/web/settings`, { form: { name: 'SPA_SERVICES', value: 'x', version: '0' } });
    expect(forged.status()).toBe(403);
    const csrf = await page.locator('input[name=csrf]').first().inputValue();
    const version = (await h.store.spaSettings.read()).version;
    const secret = await page.request.post(`${h.baseUrl}/web/settings`, { form: { csrf, name: 'TELEGRAM_BOT_TOKEN', value: '1:abc', version: String(version) }, maxRedirects: 0 });
    expect(secret.headers().location).toContain('refused=unknown');
  });

  it('fits a 360 px phone without sideways scrolling of the page', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 360, height: 780 });
    for (const path of ['/web', '/web/customers', `/web/customers/${ids['Nguyễn Thị Lan']}`, '/web/outbox?view=pending']) {
      await phone.goto(`${h.baseUrl}${path}`);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
    }
    await phone.goto(`${h.baseUrl}/web/customers`);
    await keepScreenshot(phone, 'customers-phone');
    await phone.close();
  });
});

describe('a manager', () => {
  it('sees only their branch: the other branch is absent from lists and export, and its card is refused', async () => {
    const context = await browser.newContext();
    const page = await loginWith(context, await h.linkByChat(OTHER_GUEST));
    await page.goto(`${h.baseUrl}/web/customers?q=lan`);
    const names = await page.locator('table.list tbody tr td:first-child').allInnerTexts();
    expect(names.map((n) => n.trim())).toEqual(['Nguyễn Thị Lan']);
    const other = await page.goto(`${h.baseUrl}/web/customers/${ids['Trần Thanh Lan']}`);
    expect(other?.status()).toBe(404);
    expect(await page.locator('main').innerText()).toContain(webVi.card.hidden);
    const csv = await (await page.request.get(`${h.baseUrl}/web/customers/export.csv`)).text();
    expect(csv).toContain('Nguyễn Thị Lan');
    expect(csv).not.toContain('Trần Thanh Lan');
    // The failed greeting of the other branch's customer is not theirs to see or retry.
    await page.goto(`${h.baseUrl}/web/outbox`);
    expect(await page.locator('main').innerText()).not.toContain('Trần Thanh Lan');
    const row = await h.store.outbox.findByKey(`birthday:${ids['Trần Thanh Lan']}:2026`);
    const csrf = await page.locator('input[name=csrf]').first().inputValue();
    const forced = await page.request.post(`${h.baseUrl}/web/outbox/${row!.id}/retry`, { form: { csrf } });
    expect(forced.status()).toBe(403);
    expect((await h.store.outbox.findById(row!.id))?.status).toBe('failed');
    // The appointments are their branch's, whatever branch the address asks for.
    await page.goto(`${h.baseUrl}/web/appointments?branch=q2&view=week`);
    const board = await page.locator('main').innerText();
    expect(board).toContain('Nguyễn Thị Lan');
    expect(board).not.toContain('Trần Thanh Lan');
    expect(board).not.toContain('KTV Mai');
    // The audit log and the settings are the owner's.
    expect((await page.goto(`${h.baseUrl}/web/audit`))?.status()).toBe(403);
    expect((await page.goto(`${h.baseUrl}/web/settings`))?.status()).toBe(403);
    const settingsWrite = await page.request.post(`${h.baseUrl}/web/settings`, { form: { csrf, name: 'STAFF_VISIBILITY', value: 'none', version: '0' } });
    expect(settingsWrite.status()).toBe(403);
    expect((await h.store.spaSettings.read()).values).toEqual({});
    await keepScreenshot(page, 'manager-customers');
    await context.close();
  }, 60_000);
});

describe('photos on the card', () => {
  it('shows her photos as thumbnails and in the timeline; another branch\'s photo URL is refused to a manager', async () => {
    const png = new Uint8Array(await QRCode.toBuffer('ảnh'));
    const consent = { purpose: 'photo', granted: true, at: h.clock.now(), channel: 'paper', wordingVersion: 'v1' };
    for (const who of ['Nguyễn Thị Lan', 'Trần Thanh Lan']) await db.conn.db!.collection('customers').updateOne({ _id: new Types.ObjectId(ids[who]!) }, { $set: { 'consent.photo': true }, $push: { consents: consent as never } });
    const lan = await h.store.photos.add({ customerId: ids['Nguyễn Thị Lan']!, data: png, uploadedBy: managerQ1.id, tag: 'before' });
    const q2 = await h.store.photos.add({ customerId: ids['Trần Thanh Lan']!, data: png, uploadedBy: managerQ1.id, tag: 'profile' });
    if (!lan.ok || !q2.ok) throw new Error('photos not added');

    const owner = await browser.newContext();
    const page = await loginWith(owner, await h.linkByChat());
    await page.goto(`${h.baseUrl}/web/customers/${ids['Nguyễn Thị Lan']}`);
    const img = page.locator('[data-photos] img').first();
    await img.waitFor();
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('[data-photos] img')).every((i) => i.complete && i.naturalWidth > 0));
    expect(await page.locator('ol.timeline').innerText()).toContain(webVi.card.event.photo({ tag: webVi.card.photos.tags.before }));
    const url = `${h.baseUrl}/web/customers/${ids['Nguyễn Thị Lan']}/photos/${lan.value.photo.id}`;
    const got = await page.request.get(url);
    expect(got.status()).toBe(200);
    expect(got.headers()).toMatchObject({ 'content-type': 'image/png', 'x-content-type-options': 'nosniff' });
    expect(Buffer.from(await got.body()).equals(Buffer.from(png))).toBe(true);
    await keepScreenshot(page, 'card-photos');
    const reads = await h.store.audit.forCustomer(ids['Nguyễn Thị Lan']!);
    expect(reads.some((e) => e.action === 'read_card' && e.channel === 'web' && e.detail === `photo=${lan.value.photo.id}`)).toBe(true);
    await owner.close();

    const manager = await browser.newContext();
    const mp = await loginWith(manager, await h.linkByChat(OTHER_GUEST));
    expect((await mp.request.get(url)).status()).toBe(200);
    // The other branch's customer, and her photo asked for under Lan's id: nothing.
    expect((await mp.request.get(`${h.baseUrl}/web/customers/${ids['Trần Thanh Lan']}/photos/${q2.value.photo.id}`)).status()).toBe(404);
    expect((await mp.request.get(`${h.baseUrl}/web/customers/${ids['Nguyễn Thị Lan']}/photos/${q2.value.photo.id}`)).status()).toBe(404);
    const refused = await h.store.audit.forCustomer(ids['Trần Thanh Lan']!);
    expect(refused.some((e) => e.action === 'read_card' && e.actor.id === managerQ1.id && e.detail === `refused photo=${q2.value.photo.id}`)).toBe(true);
    await manager.close();
  }, 60_000);
});

describe('abuse', () => {
  it('a used link opens nothing the second time, and neither does an expired one', async () => {
    const link = await h.linkByChat();
    const first = await browser.newContext();
    await loginWith(first, link);
    const second = await browser.newContext();
    const page = await second.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: webVi.login.button }).click();
    await page.waitForSelector(`text=${webVi.login.failed}`);
    expect(await second.cookies()).toEqual([]);

    const late = await issueLoginLink(h.store, managerQ1, h.web);
    if (!late.ok) throw new Error('no link');
    h.clock.advance(11 * 60_000);
    const fresh = await second.newPage();
    await fresh.goto(late.url);
    await fresh.getByRole('button', { name: webVi.login.button }).click();
    await fresh.waitForSelector(`text=${webVi.login.failed}`);
    expect(await second.cookies()).toEqual([]);
    h.clock.advance(-11 * 60_000);
    await first.close();
    await second.close();
  }, 60_000);

  it('a write without the form token is refused, and a forged cookie leads to the login page', async () => {
    const context = await browser.newContext();
    const page = await loginWith(context, await h.linkByChat());
    const before = await context.cookies();
    const r = await page.request.post(`${h.baseUrl}/web/logout-all`, { form: {} });
    expect(r.status()).toBe(403);
    expect(await context.cookies()).toEqual(before);
    const forged = await browser.newContext();
    await forged.addCookies([{ name: 'hoso_web', value: 'A'.repeat(43), url: h.baseUrl }]);
    const p2 = await forged.newPage();
    await p2.goto(`${h.baseUrl}/web/customers`);
    expect(p2.url()).toBe(`${h.baseUrl}/web/login`);
    await context.close();
    await forged.close();
  }, 60_000);

  it("a removed colleague's open session sees nothing from the next request on", async () => {
    const link = await issueLoginLink(h.store, removed, h.web);
    if (!link.ok) throw new Error('no link');
    const context = await browser.newContext();
    const page = await loginWith(context, link.url);
    await h.store.staff.remove(removed.id);
    await page.goto(`${h.baseUrl}/web/customers`);
    expect(page.url()).toBe(`${h.baseUrl}/web/login`);
    await context.close();
  }, 60_000);

  it('a staff member is refused a link unless the owner allows staff, and a customer gets no link at all', async () => {
    const s = await h.store.staff.add({ name: 'Kỹ thuật viên', role: 'staff', branchId: 'q1' });
    if (!s.ok) throw new Error('staff not added');
    expect(await issueLoginLink(h.store, s.value, h.web)).toEqual({ ok: false, why: 'not_allowed' });
    expect((await issueLoginLink(h.store, s.value, { ...h.web, allowStaff: true })).ok).toBe(true);
    // A customer typing /web gets the customer bot, never a link.
    const before = h.telegram.api.callsTo('sendMessage').length;
    const { command } = await import('../support/telegram-updates.js');
    await h.telegram.deliver(command({ id: 5999, is_bot: false, first_name: 'Mai' }, '/web'));
    const sent = await h.telegram.sent(before + 1);
    expect(sent.slice(before).map((p) => String(p.text)).join('\n')).not.toContain('/web/login');
  });

  it('logging out everywhere ends every session of the member', async () => {
    const a = await browser.newContext();
    const b = await browser.newContext();
    const pa = await loginWith(a, await h.linkByChat(OTHER_GUEST));
    const pb = await loginWith(b, await h.linkByChat(OTHER_GUEST));
    await pa.getByRole('button', { name: webVi.logoutAll }).click();
    await pa.waitForSelector('main');
    await pb.goto(`${h.baseUrl}/web/customers`);
    expect(pb.url()).toBe(`${h.baseUrl}/web/login`);
    await a.close();
    await b.close();
  }, 60_000);
});

describe('import from the page', () => {
  const csv = [
    'Họ tên,SĐT,Ngày sinh,Chi nhánh',
    'Đỗ Thị Nhập,0911000111,12/3/1990,q1',
    'Sai Số,12345,1/1/1990,q1',
    'Đỗ Thị Nhập Lại,0911000111,,q1',
    'Nguyễn Thị Lan,0912345678,,q1',
  ].join('\n');
  const file = { name: 'khach.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') };

  it('the owner checks a file first (nothing written), then imports it: bad rows and duplicates are in the report', async () => {
    const context = await browser.newContext();
    const page = await loginWith(context, await h.linkByChat());
    await page.goto(`${h.baseUrl}/web/import`);
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByRole('button', { name: webVi.importPage.submit }).click();
    await page.waitForSelector('[data-summary]');
    expect(await page.locator('[data-summary]').innerText()).toContain(webVi.importPage.summary({ rows: 4, created: 1, filled: 0, unchanged: 1, rejected: 1, notes: 0, dryRun: true }).slice(0, 20));
    expect(await h.store.customers.findByPhone('+84911000111')).toBeNull();
    const report = await page.locator('table[data-report]').innerText();
    expect(report).toMatch(/^3\s+SĐT\s+12345/m); // line 3, the column as the file names it, the value
    expect(report).toContain('Trùng SĐT với dòng 2');
    await keepScreenshot(page, 'import-dry-run');

    await page.locator('input[type=file]').setInputFiles(file);
    await page.locator('input[name=dryRun]').uncheck();
    await page.getByRole('button', { name: webVi.importPage.submit }).click();
    await page.waitForSelector('[data-summary]');
    expect(await page.locator('h2#import-result').innerText()).toBe(webVi.importPage.done);
    const imported = await h.store.customers.findByPhone('+84911000111');
    expect(imported?.name).toBe('Đỗ Thị Nhập');
    expect(imported?.consent).toMatchObject({ care: false, marketing: false });
    // Lan, already on file, keeps her card; the import is audited on channel "web".
    expect((await h.store.customers.findById(ids['Nguyễn Thị Lan']!))?.name).toBe('Nguyễn Thị Lan');
    expect((await h.store.audit.recent(10)).some((e) => e.action === 'import' && e.channel === 'web' && e.detail?.includes('created=1'))).toBe(true);
    await context.close();
  }, 60_000);

  it('a manager may not import, a file of another type is refused, and no upload is left on disk', async () => {
    const { readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const leftovers = () => readdirSync(tmpdir()).filter((f) => f.startsWith('hoso-import-'));
    const before = leftovers().length;
    const manager = await browser.newContext();
    const mp = await loginWith(manager, await h.linkByChat(OTHER_GUEST));
    expect((await mp.goto(`${h.baseUrl}/web/import`))?.status()).toBe(403);
    await mp.goto(`${h.baseUrl}/web/customers`);
    const csrf = await mp.locator('input[name=csrf]').first().inputValue();
    const forced = await mp.request.post(`${h.baseUrl}/web/import`, { multipart: { csrf, file } });
    expect(forced.status()).toBe(403);
    await manager.close();

    const owner = await browser.newContext();
    const op = await loginWith(owner, await h.linkByChat());
    await op.goto(`${h.baseUrl}/web/import`);
    const token = await op.locator('input[name=csrf]').first().inputValue();
    const exe = await op.request.post(`${h.baseUrl}/web/import`, { multipart: { csrf: token, file: { name: 'khach.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') } } });
    expect(exe.status()).toBe(400);
    expect(await exe.text()).toContain(webVi.importPage.noFile);
    // Without the form token the upload is refused like every other write.
    const noToken = await op.request.post(`${h.baseUrl}/web/import`, { multipart: { file } });
    expect(noToken.status()).toBe(403);
    expect(leftovers().length).toBe(before);
    await owner.close();
  }, 60_000);
});
