import type { EventContract } from './contract-registry';
import { INSTANT_SCHEMA, SEALED_SCHEMA, type EventDataMap } from './schema-types';
import { topicOf } from './integration-event';

const topic = topicOf('plan-followup');
/** Instants from the service's clock (RFC 3339). */
const TIME = INSTANT_SCHEMA;

/** What plan-followup publishes on `plan-followup.events.v1`: follow-up requests, outcomes, referrals, closure, feedback. */
const PLAN_FOLLOWUP_EVENTS = [
  {
    type: 'FollowUpMeetingRequested',
    topic,
    version: 1,
    description: 'The responsible worker asks for a follow-up meeting; convening convenes it like the first.',
    schema: {
      type: 'object',
      required: ['requestedBy', 'requestedAt', 'reason'],
      properties: { requestedBy: { type: 'string', minLength: 1 }, requestedAt: TIME, reason: SEALED_SCHEMA },
    },
  },
  {
    type: 'OutcomeRecorded',
    topic,
    version: 1,
    description: 'At a follow-up: support was sufficient, the need continues, or stronger support is needed.',
    schema: {
      type: 'object',
      required: ['outcome', 'recordedBy', 'recordedAt'],
      properties: {
        outcome: { enum: ['sufficient', 'continue', 'stronger-support'] },
        recordedBy: { type: 'string' },
        recordedAt: TIME,
      },
    },
  },
  {
    type: 'ReferralMade',
    topic,
    version: 1,
    description: 'A referral to a service of the catalogue, with the consent or legal basis it relies on.',
    schema: {
      type: 'object',
      required: ['serviceId', 'referredBy', 'referredAt'],
      properties: {
        serviceId: { type: 'string' },
        consent: {
          type: 'object',
          required: ['basis', 'reference'],
          properties: { basis: { enum: ['consent', 'law'] }, reference: { type: 'string' } },
        },
        referredBy: { type: 'string' },
        referredAt: TIME,
      },
    },
  },
  {
    type: 'CaseClosed',
    topic,
    version: 1,
    description: "The case closed, and why; the retention of the case's personal data runs from this. `note` sealed.",
    schema: {
      type: 'object',
      required: ['reason', 'closedBy', 'closedAt'],
      properties: {
        reason: { enum: ['everyday-life-runs-smoothly', 'stronger-support-arranged', 'family-withdrew', 'other'] },
        note: SEALED_SCHEMA,
        closedBy: { type: 'string' },
        closedAt: TIME,
      },
    },
  },
  {
    type: 'CaseReopened',
    topic,
    version: 1,
    description: 'A closed case opened again; `reason` sealed.',
    schema: {
      type: 'object',
      required: ['reason', 'reopenedBy', 'reopenedAt'],
      properties: { reason: SEALED_SCHEMA, reopenedBy: { type: 'string' }, reopenedAt: TIME },
    },
  },
  {
    type: 'FeedbackReceived',
    topic,
    version: 1,
    description: "The family's feedback form, apart from the case (key 'feedback', month only): scores, never the free text.",
    schema: {
      type: 'object',
      required: ['formVersion', 'answers', 'month', 'organizer'],
      additionalProperties: false,
      properties: {
        formVersion: { type: 'string' },
        answers: {
          type: 'array',
          items: { type: 'object', required: ['item', 'score'], properties: { item: { type: 'string' }, score: { type: 'integer' } } },
        },
        month: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
        organizer: { type: 'string' },
      },
    },
  },
] as const satisfies readonly EventContract[];
export const PLAN_FOLLOWUP_CONTRACTS: EventContract[] = [...PLAN_FOLLOWUP_EVENTS];
/** The data of each event above, inferred from its schema (event type → data). */
export type PlanFollowUpEventData = EventDataMap<typeof PLAN_FOLLOWUP_EVENTS>;
