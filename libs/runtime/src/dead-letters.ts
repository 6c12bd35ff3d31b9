import { Controller, Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { ConsumeMessage } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import { DataSource } from 'typeorm';
import { DEAD_LETTERS_PATTERNS, ErrorCode } from '@spiffworks/contracts';
import type { ConsumingService, DeadLetterView, RpcRequest } from '@spiffworks/contracts';
import { ServiceFailure, fileDeadLetter, isTransientFailure, listDeadLetters, replayDeadLetter } from '@spiffworks/messaging';
import { BrokerConnection } from './broker';
import { ConsumerDrain } from './consumer-drain';
import { PlatformMetrics } from './metrics';
import { SERVICE_NAME } from './tokens';

/**
 * Files every message the broker dead-letters for this service into its `delivery_failures`
 * table (with the error its attempts recorded), acking the DLQ copy only after that commit: a
 * crash in between redelivers it and filing is idempotent, so a dead letter is never lost. The
 * table, shared by every replica of the service, is what admins list and replay from.
 */
@Injectable()
export class DeadLetterKeeper implements OnApplicationBootstrap {
  private channel: ChannelWrapper | null = null;
  private readonly logger = new Logger('DeadLetters');

  constructor(
    private readonly dataSource: DataSource,
    private readonly broker: BrokerConnection,
    private readonly drain: ConsumerDrain,
    @Inject(SERVICE_NAME) private readonly service: ConsumingService,
    private readonly metrics: PlatformMetrics,
  ) {
    metrics.initQueue(broker.topology.eventQueue(service));
  }

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.broker.topology.deadLetterQueue(this.service);
    this.channel = this.broker.createChannel();
    await this.channel.consume(queue, (message) => void this.file(message), { prefetch: 10 });
    this.drain.onStop(async () => {
      await this.channel?.cancelAll().catch(() => undefined);
    });
  }

  private async file(message: ConsumeMessage): Promise<void> {
    const channel = this.channel as ChannelWrapper;
    try {
      await fileDeadLetter(this.dataSource, message);
      channel.ack(message);
      this.metrics.messagesDeadLettered.inc({ queue: this.broker.topology.eventQueue(this.service) });
      this.logger.warn(`dead-lettered ${message.fields.routingKey || 'a message'} filed (${message.properties.messageId ?? 'no message id'})`);
    } catch (error) {
      this.logger.warn(`could not file a dead letter: ${error instanceof Error ? error.message : String(error)}`);
      if (isTransientFailure(error)) await new Promise((resolve) => setTimeout(resolve, 1000));
      channel.nack(message, false, true);
    }
  }

  list(): Promise<{ items: DeadLetterView[]; total: number }> {
    return listDeadLetters(this.dataSource, this.service);
  }

  /** Back onto the service's own queue (only this service sees it), as a new message. */
  replay(id: string): Promise<boolean> {
    const queue = this.broker.topology.eventQueue(this.service);
    return replayDeadLetter(this.dataSource, id, async (content, messageId) => {
      await this.broker.publisher.publish('', queue, content, {
        persistent: true,
        messageId,
        contentType: 'application/json',
        headers: { 'x-replayed-at': new Date().toISOString() },
      });
    });
  }
}

/** Answers the gateway's dead-letter requests (admin only) for this service's own dead letters. */
@Controller()
export class DeadLettersHandler {
  constructor(private readonly keeper: DeadLetterKeeper) {}

  @MessagePattern(DEAD_LETTERS_PATTERNS.List)
  list(@Payload() request: RpcRequest): Promise<{ items: DeadLetterView[]; total: number }> {
    assertAdmin(request);
    return this.keeper.list();
  }

  @MessagePattern(DEAD_LETTERS_PATTERNS.Replay)
  async replay(@Payload() request: RpcRequest<{ id?: unknown }>): Promise<{ id: string; replayed: true }> {
    assertAdmin(request);
    const id = request.body?.id;
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw ServiceFailure.notFound(ErrorCode.DEAD_LETTER_NOT_FOUND, 'dead letter', String(id));
    if (!(await this.keeper.replay(id))) throw ServiceFailure.notFound(ErrorCode.DEAD_LETTER_NOT_FOUND, 'dead letter', id);
    return { id, replayed: true };
  }
}

function assertAdmin(request: RpcRequest): void {
  if (request?.actor?.role !== 'admin') throw new ServiceFailure(ErrorCode.FORBIDDEN, 'dead letters are for admins only');
}
