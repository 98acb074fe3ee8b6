import type { EventContract } from './contract-registry';
import { SEALED_SCHEMA } from './intake.contracts';
import { topicOf } from './integration-event';

const topic = topicOf('convening');
const TIME = { type: 'string', minLength: 20 } as const;
const SCOPE = {
  type: 'object',
  required: ['kind', 'value', 'share'],
  properties: { kind: { enum: ['person', 'organisation', 'sector'] }, value: { type: 'string' }, share: { type: 'array', items: { type: 'string' } } },
} as const;
/** Required fields not typed more precisely below are non-empty strings (ids, names of the actor, reasons). */
const object = (required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required,
  properties: { ...Object.fromEntries(required.map((key) => [key, { type: 'string', minLength: 1 }])), ...properties },
});
const WORKER = object(['id', 'name', 'organisation', 'sector'], {});

/** What convening publishes on `convening.events.v1`: consent, invitations and scheduled meetings. */
export const CONVENING_CONTRACTS: EventContract[] = [
  { type: 'ConveningOpened', topic, version: 1, schema: object(['convener', 'zone', 'concernRegisteredAt', 'requestedAt'], { convener: WORKER, zone: { type: 'integer' }, concernRegisteredAt: TIME, requestedAt: TIME }) },
  {
    type: 'ConsentGranted',
    topic,
    version: 1,
    description: 'Who consents (sealed), for whom (sealed), whom it covers and what may be shared, until when, how given, recorded by whom.',
    schema: object(['consentId', 'guardians', 'children', 'scopes', 'validUntil', 'givenAs', 'recordedBy'], {
      consentId: { type: 'string' },
      guardians: SEALED_SCHEMA,
      children: SEALED_SCHEMA,
      scopes: { type: 'array', items: SCOPE },
      validUntil: TIME,
      givenAs: { enum: ['paper-form', 'electronic'] },
      recordedBy: { type: 'string' },
    }),
  },
  { type: 'ConsentExtended', topic, version: 1, schema: object(['consentId', 'scopes', 'validUntil', 'recordedBy'], { consentId: { type: 'string' }, scopes: { type: 'array', items: SCOPE }, validUntil: TIME }) },
  { type: 'ConsentWithdrawn', topic, version: 1, description: 'Takes effect at once.', schema: object(['consentId', 'withdrawnBy', 'withdrawnAt'], { consentId: { type: 'string' }, withdrawnAt: TIME }) },
  {
    type: 'InvitationSent',
    topic,
    version: 1,
    description: 'An invitation and the consent it relies on, with what may be shared with the invitee.',
    schema: object(['invitationId', 'invitee', 'consentId', 'share', 'sentBy', 'sentAt'], {
      invitationId: { type: 'string' },
      inviteeId: { type: 'string' },
      invitee: SEALED_SCHEMA,
      consentId: { type: 'string' },
      share: { type: 'array', items: { type: 'string' } },
      sentAt: TIME,
    }),
  },
  { type: 'InvitationCancelled', topic, version: 1, schema: object(['invitationId', 'reason', 'cancelledAt'], { invitationId: { type: 'string' }, cancelledAt: TIME }) },
  { type: 'InvitationReplied', topic, version: 1, schema: object(['invitationId', 'reply', 'repliedAt'], { reply: { enum: ['accept', 'decline', 'propose-time'] }, repliedAt: TIME }) },
  {
    type: 'FollowUpRequested',
    topic,
    version: 1,
    description: "Plan follow-up asked for a follow-up meeting; the convener convenes it.",
    schema: object(['requestedBy', 'requestedAt', 'reason'], { requestedAt: TIME, reason: SEALED_SCHEMA }),
  },
  {
    type: 'MeetingScheduled',
    topic,
    version: 1,
    description: 'A first or follow-up joint meeting with its time, room and invitations; meeting opens from this.',
    schema: object(['meetingId', 'kind', 'number', 'startsAt', 'endsAt', 'roomId', 'daysFromConcern', 'invitationIds'], {
      meetingId: { type: 'string' },
      kind: { enum: ['first', 'follow-up'] },
      number: { type: 'integer', minimum: 1 },
      startsAt: TIME,
      endsAt: TIME,
      roomId: { type: 'string' },
      daysFromConcern: { type: 'integer' },
      invitationIds: { type: 'array', items: { type: 'string' } },
    }),
  },
];
