import { Worker } from 'node:worker_threads';
import { PASSWORD_HASH_COST } from './passwords';

/** The thread's code: bcrypt (the same library and cost as `hashPassword`) on each password it is sent. */
const THREAD = `
const { parentPort } = require('node:worker_threads');
const bcrypt = require('bcryptjs');
parentPort.on('message', ({ id, password, cost }) => {
  try {
    parentPort.postMessage({ id, hash: bcrypt.hashSync(password, cost) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

/**
 * Hashes many passwords (a partner file's) on a thread of their own, so that a few hundred bcrypt
 * runs — ~70 ms of CPU each — never hold the service's event loop: its RPCs (sign-in, the import's
 * status) keep being answered meanwhile. One password at a time is `hashPassword`'s job.
 */
export class PasswordHashingThread {
  private worker: Worker | null = null;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (hash: string) => void; reject: (error: Error) => void }>();

  hash(password: string): Promise<string> {
    const worker = this.started();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, password, cost: PASSWORD_HASH_COST });
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(THREAD, { eval: true });
    // An idle thread never keeps the process alive.
    worker.unref();
    worker.on('message', ({ id, hash, error }: { id: number; hash?: string; error?: string }) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (hash) waiter?.resolve(hash);
      else waiter?.reject(new Error(`hashing a password failed: ${error}`));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error('the password hashing thread stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
