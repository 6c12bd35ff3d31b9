import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './polling';
import { freePort } from './ports';
import { cleanUpWhenProcessEnds, runCommand, shellQuote } from './run-command';

interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/**
 * A PostgreSQL server of the test's own (initdb + pg_ctl), on a free port of 127.0.0.1, with its data
 * directory and socket in a temp dir: a test may restart or stop it without touching the machine's
 * cluster. User `postgres`, no password. PostgreSQL refuses to run as root, so under root the server
 * runs as the OS user `postgres` (the temp dir is handed to it).
 */
export class PrivatePostgres {
  private readonly release: () => void;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly owner: OsUser | undefined,
  ) {
    const [file, argv] = this.asOwner(join(bin, 'pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', 'stop']);
    this.release = cleanUpWhenProcessEnds(`${[file, ...argv].map(shellQuote).join(' ')} >/dev/null 2>&1; rm -rf ${shellQuote(dir)}`);
  }

  /** Creates the cluster and starts it; waits until it accepts connections. */
  static async start(): Promise<PrivatePostgres> {
    const bin = serverBinaries();
    const owner = process.getuid?.() === 0 ? osUser('postgres') : undefined;
    const dir = mkdtempSync(join(tmpdir(), 'swt-pg-'));
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const server = new PrivatePostgres(dir, await freePort(), bin, owner);
    try {
      await server.pg('initdb', ['-D', server.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
      appendFileSync(
        join(server.dataDir, 'postgresql.conf'),
        `\n# the test's private server\nport = ${server.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\n`,
      );
      await server.startServer();
    } catch (error) {
      await server.remove();
      throw error;
    }
    return server;
  }

  /** What a PlatformConfig needs to use this server. */
  get settings(): Record<string, string> {
    return { DATABASE_HOST: '127.0.0.1', DATABASE_PORT: String(this.port), DATABASE_USER: 'postgres', DATABASE_PASSWORD: '' };
  }

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** A fast shutdown (open sessions are ended, as in a real restart) and a start. */
  async restart(): Promise<void> {
    await this.stopServer('fast');
    await this.startServer();
  }

  async stopServer(mode: 'smart' | 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  /** Starts the server (pg_ctl waits for its start-up to finish) and polls pg_isready until TCP connections are accepted. */
  async startServer(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-l', join(this.dir, 'postgres.log'), '-w', '-t', '60', 'start']);
    await eventually(() => this.pg('pg_isready', ['-q', '-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', 'postgres']), () => true, {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
  }

  /** Stops the server if it runs and deletes its directory. */
  async remove(): Promise<void> {
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) await this.stopServer('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
    this.release();
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private pg(program: string, args: string[]): Promise<string> {
    const [file, argv] = this.asOwner(join(this.bin, program), args);
    return runCommand(file, argv, { cwd: this.dir });
  }

  private asOwner(file: string, args: string[]): [string, string[]] {
    return this.owner ? ['runuser', ['-u', this.owner.name, '--', file, ...args]] : [file, args];
  }
}

/** The newest PostgreSQL's server programs: Debian's /usr/lib/postgresql/<version>/bin, else pg_config's. */
function serverBinaries(): string {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin', 'initdb'))) : [];
  if (versions.length) return join(debian, versions.sort((a, b) => Number(a) - Number(b)).at(-1)!, 'bin');
  try {
    const bin = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(join(bin, 'initdb'))) return bin;
  } catch {
    // no pg_config: fall through to the message
  }
  throw new Error('PostgreSQL server programs (initdb, pg_ctl) not found under /usr/lib/postgresql/<version>/bin or pg_config --bindir: install PostgreSQL (npm run infra)');
}

function osUser(name: string): OsUser {
  try {
    const id = (flag: string): number => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
    return { name, uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(`running as root, and PostgreSQL refuses to run as root: the private server needs the OS user '${name}' (created by Debian's postgresql package)`);
  }
}
