import { randomBytes } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, MessagePattern, Payload, RmqRecord, Transport } from '@nestjs/microservices';
import type { ClientProxy } from '@nestjs/microservices';
import { connect } from 'amqplib';
import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import { firstValueFrom } from 'rxjs';
import { ErrorCode } from '@spiffworks/contracts';
import type { RpcRequest } from '@spiffworks/contracts';
import { assertBeforeDeadline, currentDeadline } from './deadline';
import { RpcCallFailed, requestReply } from './rpc-client';
import { MessageContextInterceptor, ServiceErrorFilter } from './rpc-server';
import type { HandledRequest } from './rpc-server';

// Self-contained (no @spiffworks/testing, which depends on this library) against the real RabbitMQ.
const url = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const run = randomBytes(4).toString('hex');

/** Polls `probe` until `accept` holds, failing after `timeoutMs`. */
async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const clientFor = (queue: string): ClientProxy =>
  ClientProxyFactory.create({ transport: Transport.RMQ, options: { urls: [url], queue, queueOptions: { durable: false, autoDelete: false } } }) as ClientProxy;

describe('RPC deadlines (real RabbitMQ)', () => {
  let connection: ChannelModel;
  let channel: Channel;

  beforeAll(async () => {
    connection = await connect(url);
    channel = await connection.createChannel();
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('publishes a request with its timeout as the message TTL and deadline_at, so the broker drops it once its caller gave up', async () => {
    const queue = `swt-rpc-ttl-${run}`;
    await channel.assertQueue(queue, { durable: false });
    const client = clientFor(queue);
    try {
      const sentAt = Date.now();
      const call = requestReply(client, 'nobody', 'test.nobody-answers', { n: 1 }, null, 1500).catch((error: unknown) => error);
      // Nobody consumes the queue: take the request off it to look at it, then put it back.
      const message = (await until(() => channel.get(queue, { noAck: false }), (m) => m !== false)) as GetMessage;
      expect(message.properties.expiration).toBe('1500');
      const request = (JSON.parse(message.content.toString()) as { data: RpcRequest }).data;
      expect(request.deadline_at).toBeGreaterThanOrEqual(sentAt + 1500);
      expect(request.deadline_at).toBeLessThanOrEqual(Date.now() + 1500);
      channel.nack(message, false, true);

      const failure = await call;
      expect(failure).toBeInstanceOf(RpcCallFailed);
      expect(failure).toMatchObject({ outcome: 'timeout', error: { code: ErrorCode.SERVICE_UNAVAILABLE } });
      // A requeued message keeps its expiry: the broker discards it, no consumer will ever see it.
      await until(async () => (await channel.checkQueue(queue)).messageCount, (count) => count === 0);
    } finally {
      await client.close();
      await channel.deleteQueue(queue);
    }
  });

  describe('a service', () => {
    const queue = `swt-rpc-deadline-${run}`;
    const handled: Array<{ n: number; deadline: number | undefined }> = [];
    const reports: HandledRequest[] = [];
    let service: INestMicroservice;
    let client: ClientProxy;

    @Controller()
    class EchoController {
      @MessagePattern('test.echo')
      echo(@Payload() request: RpcRequest<{ n: number }>): { n: number } {
        handled.push({ n: request.body.n, deadline: currentDeadline() });
        return { n: request.body.n };
      }
    }

    @Controller()
    class SlowController {
      /** Work that runs past its deadline, then reaches the check `Transactions.run` makes before committing. */
      @MessagePattern('test.slow')
      async slow(@Payload() request: RpcRequest<{ n: number }>): Promise<{ n: number }> {
        handled.push({ n: request.body.n, deadline: currentDeadline() });
        while (Date.now() < (currentDeadline() as number)) await new Promise((resolve) => setTimeout(resolve, 10));
        assertBeforeDeadline('test.slow');
        return { n: request.body.n };
      }
    }

    @Module({ controllers: [EchoController, SlowController] })
    class EchoModule {}

    beforeAll(async () => {
      service = await NestFactory.createMicroservice(EchoModule, {
        logger: false,
        transport: Transport.RMQ,
        options: { urls: [url], queue, queueOptions: { durable: false, autoDelete: false }, noAck: false },
      });
      service.useGlobalFilters(new ServiceErrorFilter());
      service.useGlobalInterceptors(new MessageContextInterceptor((request) => reports.push(request)));
      await service.listen();
      client = clientFor(queue);
    });

    afterAll(async () => {
      await client?.close();
      await service?.close();
      await channel.deleteQueue(queue).catch(() => undefined);
    });

    const send = (n: number, deadlineAt: number, pattern = 'test.echo'): Promise<unknown> =>
      firstValueFrom(client.send(pattern, new RmqRecord({ actor: null, correlation_id: `c-${n}`, body: { n }, deadline_at: deadlineAt }, {})));

    it('drops a request that arrives after its deadline without running the handler, acks it and reports it expired', async () => {
      const deadlineAt = Date.now() - 5000;
      await expect(send(1, deadlineAt)).rejects.toMatchObject({ code: ErrorCode.REQUEST_EXPIRED, status: 503 });
      expect(handled.filter((h) => h.n === 1)).toEqual([]);
      const report = reports.find((r) => r.correlationId === 'c-1');
      expect(report).toMatchObject({ pattern: 'test.echo', outcome: 'expired', status: 503 });
      expect(report?.lateByMs).toBeGreaterThanOrEqual(5000);
      // Acked: nothing is left to redeliver.
      expect((await channel.checkQueue(queue)).messageCount).toBe(0);
    });

    it('runs a request that arrives in time with its deadline in scope (what Transactions.run checks before committing)', async () => {
      const deadlineAt = Date.now() + 30_000;
      await expect(send(2, deadlineAt)).resolves.toEqual({ n: 2 });
      expect(handled.filter((h) => h.n === 2)).toEqual([{ n: 2, deadline: deadlineAt }]);
      expect(reports.find((r) => r.correlationId === 'c-2')).toMatchObject({ outcome: 'ok', status: 200 });
      expect(currentDeadline()).toBeUndefined();
    });

    it('fails, and reports expired, a handler that started in time but reached its commit past the deadline', async () => {
      const deadlineAt = Date.now() + 300;
      await expect(send(3, deadlineAt, 'test.slow')).rejects.toMatchObject({ code: ErrorCode.REQUEST_EXPIRED, status: 503 });
      expect(handled.filter((h) => h.n === 3)).toEqual([{ n: 3, deadline: deadlineAt }]);
      const report = reports.find((r) => r.correlationId === 'c-3');
      expect(report).toMatchObject({ pattern: 'test.slow', outcome: 'expired', status: 503 });
      expect(report?.lateByMs).toBeGreaterThanOrEqual(0);
    });
  });
});
