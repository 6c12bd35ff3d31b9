// `npm run web:report`: the portal's first-load JavaScript, gzipped: the entry chunk plus every chunk
// it imports statically (what the browser fetches before the first screen), from Vite's manifest.
// Lazy chunks (admin, analytics) are listed apart. Budget: 250 KB gzipped, so a partner on a slow link sees the first screen within seconds.
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
const root = resolve(process.argv[2] ?? 'dist/web');
const manifestPath = join(root, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`no ${manifestPath}: run npm run build:web first`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const gz = (file) => gzipSync(readFileSync(join(root, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
if (!entry) throw new Error('no entry chunk in the manifest');
const firstLoad = new Set();
const visit = (key) => {
  if (firstLoad.has(key)) return;
  firstLoad.add(key);
  for (const next of manifest[key].imports ?? []) visit(next);
};
visit(entry[0]);

let js = 0;
let css = 0;
console.log('First load (entry + static imports):');
for (const key of firstLoad) {
  const chunk = manifest[key];
  const size = gz(chunk.file);
  js += size;
  console.log(`  ${chunk.file.padEnd(48)} ${kb(size).padStart(10)} gzipped`);
  for (const sheet of chunk.css ?? []) css += gz(sheet);
}
console.log('Lazy chunks:');
for (const [key, chunk] of Object.entries(manifest)) {
  if (firstLoad.has(key) || !chunk.file.endsWith('.js')) continue;
  console.log(`  ${chunk.file.padEnd(48)} ${kb(gz(chunk.file)).padStart(10)} gzipped  (${key})`);
}
console.log(`First-load JS: ${kb(js)} gzipped (budget ${BUDGET_KB} KB: ${js / 1024 <= BUDGET_KB ? 'within' : 'OVER'}); CSS ${kb(css)} gzipped`);
