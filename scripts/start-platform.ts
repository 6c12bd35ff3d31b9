/**
 * `npm start`: runs the gateway and the five services as separate processes from the built
 * `dist/`, each on its own port, and stops them all together (Ctrl-C, SIGTERM, or one dying).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SERVICE_NODE_FLAGS } from '../libs/runtime/src/node-flags';

const SERVICES: Array<{ name: string; port: number }> = [
  { name: 'partners', port: 3001 },
  { name: 'campaigns', port: 3002 },
  { name: 'fulfillment', port: 3003 },
  { name: 'commissions', port: 3004 },
  { name: 'analytics', port: 3005 },
  { name: 'gateway', port: Number(process.env.PORT ?? 3000) },
];

const portOf = (name: string, fallback: number): number =>
  Number(process.env[`${name.toUpperCase()}_PORT`] ?? fallback);

const children = new Map<string, ChildProcess>();
let stopping = false;

for (const { name, port } of SERVICES) {
  const script = join(__dirname, '..', 'apps', name, 'src', 'main.js');
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, script], {
    env: { ...process.env, PORT: String(name === 'gateway' ? port : portOf(name, port)) },
    stdio: 'inherit',
  });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(JSON.stringify({ level: 'fatal', time: new Date().toISOString(), service: name, msg: `exited (${signal ?? code}); stopping the platform` }));
      stop(1);
    } else if (children.size === 0) {
      process.exit(process.exitCode ?? 0);
    }
  });
}

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children.values()) child.kill('SIGTERM');
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
