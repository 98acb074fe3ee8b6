import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { Pool, PoolClient } from 'pg';
import { inTransaction, migrate } from '@perheverkko/event-store';
import { ContractViolation, type ContractRegistry, type IntegrationEvent } from '@perheverkko/contracts';
import type { DeadLetterSink } from './dead-letters';
import type { TransportMessage } from './messages';
import { isTransientFailure } from './transient-failure';
import { messageOf } from '@perheverkko/decider';

/**
 * A consumer's reaction to the events it subscribes to; its database work runs in the given transaction. `Prepared` is
 * what its `prepare` reads and its `handle` then receives (the processor passes one to the other unchanged).
 */
export interface IntegrationEventHandler<Prepared = unknown> {
  /** Stable name: the consumer group, and the key of "event X processed by consumer Y". */
  readonly consumer: string;
  readonly handles: readonly string[];
  /**
   * A policy whose effect is an append to its own service's event store (idempotent there: command id = event id)
   * runs outside the processed-record transaction. Holding that transaction open while the store writes on
   * another connection would deadlock the embedded database's single backend, and gains nothing (ADR 0007).
   */
  readonly effectsInOwnStore?: boolean;
  /**
   * Reads the effect needs from other connections (a case key to open sealed fields), done before the
   * processed-record transaction opens: inside it, another connection would wait on the embedded database's single
   * backend for ever. Its result is passed to `handle`. Runs for duplicates too, so it must not write.
   */
  prepare?(event: IntegrationEvent): Promise<Prepared>;
  /** `tx` is the processed-record transaction for handlers whose effect is a row in this database. */
  handle(event: IntegrationEvent, tx?: PoolClient, prepared?: Prepared): Promise<void>;
}

type ProcessingOutcome = 'handled' | 'duplicate' | 'ignored' | 'dead-lettered';

interface MessageProcessorOptions {
  pool: Pool;
  /** Schema of the consuming service, where its processed-events record lives. */
  schema: string;
  registry: ContractRegistry;
  handler: IntegrationEventHandler;
  deadLetters: DeadLetterSink;
  /** Attempts for a failure that is not transient before the message is dead-lettered. */
  maxAttempts?: number;
  /** First wait before retrying a transient failure; doubles up to 30 s. */
  retryDelayMs?: number;
  /** Stops retrying a transient failure (shutdown); the message then stays unacknowledged. */
  signal?: AbortSignal;
  onRetry?: (error: Error, attempt: number) => void;
}

/**
 * The consumer core both transports share. The handler's effect and the record "event X processed by consumer Y"
 * commit in one transaction, so a redelivered event has no second effect; transports acknowledge (commit the
 * offset, advance the checkpoint) only after `process` returns.
 */
export class MessageProcessor {
  private readonly processedTable: string;

  private constructor(private readonly options: MessageProcessorOptions) {
    this.processedTable = `"${options.schema}".processed_events`;
  }

  static async open(options: MessageProcessorOptions): Promise<MessageProcessor> {
    await migrate(options.pool, `perheverkko.processed_events.${options.schema}`, [
      `create schema if not exists "${options.schema}"`,
      `create table if not exists "${options.schema}".processed_events (
        consumer text not null,
        event_id uuid not null,
        processed_at timestamptz not null default now(),
        primary key (consumer, event_id))`,
    ]);
    return new MessageProcessor(options);
  }

  get consumer(): string {
    return this.options.handler.consumer;
  }

  /**
   * @param alsoInTransaction work that must commit with the outcome, whatever it is (an embedded consumer's
   *   checkpoint); it runs in the same transaction as the effect.
   */
  async process(message: TransportMessage, alsoInTransaction?: (tx: PoolClient) => Promise<void>): Promise<ProcessingOutcome> {
    const { registry, handler, deadLetters } = this.options;
    let event: IntegrationEvent;
    try {
      event = registry.read(message.value);
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      await deadLetters.send(message, error, handler.consumer);
      await this.commitOnly(alsoInTransaction);
      return 'dead-lettered';
    }
    if (!handler.handles.includes(event.type)) {
      await this.commitOnly(alsoInTransaction);
      return 'ignored';
    }
    return this.inConsumerSpan(message, event, () => this.handleWithRetries(message, event, alsoInTransaction));
  }

  /** Continues the trace of the request that caused the event (header, or envelope for stored messages). */
  private async inConsumerSpan(
    message: TransportMessage,
    event: IntegrationEvent,
    work: () => Promise<ProcessingOutcome>,
  ): Promise<ProcessingOutcome> {
    const parent = propagation.extract(ROOT_CONTEXT, { traceparent: message.headers.traceparent ?? event.traceparent });
    const span = trace.getTracer('perheverkko').startSpan(
      `${this.options.handler.consumer} ${event.type}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.operation': 'process',
          'messaging.destination.name': message.topic,
          'perheverkko.event_type': event.type,
        },
      },
      parent,
    );
    try {
      const outcome = await context.with(trace.setSpan(parent, span), work);
      span.setAttribute('perheverkko.outcome', outcome);
      return outcome;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(error) });
      throw error;
    } finally {
      span.end();
    }
  }

  private async handleWithRetries(
    message: TransportMessage,
    event: IntegrationEvent,
    alsoInTransaction?: (tx: PoolClient) => Promise<void>,
  ): Promise<ProcessingOutcome> {
    const { handler, deadLetters } = this.options;

    const maxAttempts = this.options.maxAttempts ?? 3;
    let delay = this.options.retryDelayMs ?? 200;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.handleOnce(event, alsoInTransaction);
      } catch (error) {
        // Anything can be thrown: what is not an Error reaches the retry hook and the dead letter as one.
        const failure = error instanceof Error ? error : new Error(messageOf(error));
        if (isTransientFailure(error)) {
          if (this.options.signal?.aborted) throw error;
          this.options.onRetry?.(failure, attempt);
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, 30_000);
          continue;
        }
        if (attempt < maxAttempts) {
          this.options.onRetry?.(failure, attempt);
          continue;
        }
        await deadLetters.send(message, failure, handler.consumer);
        await this.commitOnly(alsoInTransaction);
        return 'dead-lettered';
      }
    }
  }

  /** Files a message that can never be handled as a dead letter, committing `alsoInTransaction` (a checkpoint). */
  async setAside(message: TransportMessage, error: Error, alsoInTransaction?: (tx: PoolClient) => Promise<void>): Promise<'dead-lettered'> {
    await this.options.deadLetters.send(message, error, this.options.handler.consumer);
    await this.commitOnly(alsoInTransaction);
    return 'dead-lettered';
  }

  private async handleOnce(event: IntegrationEvent, alsoInTransaction?: (tx: PoolClient) => Promise<void>): Promise<ProcessingOutcome> {
    const { handler } = this.options;
    if (handler.effectsInOwnStore) {
      const { rowCount } = await this.options.pool.query(`select 1 from ${this.processedTable} where consumer = $1 and event_id = $2`, [
        handler.consumer,
        event.eventId,
      ]);
      if (rowCount === 0) await handler.handle(event);
      const recordProcessed = `insert into ${this.processedTable} (consumer, event_id) values ($1, $2) on conflict do nothing`;
      // Alone, the record is one statement (atomic by itself): a transaction around it would cost two round trips more.
      if (alsoInTransaction) {
        await this.inTransaction(async (tx) => {
          await tx.query(recordProcessed, [handler.consumer, event.eventId]);
          await alsoInTransaction(tx);
        });
      } else await this.options.pool.query(recordProcessed, [handler.consumer, event.eventId]);
      return rowCount === 0 ? 'handled' : 'duplicate';
    }
    const prepared = await handler.prepare?.(event);
    return this.inTransaction(async (tx) => {
      const { rowCount } = await tx.query(
        `insert into ${this.processedTable} (consumer, event_id) values ($1, $2) on conflict do nothing`,
        [this.options.handler.consumer, event.eventId],
      );
      const outcome: ProcessingOutcome = rowCount === 1 ? 'handled' : 'duplicate';
      if (outcome === 'handled') await this.options.handler.handle(event, tx, prepared);
      await alsoInTransaction?.(tx);
      return outcome;
    });
  }

  private async commitOnly(work?: (tx: PoolClient) => Promise<void>): Promise<void> {
    if (work) await this.inTransaction(work);
  }

  private inTransaction<T>(work: (tx: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.options.pool, work);
  }
}
