// Starts the embedded FerretDB (tools/ferretdb) for development and tests when no MONGODB_URI is set.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const FERRETDB_VERSION = 'v1.24.2';

/** Repository root: works from src/ (ts-jest) and from dist/src/ (compiled). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/**
 * Where this checkout's build lives: the build script names it by a hash of tools/ferretdb (main.go, go.mod/sum
 * and the patches), so a binary built from older sources is never used, and asking it keeps one definition.
 */
export function ferretDbBinary(root = projectRoot()): string {
  const script = join(root, 'scripts', 'build-ferretdb.sh');
  // A package without the build script (a production image) cannot run the embedded database at all.
  if (!existsSync(script)) throw new EmbeddedDatabaseUnavailableError();
  const res = spawnSync('bash', [script, '--path'], { cwd: root, encoding: 'utf8' });
  const path = res.status === 0 ? res.stdout.trim() : '';
  if (!path) throw new Error(`scripts/build-ferretdb.sh --path failed: ${res.stderr?.trim() ?? 'no output'}`);
  return path;
}

/**
 * Neither MONGODB_URI nor a way to run the embedded database: an operator's setup to fix, told in one line
 * (`npm start`, the CLI) instead of a build failure and a stack trace.
 */
export class EmbeddedDatabaseUnavailableError extends Error {
  constructor() {
    super(
      'No database: MONGODB_URI is not set and the embedded development database needs Go 1.24+ to build it. ' +
        'Install Go (https://go.dev/dl) and run again, or set MONGODB_URI to your MongoDB, or run `docker compose up` (README, "Production").',
    );
    this.name = 'EmbeddedDatabaseUnavailableError';
  }
}

function goInstalled(): boolean {
  const res = spawnSync('go', ['version'], { stdio: 'ignore' });
  return !res.error && res.status === 0;
}

/** Builds the binary once (about a minute on a cold Go cache); later calls return at once. */
export function ensureFerretDbBuilt(root = projectRoot()): string {
  const bin = ferretDbBinary(root);
  if (existsSync(bin)) return bin;
  if (!goInstalled()) throw new EmbeddedDatabaseUnavailableError();
  const res = spawnSync('bash', [join(root, 'scripts', 'build-ferretdb.sh')], { stdio: 'inherit', cwd: root });
  if (res.status !== 0 || !existsSync(bin)) {
    throw new Error('Could not build FerretDB: is Go installed? (scripts/build-ferretdb.sh)');
  }
  return bin;
}

export interface RunningFerretDb {
  uri: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  startTimeoutMs?: number;
}

export async function startFerretDb(opts: StartOptions): Promise<RunningFerretDb> {
  const bin = ensureFerretDbBuilt();
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const host = opts.host ?? '127.0.0.1';
  const child = spawn(bin, ['--listen-addr', `${host}:${opts.port ?? 0}`, '--sqlite-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DO_NOT_TRACK: '1' },
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (b: Buffer) => {
    if (stderr.length < 50) stderr.push(b.toString());
  });
  const address = await waitForListening(child, opts.startTimeoutMs ?? 60_000, stderr);
  const port = Number(address.split(':').pop());
  return {
    uri: `mongodb://${address}/?directConnection=true`,
    port,
    pid: child.pid ?? -1,
    stop: () => stopChild(child),
  };
}

function waitForListening(child: ChildProcess, timeoutMs: number, stderr: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`FerretDB did not start within ${timeoutMs} ms: ${stderr.join('')}`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^LISTENING (\S+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        lines.close();
        resolvePromise(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`FerretDB exited with code ${code}: ${stderr.join('')}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}
