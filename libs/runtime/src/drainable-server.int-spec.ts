import { randomBytes } from 'node:crypto';
import { Controller, Injectable, Module } from '@nestjs/common';
import type { CallHandler, ExecutionContext, INestMicroservice, NestInterceptor } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, RmqContext } from '@nestjs/microservices';
import { connect } from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import type { Observable } from 'rxjs';
import { DrainableRmqServer } from './drainable-server';

const url = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const queue = `swt-drain-${randomBytes(4).toString('hex')}`;

/** Lets the test hold the handler in the middle of applying its event. */
class Gate {
  entered = 0;
  private opened!: () => void;
  readonly open = new Promise<void>((resolve) => {
    this.opened = resolve;
  });
  release(): void {
    this.opened();
  }
}
const gate = new Gate();

@Controller()
class HeldHandler {
  @EventPattern('drain.held')
  async apply(@Ctx() ctx: RmqContext): Promise<void> {
    gate.entered += 1;
    await gate.open;
    (ctx.getChannelRef() as Channel).ack(ctx.getMessage() as never);
  }
}

/** Any interceptor turns the handler's result into a stream Nest starts without awaiting. */
@Injectable()
class PassThrough implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle();
  }
}

@Module({ controllers: [HeldHandler] })
class HeldModule {}

async function until(accept: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!accept()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('DrainableRmqServer (real RabbitMQ)', () => {
  let connection: ChannelModel;
  let channel: Channel;
  let app: INestMicroservice;
  let server: DrainableRmqServer;

  beforeAll(async () => {
    connection = await connect(url);
    channel = await connection.createChannel();
    server = new DrainableRmqServer({ urls: [url], queue, queueOptions: { durable: false }, noAck: false });
    app = await NestFactory.createMicroservice(HeldModule, { strategy: server, logger: false });
    app.useGlobalInterceptors(new PassThrough());
    await app.listen();
  });

  afterAll(async () => {
    gate.release();
    await app?.close();
    await channel?.deleteQueue(queue);
    await connection?.close();
  });

  it('counts an event as in flight until its handler finished, even behind an interceptor, and drains when it did', async () => {
    channel.sendToQueue(queue, Buffer.from(JSON.stringify({ pattern: 'drain.held', data: { n: 1 } })));
    await until(() => gate.entered === 1);

    await server.stopConsuming();
    expect(server.pending).toBe(1);
    expect(await server.drained(100)).toBe(false);

    const drained = server.drained(10_000);
    gate.release();
    expect(await drained).toBe(true);
    expect(server.pending).toBe(0);
    // Settled by the handler before it finished: nothing is left on the queue or unacked.
    expect((await channel.checkQueue(queue)).messageCount).toBe(0);
  });
});
