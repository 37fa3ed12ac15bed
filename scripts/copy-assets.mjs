// Copies the non-TypeScript files the code reads at run time (the playground page, the web page's stylesheet and scripts) next to the build in dist/.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const ASSETS = ['bots/playground/page.html', 'src/web/assets/app.css', 'src/web/assets/login.js', 'src/web/assets/charts.js'];

for (const file of ASSETS) {
  mkdirSync(dirname(`dist/${file}`), { recursive: true });
  cpSync(file, `dist/${file}`);
}
