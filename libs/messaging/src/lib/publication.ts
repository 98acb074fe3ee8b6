import { ContractViolation, type ContractRegistry, type IntegrationEvent } from '@perheverkko/contracts';
import type { RecordedEvent } from '@perheverkko/event-store';
import type { TransportMessage } from './messages';

/** What to do with one stored event: publish it, keep it private, or set it aside as unpublishable. */
export type PublicationDecision =
  | { kind: 'publish'; event: IntegrationEvent }
  | { kind: 'private' }
  | { kind: 'unpublishable'; stored: TransportMessage; error: ContractViolation };

/**
 * Which of a service's stored events are published, and in what form. Only events with a contract leave the
 * service; the rest are its private history.
 */
export class Publication {
  constructor(
    readonly topic: string,
    private readonly registry: ContractRegistry,
  ) {}

  /**
   * A stored event that breaks its own contract (a bug, or a change made without a new version) must not stop
   * every later event: it becomes a dead letter holding the stored event, and publishing moves on.
   */
  decide(event: RecordedEvent): PublicationDecision {
    try {
      const integrationEvent = this.toIntegrationEvent(event);
      return integrationEvent ? { kind: 'publish', event: integrationEvent } : { kind: 'private' };
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      const stored: TransportMessage = { topic: this.topic, key: event.metadata.caseId, value: Buffer.from(JSON.stringify(event, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))), headers: { 'event-id': event.metadata.eventId, 'event-type': event.type } };
      return { kind: 'unpublishable', stored, error };
    }
  }

  /** Stored events are published at the current contract version: older stored versions are upcast on the way out. */
  toIntegrationEvent(event: RecordedEvent): IntegrationEvent | undefined {
    if (!this.registry.has(event.type)) return undefined;
    const { metadata } = event;
    return this.registry.upcast({
      eventId: metadata.eventId,
      type: event.type,
      version: metadata.schemaVersion,
      caseId: metadata.caseId,
      occurredAt: metadata.occurredAt,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      actor: { id: metadata.actor.id, role: metadata.actor.role, organisation: metadata.actor.organisation },
      ...(metadata.consent ? { consent: { basis: metadata.consent.basis, reference: metadata.consent.reference } } : {}),
      ...(metadata.traceparent ? { traceparent: metadata.traceparent } : {}),
      data: event.data,
    });
  }
}
