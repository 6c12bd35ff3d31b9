import { activeCorrelationId, currentDeadline, endSpan, platformTracer, runWithCorrelation, runWithoutDeadline } from '@spiffworks/messaging';
import { context, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import type { ServiceFailure } from '@spiffworks/messaging';
import type { IdempotentRequest } from './idempotency';
import type { Transaction, Transactions } from './transactions';

/** A request as `GroupCommit` hands it to its work: the command, and the id of the request it came with. */
export interface Submitted<C> {
  command: C;
  correlationId?: string;
  /** The request's own span (a child of its caller's): what it publishes continues it (`withTraceContext`). */
  trace?: Context;
}

export interface GroupCommitOptions {
  /** The most requests one transaction carries. */
  maxBatch: number;
  /** Batches committing at once: the next gathers while one waits on the database. */
  inFlight: number;
  /** What a request is, for its span (`sale`); its transaction's span is `<name> transaction`. */
  spanName: string;
}

interface Waiting<C, T> extends Submitted<C> {
  span: Span;
  idempotency?: IdempotentRequest;
  deadlineAt?: number;
  resolve: (outcome: { value: T; replayed: boolean }) => void;
  reject: (failure: unknown) => void;
}

/**
 * Commits the requests that arrive while others are being committed together, in one transaction
 * (`Transactions.runTogether`): under load one round of statements and one commit carry many
 * requests, each still answered on its own (its value, its replay, its refusal). A request that
 * finds nothing committing goes at once: nobody waits for company.
 */
export class GroupCommit<C, T> {
  private readonly waiting: Array<Waiting<C, T>> = [];
  private committing = 0;

  constructor(
    private readonly transactions: Transactions,
    private readonly work: (tx: Transaction, requests: Array<Submitted<C>>) => Promise<Array<T | ServiceFailure>>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Commits the command with whatever else is waiting; answers its value, or rejects with what refused it. */
  submit(command: C, idempotency?: IdempotentRequest): Promise<{ value: T; replayed: boolean }> {
    // Each request its own span, from submit to answer; the transaction that carries it is linked.
    const span = platformTracer.startSpan(this.options.spanName);
    return new Promise<{ value: T; replayed: boolean }>((resolve, reject) => {
      this.waiting.push({
        command, idempotency, deadlineAt: currentDeadline(), correlationId: activeCorrelationId(), span,
        trace: trace.setSpan(context.active(), span), resolve, reject,
      });
      if (this.committing < this.options.inFlight) void runWithoutDeadline(() => this.commitWaiting());
    }).then(
      (outcome) => {
        endSpan(span);
        return outcome;
      },
      (failure: unknown) => {
        endSpan(span, failure);
        throw failure;
      },
    );
  }

  private async commitWaiting(): Promise<void> {
    this.committing++;
    try {
      for (let batch = this.takeBatch(); batch.length > 0; batch = this.takeBatch()) {
        await runWithCorrelation(batch[0].correlationId, () => this.commit(batch));
      }
    } finally {
      this.committing--;
    }
  }

  /** The oldest waiting requests, at most `maxBatch`, no two with one Idempotency-Key (the later waits for the next batch). */
  private takeBatch(): Array<Waiting<C, T>> {
    const batch: Array<Waiting<C, T>> = [];
    const keys = new Set<string>();
    for (let i = 0; i < this.waiting.length && batch.length < this.options.maxBatch; ) {
      const key = this.waiting[i].idempotency && `${this.waiting[i].idempotency?.scope}\n${this.waiting[i].idempotency?.key}`;
      if (key && keys.has(key)) {
        i++;
        continue;
      }
      if (key) keys.add(key);
      batch.push(...this.waiting.splice(i, 1));
    }
    return batch;
  }

  /**
   * The transaction is a span in the first request's trace (its child), linked to every other
   * request's span, and each of those is linked back to it: one transaction, many traces.
   */
  private async commit(batch: Array<Waiting<C, T>>): Promise<void> {
    const span = platformTracer.startSpan(`${this.options.spanName} transaction`, {
      attributes: { 'group_commit.size': batch.length },
      links: batch.slice(1).map((request) => ({ context: request.span.spanContext() })),
    }, batch[0].trace);
    for (const request of batch.slice(1)) request.span.addLink({ context: span.spanContext() });
    try {
      const outcomes = await context.with(trace.setSpan(batch[0].trace ?? context.active(), span), () =>
        this.transactions.runTogether(batch, (tx, indexes) => this.work(tx, indexes.map((i) => batch[i]))),
      );
      endSpan(span);
      outcomes.forEach((outcome, i) => ('failure' in outcome ? batch[i].reject(outcome.failure) : batch[i].resolve(outcome)));
    } catch (error) {
      endSpan(span, error);
      for (const request of batch) request.reject(error);
    }
  }
}
