// The owner's web page, customer list (issue 15): GET /web/customers over HTTP for N customers (first page, a
// filtered page, a manager's search), each against the bare indexed queries the page needs, timed interleaved in
// the same run: the session and member reads, one find of a page (+1 row) with the same filter and sort, and the
// audit insert. Args: [customers=100000] [rounds=5]. Target: each page ≤ 2× its bare queries.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { nameSearchKey } from '../src/domain/name.js';
import { createApp } from '../src/http/app.js';
import { createLogger } from '../src/log.js';
import { openWebSession, type WebAccessSettings } from '../src/services/web-login.js';
import { connectDatabase } from '../src/store/connection.js';
import type { ListQuery } from '../src/store/customer-listing.js';
import { createStore, ensureIndexes, type Store } from '../src/store/index.js';
import { createWebRouter } from '../src/web/router.js';
import { SESSION_COOKIE } from '../src/web/session.js';
import { benchDatabase, fmt, percentile } from './harness.js';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Võ', 'Đặng'];
const GIVEN = ['Lan', 'Hoa', 'Mai', 'Thu', 'Linh', 'Ngọc', 'Trang', 'Vy', 'Hương', 'Yến'];
const BRANCHES = ['q1', 'q3', 'q7', 'td'];
const SOURCES = ['walk_in', 'facebook', 'tiktok', 'zalo', 'referral'];

async function fill(store: Store, conn: Awaited<ReturnType<typeof connectDatabase>>, customers: number): Promise<void> {
  const col = conn.db!.collection('customers');
  const start = Date.parse('2024-01-01T00:00:00Z');
  for (let i = 0; i < customers; i += 5_000) {
    const docs = [];
    for (let j = i; j < Math.min(customers, i + 5_000); j++) {
      const name = `${FAMILY[j % FAMILY.length]} Thị ${GIVEN[Math.floor(j / 8) % GIVEN.length]} ${j}`;
      const at = new Date(start + j * 600_000);
      docs.push({
        name,
        nameKey: nameSearchKey(name),
        branchId: BRANCHES[j % BRANCHES.length],
        source: SOURCES[j % SOURCES.length],
        ...(j % 3 === 0 ? { email: `k${j}@example.com` } : {}),
        consent: { care: true, marketing: j % 2 === 0 },
        needs: [],
        consents: [],
        createdBy: { kind: 'system' },
        updatedBy: { kind: 'system' },
        createdAt: at,
        updatedAt: at,
      });
    }
    await col.insertMany(docs, { ordered: false });
  }
  void store;
}

interface Case {
  label: string;
  cookie: string;
  staffId: string;
  path: string;
  query: Omit<ListQuery, 'pageSize' | 'page'>;
}

export async function run(args: string[]): Promise<void> {
  const customers = Number(args[0] ?? 100_000);
  const rounds = Number(args[1] ?? 5);
  if (!Number.isSafeInteger(customers) || customers <= 0 || !Number.isSafeInteger(rounds) || rounds <= 0) throw new Error('usage: web-list [customers] [rounds]');
  const db = await benchDatabase();
  const conn = await connectDatabase(db.uri, { dbName: 'hoso_bench_web', serverSelectionTimeoutMS: 30_000 });
  const out = (s: string): void => void process.stdout.write(s + '\n');
  const server = createServer();
  try {
    await conn.db!.dropDatabase();
    await ensureIndexes(conn);
    const store = createStore(conn);
    await fill(store, conn, customers);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const web: WebAccessSettings = { baseUrl, allowStaff: false, linkTtlMs: 600_000, sessionTtlMs: 12 * 3_600_000 };
    const router = createWebRouter({
      store,
      log: createLogger('silent'),
      now: () => new Date(),
      settings: { spaName: 'Bench Spa', timeZone: 'Asia/Ho_Chi_Minh', defaultLanguage: 'vi', staffVisibility: 'masked', web, secureCookies: false, shown: [] },
    });
    const app = createApp({ readiness: async () => ({ ready: true, problems: [] }), mounts: [{ path: '/web', router }] });
    server.on('request', app);

    const login = async (name: string, role: 'owner' | 'manager', branchId?: string): Promise<{ cookie: string; staffId: string }> => {
      const added = await store.staff.add({ name, role, ...(branchId ? { branchId } : {}) });
      if (!added.ok) throw new Error('could not add a member');
      const { token } = await store.web.createLink(added.value.id, web.linkTtlMs);
      const opened = await openWebSession(store, token, web);
      if (!opened) throw new Error('could not open a session');
      return { cookie: `${SESSION_COOKIE}=${opened.token}`, staffId: added.value.id };
    };
    const owner = await login('Chủ spa', 'owner');
    const manager = await login('Quản lý Q1', 'manager', 'q1');
    const cases: Case[] = [
      { label: 'owner, first page', ...owner, path: '/web/customers', query: { scope: 'all', sort: 'name' } },
      { label: 'owner, branch q1 without email, newest', ...owner, path: '/web/customers?branch=q1&missing=email&sort=newest', query: { scope: 'all', branch: 'q1', missing: 'email', sort: 'newest' } },
      { label: 'manager q1, search "lan"', ...manager, path: '/web/customers?q=lan', query: { scope: { anyOf: [{ branch: null }, { branch: 'q1' }] }, text: 'lan', sort: 'name' } },
    ];

    const sessions = conn.db!.collection('web_sessions');
    const staff = conn.db!.collection('staff');
    const list = conn.db!.collection('customers');
    const audit = conn.db!.collection('audit_log');
    const SORT = { name: { nameKey: 1, _id: 1 }, newest: { createdAt: -1, _id: -1 }, last_visit: { lastVisitAt: -1, _id: -1 } } as const;
    const page = async (c: Case): Promise<void> => {
      const res = await fetch(baseUrl + c.path, { headers: { cookie: c.cookie } });
      const body = await res.text();
      if (res.status !== 200 || !body.includes('<table')) throw new Error(`${c.path} answered ${res.status}`);
    };
    const bare = async (c: Case): Promise<void> => {
      const token = c.cookie.split('=')[1]!;
      await sessions.findOne({ _id: createHash('sha256').update(token, 'utf8').digest('hex') } as never);
      await staff.findOne({ _id: new Types.ObjectId(c.staffId) });
      const filter = store.listing.filterOf(c.query)!;
      const rows = await list.find(filter).sort(SORT[c.query.sort]).limit(26).toArray();
      await audit.insertOne({ at: new Date(), actor: { kind: 'staff', id: c.staffId }, action: 'search', detail: `bench results=${rows.length}` });
    };

    out(`web-list on ${db.label}: ${customers.toLocaleString('en')} customers, ${rounds} rounds each`);
    for (const c of cases) {
      await page(c); // warm-up, and the filter choices (read once a minute) are read here
      await bare(c);
      const pageMs: number[] = [];
      const bareMs: number[] = [];
      // Interleaved, so a load change on the machine hits both alike.
      for (let r = 0; r < rounds; r++) {
        let t0 = performance.now();
        await page(c);
        pageMs.push(performance.now() - t0);
        t0 = performance.now();
        await bare(c);
        bareMs.push(performance.now() - t0);
      }
      pageMs.sort((a, b) => a - b);
      bareMs.sort((a, b) => a - b);
      const p = percentile(pageMs, 50);
      const b = percentile(bareMs, 50);
      out(`  ${c.label}: page p50 ${fmt(p)} ms (p99 ${fmt(percentile(pageMs, 99))}), bare queries p50 ${fmt(b)} ms: ${fmt(p / b, 2)}x (target ≤ 2x)`);
    }
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await conn.db!.dropDatabase().catch(() => undefined);
    await conn.close();
    await db.stop();
  }
}
