import type { ContractRegistry, IntegrationEvent } from '@perheverkko/contracts';
import type { RecordedEvent } from '@perheverkko/event-store';

/**
 * Which of a service's stored events are published, and in what form. Only events with a contract leave the
 * service; the rest are its private history.
 */
export class Publication {
  constructor(
    readonly topic: string,
    private readonly registry: ContractRegistry,
  ) {}

  toIntegrationEvent(event: RecordedEvent): IntegrationEvent | undefined {
    if (!this.registry.has(event.type)) return undefined;
    return this.registry.toIntegrationEvent({
      eventId: event.metadata.eventId,
      type: event.type,
      caseId: event.metadata.caseId,
      occurredAt: event.metadata.occurredAt,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      data: event.data,
    });
  }
}
