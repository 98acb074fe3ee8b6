import { CatchUpPacer, type EventStore, type GlobalPosition } from '@perheverkko/event-store';
import { deadLetterOf } from './dead-letters';
import { encodeIntegrationEvent, type MessagePublisher, type TransportMessage } from './messages';
import type { PostgresCheckpoints } from './postgres-checkpoints';
import type { EventPublication } from './publication';

interface RelayOptions {
  /** Checkpoint name, e.g. "relay:intake". */
  name: string;
  store: EventStore;
  checkpoints: PostgresCheckpoints;
  publication: EventPublication;
  publisher: MessagePublisher;
  batchSize?: number;
  idlePollMs?: number;
  /** Fault injection for drills: runs after a batch is published and before its checkpoint is saved. */
  afterPublish?: (batch: TransportMessage[]) => void | Promise<void>;
}

/**
 * Publishes a service's events from its own event store (the outbox) to its topic. The checkpoint is saved only
 * after the broker acknowledged the batch: a crash re-publishes at most one batch and never skips an event.
 */
export class Relay {
  private readonly batchSize: number;

  constructor(private readonly options: RelayOptions) {
    this.batchSize = options.batchSize ?? 500;
  }

  /** Relays one batch after the checkpoint; returns how many stored events it covered (0 when caught up). */
  async relayBatch(): Promise<number> {
    const { store, checkpoints, publication, publisher, name } = this.options;
    const after = await checkpoints.load(name);
    const events = await store.readAll({ after, maxCount: this.batchSize });
    if (events.length === 0) return 0;
    const messages: TransportMessage[] = [];
    for (const event of events) {
      const decision = publication.decide(event);
      if (decision.kind === 'publish') messages.push(encodeIntegrationEvent(publication.topic, decision.event));
      if (decision.kind === 'unpublishable') messages.push(deadLetterOf(decision.stored, decision.error, name));
    }
    if (messages.length > 0) await publisher.publish(messages);
    await this.options.afterPublish?.(messages);
    const last: GlobalPosition = events[events.length - 1].position;
    await checkpoints.save(name, last);
    return events.length;
  }

  /** Relays until the signal aborts, resting between polls once caught up. */
  async run(signal: AbortSignal): Promise<void> {
    const pacer = new CatchUpPacer(this.options.idlePollMs ?? 200, this.options.store.nextAppend?.bind(this.options.store));
    while (!signal.aborted) {
      await pacer.afterRead(await this.relayBatch(), this.batchSize, signal);
    }
  }
}
