import type { EventContract } from './contract-registry';
import { GIVEN_INSTANT_SCHEMA, INSTANT_SCHEMA, SEALED_SCHEMA, type EventDataMap } from './schema-types';
import { topicOf } from './integration-event';

const topic = topicOf('meeting');
/** Instants from the service's clock (RFC 3339). */
const TIME = INSTANT_SCHEMA;
/** A meeting's start as the convener gave it (convening's MeetingScheduled), stored as sent. */
const GIVEN_TIME = GIVEN_INSTANT_SCHEMA;
const WORKER = {
  type: 'object',
  required: ['professionalId', 'name', 'organisation', 'publicService'],
  properties: {
    professionalId: { type: 'string' },
    name: { type: 'string' },
    organisation: { type: 'string' },
    publicService: { const: true },
  },
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

/**
 * MeetingClosed v2 → v3: v3 records the closing check per agenda item (`agenda`: each matter sealed, and whether it was covered) and the close worker's
 * checklist (`closeWorkerTasks`). A v2 closure recorded only the yes/no `allMattersCovered`, which it keeps: its
 * agenda items and the close worker's tasks read `unknown`, never guessed.
 */
export const upcastMeetingClosedV2 = (data: unknown): unknown => ({ ...(data as object), agenda: 'unknown', closeWorkerTasks: 'unknown' });

/** The close worker's tasks at the meeting (seed 002); meeting-domain's CLOSE_WORKER_TASKS holds their texts. */
const CLOSE_WORKER_TASK = { enum: ['introduction-round', 'time-kept', 'feedback-collected', 'plan-printed-and-handed-over'] } as const;

/**
 * MeetingReportRecorded v1 → v2: v2 names the meeting the record is of (`meetingId`, its `number` in the case and
 * `startsAt`) and carries the Wellbeing Star scores rated at it (`wellbeingStar`: per child and rater, each area's
 * score; numbers only, the raters' notes stay sealed in meeting's own record). A v1 record named none of these:
 * they read as `null`, unknown (never guessed from another event: the record was made once, as it was).
 */
export function upcastMeetingReportRecordedV1(data: unknown): unknown {
  return { ...(data as object), meetingId: null, number: null, startsAt: null, wellbeingStar: null };
}

/**
 * A meeting's Wellbeing Star as the report record carries it: one entry per child and rater (the family or the
 * worker; `unknown` for ratings that did not say), with each area's latest score at the meeting and the version
 * it was rated under. An empty list: no star was rated at the meeting.
 */
const REPORTED_WELLBEING_STAR = {
  type: 'array',
  items: {
    type: 'object',
    required: ['configVersion', 'child', 'ratedBy', 'scores'],
    additionalProperties: false,
    properties: {
      configVersion: { type: 'string', minLength: 1 },
      child: { anyOf: [{ type: 'integer', minimum: 1 }, { const: 'unknown' }] },
      ratedBy: { enum: ['family', 'worker', 'unknown'] },
      scores: { type: 'object', additionalProperties: { type: 'integer' } },
    },
  },
} as const;

/** What meeting publishes on `meeting.events.v1`: the plan, the responsible worker, the meeting held with its report record. */
const MEETING_EVENTS = [
  {
    type: 'MeetingOpened',
    topic,
    version: 1,
    description:
      "Meeting opened its record of a meeting convening scheduled (from convening's MeetingScheduled): its steps are taken from 15 minutes before the start.",
    schema: {
      type: 'object',
      required: ['meetingId', 'kind', 'number', 'startsAt', 'roomId'],
      properties: {
        meetingId: { type: 'string' },
        kind: { enum: ['first', 'follow-up'] },
        number: { type: 'integer' },
        startsAt: GIVEN_TIME,
        roomId: { type: 'string' },
      },
    },
  },
  {
    type: 'PlanAgreed',
    topic,
    version: 1,
    description:
      'Revision 1 of the joint plan; its content travels sealed. `consentId`: the consent its responsible workers were named under (optional, added without a version).',
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
        revises: {
          type: 'object',
          required: ['meetingId', 'revision'],
          additionalProperties: false,
          properties: { meetingId: { type: 'string' }, revision: { type: 'integer', minimum: 1 } },
        },
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
    version: 3,
    description:
      'The meeting was held and closed with the joint evaluation. v2: `meetingId`, `kind` and `number` of the meeting (v1 → absent); plan follow-up counts the meetings held from these. v3: `agenda` (each matter, sealed, and whether it was covered; `unknown` when only the yes/no was given) and `closeWorkerTasks` (each task done, not-done or not-recorded); v2 → both `unknown`, `allMattersCovered` as it was.',
    schema: {
      type: 'object',
      required: ['allMattersCovered', 'agenda', 'closeWorkerTasks', 'closedAt'],
      properties: {
        meetingId: { type: 'string', minLength: 1 },
        kind: { enum: ['first', 'follow-up'] },
        number: { type: 'integer', minimum: 1 },
        allMattersCovered: { type: 'boolean' },
        agenda: {
          anyOf: [
            {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['item', 'covered'],
                additionalProperties: false,
                properties: { item: SEALED_SCHEMA, covered: { type: 'boolean' }, note: SEALED_SCHEMA },
              },
            },
            { const: 'unknown' },
          ],
        },
        closeWorkerTasks: {
          anyOf: [
            {
              type: 'array',
              items: {
                type: 'object',
                required: ['task', 'status'],
                additionalProperties: false,
                properties: { task: CLOSE_WORKER_TASK, status: { enum: ['done', 'not-done', 'not-recorded'] } },
              },
            },
            { const: 'unknown' },
          ],
        },
        evaluationNote: SEALED_SCHEMA,
        closedAt: TIME,
      },
    },
    upcasters: { 1: upcastMeetingClosedV1, 2: upcastMeetingClosedV2 },
  },
  {
    type: 'MeetingReportRecorded',
    topic,
    version: 2,
    description:
      'The per-meeting report record (Kangasala): one per meeting; reporting counts these. `remarks` sealed. v2: `meetingId`, `number` and `startsAt` of the meeting, and `wellbeingStar` (per child and rater, the scores per area rated at it; [] when none was rated); v1 → all four null (unknown).',
    schema: {
      type: 'object',
      required: [
        'meetingId',
        'number',
        'startsAt',
        'wellbeingStar',
        'organizer',
        'kind',
        'participatingSectors',
        'referred',
        'referredToAssessmentOrSocialWork',
        'familyGotHelp',
        'recordedBy',
        'recordedAt',
      ],
      properties: {
        meetingId: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'null' }] },
        number: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
        startsAt: { anyOf: [GIVEN_TIME, { type: 'null' }] },
        wellbeingStar: { anyOf: [REPORTED_WELLBEING_STAR, { type: 'null' }] },
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
    upcasters: { 1: upcastMeetingReportRecordedV1 },
  },
] as const satisfies readonly EventContract[];
export const MEETING_CONTRACTS: EventContract[] = [...MEETING_EVENTS];
/** The data of each event above, inferred from its schema (event type → data). */
export type MeetingEventData = EventDataMap<typeof MEETING_EVENTS>;
