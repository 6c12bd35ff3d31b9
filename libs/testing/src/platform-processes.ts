import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SERVICE_NODE_FLAGS } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { removeNamespace } from './namespace';
import { eventually } from './polling';
import { freePort } from './ports';

export const PLATFORM_SERVICES = ['partners', 'campaigns', 'fulfillment', 'commissions', 'analytics', 'gateway'] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

// Under jest this file runs from libs/testing/src; built (for `npm run bench`) from dist/libs/testing/src.
const ROOT = join(__dirname, '..', '..', '..');
const DIST = basename(ROOT) === 'dist' ? join(ROOT, 'apps') : join(ROOT, 'dist', 'apps');

/**
 * The whole platform as real processes built in `dist/` (run `npm run build` first), on free
 * ports, in the run's own namespace. `gatewayUrl` is where the tests send HTTP.
 */
export class PlatformProcesses {
  private readonly processes = new Map<PlatformService, ChildProcess>();
  private readonly output = new Map<PlatformService, string[]>();
  private readonly ports = new Map<PlatformService, number>();
  private readonly replicas = new Set<ServiceReplica>();

  /** `nodeArgs` go before each service's script (e.g. `--cpu-prof` for a profile). */
  constructor(
    private readonly config: PlatformConfig,
    private readonly nodeArgs: string[] = [],
  ) {}

  /** Starts every service in the config's namespace; if that fails, stops them and removes the namespace. */
  static async launch(config: PlatformConfig, nodeArgs: string[] = []): Promise<PlatformProcesses> {
    const platform = new PlatformProcesses(config, nodeArgs);
    try {
      await platform.start();
    } catch (error) {
      await platform.stop();
      await removeNamespace(config);
      throw error;
    }
    return platform;
  }

  /** The operating-system process id of a running service (for RSS readings). */
  pid(service: PlatformService): number | undefined {
    return this.processes.get(service)?.pid;
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.get('gateway')}`;
  }

  /** Where a service's own HTTP server (health, metrics) listens. */
  url(service: PlatformService): string {
    return `http://127.0.0.1:${this.ports.get(service)}`;
  }

  /** Starts the services (all by default) and waits until the gateway reports them healthy. */
  async start(services: readonly PlatformService[] = PLATFORM_SERVICES): Promise<void> {
    await Promise.all(services.map((service) => this.startService(service)));
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
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...this.nodeArgs, script], {
      env: { ...process.env, ...stringify(this.config), PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = this.output.get(service) ?? [];
    this.output.set(service, lines);
    const keep = (chunk: Buffer): void => {
      lines.push(chunk.toString());
      if (lines.length > 2000) lines.shift();
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

  /**
   * Starts one more process of a service, with the same config (plus `env`) on a port of its own,
   * beside whatever already runs: replicas share the service's database and compete on its queues.
   * The handle keeps everything the process prints; `stop` (or `stop()` of the platform) ends it.
   */
  async startReplica(service: PlatformService, options: { env?: Record<string, string> } = {}): Promise<ServiceReplica> {
    const script = join(DIST, service, 'src', 'main.js');
    if (!existsSync(script)) throw new Error(`${script} is missing: run "npm run build" first`);
    const port = await freePort();
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, script], {
      env: { ...process.env, ...stringify(this.config), ...options.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const replica = new ServiceReplica(service, port, child);
    this.replicas.add(replica);
    child.once('exit', () => this.replicas.delete(replica));
    await eventually(() => fetch(`${replica.url}/health/live`).then((r) => r.status), (s) => s === 200, {
      timeoutMs: 60_000,
      intervalMs: 100,
    }).catch((error: Error) => {
      throw new Error(`${service} replica did not start: ${error.message}\n${replica.logs()}`);
    });
    return replica;
  }

  async stop(): Promise<void> {
    const children = [...this.processes.values(), ...[...this.replicas].map((r) => r.child)];
    await Promise.all(children.map((child) => terminate(child)));
    this.processes.clear();
    this.replicas.clear();
  }
}

/** One process of a service started by `startReplica`, with all it printed, line by line. */
export class ServiceReplica {
  private readonly printed: string[] = [];
  private readonly partial = { stdout: '', stderr: '' };

  constructor(
    readonly service: PlatformService,
    readonly port: number,
    readonly child: ChildProcess,
  ) {
    const keep = (stream: 'stdout' | 'stderr') => (chunk: Buffer): void => {
      const lines = (this.partial[stream] + chunk.toString()).split('\n');
      this.partial[stream] = lines.pop() ?? '';
      this.printed.push(...lines);
    };
    child.stdout?.on('data', keep('stdout'));
    child.stderr?.on('data', keep('stderr'));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Every complete line printed so far (stdout and stderr). */
  lines(): string[] {
    return this.printed;
  }

  logs(): string {
    return [...this.printed, this.partial.stdout, this.partial.stderr].join('\n');
  }

  /** SIGTERM (graceful) or, with `kill`, SIGKILL; resolves with how it exited. */
  stop(kill = false): Promise<ExitStatus> {
    if (!kill) return terminate(this.child);
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.resolve({ code: this.child.exitCode, signal: this.child.signalCode });
    }
    const exited = new Promise<ExitStatus>((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.child.kill('SIGKILL');
    return exited;
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
