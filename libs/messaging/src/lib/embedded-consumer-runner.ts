import type { EventStore } from '@perheverkko/event-store';
import type { MessageProcessor } from './message-processor';
import { encodeIntegrationEvent } from './messages';
import type { PostgresCheckpoints } from './postgres-checkpoints';
import type { EventPublication } from './publication';

interface EmbeddedConsumerRunnerOptions {
  /** The publishing service's event store and what it publishes: the same mapping its Kafka relay uses. */
  source: { store: EventStore; publication: EventPublication };
  processor: MessageProcessor;
  checkpoints: PostgresCheckpoints;
  batchSize?: number;
}

/**
 * The in-process transport of the embedded default. Instead of a broker, the consumer follows the publishing
 * service's event store directly and receives the very bytes the relay would publish. Its checkpoint commits
 * in the same transaction as each effect, so nothing is lost or repeated across restarts.
 */
export class EmbeddedConsumerRunner {
  constructor(private readonly options: EmbeddedConsumerRunnerOptions) {}

  get checkpointName(): string {
    return `embedded:${this.options.processor.consumer}:${this.options.source.publication.topic}`;
  }

  async run(signal: AbortSignal): Promise<void> {
    const { source, processor, checkpoints } = this.options;
    const after = await checkpoints.load(this.checkpointName);
    for await (const event of source.store.follow({ after, signal, batchSize: this.options.batchSize ?? 500 })) {
      const decision = source.publication.decide(event);
      const saveCheckpoint = (tx: Parameters<typeof checkpoints.save>[2]) => checkpoints.save(this.checkpointName, event.position, tx);
      if (decision.kind === 'private') {
        await checkpoints.save(this.checkpointName, event.position);
        continue;
      }
      if (decision.kind === 'unpublishable') {
        await processor.setAside(decision.stored, decision.error, saveCheckpoint);
        continue;
      }
      await processor.process(encodeIntegrationEvent(source.publication.topic, decision.event), saveCheckpoint);
    }
  }
}
