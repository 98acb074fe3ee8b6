import { S, namedSchema } from '@perheverkko/http';

// Plan follow-up's answers as /openapi.json describes them (tools/openapi checks real answers against them).

const TEXTS = { fi: S.string(), sv: S.string(), en: S.string() };

export const SERVICE_CATALOGUE = namedSchema(
  'ServiceCatalogue',
  S.array(
    S.object(
      {
        id: S.string({ example: 'family-counselling' }),
        ...TEXTS,
        requiresConsent: S.boolean(),
        organisation: S.string(),
        sector: S.string(),
      },
      ['id'],
    ),
  ),
);

export const FEEDBACK_FORMS = namedSchema(
  'FeedbackForms',
  S.array(
    S.object(
      {
        version: S.string({ example: 'kangasala-2024-1' }),
        scale: S.object({ min: S.integer(), max: S.integer() }, ['min', 'max']),
        items: S.array(S.object({ key: S.string(), ...TEXTS }, ['key'])),
      },
      ['version', 'scale', 'items'],
    ),
  ),
);

export const WORKLIST = namedSchema(
  'WorklistPage',
  S.page(S.object({ caseId: S.uuid(), nextContactAt: S.nullable(S.string()), overdue: S.boolean() }, ['caseId'])),
);

export const PLAN_TRACKING = namedSchema(
  'PlanTracking',
  S.object(
    {
      caseId: S.uuid(),
      revision: S.revision(),
      status: S.string({ example: 'tracking' }),
      plan: S.nullable(
        S.object({
          meetingId: S.string(),
          revision: S.integer(),
          responsibleWorkerIds: S.array(S.string()),
          consentId: S.nullable(S.string()),
          nextContactAt: S.nullable(S.string()),
          trackedAt: S.string(),
        }),
      ),
      actions: S.array(
        S.object({
          index: S.integer(),
          arena: S.string(),
          what: S.string(),
          who: S.string(),
          by: S.string(),
          status: S.string({ example: 'not-started' }),
        }),
      ),
      progress: S.array(S.object({})),
      nextContactAt: S.nullable(S.string()),
      contacts: S.array(
        S.object({
          at: S.string(),
          by: S.string(),
          method: S.string(),
          summary: S.personal(S.string()),
          nextContactAt: S.nullable(S.string()),
        }),
      ),
      followUpMeetings: S.array(S.object({})),
      followUpMeetingRequests: S.array(S.object({})),
      outcome: S.nullable(S.object({ outcome: S.string({ example: 'sufficient' }), recordedAt: S.string(), recordedBy: S.string() })),
      referrals: S.array(S.object({})),
      closure: S.nullable(S.object({ reason: S.string(), closedAt: S.string(), closedBy: S.string() })),
      reopenings: S.array(S.object({})),
      withheld: S.array(S.string(), { description: 'Categories the caller does not read' }),
    },
    ['caseId', 'revision', 'withheld'],
  ),
);

export const FEEDBACK_FILED = namedSchema(
  'FeedbackFiled',
  S.object({ feedbackId: S.uuid(), alreadyHandled: S.boolean() }, ['feedbackId', 'alreadyHandled']),
);
