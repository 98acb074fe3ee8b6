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

/**
 * PlanRevised v1 → v2: v2 names the revision it `revises` (which meeting's, which revision: a follow-up meeting
 * starts from the plan another meeting left in force) and whether the family `confirmed` the plan unchanged apart
 * from its next contact (then without a `reason`). A v1 revision always revised the plan of its own meeting, the
 * revision before it, and always said why.
 */
export function upcastPlanRevisedV1(data: unknown): unknown {
  const revised = data as { meetingId: string; revision: number };
  return { ...revised, confirmed: false, revises: { meetingId: revised.meetingId, revision: revised.revision - 1 } };
}

/**
 * MeetingClosed v1 → v2: v2 names the meeting closed (`meetingId`, `kind`, `number`), so that plan follow-up can
 * count the meetings held. A v1 closure named none: they stay absent (the meeting is known only from its stream).
 */
export const upcastMeetingClosedV1 = (data: unknown): unknown => data;

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
    version: 2,
    description:
      'A new revision of the plan in force: changed within a meeting, at a follow-up meeting (which starts from the plan another meeting left in force), or confirmed there unchanged apart from the next contact. `revision` counts across the case. v2: `revises` {meetingId, revision} and `confirmed` (then no `reason`; otherwise `reason` is required); v1 → `confirmed: false`, `revises` the revision before it in the same meeting.',
    schema: {
      type: 'object',
      required: ['meetingId', 'revision', 'plan', 'responsibleWorkers', 'revises', 'confirmed', 'revisedBy', 'revisedAt'],
      properties: {
        meetingId: { type: 'string' },
        revision: { type: 'integer', minimum: 2 },
        plan: SEALED_SCHEMA,
        responsibleWorkers: { type: 'array', minItems: 1, maxItems: 2, items: WORKER },
        consentId: CONSENT_ID,
        reason: SEALED_SCHEMA,
        revises: { type: 'object', required: ['meetingId', 'revision'], additionalProperties: false, properties: { meetingId: { type: 'string' }, revision: { type: 'integer', minimum: 1 } } },
        confirmed: { type: 'boolean' },
        revisedBy: { type: 'string' },
        revisedAt: TIME,
      },
      // A change says why; a confirmation of the plan in force needs no reason.
      if: { type: 'object', required: ['confirmed'], properties: { confirmed: { const: false } } },
      then: { type: 'object', required: ['reason'], properties: { reason: SEALED_SCHEMA } },
    },
    upcasters: { 1: upcastPlanRevisedV1 },
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
    version: 2,
    description: 'The meeting was held and closed with the joint evaluation. v2: `meetingId`, `kind` and `number` of the meeting (v1 → absent); plan follow-up counts the meetings held from these.',
    schema: {
      type: 'object',
      required: ['allMattersCovered', 'closedAt'],
      properties: {
        meetingId: { type: 'string', minLength: 1 },
        kind: { enum: ['first', 'follow-up'] },
        number: { type: 'integer', minimum: 1 },
        allMattersCovered: { type: 'boolean' },
        evaluationNote: SEALED_SCHEMA,
        closedAt: TIME,
      },
    },
    upcasters: { 1: upcastMeetingClosedV1 },
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
