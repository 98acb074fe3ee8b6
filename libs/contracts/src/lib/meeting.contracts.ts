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
/** The consent the responsible workers were named under (absent: named before it was recorded with them). */
const CONSENT_ID = { type: 'string', minLength: 1 } as const;

/**
 * ResponsibleWorkersNamed v1 → v2: v2 records that the family named them (`namedByFamily`, as the model always
 * meant) and under which consent (`consentId`). A v1 event did not record the consent: it stays absent, and the
 * access model reads such a naming as resting on any consent in force that covers the worker.
 */
export function upcastResponsibleWorkersNamedV1(data: unknown): unknown {
  return { ...(data as object), namedByFamily: true };
}

/**
 * ResponsibleWorkersNamed v2 → v3: v3 seals `reason` (why the responsible worker changed, in someone's own words).
 * A v2 event keeps the clear text it was written with.
 */
export const upcastResponsibleWorkersNamedV2 = (data: unknown): unknown => data;

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
    description: 'Revision 1 of the joint plan; its content travels sealed. `consentId`: the consent its responsible workers were named under (optional, added without a version).',
    schema: {
      type: 'object',
      required: ['meetingId', 'revision', 'plan', 'responsibleWorkers', 'agreedBy', 'agreedAt'],
      properties: {
        meetingId: { type: 'string' },
        revision: { const: 1 },
        plan: SEALED_SCHEMA,
        responsibleWorkers: { type: 'array', minItems: 1, maxItems: 2, items: WORKER },
        consentId: CONSENT_ID,
        agreedBy: { type: 'string' },
        agreedAt: TIME,
      },
    },
  },
  {
    type: 'PlanRevised',
    topic,
    version: 1,
    schema: {
      type: 'object',
      required: ['meetingId', 'revision', 'plan', 'responsibleWorkers', 'reason', 'revisedBy', 'revisedAt'],
      properties: {
        meetingId: { type: 'string' },
        revision: { type: 'integer', minimum: 2 },
        plan: SEALED_SCHEMA,
        responsibleWorkers: { type: 'array', minItems: 1, maxItems: 2, items: WORKER },
        consentId: CONSENT_ID,
        reason: SEALED_SCHEMA,
        revisedBy: { type: 'string' },
        revisedAt: TIME,
      },
    },
  },
  {
    type: 'ResponsibleWorkersNamed',
    topic,
    version: 3,
    description:
      'Named by the family: one professional of a public service from the staff directory, or a pair; `previous` when it changes. v2: `namedByFamily` (always true) and `consentId`, the consent in force that covers them (v1 → absent). v3: `reason` sealed (v2 events keep their clear text).',
    schema: {
      type: 'object',
      required: ['workers', 'previous', 'namedAt', 'namedByFamily'],
      properties: {
        workers: { type: 'array', minItems: 1, maxItems: 2, items: WORKER },
        previous: { type: 'array', items: { type: 'string' } },
        reason: { anyOf: [SEALED_SCHEMA, { type: 'string' }] },
        namedAt: TIME,
        namedByFamily: { const: true },
        consentId: CONSENT_ID,
      },
    },
    upcasters: { 1: upcastResponsibleWorkersNamedV1, 2: upcastResponsibleWorkersNamedV2 },
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
