import type { EventContract } from './contract-registry';
import { SEALED_SCHEMA } from './intake.contracts';
import { topicOf } from './integration-event';

const topic = topicOf('plan-followup');

/** What plan-followup publishes on `plan-followup.events.v1` (the rest arrives with its service, issue 8). */
export const PLAN_FOLLOWUP_CONTRACTS: EventContract[] = [
  {
    type: 'FollowUpMeetingRequested',
    topic,
    version: 1,
    description: 'The responsible worker asks for a follow-up meeting; convening convenes it like the first.',
    schema: {
      type: 'object',
      required: ['requestedBy', 'requestedAt', 'reason'],
      properties: { requestedBy: { type: 'string', minLength: 1 }, requestedAt: { type: 'string', minLength: 20 }, reason: SEALED_SCHEMA },
    },
  },
];
