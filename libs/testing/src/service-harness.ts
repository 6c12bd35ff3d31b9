import type { DynamicModule, INestApplication, INestApplicationContext, InjectionToken, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { EnvelopeOf, EventEnvelope, EventPayloads, EventType, ServiceError, ServiceName } from '@spiffworks/contracts';
import { InboxBatcher, MessagingTopology, appendToOutboxBeforeCommit, createEnvelope, toServiceError } from '@spiffworks/messaging';
import type { BatchLock, InboxOutcome } from '@spiffworks/messaging';
import { BrokerConnection, Transaction, createServiceApp, platformLogger } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { TestBroker } from './broker';
import { countRows, openServiceDb } from './database';
import { dropNamespaceDatabases, isolatedConfig, removeNamespace } from './namespace';
import { eventually } from './polling';
import { TestRpcClient } from './rpc';

export interface ServiceHarnessOptions {
  /** The service whose database the harness makes (`<namespace>_<service>`, migrated). */
  service: ServiceName;
  /** Its root module (e.g. `FulfillmentAppModule.register`), or a module of some of its features with `ServiceRuntimeModule`. */
  module: (config: PlatformConfig) => DynamicModule | Type;
  /** Settings over the test defaults (e.g. `ADMIN_EMAIL`). */
  env?: Record<string, string>;
  /**
   * Providers replaced by stand-ins, without the broker only: what another service would answer
   * over RPC (e.g. fulfillment's line to the ledger), so the test decides it.
   */
  standIns?: Array<{ provide: InjectionToken; useValue: unknown }>;
}

/**
 * A service on a database of its own, its providers resolved from Nest DI exactly as they run, so a
 * test calls their public methods and survives their internals moving. Without the broker (a
 * "medium" test) nothing runs in the background: the outbox relay is not started, so the events the
 * service published stay rows of its outbox, and the test asserts on them.
 */
export class ServiceHarness {
  private readonly inbox: InboxBatcher;
  private readonly seen = new Set<string>();

  protected constructor(
    readonly service: ServiceName,
    readonly config: PlatformConfig,
    /** A direct connection to the service's database, for what it stored. */
    readonly db: Pool,
    private readonly context: INestApplicationContext,
  ) {
    this.inbox = new InboxBatcher(context.get(DataSource));
  }

  /** Without the broker: the service's module compiled against a fresh, migrated database. */
  static async medium(options: ServiceHarnessOptions): Promise<ServiceHarness> {
    const config = isolatedConfig(options.env);
    let context: INestApplicationContext | undefined;
    try {
      let builder = Test.createTestingModule({ imports: [options.module(config)] })
        .setLogger(platformLogger(config, options.service))
        .overrideProvider(BrokerConnection)
        .useValue(absentBroker(config));
      for (const standIn of options.standIns ?? []) builder = builder.overrideProvider(standIn.provide).useValue(standIn.useValue);
      // Compiled, never initialized: no relay, no retention purge, no dead-letter consumer.
      context = await builder.compile();
      return new ServiceHarness(options.service, config, openServiceDb(config, options.service), context);
    } catch (error) {
      await context?.close().catch(() => undefined);
      await dropNamespaceDatabases(config);
      throw error;
    }
  }

  /** The service's provider (a service, a repository, its `DataSource`…), as Nest wired it. */
  get<T>(token: Type<T> | string | symbol): T {
    return this.context.get(token, { strict: false });
  }

  rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query(sql, params).then((result) => result.rows as T[]);
  }

  /** `sql` selects one `count` column. */
  count(sql: string, params: unknown[] = []): Promise<number> {
    return countRows(this.db, sql, params);
  }

  /**
   * Every event the service wrote to its outbox, oldest first (`type` keeps those of one type).
   * Within one transaction rows keep the order they were written in: the relay never updates them here.
   */
  outbox(): Promise<EventEnvelope[]>;
  outbox<T extends EventType>(type: T): Promise<Array<EnvelopeOf<T>>>;
  async outbox(type?: EventType): Promise<EventEnvelope[]> {
    const rows = await this.rows<{ envelope: EventEnvelope }>(
      `SELECT envelope FROM outbox WHERE $1::text IS NULL OR routing_key = $1
       ORDER BY created_at, envelope->>'occurred_at', ctid`,
      [type ?? null],
    );
    return rows.map((r) => r.envelope);
  }

  /** The events written since the last call (since the start, the first time): what one step published. */
  async newEvents(): Promise<EventEnvelope[]> {
    const fresh = (await this.outbox()).filter((e) => !this.seen.has(e.id));
    for (const event of fresh) this.seen.add(event.id);
    return fresh;
  }

  /** An event as its owning service would publish it. */
  envelope<T extends EventType>(type: T, payload: EventPayloads[T], source = 'test'): EnvelopeOf<T> {
    return createEnvelope(type, payload, source);
  }

  /**
   * Applies a consumed event as the service's consumer does: the envelope recorded in the inbox and
   * `effect`'s changes and events in one transaction, once ('duplicate' for a redelivery). An effect
   * that throws (say, NotReadyYet) leaves nothing, and the same envelope can be consumed again.
   */
  consume(envelope: EventEnvelope, effect: (tx: Transaction) => Promise<unknown>, lock?: BatchLock): Promise<InboxOutcome> {
    return this.inbox.process(envelope, async (manager) => {
      const tx = new Transaction(manager, this.service);
      await effect(tx);
      appendToOutboxBeforeCommit(manager, tx.events);
    }, lock);
  }

  /** Closes the service and its connections and drops the databases it made. */
  async close(): Promise<void> {
    await this.db.end().catch(() => undefined);
    try {
      await this.context.close();
    } finally {
      await dropNamespaceDatabases(this.config);
    }
  }
}

/**
 * The service as it runs in a process, on the run's own broker namespace: RPC and event servers,
 * the outbox relay; with the test's view of the broker (`broker`) and an RPC client (`rpc`).
 */
export class BrokerServiceHarness extends ServiceHarness {
  private constructor(
    service: ServiceName,
    config: PlatformConfig,
    db: Pool,
    readonly app: INestApplication,
    readonly broker: TestBroker,
    readonly rpc: TestRpcClient,
  ) {
    super(service, config, db, app);
  }

  static async start(options: Omit<ServiceHarnessOptions, 'standIns'>): Promise<BrokerServiceHarness> {
    const config = isolatedConfig(options.env);
    const made: { app?: INestApplication; broker?: TestBroker; db?: Pool; rpc?: TestRpcClient } = {};
    try {
      made.app = await createServiceApp(options.service, options.module(config), config);
      await made.app.listen(0);
      made.broker = await TestBroker.open(config);
      made.db = openServiceDb(config, options.service);
      made.rpc = TestRpcClient.create(config, options.service);
      return new BrokerServiceHarness(options.service, config, made.db, made.app, made.broker, made.rpc);
    } catch (error) {
      await closeAll(made);
      await removeNamespace(config);
      throw error;
    }
  }

  /** Publishes the events together (the service may apply them in any order) and waits until all are applied. */
  async apply(...events: EventEnvelope[]): Promise<void> {
    for (const event of events) this.broker.publish(event);
    await this.applied(events);
  }

  /** Waits until the service's consumer has recorded every one of the events in its inbox. */
  async applied(events: EventEnvelope[]): Promise<void> {
    const ids = events.map((e) => e.id);
    await eventually(() => this.count('SELECT count(*) FROM inbox WHERE id = ANY ($1::uuid[])', [ids]), (n) => n === ids.length);
  }

  /** Closes the service and the test's connections; drops the databases, queues, exchanges and keys of the run. */
  override async close(): Promise<void> {
    try {
      await closeAll(this);
    } finally {
      await removeNamespace(this.config);
    }
  }
}

async function closeAll(made: { app?: INestApplication; broker?: TestBroker; db?: Pool; rpc?: TestRpcClient }): Promise<void> {
  await made.rpc?.close().catch(() => undefined);
  await made.db?.end().catch(() => undefined);
  await made.broker?.close();
  await made.app?.close();
}

/** The service without RabbitMQ ("medium"): its providers on a fresh database; events stay in the outbox. */
export function serviceHarness(options: ServiceHarnessOptions): Promise<ServiceHarness>;
/** The service with the run's own RabbitMQ: for tests of what it does over RPC and events. */
export function serviceHarness(options: Omit<ServiceHarnessOptions, 'standIns'> & { broker: true }): Promise<BrokerServiceHarness>;
export function serviceHarness(options: ServiceHarnessOptions & { broker?: true }): Promise<ServiceHarness> {
  return options.broker ? BrokerServiceHarness.start(options) : ServiceHarness.medium(options);
}

/** What the service's caller is told when `work` fails (its code and status); fails the test if it succeeds. */
export async function refusalOf(work: Promise<unknown>): Promise<ServiceError> {
  try {
    await work;
  } catch (error) {
    return toServiceError(error);
  }
  throw new Error('the service did it: a refusal was expected');
}

/**
 * Stands in for the broker connection without RabbitMQ: the run's topology names, and a publisher
 * that refuses, so nothing leaves the outbox. Its address reaches no broker, so an RPC to another
 * service a test left without a stand-in fails at once, as with that service down.
 */
function absentBroker(config: PlatformConfig): Partial<BrokerConnection> {
  const topology = new MessagingTopology(config.MESSAGING_NAMESPACE);
  const refuse = (): Promise<never> => Promise.reject(new Error('no broker in a test without one: the event stays in the outbox'));
  return {
    topology,
    publisher: { publish: refuse, waitForConnect: refuse, close: () => Promise.resolve() } as unknown as BrokerConnection['publisher'],
    settings: { url: 'amqp://127.0.0.1:1', topology, prefetch: 1 },
    isConnected: () => false,
    ready: () => Promise.resolve(),
    onApplicationShutdown: () => Promise.resolve(),
  } as Partial<BrokerConnection>;
}
