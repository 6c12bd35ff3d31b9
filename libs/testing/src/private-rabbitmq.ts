import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './polling';
import { freePort } from './ports';
import { cleanUpWhenProcessEnds, runCommand, shellQuote } from './run-command';

/**
 * A RabbitMQ node of the test's own: its own node name (`swt_<random>@localhost`), AMQP and
 * distribution ports, Erlang cookie, config, plugins file (none enabled: the tests speak AMQP only),
 * data and logs, all in a temp dir. Each control command names this node (`-n`, see ctl()), so a
 * restart here leaves the machine's broker alone. guest/guest from 127.0.0.1, as on a fresh broker.
 */
export class PrivateRabbitNode {
  readonly nodeName = `swt_${randomBytes(4).toString('hex')}@localhost`;
  private server: ChildProcess | undefined;
  private release: () => void = () => undefined;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly distPort: number,
    private readonly bin: string,
  ) {}

  /** Starts the node and waits (rabbitmqctl await_startup, polled) until it has booted. */
  static async start(): Promise<PrivateRabbitNode> {
    const bin = rabbitBinaries();
    const dir = mkdtempSync(join(tmpdir(), 'swt-rabbitmq-'));
    const node = new PrivateRabbitNode(dir, await freePort(), await freePort(), bin);
    writeFileSync(join(dir, 'rabbitmq-env.conf'), '');
    writeFileSync(join(dir, 'rabbitmq.conf'), 'log.console = false\nlog.file.level = warning\n');
    writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
    try {
      await node.startServer();
    } catch (error) {
      await node.remove();
      throw error;
    }
    return node;
  }

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  /** Stops the RabbitMQ application (every connection drops; the Erlang VM stays up). */
  async stopApp(): Promise<void> {
    await this.ctl(['stop_app']);
  }

  /** Starts the application again; resolves once it has booted and listens. */
  async startApp(): Promise<void> {
    await this.ctl(['start_app']);
    await this.ctl(['await_startup']);
  }

  /** A broker restart as clients see it: stop_app, then start_app. */
  async restartApp(): Promise<void> {
    await this.stopApp();
    await this.startApp();
  }

  /** Stops the node, waiting until its VM has exited (SIGKILL if that fails), and deletes its directory. */
  async remove(): Promise<void> {
    const server = this.server;
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      // Given the pid file, the stop command returns only once the VM is gone; then nothing of the
      // group is left but what a failed stop left, which SIGKILL ends.
      await this.ctl(['stop', join(this.dir, 'rabbitmq.pid')]).catch(() => undefined);
      signalGroup(server, 'SIGKILL');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
    this.release();
  }

  private async startServer(): Promise<void> {
    const out = openSync(join(this.dir, 'server.out'), 'a');
    // Its own process group: remove() and the exit hook end the VM and the helpers it started.
    const server = spawn(join(this.bin, 'rabbitmq-server'), [], { env: this.env, cwd: this.dir, detached: true, stdio: ['ignore', out, out] });
    closeSync(out);
    this.server = server;
    this.release = cleanUpWhenProcessEnds(`kill -KILL -${server.pid} 2>/dev/null; rm -rf ${shellQuote(this.dir)}`);
    const booted = async (): Promise<'up' | 'exited'> => {
      if (server.exitCode !== null || server.signalCode !== null) return 'exited';
      await this.ctl(['await_startup', '--timeout', '30']); // fails at once while the node is not reachable yet
      return 'up';
    };
    const state = await eventually(booted, () => true,
      { timeoutMs: 120_000, intervalMs: 250 },
    ).catch((error: Error) => {
      throw new Error(`RabbitMQ node ${this.nodeName} did not start: ${error.message}\n${this.printed()}`);
    });
    if (state === 'exited') throw new Error(`RabbitMQ node ${this.nodeName} exited while starting:\n${this.printed()}`);
  }

  private ctl(args: string[]): Promise<string> {
    return runCommand(join(this.bin, 'rabbitmqctl'), ['-n', this.nodeName, ...args], { env: this.env, cwd: this.dir });
  }

  /** Everything the node reads, pointed into its own dir; HOME holds the cookie the node and rabbitmqctl share. */
  private get env(): NodeJS.ProcessEnv {
    const at = (name: string): string => join(this.dir, name);
    return {
      ...process.env,
      HOME: this.dir,
      RABBITMQ_NODENAME: this.nodeName,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(this.port),
      RABBITMQ_DIST_PORT: String(this.distPort),
      RABBITMQ_CONF_ENV_FILE: at('rabbitmq-env.conf'),
      RABBITMQ_CONFIG_FILE: at('rabbitmq.conf'),
      RABBITMQ_ADVANCED_CONFIG_FILE: at('advanced.config'),
      RABBITMQ_ENABLED_PLUGINS_FILE: at('enabled_plugins'),
      RABBITMQ_MNESIA_BASE: at('mnesia'),
      RABBITMQ_LOG_BASE: at('log'),
      RABBITMQ_PID_FILE: at('rabbitmq.pid'),
      RABBITMQ_PLUGINS_EXPAND_DIR: at('plugins-expand'),
      ERL_EPMD_ADDRESS: '127.0.0.1',
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    };
  }

  private printed(): string {
    const file = join(this.dir, 'server.out');
    return existsSync(file) ? readFileSync(file, 'utf8').slice(-4000) : '';
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * RabbitMQ's own scripts. Debian's /usr/lib/rabbitmq/bin, not the /usr/sbin wrappers: run as root
 * those switch to the `rabbitmq` user and its cookie, losing this node's environment.
 */
function rabbitBinaries(): string {
  const candidates = ['/usr/lib/rabbitmq/bin', ...(process.env.PATH ?? '').split(':').filter((d) => d && d !== '/usr/sbin' && d !== '/sbin')];
  const found = candidates.find((dir) => existsSync(join(dir, 'rabbitmq-server')) && existsSync(join(dir, 'rabbitmqctl')));
  if (!found) throw new Error('RabbitMQ (rabbitmq-server, rabbitmqctl) not found in /usr/lib/rabbitmq/bin or on PATH: install it (npm run infra)');
  return found;
}
