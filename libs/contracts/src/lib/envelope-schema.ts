import type { FromSchema } from 'json-schema-to-ts';
import { INSTANT_SCHEMA } from './schema-types';

const TEXT = { type: 'string', minLength: 1 } as const;

/**
 * The Kafka message value every topic carries (`IntegrationEvent`): checked by every reader before its `data` is
 * upcast and checked against the event's contract, and written to docs/events/schemas for readers in other
 * languages. Open to additions: `actor`, `consent`, `traceparent` and `origin` were added without a version, and a
 * reader must ignore what it does not know.
 */
export const ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['eventId', 'type', 'version', 'caseId', 'occurredAt', 'correlationId', 'causationId', 'data'],
  properties: {
    eventId: {
      type: 'string',
      format: 'uuid',
      description:
        'Derived from the command id: a retry publishes the same id. Unique within the publishing service (key with origin.service)',
    },
    type: { ...TEXT, description: 'The event type: which contract `data` follows' },
    version: { type: 'integer', minimum: 1, description: "The schema version of `data`: the publisher's current version" },
    caseId: {
      ...TEXT,
      description: "The family's case, a UUID; `reference-data` and `feedback` for events that belong to no case. Also the message key",
    },
    occurredAt: { ...INSTANT_SCHEMA, description: 'When it happened in the domain (RFC 3339)' },
    correlationId: { ...TEXT, description: 'The request or process the event belongs to' },
    causationId: { ...TEXT, description: 'The command or event that caused it' },
    actor: {
      type: 'object',
      description: "Who did it: a professional's id, role and organisation, or the family",
      required: ['id', 'role', 'organisation'],
      properties: { id: { type: 'string' }, role: { type: 'string' }, organisation: { type: 'string' } },
    },
    consent: {
      type: 'object',
      description: 'The consent (its id) or the statute a disclosure relied on',
      required: ['basis', 'reference'],
      properties: { basis: { enum: ['consent', 'law'] }, reference: { type: 'string' } },
    },
    traceparent: { type: 'string', maxLength: 200, description: 'W3C trace context of the request that caused it (also a header)' },
    origin: {
      type: 'object',
      description: "Where the event is stored at its source: the auditor's history keeps each stream's order by it",
      required: ['service', 'streamId', 'streamRevision', 'recordedAt'],
      properties: {
        service: TEXT,
        streamId: TEXT,
        streamRevision: { type: 'integer', minimum: 0, description: '0-based place in the stream' },
        recordedAt: { ...INSTANT_SCHEMA, description: "When the service's store committed it (RFC 3339)" },
      },
    },
    data: { description: "The event's data: follows the contract of `type` at `version`" },
  },
} as const;

/** The envelope as its schema describes it (envelope.type-spec.ts keeps it and `IntegrationEvent` in step). */
export type Envelope = FromSchema<typeof ENVELOPE_SCHEMA>;
