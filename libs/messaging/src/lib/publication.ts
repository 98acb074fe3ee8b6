import { ContractViolation, type ContractRegistry, type EventOrigin, type IntegrationEvent } from '@perheverkko/contracts';
import type { RecordedEvent } from '@perheverkko/event-store';
import type { TransportMessage } from './messages';

/**
 * What to do with one stored event on one topic: publish it, leave it off this topic (`private`: not this topic's to
 * carry), or set it aside as unpublishable.
 */
export type PublicationDecision =
  | { kind: 'publish'; event: IntegrationEvent }
  | { kind: 'private' }
  | { kind: 'unpublishable'; stored: TransportMessage; error: ContractViolation };

/** One topic's view of a service's stored events; the relay and the embedded transport follow any of them alike. */
export interface EventPublication {
  readonly topic: string;
  decide(event: RecordedEvent): PublicationDecision;
}

/** The envelope of a stored event: its metadata as every topic carries it, and its origin when the service is known. */
export function envelopeOf(event: RecordedEvent, service?: string): Omit<IntegrationEvent, 'type' | 'version' | 'data'> {
  const { metadata } = event;
  const origin: EventOrigin | undefined = service
    ? { service, streamId: event.streamId, streamRevision: event.streamRevision, recordedAt: event.recordedAt }
    : undefined;
  return {
    eventId: metadata.eventId,
    caseId: metadata.caseId,
    occurredAt: metadata.occurredAt,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actor: { id: metadata.actor.id, role: metadata.actor.role, organisation: metadata.actor.organisation },
    ...(metadata.consent ? { consent: { basis: metadata.consent.basis, reference: metadata.consent.reference } } : {}),
    ...(metadata.traceparent ? { traceparent: metadata.traceparent } : {}),
    ...(origin ? { origin } : {}),
  };
}

/** A stored event as a dead letter holds it when it cannot be published. */
export function storedAsMessage(topic: string, event: RecordedEvent): TransportMessage {
  return {
    topic,
    key: event.metadata.caseId,
    value: Buffer.from(JSON.stringify(event, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))),
    headers: { 'event-id': event.metadata.eventId, 'event-type': event.type },
  };
}

/**
 * Which of a service's stored events are published, and in what form. Only events with a contract leave the
 * service on its events topic; the rest are its private history (carried, as recorded, only to the auditor's archive:
 * AuditPublication).
 */
export class Publication implements EventPublication {
  /** @param service the publishing service: named in each event's `origin` (absent: no origin is given). */
  constructor(
    readonly topic: string,
    private readonly registry: ContractRegistry,
    private readonly service?: string,
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
      return { kind: 'unpublishable', stored: storedAsMessage(this.topic, event), error };
    }
  }

  /** Stored events are published at the current contract version: older stored versions are upcast on the way out. */
  toIntegrationEvent(event: RecordedEvent): IntegrationEvent | undefined {
    if (!this.registry.has(event.type)) return undefined;
    return this.registry.upcast({
      ...envelopeOf(event, this.service),
      type: event.type,
      version: event.metadata.schemaVersion,
      data: event.data,
    });
  }
}
