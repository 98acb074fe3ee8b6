import {
  CONVENING_CONTRACTS,
  INTAKE_CONTRACTS,
  MEETING_CONTRACTS,
  PLAN_FOLLOWUP_CONTRACTS,
  type EventOrigin,
} from '@perheverkko/contracts';
import type { EventMetadata } from '@perheverkko/decider';
import type { RecordedEvent } from '@perheverkko/event-store';
import { isRecord } from '@perheverkko/decider';
import type { ReportedEvent } from '@perheverkko/reporting-domain';

/** Every service reporting hears, and the events each publishes. */
export const REPORTED_SERVICES = {
  intake: INTAKE_CONTRACTS,
  convening: CONVENING_CONTRACTS,
  meeting: MEETING_CONTRACTS,
  'plan-followup': PLAN_FOLLOWUP_CONTRACTS,
} as const;

const SERVICE_OF_TYPE = new Map(
  Object.entries(REPORTED_SERVICES).flatMap(([service, contracts]) => contracts.map((c) => [c.type, service] as const)),
);

/** The service that published an event type (each type has one publisher). */
export function serviceOf(type: string): string {
  return SERVICE_OF_TYPE.get(type) ?? 'reporting';
}

/** A received event's stream in reporting's store: one per event, so retries and redeliveries append nothing twice. */
export const receivedStream = (eventId: string) => `Received-${eventId}`;

/**
 * A private event's stream in the archive: one per event of a service. Event ids are unique within a service, not
 * across services: two services reacting to the same event derive the same id for their reactions (the command id is
 * the cause's id), so the service is part of the key (ADR 0013).
 */
export const recordedStream = (service: string, eventId: string) => `Received-${service}-${eventId}`;

/** Where an archived event is stored at its source, and (private events, kept under their audit record's id) its id there. */
type ArchivedOrigin = EventOrigin & { eventId?: string };

/** What the archive keeps with each event besides the stored metadata (ADR 0013). */
export interface ArchivedMetadata extends EventMetadata {
  /** Where the event is stored at its source (absent in events archived before the envelope carried it). */
  origin?: ArchivedOrigin;
  /** It came through its service's audit record: kept as recorded, never published on an events topic. */
  private?: true;
}

export const archivedMetadata = (event: RecordedEvent) => event.metadata as ArchivedMetadata;

/** An archived event's id in its service (a private one is kept under its audit record's id: unique in the archive). */
export const sourceEventIdOf = (event: RecordedEvent) => archivedMetadata(event).origin?.eventId ?? event.metadata.eventId;

/** The service an archived event comes from: its origin, or (archived before origins) the publisher of its type. */
export const sourceOf = (event: RecordedEvent) => archivedMetadata(event).origin?.service ?? serviceOf(event.type);

/**
 * An archived event as the domain's folds read it (the auditor's ordering and as-of state, the case view): its id at
 * its source, and its origin, so each stream keeps its order and an event of meeting's that names no meeting belongs
 * to the meeting its stream is. `data`: the event's, or as opened.
 */
export function asReported(event: RecordedEvent, data: unknown = event.data): ReportedEvent {
  const { origin } = archivedMetadata(event);
  return {
    eventId: sourceEventIdOf(event),
    type: event.type,
    caseId: event.metadata.caseId,
    occurredAt: event.metadata.occurredAt,
    causationId: event.metadata.causationId,
    ...(origin ? { origin } : {}),
    // Contract-validated (published) or as recorded (private): the folds read every field defensively.
    data: isRecord(data) ? data : {},
  };
}
