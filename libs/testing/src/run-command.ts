import { execFile } from 'node:child_process';

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs a program to its end and resolves with what it printed; rejects with its output when it fails. */
export function runCommand(file: string, args: string[], options: CommandOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`.trim()));
      else resolve(stdout);
    });
  });
}

const atExit = new Set<() => void>();

/**
 * Runs `cleanup` (synchronous) if the process exits while it is still registered, so a test run that
 * dies before its afterAll leaves no private server behind; call the returned function once cleaned up.
 */
export function cleanUpAtExit(cleanup: () => void): () => void {
  if (atExit.size === 0) {
    process.once('exit', runAtExit);
    for (const signal of STOP_SIGNALS) process.once(signal, stopOnSignal);
  }
  atExit.add(cleanup);
  return () => {
    atExit.delete(cleanup);
    if (atExit.size > 0) return;
    process.removeListener('exit', runAtExit);
    for (const signal of STOP_SIGNALS) process.removeListener(signal, stopOnSignal);
  };
}

/** Signals that end a test run (Ctrl-C, a timeout's kill) without an 'exit' event of their own. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function stopOnSignal(signal: NodeJS.Signals): void {
  runAtExit();
  atExit.clear();
  process.kill(process.pid, signal); // the once-listener is gone: the default action ends the process
}

function runAtExit(): void {
  for (const cleanup of atExit) {
    try {
      cleanup();
    } catch {
      // Best effort on the way out: the next cleanup still runs.
    }
  }
}
