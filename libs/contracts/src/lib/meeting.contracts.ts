import type { EventContract } from './contract-registry';
import { SEALED_SCHEMA } from './intake.contracts';
import { topicOf } from './integration-event';

const topic = topicOf('meeting');
const TIME = { type: 'string', minLength: 20 } as const;
const WORKER = {
  type: 'object',
  required: ['professionalId', 'name', 'organisation', 'publicService'],
  properties: { professionalId: { type: 'string' }, name: { type: 'string' }, organisation: { type: 'string' }, publicService: { const: true } },
} as const;

/** What meeting publishes on `meeting.events.v1`: the plan, the responsible worker, the meeting held with its report record. */
export const MEETING_CONTRACTS: EventContract[] = [
  {
    type: 'MeetingOpened',
    topic,
    version: 1,
    schema: { type: 'object', required: ['meetingId', 'kind', 'number', 'startsAt', 'roomId'], properties: { meetingId: { type: 'string' }, kind: { enum: ['first', 'follow-up'] }, number: { type: 'integer' }, startsAt: TIME, roomId: { type: 'string' } } },
  },
  {
    type: 'PlanAgreed',
    topic,
    version: 1,
    description: 'Revision 1 of the joint plan; its content travels sealed.',
    schema: {
      type: 'object',
      required: ['meetingId', 'revision', 'plan', 'responsibleWorkers', 'agreedBy', 'agreedAt'],
      properties: { meetingId: { type: 'string' }, revision: { const: 1 }, plan: SEALED_SCHEMA, responsibleWorkers: { type: 'array', minItems: 1, maxItems: 2, items: WORKER }, agreedBy: { type: 'string' }, agreedAt: TIME },
    },
  },
  {
    type: 'PlanRevised',
    topic,
    version: 1,
    schema: {
      type: 'object',
      required: ['meetingId', 'revision', 'plan', 'responsibleWorkers', 'reason', 'revisedBy', 'revisedAt'],
      properties: { meetingId: { type: 'string' }, revision: { type: 'integer', minimum: 2 }, plan: SEALED_SCHEMA, responsibleWorkers: { type: 'array', minItems: 1, maxItems: 2, items: WORKER }, reason: SEALED_SCHEMA, revisedBy: { type: 'string' }, revisedAt: TIME },
    },
  },
  {
    type: 'ResponsibleWorkersNamed',
    topic,
    version: 1,
    description: 'Named by the family: one professional of a public service, or a pair; `previous` when it changes.',
    schema: { type: 'object', required: ['workers', 'previous', 'namedAt'], properties: { workers: { type: 'array', minItems: 1, maxItems: 2, items: WORKER }, previous: { type: 'array', items: { type: 'string' } }, reason: { type: 'string' }, namedAt: TIME } },
  },
  {
    type: 'MeetingClosed',
    topic,
    version: 1,
    schema: { type: 'object', required: ['allMattersCovered', 'closedAt'], properties: { allMattersCovered: { type: 'boolean' }, evaluationNote: SEALED_SCHEMA, closedAt: TIME } },
  },
  {
    type: 'MeetingReportRecorded',
    topic,
    version: 1,
    description: 'The per-meeting report record (Kangasala): one per meeting; reporting counts these.',
    schema: {
      type: 'object',
      required: ['organizer', 'kind', 'participatingSectors', 'referred', 'referredToAssessmentOrSocialWork', 'familyGotHelp', 'recordedBy', 'recordedAt'],
      properties: {
        organizer: { type: 'string' },
        kind: { enum: ['first', 'follow-up'] },
        participatingSectors: { type: 'array', items: { type: 'string' } },
        referred: { type: 'boolean' },
        referredTo: { type: 'string' },
        referredToAssessmentOrSocialWork: { type: 'boolean' },
        familyGotHelp: { enum: ['yes', 'partly', 'no', 'too-early'] },
        remarks: SEALED_SCHEMA,
        recordedBy: { type: 'string' },
        recordedAt: TIME,
      },
    },
  },
];
