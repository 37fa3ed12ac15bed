// The owner's web page (issue 15), mounted at /web on the same express app as the webhooks. Server-rendered
// pages over src/services: the viewer is the logged-in staff member on channel "web", so visibility and the
// audit are exactly the chat's.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { businessToday, formatLocalDate, parseLocalDate } from '../domain/business-time.js';
import { addDays } from '../domain/quiet-hours.js';
import { DEFAULT_MONEY_SETTINGS, type MoneySettings } from '../domain/money-rules.js';
import { explainSegment } from '../domain/segment-reasons.js';
import { defaultSegmentSettings, SEGMENTS, type SegmentSettings } from '../domain/segments.js';
import type { StaffVisibility } from '../domain/visibility.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { appointmentBoard } from '../services/appointment-board.js';
import { customerAccess, type CustomerAccess } from '../services/customer-access.js';
import { CSV_START, csvLine } from '../services/customer-csv.js';
import { comingBirthdays, exportCustomers } from '../services/customer-lists.js';
import { listCustomers } from '../services/customer-pages.js';
import { readTimeline } from '../services/customer-timeline.js';
import { actOnOutbox, listOutbox, OUTBOX_VIEWS, type OutboxView } from '../services/outbox-admin.js';
import { overview } from '../services/overview.js';
import { changeSetting, settingRows } from '../services/spa-settings.js';
import { segmentOfCustomer } from '../services/segments.js';
import { openWebSession, webSessionMember, type WebAccessSettings } from '../services/web-login.js';
import type { Store } from '../store/index.js';
import { LIST_SORTS, MISSING_FIELDS } from '../store/customer-listing.js';
import type { StaffMember } from '../store/staff.js';
import { readSheet, UnreadableFileError } from '../services/sheet-read.js';
import { importReportWords, importMessages } from '../cli/import-messages.js';
import { actionLabels } from '../cli/staff-messages.js';
import { importSheet, type SheetImport } from '../services/customer-import.js';
import { webEn } from './copy/en.js';
import type { WebCopy } from './copy/types.js';
import { webVi } from './copy/vi.js';
import { sendPage } from './render.js';
import { clearCookie, LANG_COOKIE, readCookie, SESSION_COOKIE, setCookie } from './session.js';
import { CardPage, type EditableField } from './views/card.js';
import { readPhoto } from '../services/photos.js';
import { CustomersPage, type FilterChoices, type ListState } from './views/customers.js';
import { AppointmentsPage } from './views/appointments.js';
import { ImportPage } from './views/import.js';
import { AuditPage, BirthdaysPage, OutboxPage, StaffPage } from './views/lists.js';
import { SettingsPage } from './views/settings.js';
import { LoginPage, MessagePage } from './views/login.js';
import { OverviewPage } from './views/overview.js';
import { canSee, type PageCtx } from './views/page-ctx.js';

export interface WebDeps {
  store: Store;
  log: Logger;
  now: () => Date;
  settings: {
    spaName: string;
    timeZone: string;
    defaultLanguage: 'vi' | 'en';
    staffVisibility: StaffVisibility;
    /** The segment thresholds, for the reasons shown (defaults when absent). */
    segments?: SegmentSettings;
    /** Points, rank thresholds and packages, for the card's money box (defaults when absent). */
    money?: MoneySettings;
    web: WebAccessSettings;
    /** Secure cookies (production runs behind HTTPS). */
    secureCookies: boolean;
    /** The settings page's rows: names and values that are safe to show (no secrets). */
    shown: [string, string][];
    /** The spa's configured branches (SPA_BRANCHES), for imports; absent or empty: the staff's branches. */
    branches?: readonly string[];
  };
  /** Edits a field of a card for this viewer (the card-edit service); absent: the card has no edit form. */
  editField?: (access: CustomerAccess, customerId: string, field: string, value: string) => Promise<{ ok: true } | { ok: false; reason: string }>;
  editableFields?: (c: WebCopy) => EditableField[];
  /** The settings the owner may change here: the environment's config, and what to do after a save (re-read). */
  editableSettings?: { base: Config; saved(): Promise<void> };
}

interface Viewer {
  member: StaffMember;
  csrf: string;
  token: string;
  access: CustomerAccess;
  ctx: PageCtx;
}

const here = dirname(fileURLToPath(import.meta.url));
const ASSETS: Record<string, { file: string; type: string }> = {
  'app.css': { file: join(here, 'assets/app.css'), type: 'text/css' },
  'login.js': { file: join(here, 'assets/login.js'), type: 'text/javascript' },
  'charts.js': { file: join(here, 'assets/charts.js'), type: 'text/javascript' },
  'chart.umd.min.js': { file: join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'), type: 'text/javascript' },
};

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const short = z.string().max(100).default('');
const listQuery = z.object({
  q: z.string().max(200).default(''),
  branch: short,
  source: short,
  need: short,
  rank: short,
  segment: z.enum(['', ...SEGMENTS]).catch(''),
  missing: z.enum(['', ...MISSING_FIELDS]).catch(''),
  sort: z.enum(LIST_SORTS).catch('name'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
const boardQuery = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  view: z.enum(['day', 'week']).catch('day'),
  branch: z.string().max(40).optional().catch(undefined),
});
// An upload lands in a temporary file (the xlsx reader streams from a path) under a random name; one file of at
// most 10 MB and the form's two fields, parsed only for a logged-in owner (the session is checked first).
const IMPORT_TYPES = new Set(['.xlsx', '.csv']);
const upload = multer({
  storage: multer.diskStorage({ destination: tmpdir(), filename: (_req, file, cb) => cb(null, `hoso-import-${randomBytes(12).toString('hex')}${extname(file.originalname).toLowerCase()}`) }),
  limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 4, parts: 5, fieldSize: 1024 },
  fileFilter: (_req, file, cb) => cb(null, IMPORT_TYPES.has(extname(file.originalname).toLowerCase())),
}).single('file');
const parseUpload = (req: Request, res: Response): Promise<void> => new Promise((resolve, reject) => upload(req, res, (e: unknown) => (e ? reject(e) : resolve())));

const objectId = z.string().regex(/^[0-9a-f]{24}$/);

const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function createWebRouter(deps: WebDeps): Router {
  const { store, settings } = deps;
  const router = express.Router();
  const langOf = (req: Request): 'vi' | 'en' => {
    const l = readCookie(req, LANG_COOKIE);
    return l === 'en' || l === 'vi' ? l : settings.defaultLanguage;
  };
  const copyOf = (req: Request): WebCopy => (langOf(req) === 'en' ? webEn : webVi);
  const message = (req: Request, res: Response, status: number, title: string, text: string) =>
    sendPage(res, MessagePage({ c: copyOf(req), spaName: settings.spaName, title, text }), status);

  router.use((_req, res, next) => {
    res.set({ 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY' });
    next();
  });
  router.get('/assets/:name', (req, res) => {
    const asset = ASSETS[req.params.name];
    if (!asset) return void res.status(404).end();
    res.set('Cache-Control', 'public, max-age=3600').type(asset.type).sendFile(asset.file);
  });
  router.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));

  // --- Getting in: the link's token is posted by the login page (login.js moves it out of the fragment).
  router.get('/login', (req, res) => sendPage(res, LoginPage({ c: copyOf(req), spaName: settings.spaName })));
  router.post('/login', async (req, res) => {
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    const opened = token ? await openWebSession(store, token, settings.web) : null;
    if (!opened) return sendPage(res, LoginPage({ c: copyOf(req), spaName: settings.spaName, message: copyOf(req).login.failed }), 400);
    setCookie(res, SESSION_COOKIE, opened.token, { secure: settings.secureCookies, maxAgeS: Math.floor(settings.web.sessionTtlMs / 1000) });
    res.redirect(303, '/web');
  });

  // --- Everything else needs a session; writes need its form token too.
  router.use(async (req, res, next: NextFunction) => {
    const token = readCookie(req, SESSION_COOKIE) ?? '';
    const found = token ? await webSessionMember(store, token, settings.web) : null;
    if (!found) {
      if (token) clearCookie(res, SESSION_COOKIE, settings.secureCookies);
      if (req.method === 'GET') return res.redirect(303, '/web/login');
      return message(req, res, 401, copyOf(req).login.title, copyOf(req).login.failed);
    }
    if (req.method === 'POST' && req.path === '/import' && req.is('multipart/form-data')) {
      if (!canSee(found.member, 'import')) return message(req, res, 403, copyOf(req).notAllowed, copyOf(req).notAllowed);
      try {
        await parseUpload(req, res);
      } catch (e) {
        if (req.file) await rm(req.file.path, { force: true });
        deps.log.warn({ err: e }, 'web import upload refused');
        return message(req, res, 400, copyOf(req).badRequest, copyOf(req).importPage.unreadable);
      }
    }
    if (req.method === 'POST') {
      const sent = typeof req.body?.csrf === 'string' ? req.body.csrf : '';
      if (!sameToken(sent, found.csrf)) {
        if (req.file) await rm(req.file.path, { force: true });
        return message(req, res, 403, copyOf(req).badRequest, copyOf(req).csrfFailed);
      }
    }
    const access = customerAccess({ store, staffVisibility: settings.staffVisibility }, { kind: 'staff', staffId: found.member.id, channel: 'web' });
    const viewer: Viewer = {
      ...found,
      token,
      access,
      ctx: { c: copyOf(req), member: found.member, csrf: found.csrf, path: req.baseUrl + req.path, timeZone: settings.timeZone, spaName: settings.spaName },
    };
    res.locals.viewer = viewer;
    next();
  });
  const viewerOf = (res: Response): Viewer => res.locals.viewer as Viewer;
  const refuse = (req: Request, res: Response) => message(req, res, 403, copyOf(req).notAllowed, copyOf(req).notAllowed);

  router.post('/logout', async (req, res) => {
    await store.web.end(viewerOf(res).token);
    clearCookie(res, SESSION_COOKIE, settings.secureCookies);
    message(req, res, 200, copyOf(req).logout, copyOf(req).login.loggedOut);
  });
  router.post('/logout-all', async (req, res) => {
    const count = await store.web.endAll(viewerOf(res).member.id);
    clearCookie(res, SESSION_COOKIE, settings.secureCookies);
    message(req, res, 200, copyOf(req).logoutAll, copyOf(req).login.loggedOutAll({ count }));
  });
  router.post('/lang', (req, res) => {
    const lang = req.body?.lang === 'en' ? 'en' : 'vi';
    const back = typeof req.body?.back === 'string' && /^\/web(\/[\w\-/]*)?$/.test(req.body.back) ? req.body.back : '/web';
    setCookie(res, LANG_COOKIE, lang, { secure: settings.secureCookies, maxAgeS: 365 * 86_400, httpOnly: false });
    res.redirect(303, back);
  });

  router.get('/', async (_req, res) => {
    const v = viewerOf(res);
    const data = await overview(v.access, { now: deps.now(), timeZone: settings.timeZone, staffVisibility: settings.staffVisibility });
    if (!data) return refuse(_req, res);
    sendPage(res, OverviewPage({ ctx: v.ctx, data }));
  });

  // The filters' choices are four distinct scans of every customer (on FerretDB each a full scan: 100,000
  // customers take seconds). Only the first list page after a start waits for them; later pages get the last
  // answer at once, and one refresh at a time runs behind them when it is older than 10 minutes.
  let choices: { at: number; value: FilterChoices } | undefined;
  let refreshing: Promise<FilterChoices> | undefined;
  const refreshChoices = (): Promise<FilterChoices> =>
    (refreshing ??= Promise.all([
      store.listing.distinct('branchId'),
      store.listing.distinct('source'),
      store.listing.distinct('needs.service'),
      store.listing.distinct('rank'),
    ])
      .then(([branches, sources, needs, ranks]) => {
        choices = { at: deps.now().getTime(), value: { branches, sources, needs, ranks } };
        return choices.value;
      })
      .finally(() => (refreshing = undefined)));
  const filterChoices = async (): Promise<FilterChoices> => {
    if (!choices) return refreshChoices();
    const age = deps.now().getTime() - choices.at;
    if (age > 600_000 || age < 0) refreshChoices().catch((e: unknown) => deps.log.warn({ err: e }, 'web filter choices not refreshed'));
    return choices.value;
  };

  router.get('/customers', async (req, res) => {
    const v = viewerOf(res);
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) return message(req, res, 400, v.ctx.c.badRequest, v.ctx.c.badRequest);
    const state: ListState = parsed.data;
    const { rows, hasNext, segments } = await listCustomers(v.access, settings.staffVisibility, {
      ...(state.q ? { text: state.q } : {}),
      ...(state.branch ? { branch: state.branch } : {}),
      ...(state.source ? { source: state.source } : {}),
      ...(state.need ? { need: state.need } : {}),
      ...(state.rank ? { rank: state.rank } : {}),
      ...(state.segment ? { segment: state.segment } : {}),
      ...(state.missing ? { missing: state.missing } : {}),
      sort: state.sort,
      page: state.page,
      pageSize: 25,
    });
    sendPage(res, CustomersPage({ ctx: v.ctx, state, choices: await filterChoices(), rows, hasNext, segments, segmentSettings: settings.segments ?? defaultSegmentSettings, now: deps.now() }));
  });

  router.get('/customers/export.csv', async (_req, res) => {
    const v = viewerOf(res);
    res.type('text/csv; charset=utf-8').set('Content-Disposition', 'attachment; filename="khach-hang.csv"');
    res.write(CSV_START);
    await exportCustomers(v.access, (c) => void res.write(csvLine(c)), 'format=csv via=web');
    res.end();
  });

  router.get('/customers/:id', async (req, res) => {
    const v = viewerOf(res);
    if (!objectId.safeParse(req.params.id).success) return message(req, res, 404, v.ctx.c.notFound, v.ctx.c.notFound);
    const { card, events, money, photos } = await readTimeline(v.access, req.params.id, { settings: settings.money ?? DEFAULT_MONEY_SETTINGS, now: deps.now, timeZone: settings.timeZone });
    const staffNames = new Map((await store.staff.list()).map((m) => [m.id, m.name]));
    const editable = deps.editField && deps.editableFields ? deps.editableFields(v.ctx.c) : [];
    const done = typeof req.query.saved === 'string' ? { ok: true, text: v.ctx.c.card.saved } : typeof req.query.refused === 'string' ? { ok: false, text: refusalNotice(v.ctx.c, editable, req.query.refused, req.query.field) } : undefined;
    const stored = card.access === 'full' ? await segmentOfCustomer(v.access, card.customer) : null;
    const segment = stored ? explainSegment(stored.segment, stored.figures, deps.now(), settings.segments ?? defaultSegmentSettings, langOf(req)) : undefined;
    // STAFF_VISIBILITY=none: photo and name are what staff see (seed 000).
    const profile = card.access === 'masked' && settings.staffVisibility === 'none' && card.customer.consent.photo ? await store.photos.profile(card.customer.id) : null;
    sendPage(res, CardPage({ ctx: v.ctx, card, events, editable, staffNames, ...(segment ? { segment } : {}), ...(money ? { money } : {}), ...(photos ? { photos } : {}), ...(profile ? { profilePhotoId: profile.id } : {}), ...(done ? { notice: done } : {}) }), card.access === 'hidden' ? 404 : 200);
  });

  // One photo of one customer, for this viewer only (the access rule and the audit are readPhoto's): the type is
  // the one read from its bytes when stored, and nosniff keeps the browser from guessing another.
  router.get('/customers/:id/photos/:photoId', async (req, res) => {
    const v = viewerOf(res);
    if (!objectId.safeParse(req.params.id).success || !objectId.safeParse(req.params.photoId).success) return message(req, res, 404, v.ctx.c.notFound, v.ctx.c.notFound);
    const read = await readPhoto(v.access, req.params.id, req.params.photoId);
    if (!read) return message(req, res, 404, v.ctx.c.notFound, v.ctx.c.notFound);
    res.set({ 'Content-Type': read.photo.mimeType, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store', 'Content-Disposition': 'inline' });
    res.end(Buffer.from(read.data));
  });

  router.post('/customers/:id/edit', async (req, res) => {
    const v = viewerOf(res);
    const id = objectId.safeParse(req.params.id);
    const body = z.object({ field: z.string().max(40), value: z.string().max(300) }).safeParse(req.body);
    if (!id.success || !body.success || !deps.editField) return message(req, res, 400, v.ctx.c.badRequest, v.ctx.c.badRequest);
    const outcome = await deps.editField(v.access, id.data, body.data.field, body.data.value);
    const q = outcome.ok ? 'saved=1' : `refused=${encodeURIComponent(outcome.reason)}&field=${encodeURIComponent(body.data.field)}`;
    res.redirect(303, `/web/customers/${id.data}?${q}`);
  });

  router.get('/birthdays', async (_req, res) => {
    const v = viewerOf(res);
    const today = businessToday(deps.now(), settings.timeZone);
    const week = await comingBirthdays(v.access, today, 7);
    const month = await comingBirthdays(v.access, today, 30);
    sendPage(res, BirthdaysPage({ ctx: v.ctx, week, month }));
  });

  router.get('/appointments', async (req, res) => {
    const v = viewerOf(res);
    const q = boardQuery.safeParse(req.query);
    const today = businessToday(deps.now(), settings.timeZone);
    const from = (q.success && q.data.date && parseLocalDate(q.data.date)) || today;
    const view = q.success ? q.data.view : 'day';
    const days = view === 'week' ? 7 : 1;
    const board = await appointmentBoard(v.access, { from, days, timeZone: settings.timeZone, ...(q.success && q.data.branch ? { branch: q.data.branch } : {}) });
    if (!board) return refuse(req, res);
    const branches = v.member.role === 'owner' ? (await filterChoices()).branches : [];
    const state = { date: formatLocalDate(from), view, branch: (q.success && q.data.branch) || '', previous: formatLocalDate(addDays(from, -days)), next: formatLocalDate(addDays(from, days)) };
    sendPage(res, AppointmentsPage({ ctx: v.ctx, board, state, branches }));
  });

  router.get('/outbox', async (req, res) => {
    const v = viewerOf(res);
    const view = (typeof req.query.view === 'string' && req.query.view in OUTBOX_VIEWS ? req.query.view : 'failed') as OutboxView;
    const rows = await listOutbox(v.access, view);
    if (!rows) return refuse(req, res);
    const done = typeof req.query.done === 'string' ? v.ctx.c.outbox.outcomes[req.query.done] : undefined;
    sendPage(res, OutboxPage({ ctx: v.ctx, view, rows, ...(done ? { notice: done } : {}) }));
  });
  router.post('/outbox/:id/:action', async (req, res) => {
    const v = viewerOf(res);
    const id = objectId.safeParse(req.params.id);
    const action = z.enum(['retry', 'cancel']).safeParse(req.params.action);
    if (!id.success || !action.success) return message(req, res, 400, v.ctx.c.badRequest, v.ctx.c.badRequest);
    const outcome = await actOnOutbox(v.access, id.data, action.data);
    if (outcome === 'not_allowed') return refuse(req, res);
    res.redirect(303, `/web/outbox?view=failed&done=${outcome}`);
  });

  router.get('/staff', async (req, res) => {
    const v = viewerOf(res);
    if (!canSee(v.member, 'staff')) return refuse(req, res);
    const all = await store.staff.list();
    // A manager sees their branch's colleagues and the owners, as in the chat's invitations.
    const staff = v.member.role === 'owner' ? all : all.filter((m) => m.role === 'owner' || m.branchId === v.member.branchId);
    const invites = (await store.staff.pendingInvites()).filter((i) => v.member.role === 'owner' || i.branchId === v.member.branchId);
    sendPage(res, StaffPage({ ctx: v.ctx, staff, invites }));
  });

  router.get('/audit', async (req, res) => {
    const v = viewerOf(res);
    if (!canSee(v.member, 'audit')) return refuse(req, res);
    const entries = await store.audit.recent(200);
    const staffNames = new Map((await store.staff.list()).map((m) => [m.id, m.name]));
    sendPage(res, AuditPage({ ctx: v.ctx, entries, staffNames, actionLabels }));
  });

  router.get('/import', (req, res) => {
    const v = viewerOf(res);
    if (!canSee(v.member, 'import')) return refuse(req, res);
    sendPage(res, ImportPage({ ctx: v.ctx, header: importMessages.reportHeader }));
  });
  router.post('/import', async (req, res) => {
    const v = viewerOf(res);
    const file = req.file;
    try {
      if (!canSee(v.member, 'import')) return refuse(req, res);
      const t = v.ctx.c.importPage;
      const page = (status: number, p: { error?: string; outcome?: Extract<SheetImport, { ok: true }> & { dryRun: boolean } }) =>
        sendPage(res, ImportPage({ ctx: v.ctx, header: importMessages.reportHeader, ...p }), status);
      if (!file) return page(400, { error: t.noFile });
      const dryRun = req.body?.dryRun === '1';
      const sheet = await readSheet(file.path).catch((e: unknown) => {
        if (e instanceof UnreadableFileError) return null;
        throw e;
      });
      if (!sheet) return page(400, { error: t.unreadable });
      const done = await importSheet(store, sheet, {
        actor: { kind: 'staff', id: v.member.id },
        channel: 'web',
        today: businessToday(deps.now(), settings.timeZone),
        dryRun,
        words: importReportWords,
        ...(settings.branches ? { branches: settings.branches } : {}),
      });
      if (!done.ok) return page(400, { error: done.why === 'empty' ? t.empty : t.missingColumns({ columns: done.missing.map((f) => importReportWords.columnLabel[f]).join(', ') }) });
      page(200, { outcome: { ...done, dryRun } });
    } finally {
      if (file) await rm(file.path, { force: true });
    }
  });

  router.get('/settings', async (req, res) => {
    const v = viewerOf(res);
    if (!canSee(v.member, 'settings')) return refuse(req, res);
    const editable = deps.editableSettings ? await settingRows(store, deps.editableSettings.base) : undefined;
    const t = v.ctx.c.settings;
    const saved = typeof req.query.saved === 'string' ? req.query.saved.slice(0, 60) : '';
    const refused = typeof req.query.refused === 'string' && req.query.refused in t.refused ? (req.query.refused as keyof typeof t.refused) : undefined;
    const detail = typeof req.query.detail === 'string' ? `: ${req.query.detail.slice(0, 200)}` : '';
    const notice = saved ? { ok: true, text: t.saved({ name: saved }) } : refused ? { ok: false, text: t.refused[refused] + (refused === 'invalid' ? detail : '') } : undefined;
    sendPage(res, SettingsPage({ ctx: v.ctx, settings: settings.shown, ...(editable ? { editable } : {}), ...(notice ? { notice } : {}) }));
  });
  router.post('/settings', async (req, res) => {
    const v = viewerOf(res);
    if (!canSee(v.member, 'settings') || !deps.editableSettings) return refuse(req, res);
    const body = z.object({ name: z.string().max(60), value: z.string().max(2000).default(''), version: z.coerce.number().int().min(0), reset: z.literal('1').optional() }).safeParse(req.body);
    if (!body.success) return message(req, res, 400, v.ctx.c.badRequest, v.ctx.c.badRequest);
    const { name, value, version, reset } = body.data;
    const done = await changeSetting(store, v.member, deps.editableSettings.base, { name, value: reset ? null : value, version });
    if (!done.ok) {
      if (done.why === 'not_allowed') return refuse(req, res);
      return res.redirect(303, `/web/settings?refused=${done.why}${done.detail ? `&detail=${encodeURIComponent(done.detail)}` : ''}`);
    }
    await deps.editableSettings.saved();
    res.redirect(303, `/web/settings?saved=${encodeURIComponent(name)}`);
  });

  router.use((req, res) => message(req, res, 404, copyOf(req).notFound, copyOf(req).notFound));
  // Express 5 passes rejected promises here: the error is logged without the request's data.
  router.use((e: unknown, req: Request, res: Response, _next: NextFunction) => {
    deps.log.error({ err: e, path: req.path }, 'web page failed');
    message(req, res, 500, copyOf(req).badRequest, copyOf(req).badRequest);
  });
  return router;
}

/** The refused edit in words: only known reasons and fields are shown, so nothing from the address is echoed. */
function refusalNotice(c: WebCopy, editable: EditableField[], reason: string, field: unknown): string {
  const r = c.card.refusals;
  const label = editable.find((f) => f.key === field)?.label ?? c.card.field;
  const why = reason.startsWith('invalid_') ? r.invalid({ field: label }) : reason === 'not_clearable' ? r.notClearable({ field: label }) : reason in r.byKind ? r.byKind[reason as keyof typeof r.byKind] : undefined;
  return why ? `${c.card.editRefused}: ${why}` : c.card.editRefused;
}
