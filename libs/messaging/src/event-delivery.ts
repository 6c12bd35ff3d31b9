import type { RmqContext } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { isTransientFailure } from './failures';

export interface DeliveryLogger {
  warn(message: string): void;
  error(message: string): void;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * Runs the work for one delivered event and settles the message with the broker:
 * - success: ack, after the work's transaction committed;
 * - the database or another dependency is unreachable: keep the message and try again with
 *   backoff, so an outage delays events without spending their delivery attempts;
 * - any other failure: nack with requeue; past the queue's delivery limit the broker moves the
 *   message to the dead-letter queue.
 */
export async function settleDelivery(
  ctx: RmqContext,
  work: () => Promise<unknown>,
  logger: DeliveryLogger,
): Promise<void> {
  const channel = ctx.getChannelRef() as Channel;
  const message = ctx.getMessage() as ConsumeMessage;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await work();
      safely(() => channel.ack(message));
      return;
    } catch (error) {
      if (isTransientFailure(error)) {
        logger.warn(`${ctx.getPattern()}: dependency unavailable, retrying (${describe(error)})`);
        await delay(Math.min(100 * 2 ** attempt, MAX_BACKOFF_MS));
        continue;
      }
      const deliveries = Number(message.properties.headers?.['x-delivery-count'] ?? 0) + 1;
      logger.error(`${ctx.getPattern()}: delivery ${deliveries} failed: ${describe(error)}`);
      safely(() => channel.nack(message, false, true));
      return;
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
