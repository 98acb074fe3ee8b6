import type { EventContract } from './contract-registry';
import { GIVEN_INSTANT_SCHEMA, INSTANT_SCHEMA, SEALED_SCHEMA, type EventDataMap } from './schema-types';
import { topicOf } from './integration-event';

const WORKER = {
  type: 'object',
  required: ['id', 'name', 'organisation', 'sector'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, organisation: { type: 'string' }, sector: { type: 'string' } },
} as const;
const ZONE = { type: 'integer', minimum: 1, maximum: 4 } as const;
/** How a concern reached the model (seed 003's channels), as intake's events name it. */
export const ENTRY_CHANNELS = ['close-worker', 'electronic-contact', 'phone-line'] as const;
/** Where a concern goes next (DOMAIN.md: concern zones; when the model is not used), as intake's events name it. */
export const ROUTES = [
  'follow-concern',
  'joint-meeting',
  'network-meeting',
  'social-care-needs-assessment',
  'child-protection-notification',
  'police-and-child-protection-notification',
] as const;
const CHANNEL = { enum: ENTRY_CHANNELS } as const;
const ROUTE = { enum: ROUTES } as const;
/** Instants from the service's clock (RFC 3339); `madeAt` is the one a person gives. */
const TIME = INSTANT_SCHEMA;
const REFERENCE_KIND = { enum: ['municipalities', 'organisers', 'rooms', 'services', 'wellbeing-star', 'feedback-forms'] } as const;

const topic = topicOf('intake');

/** JointMeetingRequested v1 → v2: v1 did not carry the guardians; absent means unknown, and convening does not check consents against them. */
const upcastJointMeetingRequestedV1 = (data: unknown): unknown => data;

/**
 * MandatoryNotificationMade v1 → v2: v2 seals `recipient` (free text: the office, or the official by name, the
 * notification was made to). A v1 event keeps the clear text it was written with.
 */
const upcastMandatoryNotificationMadeV1 = (data: unknown): unknown => data;

/** What intake publishes on `intake.events.v1`; convening reacts to JointMeetingRequested, reporting to all. */
const INTAKE_EVENTS = [
  {
    type: 'ConcernRegistered',
    topic,
    version: 2,
    description:
      'A concern reached the model through a channel; who the family is travels sealed. v2: home municipality and number of children.',
    schema: {
      type: 'object',
      required: ['channel', 'raisedBy', 'municipality', 'childCount', 'children', 'guardians', 'description', 'registeredAt'],
      properties: {
        channel: CHANNEL,
        raisedBy: WORKER,
        municipality: { type: 'string', minLength: 1 },
        childCount: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
        children: SEALED_SCHEMA,
        guardians: SEALED_SCHEMA,
        description: SEALED_SCHEMA,
        registeredAt: TIME,
      },
    },
    // v1 said neither; the count is unknown rather than guessed.
    upcasters: { 1: (data) => ({ ...(data as object), municipality: 'unknown', childCount: null }) },
  },
  {
    type: 'ZoneRated',
    topic,
    version: 1,
    description: 'A concern zone rating, by the worker or as the family’s own view; ratings are a history.',
    schema: {
      type: 'object',
      required: ['zone', 'ratedBy', 'ratedAt', 'raterId'],
      properties: { zone: ZONE, ratedBy: { enum: ['worker', 'family'] }, ratedAt: TIME, raterId: { type: 'string' } },
    },
  },
  {
    type: 'RouteDecided',
    topic,
    version: 1,
    description: 'The route the worker chose, the recommendation and its reasons, and the facts it followed from.',
    schema: {
      type: 'object',
      required: ['facts', 'recommended', 'chosenRoute', 'decidedBy', 'decidedAt'],
      properties: {
        facts: { type: 'object', required: ['zone'], properties: { zone: ZONE } },
        recommended: {
          type: 'object',
          required: ['route', 'reasons'],
          properties: { route: ROUTE, reasons: { type: 'array', items: { type: 'string' } } },
        },
        chosenRoute: ROUTE,
        deviationReason: SEALED_SCHEMA,
        decidedBy: { type: 'string' },
        decidedAt: TIME,
      },
    },
  },
  {
    type: 'JointMeetingRequested',
    topic,
    version: 2,
    description:
      'The family wishes support and the route is a joint meeting: convening starts. v2: the names of the guardians registered with the concern (sealed), so convening can check who consents; absent in v1 events (unknown, not checked).',
    schema: {
      type: 'object',
      required: ['zone', 'channel', 'convener', 'concernRegisteredAt', 'requestedAt'],
      properties: {
        zone: ZONE,
        channel: CHANNEL,
        convener: WORKER,
        concernRegisteredAt: TIME,
        requestedAt: TIME,
        guardians: SEALED_SCHEMA,
      },
    },
    // v1 did not name the guardians: they stay unknown (absent), never guessed.
    upcasters: { 1: upcastJointMeetingRequestedV1 },
  },
  {
    type: 'MandatoryNotificationMade',
    topic,
    version: 2,
    description:
      'A child-protection notification or police contact, made by the person who noticed the concern. v2: `recipient` sealed (v1 events keep their clear text).',
    schema: {
      type: 'object',
      required: ['kind', 'madeBy', 'madeAt', 'recipient'],
      properties: {
        kind: { enum: ['child-protection', 'police'] },
        madeBy: { type: 'string' },
        madeAt: GIVEN_INSTANT_SCHEMA,
        recipient: { anyOf: [SEALED_SCHEMA, { type: 'string' }] },
      },
    },
    upcasters: { 1: upcastMandatoryNotificationMadeV1 },
  },
  {
    type: 'ReferenceEntryRecorded',
    topic,
    version: 1,
    description:
      "A change to reference data (municipalities, organisers, rooms, services, Wellbeing Star and feedback form versions), keyed 'reference-data' in place of a case: every service keeps its reference book current from it.",
    schema: {
      type: 'object',
      required: ['kind', 'key', 'value', 'recordedBy', 'recordedAt'],
      additionalProperties: false,
      properties: {
        kind: REFERENCE_KIND,
        key: { type: 'string', minLength: 1 },
        value: { type: 'object' },
        recordedBy: { type: 'string' },
        recordedAt: TIME,
      },
    },
  },
  {
    type: 'ReferenceEntryRetired',
    topic,
    version: 1,
    description: 'An entry of reference data no longer offered for new records; records that name it keep it.',
    schema: {
      type: 'object',
      required: ['kind', 'key', 'reason', 'retiredBy', 'retiredAt'],
      additionalProperties: false,
      properties: {
        kind: REFERENCE_KIND,
        key: { type: 'string', minLength: 1 },
        reason: { type: 'string' },
        retiredBy: { type: 'string' },
        retiredAt: TIME,
      },
    },
  },
] as const satisfies readonly EventContract[];
export const INTAKE_CONTRACTS: EventContract[] = [...INTAKE_EVENTS];
/** The data of each event above, inferred from its schema (event type → data). */
export type IntakeEventData = EventDataMap<typeof INTAKE_EVENTS>;
