import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DatabaseTarget } from '@spiffworks/persistence';

/**
 * Runs psql commands (`-c`, in order) on a database, for the references PostgreSQL measures with
 * its own COPY (no copy-stream package is a dependency): `input` is fed to its stdin, for
 * `COPY … FROM STDIN`; its stdout goes to `output`, for `COPY … TO STDOUT`. Fails on a non-zero exit,
 * with what psql printed on stderr.
 */
export async function psql(target: DatabaseTarget, commands: string[], io: { input?: Iterable<Buffer>; output?: Writable } = {}): Promise<void> {
  const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', target.host, '-p', String(target.port), '-U', target.user, '-d', target.database, ...commands.flatMap((c) => ['-c', c])], {
    env: { ...process.env, ...(target.password && { PGPASSWORD: target.password }) },
    stdio: [io.input ? 'pipe' : 'ignore', io.output ? 'pipe' : 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk) => (errors += String(chunk)));
  const exited = new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  // A psql that fails mid-COPY closes its stdin: its own message says more than the broken pipe.
  let inputFailure: unknown;
  const [, , code] = await Promise.all([
    io.input && child.stdin ? pipeline(Readable.from(io.input), child.stdin).catch((error: unknown) => (inputFailure = error)) : undefined,
    io.output && child.stdout ? pipeline(child.stdout, io.output) : undefined,
    exited,
  ]);
  if (code !== 0) throw new Error(`psql exited with ${code}: ${errors.trim()}`);
  if (inputFailure) throw inputFailure;
}
