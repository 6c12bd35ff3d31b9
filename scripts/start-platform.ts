/**
 * `npm start`: runs the gateway and the five services as separate processes from the built
 * `dist/`, each on its own port, and stops them all together (Ctrl-C, SIGTERM, or one dying).
 *
 * The services always write JSON lines. On a terminal (or with LOG_FORMAT=pretty) the launcher
 * reads them and shows each as one readable line (pino-pretty); elsewhere their stdout is passed
 * through untouched, so pipes, files and tests get the JSON. Once the gateway's /health answers 200
 * it prints where the portal, the API docs and health are, and how to sign in.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import pinoPretty from 'pino-pretty';
import { SERVICE_NODE_FLAGS } from '../libs/runtime/src/node-flags';
import { chooseLogFormat } from '../libs/runtime/src/log-format';
import { DEFAULT_ADMIN_PASSWORD } from '../libs/runtime/src/public-secrets';
import { readyBanner, readyLine } from './platform-banner';

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

const format = chooseLogFormat(process.env.LOG_FORMAT, process.stdout.isTTY === true);
const pretty = format === 'pretty' ? prettyPrinter() : undefined;

const children = new Map<string, ChildProcess>();
let stopping = false;

for (const { name, port } of SERVICES) {
  const script = join(__dirname, '..', 'apps', name, 'src', 'main.js');
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, script], {
    env: { ...process.env, PORT: String(name === 'gateway' ? port : portOf(name, port)) },
    stdio: pretty ? ['inherit', 'pipe', 'inherit'] : 'inherit',
  });
  // Whole lines only: six processes share one printer, and a chunk may end mid-line.
  if (pretty && child.stdout) createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => pretty.write(`${line}\n`));
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

void announceWhenReady(`http://localhost:${SERVICES[SERVICES.length - 1].port}`);

function prettyPrinter(): Writable {
  return pinoPretty({
    colorize: true,
    singleLine: true,
    messageKey: 'msg',
    translateTime: 'SYS:HH:MM:ss.l',
    messageFormat: '{service} | {msg}',
    ignore: 'service,context,pid,hostname',
    sync: true,
  });
}

/** Polls the gateway's /health (which asks every service) and prints the banner once it is 200. */
async function announceWhenReady(gatewayUrl: string): Promise<void> {
  const addresses = {
    gatewayUrl,
    adminEmail: process.env.ADMIN_EMAIL ?? 'admin@spiffworks.local',
    adminPassword: process.env.ADMIN_PASSWORD === undefined ? DEFAULT_ADMIN_PASSWORD : undefined,
  };
  while (!stopping) {
    const status = await fetch(`${gatewayUrl}/health`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => 0);
    if (status === 200) {
      process.stdout.write(pretty ? `${readyBanner(addresses)}\n` : `${readyLine(addresses)}\n`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children.values()) child.kill('SIGTERM');
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
