import {
  ContractRegistry,
  ContractViolation,
  EVENT_RECORDED,
  auditRecordIdOf,
  auditTopicOf,
  eventRecordedContract,
  type EventRecordedData,
} from '@perheverkko/contracts';
import type { RecordedEvent } from '@perheverkko/event-store';
import { envelopeOf, storedAsMessage, type EventPublication, type Publication, type PublicationDecision } from './publication';

/** Case ids are UUIDs (the API refuses anything else); events keyed otherwise (anonymous feedback) belong to no case. */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A service's audit record (`<service>.audit.v1`): every stored event about a case that its events topic does not
 * publish, so that the two topics together carry each of the case's events exactly once. Each goes as recorded, in an
 * `EventRecorded` v1 message: the stored id, type, schema version and data unchanged (sealed fields stay sealed;
 * nothing is opened or upcast), the stored metadata as the envelope, and its origin (stream and place in it) so the
 * archive can keep each stream's order. The message's own id is derived from the service and the event's id, which is
 * unique only within the service. Events belonging to no case (anonymous feedback) stay in the service.
 */
export class AuditPublication implements EventPublication {
  readonly topic: string;
  private readonly registry: ContractRegistry;

  constructor(
    private readonly service: string,
    private readonly events: Publication,
  ) {
    this.topic = auditTopicOf(service);
    this.registry = new ContractRegistry([eventRecordedContract(service)]);
  }

  decide(event: RecordedEvent): PublicationDecision {
    if (!CASE_ID.test(event.metadata.caseId)) return { kind: 'private' };
    // Published on the events topic: it reaches the archive from there (at its contract's current version).
    if (this.events.decide(event).kind === 'publish') return { kind: 'private' };
    try {
      const data: EventRecordedData = {
        eventId: event.metadata.eventId,
        type: event.type,
        version: event.metadata.schemaVersion,
        data: event.data,
      };
      const envelope = { ...envelopeOf(event, this.service), eventId: auditRecordIdOf(this.service, event.metadata.eventId) };
      return { kind: 'publish', event: this.registry.toIntegrationEvent({ ...envelope, type: EVENT_RECORDED, data }) };
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      return { kind: 'unpublishable', stored: storedAsMessage(this.topic, event), error };
    }
  }
}
