import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { PlatformConfig } from '@spiffworks/runtime';
import { eventually } from './polling';

export const PLATFORM_SERVICES = ['partners', 'campaigns', 'fulfillment', 'commissions', 'analytics', 'gateway'] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

const DIST = join(__dirname, '..', '..', '..', 'dist', 'apps');

/**
 * The whole platform as real processes built in `dist/` (run `npm run build` first), on free
 * ports, in the run's own namespace. `gatewayUrl` is where the tests send HTTP.
 */
export class PlatformProcesses {
  private readonly processes = new Map<PlatformService, ChildProcess>();
  private readonly output = new Map<PlatformService, string[]>();
  private readonly ports = new Map<PlatformService, number>();

  constructor(private readonly config: PlatformConfig) {}

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.get('gateway')}`;
  }

  async start(): Promise<void> {
    await Promise.all(PLATFORM_SERVICES.map((service) => this.startService(service)));
    await eventually(() => fetch(`${this.gatewayUrl}/health`).then((r) => r.status), (status) => status === 200, {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
  }

  async startService(service: PlatformService): Promise<void> {
    const script = join(DIST, service, 'src', 'main.js');
    if (!existsSync(script)) throw new Error(`${script} is missing: run "npm run build" first`);
    const port = this.ports.get(service) ?? (await freePort());
    this.ports.set(service, port);
    const child = spawn(process.execPath, ['--enable-source-maps', script], {
      env: { ...process.env, ...stringify(this.config), PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = this.output.get(service) ?? [];
    this.output.set(service, lines);
    const keep = (chunk: Buffer): void => {
      lines.push(chunk.toString());
      if (lines.length > 200) lines.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.processes.set(service, child);
    await eventually(() => fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.status), (s) => s === 200, {
      timeoutMs: 60_000,
      intervalMs: 100,
    }).catch((error: Error) => {
      throw new Error(`${service} did not start: ${error.message}\n${lines.join('')}`);
    });
  }

  /** What a service printed (last lines), for failure messages. */
  logs(service: PlatformService): string {
    return (this.output.get(service) ?? []).join('');
  }

  /**
   * Stops one service (SIGTERM, or SIGKILL with `kill`); `startService` brings it back on its port.
   * Resolves with how it exited (a graceful stop is `{ code: 0, signal: null }`).
   */
  async stopService(service: PlatformService, kill = false): Promise<ExitStatus> {
    const child = this.processes.get(service);
    if (!child) return { code: null, signal: null };
    this.processes.delete(service);
    if (kill) {
      const exited = new Promise<ExitStatus>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      child.kill('SIGKILL');
      return exited;
    }
    return terminate(child);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((child) => terminate(child)));
    this.processes.clear();
  }
}

function stringify(config: PlatformConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])),
  );
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

function terminate(child: ChildProcess): Promise<ExitStatus> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code, signal) => {
      clearTimeout(force);
      resolve({ code, signal });
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
