import { S, namedSchema } from '@perheverkko/http';

// The meeting service's answers as /openapi.json describes them (tools/openapi checks real answers against them).

const TEXTS = { fi: S.string(), sv: S.string(), en: S.string() };

export const STAR_CONFIGS = namedSchema(
  'WellbeingStarConfigs',
  S.array(
    S.object(
      {
        version: S.string({ example: 'thl-2017-1' }),
        scale: S.object({ min: S.integer(), max: S.integer() }, ['min', 'max']),
        areas: S.array(S.object({ key: S.string(), ...TEXTS }, ['key'])),
      },
      ['version', 'scale', 'areas'],
    ),
  ),
);

const PLAN_REVISION = {
  revision: S.integer(),
  change: S.string({ example: 'agreed' }),
  decidedBy: S.string(),
  decidedAt: S.string(),
  reason: S.personal(S.nullable(S.string())),
  revises: S.nullable(
    S.object({ meetingId: S.string(), revision: S.integer() }, ['meetingId', 'revision'], {
      description: 'The plan revision this one replaced (possibly another meeting’s); null for the plan agreed',
    }),
  ),
  consentId: S.nullable(S.string()),
};

const JOINT_PLAN = S.object({
  matters: S.array(S.string()),
  actions: S.array(S.object({ arena: S.string(), what: S.string(), who: S.string(), by: S.string() })),
  followUp: S.object({ workerContactsFamily: S.string(), familyContactsWorker: S.string() }),
  nextContactAt: S.nullable(S.string()),
});

export const MEETING_VIEW = namedSchema(
  'Meeting',
  S.object(
    {
      caseId: S.uuid(),
      meetingId: S.string(),
      revision: S.revision(),
      kind: S.string({ example: 'first' }),
      number: S.integer(),
      startsAt: S.string(),
      roomId: S.nullable(S.string()),
      status: S.string({ enum: ['open', 'closed', 'cancelled'] }),
      convenerId: S.nullable(S.string()),
      moves: S.array(S.object({})),
      cancelledAt: S.nullable(S.string()),
      attendance: S.nullable(
        S.object({
          participants: S.identity(S.array(S.object({ name: S.string(), role: S.string() }))),
          childTookPart: S.boolean(),
          recordedAt: S.string(),
        }),
      ),
      consentForm: S.nullable(S.object({ signedBy: S.identity(S.array(S.string())), confirmedAt: S.string(), confirmedBy: S.string() })),
      views: S.array(S.object({})),
      wellbeingStar: S.array(S.object({})),
      closeWorkerTasks: S.array(S.object({ task: S.string(), ...TEXTS, done: S.nullable(S.boolean()) }, ['task'])),
      closing: S.nullable(S.object({})),
      report: S.nullable(S.object({})),
      plan: S.nullable(S.object({ ...JOINT_PLAN.properties, ...PLAN_REVISION })),
      planRevisions: S.array(S.object(PLAN_REVISION)),
      responsibleWorkers: S.array(
        S.object({ professionalId: S.string(), name: S.string(), organisation: S.string(), publicService: S.boolean() }),
      ),
      responsibleWorkersConsentId: S.nullable(S.string()),
      withheld: S.array(S.string(), { description: 'Categories the caller does not read' }),
    },
    ['caseId', 'meetingId', 'revision', 'status', 'withheld'],
  ),
);

/** The printable plan: a PDF (the default) or an HTML page, by `format`. */
export const PLAN_PRINT = {
  'application/pdf': { schema: S.string({ format: 'binary' }) },
  'text/html': { schema: S.string() },
};
