/**
 * What travels between services: the published form of an event, self-contained so that a dead letter's bytes
 * can be read without the source service. `version` is the schema version of `data`.
 */
export interface IntegrationEvent<Data = unknown> {
  eventId: string;
  type: string;
  version: number;
  caseId: string;
  occurredAt: string;
  correlationId: string;
  causationId: string;
  /** Who did it (a professional's id and role, or the family): for the auditor's history. Optional in the envelope. */
  actor?: { id: string; role: string; organisation: string };
  /** The consent (or statute) a disclosure relied on. */
  consent?: { basis: 'consent' | 'law'; reference: string };
  /** W3C trace context of the request that caused it (also the `traceparent` header). */
  traceparent?: string;
  /** Where the event is stored at its source: the auditor's history keeps each stream's order by it. */
  origin?: EventOrigin;
  data: Data;
}

/**
 * Where a stored event was recorded: the service, the stream and the event's place in it (0-based), and when the
 * service's store committed it. Added to the envelope without a version (optional, older readers ignore it).
 */
export interface EventOrigin {
  service: string;
  streamId: string;
  streamRevision: number;
  recordedAt: string;
}

/** Kafka headers every published event carries (also listed in docs/events.md). */
export const HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  contentType: 'content-type',
  traceparent: 'traceparent',
} as const;

/** Dead-letter headers, added to the original message's own. */
export const DEAD_LETTER_HEADERS = {
  error: 'dlq-error',
  consumer: 'dlq-consumer',
  failedAt: 'dlq-failed-at',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
} as const;

/** Each service publishes to one topic of its own; the message key is the case id, so a case keeps its order. */
export function topicOf(service: string): string {
  return `${service}.events.v1`;
}

/**
 * Each service's audit record: every stored event about a case that its events topic does not carry (its private
 * events), as recorded, sealed fields still sealed. Only an archive reads it (reporting's); no service reacts to it.
 */
export function auditTopicOf(service: string): string {
  return `${service}.audit.v1`;
}

export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}
