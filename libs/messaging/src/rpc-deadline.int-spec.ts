import { Controller, Module } from '@nestjs/common';
import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, MessagePattern, Payload, RmqRecord, Transport } from '@nestjs/microservices';
import type { ClientProxy } from '@nestjs/microservices';
import { connect } from 'amqplib';
import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import type { DataSource } from 'typeorm';
import { firstValueFrom } from 'rxjs';
import { ErrorCode } from '@spiffworks/contracts';
import type { RpcRequest } from '@spiffworks/contracts';
import { dropDatabase, openServiceDataSource, testDatabase, testNamespace } from '@spiffworks/persistence';
import { beforeCommit, runBeforeCommitHooks } from './commit-hooks';
import { runWithCorrelation } from './correlation';
import { assertBeforeDeadline, currentDeadline } from './deadline';
import { RpcCallFailed, requestReply } from './rpc-client';
import { MessageContextInterceptor, ServiceErrorFilter } from './rpc-server';
import type { HandledRequest } from './rpc-server';

// Self-contained (no @spiffworks/testing, which depends on this library) against the real RabbitMQ and PostgreSQL.
const url = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const run = testNamespace();

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

  it('publishes a request with its timeout less the margin as the message TTL and deadline_at, so the broker drops it before its caller gives up', async () => {
    const queue = `swt-rpc-ttl-${run}`;
    await channel.assertQueue(queue, { durable: false });
    const client = clientFor(queue);
    try {
      const sentAt = Date.now();
      const call = requestReply(client, 'nobody', 'test.nobody-answers', { n: 1 }, null, 1500).catch((error: unknown) => error);
      // Nobody consumes the queue: take the request off it to look at it, then put it back.
      const message = (await until(() => channel.get(queue, { noAck: false }), (m) => m !== false)) as GetMessage;
      // The default margin for 1500 ms: max(500 ms, 10 %) = 500 ms; the caller still waits 1500 ms.
      expect(message.properties.expiration).toBe('1000');
      const request = (JSON.parse(message.content.toString()) as { data: RpcRequest }).data;
      expect(request.deadline_at).toBeGreaterThanOrEqual(sentAt + 1000);
      expect(request.deadline_at).toBeLessThanOrEqual(Date.now() + 1000);
      channel.nack(message, false, true);

      const failure = await call;
      expect(failure).toBeInstanceOf(RpcCallFailed);
      expect(failure).toMatchObject({ outcome: 'timeout', error: { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'nobody service did not answer within 1500 ms' } });
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1500);
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

    /**
     * `Transactions.run` in small, against the real PostgreSQL: the work, its before-commit hooks
     * (here: waiting until `check_at`, a moment the test chooses relative to the caller's timeout),
     * the deadline check, then COMMIT, which takes `commit_ms` (a deferred trigger: the commit's
     * own latency, after the check).
     */
    @Controller()
    class CommitController {
      @MessagePattern('test.commit')
      commit(@Payload() request: RpcRequest<{ n: number; check_at: number; commit_ms: number }>): Promise<{ n: number }> {
        const { n, check_at, commit_ms } = request.body;
        return dataSource.transaction(async (manager) => {
          await manager.query('INSERT INTO sales (n, commit_ms) VALUES ($1, $2)', [n, commit_ms]);
          beforeCommit(manager, async () => {
            while (Date.now() < check_at) await new Promise((resolve) => setTimeout(resolve, 5));
          });
          await runBeforeCommitHooks(manager);
          assertBeforeDeadline('test.commit');
          return { n };
        });
      }
    }

    @Module({ controllers: [EchoController, SlowController, CommitController] })
    class EchoModule {}

    const target = testDatabase('deadlinetest', run);
    let dataSource: DataSource;

    beforeAll(async () => {
      dataSource = await openServiceDataSource({ target, poolSize: 2, entities: [], migrations: [], applicationName: 'rpc-deadline-test' });
      await dataSource.query(`
        CREATE TABLE sales (n integer PRIMARY KEY, commit_ms integer NOT NULL);
        CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN PERFORM pg_sleep(NEW.commit_ms / 1000.0); RETURN NULL; END $$;
        CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON sales DEFERRABLE INITIALLY DEFERRED
          FOR EACH ROW EXECUTE FUNCTION slow_commit();
      `);
    });

    afterAll(async () => {
      await dataSource?.destroy();
      await dropDatabase(target);
    });

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

    describe('the margin: a command that passes the check commits, and is answered, before its caller gives up', () => {
      const TIMEOUT_MS = 3000;
      const MARGIN_MS = 1000;
      const salesNumbered = async (n: number): Promise<number> =>
        ((await dataSource.query('SELECT count(*)::int AS count FROM sales WHERE n = $1', [n])) as Array<{ count: number }>)[0].count;
      /** Calls test.commit as the gateway does; `checkBeforeGivingUp`: how long before the caller's timeout the handler reaches its check. */
      const call = (n: number, checkBeforeGivingUp: number, commitMs: number): Promise<unknown> => {
        const givesUpAt = Date.now() + TIMEOUT_MS;
        return runWithCorrelation(`c-commit-${n}`, () =>
          requestReply(client, 'deadline', 'test.commit', { n, check_at: givesUpAt - checkBeforeGivingUp, commit_ms: commitMs }, null, TIMEOUT_MS, undefined, MARGIN_MS),
        ).catch((error: unknown) => error);
      };
      const settled = (n: number) => until(async () => reports.find((r) => r.correlationId === `c-commit-${n}`), (r) => r !== undefined);

      it('rolls back, with REQUEST_EXPIRED, a transaction that reaches its check margin/2 before the caller gives up and would commit after it', async () => {
        // Checked at timeout − 500 ms, its COMMIT takes 1000 ms: without the margin it would pass
        // the check and commit 500 ms after the caller answered 503.
        const failure = await call(10, MARGIN_MS / 2, MARGIN_MS);
        expect(failure).toBeInstanceOf(RpcCallFailed);
        // Answered by the service (not the caller's timeout): the client knows nothing was done.
        expect(failure).toMatchObject({ outcome: 'unavailable', error: { code: ErrorCode.REQUEST_EXPIRED, status: 503 } });
        expect(await settled(10)).toMatchObject({ pattern: 'test.commit', outcome: 'expired', status: 503 });
        expect(await salesNumbered(10)).toBe(0);
      });

      it('commits a transaction that reaches its check before the margin, with its commit latency inside the margin', async () => {
        const answer = await call(11, MARGIN_MS + MARGIN_MS / 2, MARGIN_MS / 2);
        expect(answer).toEqual({ n: 11 });
        expect(await settled(11)).toMatchObject({ pattern: 'test.commit', outcome: 'ok', status: 200 });
        expect(await salesNumbered(11)).toBe(1);
      });
    });
  });
});
