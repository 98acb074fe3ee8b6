import { HEADERS, type IntegrationEvent } from '@perheverkko/contracts';

/** A message as any transport carries it: bytes plus string headers. */
export interface TransportMessage {
  topic: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Where it came from, when the transport has such a thing (Kafka). */
  partition?: number;
  offset?: string;
}

/** The one encoding every transport uses, so embedded and distributed consumers read the same bytes. */
export function encodeIntegrationEvent(topic: string, event: IntegrationEvent): TransportMessage {
  return {
    topic,
    key: event.caseId,
    value: Buffer.from(JSON.stringify(event)),
    headers: {
      [HEADERS.eventId]: event.eventId,
      [HEADERS.eventType]: event.type,
      [HEADERS.schemaVersion]: String(event.version),
      [HEADERS.correlationId]: event.correlationId,
      [HEADERS.causationId]: event.causationId,
      [HEADERS.contentType]: 'application/json',
      ...(event.traceparent ? { [HEADERS.traceparent]: event.traceparent } : {}),
    },
  };
}

/** Where messages go (Kafka, or a test's collector). */
export interface MessagePublisher {
  /** Resolves only when every message is acknowledged by all in-sync replicas. */
  publish(messages: TransportMessage[]): Promise<void>;
}
