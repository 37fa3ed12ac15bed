// Shared bench plumbing: a database (throw-away FerretDB unless MONGODB_URI), timing and percentile helpers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretDb } from '../src/devdb/ferretdb.js';

export interface BenchDb {
  uri: string;
  label: string;
  /** The embedded server's process (its CPU time is what a run costs the database). */
  pid?: number;
  stop(): Promise<void>;
}

export async function benchDatabase(): Promise<BenchDb> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, label: 'MONGODB_URI', stop: async () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'hoso-bench-'));
  const db = await startFerretDb({ dataDir: dir, port: 0 });
  return {
    uri: db.uri,
    pid: db.pid,
    label: 'embedded FerretDB v1.24.2 (SQLite)',
    stop: async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i]!;
}

export interface Timing {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `work(i)` for i < count with `concurrency` workers and times each call. */
export async function timeMany(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<Timing> {
  const latencies: number[] = new Array(count);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        await work(i);
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { count, seconds, perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export const fmt = (n: number, digits = 1): string => n.toFixed(digits);

/** CPU seconds a process has used so far (Linux /proc; NaN elsewhere). */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the pid and name are cut off.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}
