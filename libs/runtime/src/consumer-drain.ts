import { Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import type { DrainableRmqServer } from './drainable-server';

/** How long shutdown waits for in-flight messages before closing anyway (they are redelivered). */
export const DRAIN_TIMEOUT_MS = 8_000;

/**
 * First step of shutdown (onModuleDestroy runs before every other hook): stop consuming events
 * and requests, then wait for the messages being handled to finish and be settled. Then, in
 * order: the outbox relay flushes (Transactions, beforeApplicationShutdown), Nest closes the
 * microservices' connections (dispose), and the broker connection and database close
 * (onApplicationShutdown).
 */
@Injectable()
export class ConsumerDrain implements OnModuleDestroy {
  private readonly servers: DrainableRmqServer[] = [];
  private readonly stoppers: Array<() => Promise<void>> = [];
  private readonly logger = new Logger('Shutdown');

  register(server: DrainableRmqServer): void {
    this.servers.push(server);
  }

  /** Another consumer (e.g. the dead-letter keeper) that must stop with the others. */
  onStop(stop: () => Promise<void>): void {
    this.stoppers.push(stop);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.servers.map((s) => s.stopConsuming()), ...this.stoppers.map((stop) => stop())]);
    const pending = this.servers.reduce((sum, s) => sum + s.pending, 0);
    if (pending > 0) this.logger.log(`waiting for ${pending} in-flight message(s)`);
    const drained = await Promise.all(this.servers.map((s) => s.drained(DRAIN_TIMEOUT_MS)));
    if (drained.includes(false)) this.logger.warn('in-flight messages did not finish in time; they will be redelivered');
  }
}
