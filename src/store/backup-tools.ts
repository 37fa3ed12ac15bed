// mongodump / mongorestore, for a real MongoDB when the MongoDB Database Tools are installed: they read the
// server's own format, keep the oplog consistent on a replica set and are faster. The URI (it carries the password)
// goes in a config file readable only by us, not on the command line where `ps` shows it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupError } from './backup-json.js';

export const DUMP_FOLDER = 'dump';

/** Whether `tool --version` runs (on PATH and working). */
export function toolAvailable(tool: 'mongodump' | 'mongorestore', env: NodeJS.ProcessEnv = process.env): boolean {
  const r = spawnSync(tool, ['--version'], { env, stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
}

async function withUriConfig<T>(uri: string, fn: (configPath: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'hoso-tools-'));
  const path = join(dir, 'tools.yaml');
  try {
    await writeFile(path, `uri: ${JSON.stringify(uri)}\n`, { mode: 0o600 });
    return await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-2000)));
    child.on('error', (e) => reject(new BackupError(`${tool} could not start: ${e.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${tool} failed (exit ${code}): ${lastLine(stderr)}`))));
  });
}

const lastLine = (s: string): string => s.trim().split('\n').at(-1)?.slice(0, 300) ?? '';

export async function mongodump(uri: string, dir: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await withUriConfig(uri, (config) => run('mongodump', [`--config=${config}`, '--gzip', `--out=${join(dir, DUMP_FOLDER)}`], env));
}

/** Restores the dump of database `from` into `to` (the target URI's database); `drop` replaces existing collections. */
export async function mongorestore(uri: string, dir: string, from: string, to: string, drop: boolean, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const args = ['--gzip', `--nsInclude=${from}.*`, `--nsFrom=${from}.*`, `--nsTo=${to}.*`, ...(drop ? ['--drop'] : []), join(dir, DUMP_FOLDER)];
  await withUriConfig(uri, (config) => run('mongorestore', [`--config=${config}`, ...args], env));
}
