// Installing and starting as a self-hoster does: production dependencies only, no Go, no MONGODB_URI, the built CLI.
// Runs the compiled dist/ (npm test builds it first) in a copy of the package, as `npm ci --omit=dev` leaves it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinModules } from 'node:module';

const root = process.cwd();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
let copy: string;
let bin: string;

beforeAll(() => {
  // A package without the embedded database's binary or build script, and a PATH with node alone (no go).
  copy = mkdtempSync(join(tmpdir(), 'hoso-install-'));
  cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
  writeFileSync(join(copy, 'package.json'), JSON.stringify(pkg));
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  bin = join(copy, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(join(bin, 'node'), args, {
    cwd: copy,
    encoding: 'utf8',
    timeout: 60_000,
    // DEV_DB_PORT=0: never reuse a development database another process left running on this machine.
    env: { PATH: bin, HOME: copy, DATA_DIR: join(copy, 'data'), DEV_DB_PORT: '0', ...env },
  });

describe('npm start on a machine without Go and without MONGODB_URI', () => {
  it('stops with one line that says what to do, and no stack trace', () => {
    const r = run(['dist/src/main.js']);
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/MONGODB_URI/);
    expect(lines[0]).toMatch(/Go/);
    expect(lines[0]).toMatch(/docker compose up/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('tells the CLI user the same in one line, exit code 1', () => {
    const r = run(['dist/src/cli/hoso.js', 'jobs', 'list']);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/MONGODB_URI.*docker compose up/);
  });
});

describe('the hoso command', () => {
  it('prints the version from package.json', () => {
    for (const flag of ['--version', '-V']) {
      const r = run(['dist/src/cli/hoso.js', flag]);
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(pkg.version);
    }
  });

  it('shows help with examples, and help after a mistyped command', () => {
    const help = run(['dist/src/cli/hoso.js', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/examples:/);
    expect(help.stdout).toMatch(/hoso customers add --name/);
    const wrong = run(['dist/src/cli/hoso.js', 'cusomers']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/hoso --help/);
  });
});

describe('the package', () => {
  it('runs nothing at install time that needs development tools', () => {
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[hook]).toBeUndefined();
    expect(pkg.scripts.prepack).toMatch(/build/);
  });

  it('imports only production dependencies from the built code', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.js')) files.push(p);
      }
    };
    for (const top of ['src', 'bots', 'jobs']) walk(join(root, 'dist', top));
    expect(files.length).toBeGreaterThan(50);
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
    const used = new Set<string>();
    for (const f of files) {
      // Statements only (`import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')`): a word "import"
      // inside a string (a CLI command named import) is not a dependency.
      const statements = /^(?:import|export)\b[^;]*?\bfrom\s*'([^'.][^']*)'|^import\s*'([^'.][^']*)'|\bimport\(\s*'([^'.][^']*)'\s*\)/gm;
      for (const m of readFileSync(f, 'utf8').matchAll(statements)) {
        const spec = (m[1] ?? m[2] ?? m[3])!.replace(/^node:/, '');
        used.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((u) => !allowed.has(u))).toEqual([]);
  });
});
