// `hoso backup [--out DIR] [--json]` and `hoso restore DIR [--yes] [--force]`. A restore without --yes checks the
// folder and says what it would do, writing nothing; it never touches a database with data unless --force.
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig, maskUri } from '../config.js';
import { resolveDatabase } from '../devdb/resolve.js';
import { BackupError, backupDatabase, restoreDatabase, verifyBackup } from '../store/backup.js';
import { connectDatabase, DatabaseUnreachableError } from '../store/connection.js';
import { CliError, type CliIo } from './io-and-store.js';
import { hosoVersion } from './version.js';

type Conn = Awaited<ReturnType<typeof connectDatabase>>;

/** Config, database and connection, without creating any index or collection (a restore needs an untouched target). */
async function withDatabase<T>(env: Record<string, string | undefined> | undefined, fn: (conn: Conn, uri: string) => Promise<T>): Promise<T> {
  const config = env ? loadConfig(env) : loadConfig();
  const db = await resolveDatabase(config);
  try {
    const conn = await connectDatabase(db.uri, { serverSelectionTimeoutMS: 3_000 }).catch((e: unknown) => {
      if (e instanceof DatabaseUnreachableError) throw new CliError(`Không kết nối được CSDL / cannot reach the database at ${maskUri(e.uri)}`);
      throw e;
    });
    try {
      return await fn(conn, db.uri);
    } catch (e) {
      if (e instanceof BackupError) throw new CliError(`Lỗi / error: ${e.message}`);
      throw e;
    } finally {
      await conn.close();
    }
  } finally {
    await db.stop();
  }
}

const stamp = (d: Date): string => d.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
const toolEnv = (env?: Record<string, string | undefined>): NodeJS.ProcessEnv => ({ ...process.env, ...(env?.PATH ? { PATH: env.PATH } : {}) });

const backupOptions = z.object({ out: z.string().min(1).optional(), json: z.boolean().optional() });
const restoreOptions = z.object({ yes: z.boolean().optional(), force: z.boolean().optional() });

export function registerBackupCommands(program: Command, io: CliIo, env?: Record<string, string | undefined>): void {
  program
    .command('backup')
    .description('Sao lưu toàn bộ CSDL vào một thư mục mới / back up the whole database into a new folder')
    .option('--out <dir>', 'thư mục (mới hoặc trống) / folder (new or empty), default backups/hoso-<time>')
    .option('--json', 'xuất JSON kể cả khi có mongodump / the JSON export even where mongodump is installed')
    .action(async (raw: unknown) => {
      const opts = backupOptions.parse(raw);
      const now = new Date();
      const dir = opts.out ?? join('backups', `hoso-${stamp(now)}`);
      await withDatabase(env, async (conn, uri) => {
        const m = await backupDatabase(conn, uri, dir, { appVersion: hosoVersion(), now, json: opts.json, env: toolEnv(env) });
        const docs = m.collections.reduce((n, c) => n + c.count, 0);
        io.out(`Đã sao lưu / backed up: ${m.collections.length} bảng / collections, ${docs} bản ghi / documents (${m.kind === 'json' ? 'JSON' : 'mongodump'}) → ${dir}`);
      });
    });

  program
    .command('restore')
    .description('Khôi phục một bản sao lưu vào CSDL trống / restore a backup into an empty database')
    .argument('<dir>', 'thư mục sao lưu / the backup folder')
    .option('--yes', 'khôi phục thật (không có: chỉ kiểm tra) / really restore (without it: check only)')
    .option('--force', 'thay các bảng của CSDL đang có dữ liệu / replace the collections of a database that has data')
    .action(async (dir: string, raw: unknown) => {
      const opts = restoreOptions.parse(raw);
      await withDatabase(env, async (conn, uri) => {
        const manifest = await verifyBackup(dir, hosoVersion());
        const docs = manifest.collections.reduce((n, c) => n + c.count, 0);
        const what = `${manifest.collections.length} bảng / collections, ${docs} bản ghi / documents, Hồ sơ ${manifest.appVersion}, ${manifest.createdAt}`;
        if (!opts.yes) {
          io.out(`Bản sao lưu hợp lệ / backup is valid: ${what}`);
          io.out(`Chưa ghi gì. Thêm --yes để khôi phục vào ${conn.db!.databaseName} / nothing written: add --yes to restore into ${conn.db!.databaseName}`);
          return;
        }
        const s = await restoreDatabase(conn, uri, dir, { appVersion: hosoVersion(), force: opts.force, env: toolEnv(env) });
        io.out(`Đã khôi phục / restored: ${s.collections} bảng / collections, ${s.documents} bản ghi / documents, ${s.indexes} chỉ mục / indexes → ${conn.db!.databaseName}`);
        io.out('Khởi động lại ứng dụng / restart the app (it adds any index a newer version declares)');
      });
    });
}
