import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { RmqContext } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, EventType } from '@spiffworks/contracts';
import { OutboxRelay, appendToOutbox, createEnvelope, processOnce, runWithCorrelation, settleDelivery } from '@spiffworks/messaging';
import { BrokerConnection } from './broker';
import { PLATFORM_CONFIG } from './config';
import type { PlatformConfig } from './config';
import { SERVICE_NAME } from './tokens';

/** A database transaction that can also publish events: they go out only if it commits. */
export class Transaction {
  readonly events: EventEnvelope[] = [];

  constructor(
    readonly manager: EntityManager,
    private readonly source: string,
  ) {}

  publish<P>(type: EventType, payload: P): void {
    this.events.push(createEnvelope(type, payload, this.source));
  }
}

/**
 * The one way services change state: inside a transaction whose events are written to the outbox
 * with it (`run`), or, for a consumed event, together with its inbox record (`consume`).
 */
@Injectable()
export class Transactions implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly relay: OutboxRelay;
  private readonly logger = new Logger('Transactions');

  constructor(
    private readonly dataSource: DataSource,
    broker: BrokerConnection,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {
    this.relay = new OutboxRelay(dataSource, broker.publisher, {
      exchange: broker.topology.eventsExchange,
      batchSize: 500,
      pollMs: config.OUTBOX_POLL_MS,
      onError: (error) => this.logger.warn(`outbox relay: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let published = false;
    const result = await this.dataSource.transaction(async (manager) => {
      const tx = new Transaction(manager, this.service);
      const value = await work(tx);
      await appendToOutbox(manager, tx.events);
      published = tx.events.length > 0;
      return value;
    });
    if (published) this.relay.kick();
    return result;
  }

  /** Applies a consumed event once (inbox), then acks it; see `settleDelivery` for failures. */
  async consume(ctx: RmqContext, envelope: EventEnvelope, effect: (tx: Transaction) => Promise<void>): Promise<void> {
    await runWithCorrelation(envelope.correlation_id, () =>
      settleDelivery(
        ctx,
        async () => {
          let published = false;
          await processOnce(this.dataSource, envelope, async (manager) => {
            const tx = new Transaction(manager, this.service);
            await effect(tx);
            await appendToOutbox(manager, tx.events);
            published = tx.events.length > 0;
          });
          if (published) this.relay.kick();
        },
        this.logger,
      ),
    );
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** Runs before the broker connection and database close, so the relay can flush. */
  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }
}
