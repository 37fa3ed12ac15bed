// The installed version, from package.json (the one place it is written).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../devdb/ferretdb.js';

export function hosoVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
