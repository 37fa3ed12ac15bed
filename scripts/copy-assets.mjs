// Copies the non-TypeScript files the code reads at run time (the playground page) next to the build in dist/.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const ASSETS = ['bots/playground/page.html'];

for (const file of ASSETS) {
  mkdirSync(dirname(`dist/${file}`), { recursive: true });
  cpSync(file, `dist/${file}`);
}
