// Runs the `hoso` command line in-process against a test database and collects what it printed.
import { runCli } from '../../src/cli/hoso.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runHoso(env: Record<string, string>, argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const errs: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l + '\n'), err: (l) => errs.push(l + '\n'), write: (c) => out.push(c) }, env);
  return { code, out: out.join(''), err: errs.join('') };
}
