/**
 * `npm run dev`: `npm start` that rebuilds and restarts on change. It watches the server sources
 * (apps/ but the portal, libs/, scripts/), and a moment after the last change rebuilds them with
 * SWC (~2 s) and restarts the whole platform (scripts/start-platform). A build that fails leaves the
 * running platform alone. The portal has its own hot-reloading server: `npm run web:dev`.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { watch } from 'node:fs';
import { join, sep } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const WATCHED = ['apps', 'libs', 'scripts'];
/** Editors write several files, and save in bursts: build once things are quiet. */
const QUIET_MS = 300;

let platform: ChildProcess | undefined;
let timer: NodeJS.Timeout | undefined;
let quitting = false;

function start(): void {
  platform = spawn(process.execPath, [join(ROOT, 'dist', 'scripts', 'start-platform.js')], { stdio: 'inherit', cwd: ROOT });
  platform.on('exit', () => {
    platform = undefined;
    if (quitting) process.exit(0);
  });
}

function stopPlatform(): Promise<void> {
  const running = platform;
  if (!running) return Promise.resolve();
  return new Promise((resolve) => {
    running.once('exit', () => resolve());
    running.kill('SIGTERM');
  });
}

async function rebuild(changed: string): Promise<void> {
  console.log(`\n[dev] ${changed} changed: rebuilding …`);
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@swc', 'cli', 'bin', 'swc.js'), 'apps', 'libs', 'scripts', 'bench', '-d', 'dist', '--config-file', '.swcrc', '-q'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    console.log('[dev] the build failed; the platform keeps running the last good build');
    return;
  }
  console.log('[dev] restarting the platform');
  await stopPlatform();
  if (!quitting) start();
}

function relevant(file: string): boolean {
  return /\.ts$/.test(file) && !/\.(int-|e2e-)?spec\.ts$/.test(file) && !file.startsWith(`apps${sep}web${sep}`) && !file.startsWith(`apps${sep}e2e${sep}`);
}

for (const dir of WATCHED) {
  watch(join(ROOT, dir), { recursive: true }, (_event, name) => {
    const file = name ? join(dir, name.toString()) : dir;
    if (!relevant(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(file), QUIET_MS);
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    quitting = true;
    clearTimeout(timer);
    if (!platform) process.exit(0);
    platform.kill('SIGTERM');
  });
}

start();
