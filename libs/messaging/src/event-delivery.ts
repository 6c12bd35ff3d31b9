import type { RmqContext } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { NotReadyYet, isTransientFailure } from './failures';
import { describeDelivery } from './dead-letters';
import type { DeliveredMessage } from './dead-letters';

export interface DeliveryLogger {
  warn(message: string): void;
  error(message: string): void;
}

const MAX_BACKOFF_MS = 5_000;

/** How a delivery was settled: acked after its work committed, or nacked for another attempt (or the DLQ). */
export type DeliveryOutcome = 'acked' | 'nacked';

/** Where each failed attempt's error is kept, so it travels with the message into the dead letters. */
export interface DeliveryFailureLog {
  record(delivered: DeliveredMessage, error: string): Promise<void>;
  clear(id: string): Promise<void>;
}

/** An event waiting for another (NotReadyYet) waits about a minute, then counts as a failed delivery. */
const MAX_NOT_READY_ATTEMPTS = 20;

/**
 * Runs the work for one delivered event and settles the message with the broker:
 * - success: ack, after the work's transaction committed;
 * - the database or another dependency is unreachable: keep the message and try again with
 *   backoff, so an outage delays events without spending their delivery attempts;
 * - any other failure: nack with requeue; past the queue's delivery limit the broker moves the
 *   message to the dead-letter queue.
 * With a `failures` log, each failed attempt's error is committed (keyed by envelope id) before the
 * nack. The broker itself moves the message to the dead-letter queue, atomically, past the limit;
 * no step of ours sits between "taken off the queue" and "in the DLQ", so a crash cannot lose it.
 */
export async function settleDelivery(
  ctx: RmqContext,
  work: () => Promise<unknown>,
  logger: DeliveryLogger,
  failures?: DeliveryFailureLog,
): Promise<DeliveryOutcome> {
  const channel = ctx.getChannelRef() as Channel;
  const message = ctx.getMessage() as ConsumeMessage;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await work();
      if (failures && Number(message.properties.headers?.['x-delivery-count'] ?? 0) > 0) {
        await failures.clear(describeDelivery(message).id).catch(() => undefined);
      }
      safely(() => channel.ack(message));
      return 'acked';
    } catch (error) {
      if (isTransientFailure(error) && !(error instanceof NotReadyYet && attempt > MAX_NOT_READY_ATTEMPTS)) {
        logger.warn(`${ctx.getPattern()}: dependency unavailable, retrying (${describe(error)})`);
        await delay(Math.min(100 * 2 ** attempt, MAX_BACKOFF_MS));
        continue;
      }
      const deliveries = Number(message.properties.headers?.['x-delivery-count'] ?? 0) + 1;
      logger.error(`${ctx.getPattern()}: delivery ${deliveries} failed: ${describe(error)}`);
      if (failures) {
        // Best effort: if even this cannot be written the message still dead-letters, with the
        // broker's reason instead of the handler's error.
        await failures
          .record(describeDelivery(message), describe(error))
          .catch((recordError: unknown) => logger.warn(`could not record the failure: ${describe(recordError)}`));
      }
      safely(() => channel.nack(message, false, true));
      return 'nacked';
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A closed channel cannot settle; the broker then redelivers, and the inbox makes that harmless. */
function safely(settle: () => void): void {
  try {
    settle();
  } catch {
    // channel already closed
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
