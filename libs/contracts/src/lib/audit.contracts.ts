import type { FromSchema } from 'json-schema-to-ts';
import { v5 as uuidV5 } from 'uuid';
import type { EventContract } from './contract-registry';
import { auditTopicOf } from './integration-event';

/** The one message type of every `<service>.audit.v1` topic. */
export const EVENT_RECORDED = 'EventRecorded';

/**
 * `EventRecorded` v1: one stored event as its service recorded it. The envelope around it is the stored event's
 * own (case, times, correlation, causation, actor, consent, trace and `origin`: service, stream, place in the stream,
 * commit time), except its `eventId`: the record's id, `auditRecordIdOf(service, eventId)`. `data` holds the stored
 * event's id, its type, the schema version it was stored at and its data unchanged: personal fields stay sealed with
 * the case's key, and nothing is upcast (the event has no contract to upcast to).
 */
export const EVENT_RECORDED_SCHEMA = {
  type: 'object',
  required: ['eventId', 'type', 'version', 'data'],
  additionalProperties: false,
  properties: {
    eventId: { type: 'string', format: 'uuid', description: 'The event’s id in its service' },
    type: { type: 'string', minLength: 1, description: 'Its type' },
    version: { type: 'integer', minimum: 1, description: 'The schema version it was stored at' },
    data: { description: 'Its data as recorded: sealed fields stay sealed, nothing is upcast' },
  },
} as const;
export type EventRecordedData = FromSchema<typeof EVENT_RECORDED_SCHEMA>;

/** Fixed namespace of audit record ids (random once, never to change: the archive keeps events under these ids). */
const AUDIT_RECORD_NAMESPACE = '3b8e4f4c-2d0a-4f8e-9a51-7c6d2e9b0a13';

/**
 * An audit record's id: unique across the services, derived from the service and the event's id there. Event ids are
 * unique only within a service (two services' reactions to one event derive the same id from it), while one consumer
 * reads every service's audit topic and keeps "processed" records by id.
 */
export function auditRecordIdOf(service: string, eventId: string): string {
  return uuidV5(`${service}:${eventId.toLowerCase()}`, AUDIT_RECORD_NAMESPACE);
}

/** The audit record's contract on `service`'s audit topic (the same schema on every service's). */
export function eventRecordedContract(service: string): EventContract {
  return {
    type: EVENT_RECORDED,
    topic: auditTopicOf(service),
    version: 1,
    description:
      "A stored event about a case that the service's events topic does not carry (its private events, or one set aside as breaking its contract), as recorded, for the auditor's archive: never for reactions.",
    schema: EVENT_RECORDED_SCHEMA,
  };
}
