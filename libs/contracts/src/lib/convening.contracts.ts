import { SHAREABLE_CATEGORIES, upcastShareWords } from '@perheverkko/access-model';
import type { EventContract } from './contract-registry';
import { GIVEN_INSTANT_SCHEMA, INSTANT_SCHEMA, SEALED_SCHEMA, type EventDataMap } from './schema-types';
import { topicOf } from './integration-event';

const topic = topicOf('convening');
/** Instants from the service's clock (RFC 3339). */
const TIME = INSTANT_SCHEMA;
/** Instants a person gave, stored as sent: a meeting's start and end, a consent's end. */
const GIVEN_TIME = GIVEN_INSTANT_SCHEMA;
/** What a consent shares: categories of the case's data (libs/access-model), since v2 of the events that carry it. */
const SHARE = { type: 'array', items: { enum: [...SHAREABLE_CATEGORIES] } } as const;
/** Words of a v1 share list that named no category: kept for the auditor, they open nothing. */
const UNRECOGNISED_SHARE = { type: 'array', items: { type: 'string' } } as const;
/**
 * Whom a consent covers: `value` a professional's directory id, an organisation or a sector (clear: the access
 * model matches it); since v3 a family member or close person named by name is in `name`, sealed, and has no `value`.
 */
const SCOPE = {
  type: 'object',
  required: ['kind', 'share'],
  anyOf: [
    { required: ['value'], properties: { value: { type: 'string' } } },
    { required: ['name'], properties: { name: SEALED_SCHEMA } },
  ],
  properties: {
    kind: { enum: ['person', 'organisation', 'sector'] },
    value: { type: 'string' },
    name: SEALED_SCHEMA,
    share: SHARE,
    unrecognisedShare: UNRECOGNISED_SHARE,
  },
} as const;

type ShareV1 = { share?: unknown };
const wordsOf = (share: unknown): string[] => (Array.isArray(share) ? share.filter((w): w is string => typeof w === 'string') : []);

/** A v1 share list (free words) as categories, with the words that name none set apart. */
function upcastShare<T extends ShareV1>(holder: T): Omit<T, 'share'> & { share: string[]; unrecognisedShare?: string[] } {
  const { share, unrecognised } = upcastShareWords(wordsOf(holder.share));
  return { ...holder, share, ...(unrecognised.length ? { unrecognisedShare: unrecognised } : {}) };
}

/**
 * ConsentGranted and ConsentExtended v1 → v2: each scope's free share words become categories
 * (`upcastShareWords`: "joint plan" → "joint-plan"); unknown words move to the scope's `unrecognisedShare`.
 * Plain fields only, so the same step reads a stored event (sealed fields opened or not) and a published one.
 */
export function upcastConsentScopesV1(data: unknown): unknown {
  const consent = data as { scopes?: unknown };
  return {
    ...consent,
    scopes: Array.isArray(consent.scopes) ? consent.scopes.map((scope: ShareV1) => upcastShare(scope)) : consent.scopes,
  };
}

/**
 * ConsentGranted and ConsentExtended v2 → v3: v3 moves a person scope that names someone by name (not a directory
 * id) to `name`, sealed. A v2 scope keeps the clear `value` it was written with: history is never rewritten, and
 * an upcaster holds no case key to seal with; readers match a v2 person value as before.
 */
export const upcastConsentScopesV2 = (data: unknown): unknown => data;

/**
 * MeetingScheduled v1 → v2: v2 seals `followUpReason` (the convener's words for a further meeting). A v1 event
 * keeps the clear text it was written with.
 */
export const upcastMeetingScheduledV1 = (data: unknown): unknown => data;

/**
 * MeetingScheduled v2 → v3: v3 records `bookingId`, the room booking that holds the meeting's room (convening
 * releases it when the meeting moves or is cancelled). A v2 event did not: it stays absent, and convening derives it
 * from the command that scheduled the meeting (the event's causation id), as the booking was made.
 */
export const upcastMeetingScheduledV2 = (data: unknown): unknown => data;

/** InvitationSent v1 → v2: the share copied from the consent becomes categories, unknown words `unrecognisedShare`. */
export function upcastInvitationShareV1(data: unknown): unknown {
  return upcastShare(data as ShareV1);
}

/**
 * ConsentWithdrawn v1 → v2: v2 seals `withdrawnBy` (one of the consent's guardians). A v1 event keeps the clear
 * text it was written with: history is never rewritten, and an upcaster holds no case key to seal with.
 */
export const upcastConsentWithdrawnV1 = (data: unknown): unknown => data;

/**
 * ConveningOpened v1 → v2: v2 carries the case's guardians registered at intake, sealed, when intake's request
 * named them (JointMeetingRequested v2). A v1 event did not: the guardians stay unknown (absent), and consents
 * are not checked against them.
 */
export const upcastConveningOpenedV1 = (data: unknown): unknown => data;

/** Required fields not typed more precisely below are non-empty strings (ids, names of the actor, reasons). */
const NON_EMPTY_STRING = { type: 'string', minLength: 1 } as const;
const object = <const Required extends readonly string[], const Properties extends Record<string, unknown>>(
  required: Required,
  properties: Properties,
) => ({
  type: 'object' as const,
  required,
  // Object.fromEntries forgets the keys: the type says what the spread builds, so the data type follows from the schema.
  properties: { ...Object.fromEntries(required.map((key) => [key, NON_EMPTY_STRING])), ...properties } as {
    [Key in Required[number] | keyof Properties]: Key extends keyof Properties ? Properties[Key] : typeof NON_EMPTY_STRING;
  },
});
const WORKER = object(['id', 'name', 'organisation', 'sector'], {});
/** Where and when a meeting was before it moved, and the booking that held its room then. */
const MEETING_PLACE = object(['startsAt', 'endsAt', 'roomId'], {
  startsAt: GIVEN_TIME,
  endsAt: GIVEN_TIME,
  roomId: { type: 'string' },
  bookingId: { type: 'string' },
});

/** What convening publishes on `convening.events.v1`: consent, invitations and scheduled meetings. */
const CONVENING_EVENTS = [
  {
    type: 'ConveningOpened',
    topic,
    version: 2,
    description:
      "From intake's JointMeetingRequested. v2: the case's guardians registered at intake (sealed; absent when not known, as in every v1 event).",
    schema: object(['convener', 'zone', 'concernRegisteredAt', 'requestedAt'], {
      convener: WORKER,
      zone: { type: 'integer' },
      concernRegisteredAt: TIME,
      requestedAt: TIME,
      guardians: SEALED_SCHEMA,
    }),
    upcasters: { 1: upcastConveningOpenedV1 },
  },
  {
    type: 'ConsentGranted',
    topic,
    version: 3,
    description:
      "Who consents (sealed), for whom (sealed), whom it covers and what may be shared, until when, how given, recorded by whom. v2: `share` holds categories only; v1 words are upcast, unknown ones kept in `unrecognisedShare`. v3: a person named by name (not a directory id) is in the scope's `name`, sealed.",
    schema: object(['consentId', 'guardians', 'children', 'scopes', 'validUntil', 'givenAs', 'recordedBy'], {
      consentId: { type: 'string' },
      guardians: SEALED_SCHEMA,
      children: SEALED_SCHEMA,
      scopes: { type: 'array', items: SCOPE },
      validUntil: GIVEN_TIME,
      givenAs: { enum: ['paper-form', 'electronic'] },
      recordedBy: { type: 'string' },
    }),
    upcasters: { 1: upcastConsentScopesV1, 2: upcastConsentScopesV2 },
  },
  {
    type: 'ConsentExtended',
    topic,
    version: 3,
    description:
      'More scopes, or a later end. v2: `share` holds categories only (as ConsentGranted v2). v3: names of persons sealed (as ConsentGranted v3).',
    schema: object(['consentId', 'scopes', 'validUntil', 'recordedBy'], {
      consentId: { type: 'string' },
      scopes: { type: 'array', items: SCOPE },
      validUntil: GIVEN_TIME,
    }),
    upcasters: { 1: upcastConsentScopesV1, 2: upcastConsentScopesV2 },
  },
  {
    type: 'ConsentWithdrawn',
    topic,
    version: 2,
    description:
      'Takes effect at once. v2: `withdrawnBy` is one of the guardians who gave the consent, sealed; v1 events keep the clear text they were written with.',
    schema: object(['consentId', 'withdrawnBy', 'withdrawnAt'], {
      consentId: { type: 'string' },
      withdrawnBy: { anyOf: [SEALED_SCHEMA, { type: 'string', minLength: 1 }] },
      withdrawnAt: TIME,
    }),
    upcasters: { 1: upcastConsentWithdrawnV1 },
  },
  {
    type: 'InvitationSent',
    topic,
    version: 2,
    description: 'An invitation and the consent it relies on, with what may be shared with the invitee. v2: `share` holds categories only.',
    schema: object(['invitationId', 'invitee', 'consentId', 'share', 'sentBy', 'sentAt'], {
      invitationId: { type: 'string' },
      inviteeId: { type: 'string' },
      invitee: SEALED_SCHEMA,
      consentId: { type: 'string' },
      share: SHARE,
      unrecognisedShare: UNRECOGNISED_SHARE,
      sentAt: TIME,
    }),
    upcasters: { 1: upcastInvitationShareV1 },
  },
  {
    type: 'InvitationCancelled',
    topic,
    version: 1,
    description:
      "An invitation no longer stands: its consent was withdrawn, or the meeting it was for was cancelled. `reason` is the service's words, never a person's.",
    schema: object(['invitationId', 'reason', 'cancelledAt'], { invitationId: { type: 'string' }, cancelledAt: TIME }),
  },
  {
    type: 'InvitationReplied',
    topic,
    version: 1,
    description: 'The invitee accepted, declined or proposed another time (`proposedTime`, as they gave it).',
    schema: object(['invitationId', 'reply', 'repliedAt'], {
      reply: { enum: ['accept', 'decline', 'propose-time'] },
      // Always published with a propose-time reply; declared so that the schema names every field sent.
      proposedTime: { type: 'string', description: 'ISO 8601 as the invitee gave it (not RFC 3339 date-time: stored as sent)' },
      repliedAt: TIME,
    }),
  },
  {
    type: 'FollowUpRequested',
    topic,
    version: 1,
    description: 'Plan follow-up asked for a follow-up meeting; the convener convenes it.',
    schema: object(['requestedBy', 'requestedAt', 'reason'], { requestedAt: TIME, reason: SEALED_SCHEMA }),
  },
  {
    type: 'MeetingScheduled',
    topic,
    version: 3,
    description:
      'A first or follow-up joint meeting with its time, room and invitations; meeting opens from this. v2: `followUpReason` (why a meeting beyond the planned three) is sealed; v1 events keep the clear text they were written with. v3: `bookingId`, the room booking (absent in older events).',
    schema: object(['meetingId', 'kind', 'number', 'startsAt', 'endsAt', 'roomId', 'daysFromConcern', 'invitationIds'], {
      meetingId: { type: 'string' },
      kind: { enum: ['first', 'follow-up'] },
      number: { type: 'integer', minimum: 1 },
      startsAt: GIVEN_TIME,
      endsAt: GIVEN_TIME,
      roomId: { type: 'string' },
      bookingId: { type: 'string' },
      daysFromConcern: { type: 'integer' },
      invitationIds: { type: 'array', items: { type: 'string' } },
      followUpReason: { anyOf: [SEALED_SCHEMA, { type: 'string', minLength: 1 }] },
    }),
    upcasters: { 1: upcastMeetingScheduledV1, 2: upcastMeetingScheduledV2 },
  },
  {
    type: 'MeetingRescheduled',
    topic,
    version: 1,
    description:
      'The meeting moved before it started: its new time and room, the booking that holds it, where it was (`previous`, its booking released), the invitations that moved with it (their invitees see the new time), `reason` sealed. Meeting and plan follow-up move their records.',
    schema: object(
      [
        'meetingId',
        'kind',
        'number',
        'startsAt',
        'endsAt',
        'roomId',
        'bookingId',
        'previous',
        'daysFromConcern',
        'invitationIds',
        'reason',
        'rescheduledBy',
        'rescheduledAt',
      ],
      {
        kind: { enum: ['first', 'follow-up'] },
        number: { type: 'integer', minimum: 1 },
        startsAt: GIVEN_TIME,
        endsAt: GIVEN_TIME,
        previous: MEETING_PLACE,
        daysFromConcern: { type: 'integer' },
        invitationIds: { type: 'array', items: { type: 'string' } },
        reason: SEALED_SCHEMA,
        rescheduledAt: TIME,
      },
    ),
  },
  {
    type: 'MeetingCancelled',
    topic,
    version: 1,
    description:
      'The meeting was called off before it started: its booking released; the invitations no other meeting of the case brings together are cancelled with it (InvitationCancelled follows in the same append). `reason` sealed. Meeting closes the record to steps, plan follow-up notes it.',
    schema: object(
      ['meetingId', 'kind', 'number', 'startsAt', 'endsAt', 'roomId', 'invitationIds', 'reason', 'cancelledBy', 'cancelledAt'],
      {
        kind: { enum: ['first', 'follow-up'] },
        number: { type: 'integer', minimum: 1 },
        startsAt: GIVEN_TIME,
        endsAt: GIVEN_TIME,
        bookingId: { type: 'string' },
        invitationIds: { type: 'array', items: { type: 'string' } },
        reason: SEALED_SCHEMA,
        cancelledAt: TIME,
      },
    ),
  },
] as const satisfies readonly EventContract[];
export const CONVENING_CONTRACTS: EventContract[] = [...CONVENING_EVENTS];
/** The data of each event above, inferred from its schema (event type → data). */
export type ConveningEventData = EventDataMap<typeof CONVENING_EVENTS>;

/** Convening's events that schedule, move or call off a meeting: a consumer takes the three in one order. */
export const MEETING_CHANGES = ['MeetingScheduled', 'MeetingRescheduled', 'MeetingCancelled'] as const;
export type MeetingChange = (typeof MEETING_CHANGES)[number];
