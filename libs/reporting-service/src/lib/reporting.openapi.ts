import { S, namedSchema, type Schema } from '@perheverkko/http';

// Reporting's answers as /openapi.json describes them (tools/openapi checks real answers against them).

const CASE_ROW = S.object(
  {
    caseId: S.uuid(),
    caseNumber: S.string({ example: '33f90719' }),
    phase: S.string({ example: 'follow-up' }),
    nextDateAt: S.nullable(S.string()),
    roles: S.array(S.string({ example: 'convener' })),
    municipality: S.string({ description: 'Where the caller reads the concern' }),
    familyName: S.string({ description: 'Where the caller reads identity' }),
  },
  ['caseId', 'caseNumber', 'phase', 'nextDateAt', 'roles'],
);

export const CASE_PAGE = namedSchema('CasePage', S.page(CASE_ROW));

export const TASK_PAGE = namedSchema(
  'TaskPage',
  S.page(
    S.object(
      {
        caseId: S.uuid(),
        caseNumber: S.string(),
        kind: S.string({ example: 'next-contact' }),
        dueAt: S.string(),
        overdue: S.boolean(),
        about: S.object({ meetingId: S.string(), invitationId: S.string() }),
      },
      ['caseId', 'caseNumber', 'kind', 'dueAt', 'overdue'],
    ),
  ),
);

const PART = (description: string) => S.object({}, [], { description });

export const CASE_OVERVIEW = namedSchema(
  'CaseOverview',
  S.object(
    {
      caseId: S.uuid(),
      caseNumber: S.string(),
      phase: S.string(),
      nextDateAt: S.nullable(S.string()),
      roles: S.array(S.string()),
      readableCategories: S.array(S.string()),
      family: S.object({ children: S.array(S.object({})), guardians: S.array(S.object({})) }, [], { description: 'identity' }),
      concern: PART('concern: municipality, channel, zones, raisings, joined concerns'),
      routing: PART('routing: route, mandatory notifications, contacts'),
      consents: PART('consents: consents, invitations, the meetings’ times'),
      meetingRecord: PART('meeting-record: each meeting’s record'),
      jointPlan: PART('joint-plan: the plan in force and the responsible workers'),
      followUp: PART('follow-up: contacts, follow-up meetings, outcome, closure'),
    },
    ['caseId', 'caseNumber', 'phase', 'roles', 'readableCategories'],
  ),
);

export const CASE_HISTORY = namedSchema(
  'AuditCaseHistory',
  S.object(
    {
      caseId: S.uuid(),
      asOf: S.instant(),
      state: S.object({ caseId: S.uuid(), asOf: S.instant(), phase: S.string(), eventsSoFar: S.integer() }, ['phase'], {
        description: 'The case as it stood at asOf, across the services',
      }),
      events: S.array(
        S.object(
          {
            eventId: S.string(),
            service: S.string({ example: 'intake' }),
            type: S.string(),
            version: S.integer(),
            occurredAt: S.string(),
            receivedAt: S.string(),
            published: S.boolean(),
            origin: S.object({}),
            actor: S.object({ id: S.string(), role: S.string(), organisation: S.string() }),
            consentReliedOn: S.nullable(S.object({})),
            correlationId: S.string(),
            causationId: S.string(),
            data: S.object({}),
          },
          ['type', 'service', 'occurredAt', 'data'],
        ),
        { description: 'This page of the events, in causal order; `state` is the whole case’s on every page' },
      ),
      next: S.nullable(
        S.string({
          description:
            'Cursor of the next page (also the Link header); null on the last. It keeps the first page’s asOf and the events the archive had then, so a walk is complete and in one order',
        }),
      ),
    },
    ['caseId', 'asOf', 'state', 'events', 'next'],
  ),
);

const COUNTS: Schema = S.object({ counts: S.map(S.nullable(S.integer())), total: S.nullable(S.integer()) });

export const ANNUAL_REPORT = namedSchema(
  'AnnualReport',
  S.object(
    {
      period: S.object({ from: S.string(), to: S.string() }, ['from', 'to']),
      filters: S.object({
        organizer: S.nullable(S.string()),
        municipality: S.nullable(S.string()),
        region: S.nullable(S.string()),
        county: S.nullable(S.string()),
      }),
      protection: S.object({ suppressedBelow: S.nullable(S.integer()), note: S.string() }, [], {
        description: 'How small counts are protected (analysts): suppressed and rounded',
      }),
      jointMeetings: COUNTS,
      jointMeetingsByOrganizer: COUNTS,
      familiesReached: S.nullable(S.integer()),
      childrenReached: S.nullable(S.integer()),
      familiesWithChildCountUnknown: S.nullable(S.integer()),
      participatingSectors: S.map(S.nullable(S.integer())),
      familiesReferredToAssessmentOrSocialWork: S.nullable(S.integer()),
      familyGotHelp: COUNTS,
      referralsAtMeetings: S.object({}),
      meetingsWithRemarks: S.nullable(S.integer()),
      meetingsPerFamily: S.object({}),
      referralsByService: COUNTS,
      intake: S.object({}),
      outcomes: COUNTS,
      effectiveness: S.object({}),
      effectivenessBy: S.object({}),
      feedback: S.object({ forms: S.nullable(S.integer()), items: S.map(S.object({})) }),
      municipalities: S.array(
        S.object({
          municipality: S.string(),
          region: S.string(),
          county: S.string(),
          adoptionStage: S.nullable(S.integer()),
          meetings: S.nullable(S.integer()),
        }),
      ),
      meetingsInAllMunicipalities: S.nullable(S.integer()),
    },
    ['period', 'filters', 'protection'],
  ),
);

export const REPORT_RECORDS = namedSchema(
  'ReportRecords',
  S.array(
    S.object(
      {
        recordId: S.string(),
        meetingId: S.nullable(S.string()),
        recordedAt: S.string(),
        organizer: S.string(),
        municipality: S.nullable(S.string()),
        region: S.string(),
        kind: S.string(),
        participatingSectors: S.array(S.string()),
        referred: S.boolean(),
        referredTo: S.nullable(S.string()),
        referredToAssessmentOrSocialWork: S.boolean(),
        familyGotHelp: S.string(),
        remarks: {
          description:
            'Opened for the coordinators of the case’s organiser; `{ withheld: remarks }` for others, `{ erased: true }` once the key is destroyed',
          oneOf: [S.nullable(S.string()), S.object({ withheld: S.string() }, ['withheld']), S.object({ erased: S.boolean() }, ['erased'])],
        },
      },
      ['recordId', 'recordedAt', 'organizer', 'kind'],
    ),
  ),
);

/** JSON, or CSV with `format=csv` or `Accept: text/csv`. */
export const jsonOrCsv = (schema: Schema) => ({ 'application/json': { schema }, 'text/csv': { schema: S.string() } });

export const ADOPTION_STAGE_RECORDED = namedSchema(
  'AdoptionStageRecorded',
  S.object(
    { municipality: S.string(), stage: S.integer(), revision: S.revision(), alreadyHandled: S.boolean(), events: S.array(S.string()) },
    ['municipality', 'alreadyHandled', 'events'],
  ),
);

export const MUNICIPALITY_ADOPTION = namedSchema(
  'MunicipalityAdoption',
  S.object(
    {
      municipality: S.string({ example: 'Tampere' }),
      stage: S.nullable(S.integer()),
      region: S.nullable(S.string()),
      steps: S.array(S.object({ stage: S.integer(), recordedAt: S.string(), note: S.string() }, ['stage', 'recordedAt'])),
      revision: S.integer({ description: 'Absent before the first stage is recorded; also the ETag' }),
    },
    ['municipality', 'stage', 'region', 'steps'],
  ),
);

export const ADOPTION_STAGES = namedSchema(
  'AdoptionStages',
  S.array(
    S.object({ municipality: S.string(), region: S.string(), stage: S.integer(), recordedAt: S.string() }, [
      'municipality',
      'stage',
      'recordedAt',
    ]),
  ),
);
