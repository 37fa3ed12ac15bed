// `npm run bench [-- <name> [args…]]`: runs every bench/*.bench.ts (or the one named), each printing ratios
// against a baseline measured in the same run.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [only, ...args] = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .map((f) => f.replace(/\.bench\.js$/, ''))
  .filter((name) => !only || name === only);
if (benches.length === 0) {
  console.error(`no bench named ${only}`);
  process.exit(1);
}
for (const name of benches) {
  const mod = (await import(`./${name}.bench.js`)) as { run(args: string[]): Promise<void> };
  await mod.run(name === only ? args : []);
}
