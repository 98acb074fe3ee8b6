import { S, namedSchema } from '@perheverkko/http';

// Intake's answers as /openapi.json describes them (the handlers' real shapes; tools/openapi checks real answers against them).

const PERSON = S.object({ name: S.string(), identifier: S.string({ example: 'TEMP-2026-0001' }) }, ['name']);
const RAISED_BY = S.object({ id: S.string(), name: S.string(), organisation: S.string(), sector: S.string() }, ['id']);

export const REGISTERED_CONCERN = namedSchema(
  'RegisteredConcern',
  S.object(
    {
      caseId: S.uuid(),
      revision: S.revision(),
      alreadyHandled: S.boolean(),
      events: S.array(S.string(), { example: ['ConcernRegistered', 'ZoneRated'] }),
      openCaseCheck: S.object(
        {
          ownOpenCases: S.array(S.object({})),
          separateFrom: S.array(S.object({ children: S.array(S.integer()), organiser: S.string() })),
          notChecked: S.array(S.integer(), { description: 'Indexes of children that could not be compared' }),
        },
        [],
        { description: "The child's open cases found (absent on a resend)" },
      ),
    },
    ['caseId', 'alreadyHandled', 'events'],
  ),
);

export const ROUTE_RECOMMENDATION = namedSchema(
  'RouteRecommendation',
  S.object({ route: S.string({ example: 'joint-meeting' }), reasons: S.array(S.string()) }, ['route', 'reasons']),
);

export const CONCERN_VIEW = namedSchema(
  'Concern',
  S.object(
    {
      caseId: S.uuid(),
      revision: S.revision(),
      channel: S.string({ example: 'close-worker' }),
      children: S.identity(S.array(PERSON)),
      guardians: S.identity(S.array(PERSON)),
      childCount: S.integer(),
      raisedBy: RAISED_BY,
      description: S.personal(S.string()),
      municipality: S.string({ example: 'Tampere' }),
      registeredAt: S.instant(),
      currentZone: S.nullable(S.integer({ minimum: 1, maximum: 4 })),
      route: S.nullable(S.string()),
      zones: S.array(S.object({ zone: S.integer(), ratedAt: S.string(), ratedBy: S.string(), raterId: S.string() })),
      raisings: S.array(S.object({})),
      routeDecisions: S.array(
        S.object({
          facts: S.object({}),
          decidedAt: S.string(),
          decidedBy: S.string(),
          chosenRoute: S.string(),
          recommended: ROUTE_RECOMMENDATION,
        }),
      ),
      notifications: S.array(S.object({})),
      joinedConcerns: S.array(S.object({})),
      needsAssessmentContacts: S.array(S.object({})),
      serviceContacts: S.array(S.object({})),
      withheld: S.array(S.string(), { description: 'Categories the caller does not read' }),
    },
    ['caseId', 'revision', 'withheld'],
  ),
);

export const RE_RAISE_DUE = namedSchema(
  'ReRaiseDuePage',
  S.page(S.object({ caseId: S.uuid(), reRaiseAt: S.instant(), currentZone: S.nullable(S.integer()) }, ['caseId', 'reRaiseAt'])),
);

export const JOINED_CONCERN = namedSchema(
  'JoinedConcern',
  S.object({ joined: S.boolean(), organiser: S.string(), alreadyHandled: S.boolean(), message: S.string() }, [
    'joined',
    'organiser',
    'alreadyHandled',
    'message',
  ]),
);

export const REFERENCE_KIND_LIST = namedSchema(
  'ReferenceKinds',
  S.array(
    S.object(
      {
        kind: S.string({ example: 'rooms' }),
        version: S.integer({ minimum: 0 }),
        entries: S.integer({ minimum: 0 }),
        administeredBy: S.array(S.string()),
        href: S.string({ example: '/reference-data/rooms' }),
      },
      ['kind', 'version', 'entries', 'administeredBy', 'href'],
    ),
  ),
);

const REFERENCE_ENTRY = S.object(
  { kind: S.string(), key: S.string(), value: S.object({}, [], { description: 'The entry’s fields by kind' }), retired: S.boolean() },
  ['kind', 'key', 'value'],
);

export const REFERENCE_CATALOGUE = namedSchema(
  'ReferenceCatalogue',
  S.object(
    {
      kind: S.string(),
      version: S.integer({ minimum: 0, description: 'Also the ETag' }),
      classification: S.string({ description: 'Municipalities: the classification' }),
      source: S.string(),
      areas: S.array(S.object({ code: S.string(), fi: S.string(), sv: S.string(), en: S.string(), kind: S.string() })),
      entries: S.array(REFERENCE_ENTRY, { description: 'This page of the entries, by key' }),
      next: S.nullable(S.string({ description: 'Cursor of the next page of entries (also the Link header); null on the last' })),
    },
    ['kind', 'version', 'entries', 'next'],
  ),
);

export const REFERENCE_ENTRY_ANSWER = namedSchema(
  'ReferenceEntry',
  S.object({ ...REFERENCE_ENTRY.properties, version: S.integer({ minimum: 0 }) }, ['kind', 'key', 'value', 'version']),
);

export const REFERENCE_RECORDED = namedSchema(
  'ReferenceRecorded',
  S.object(
    {
      kind: S.string(),
      key: S.string(),
      version: S.integer({ description: 'The catalogue’s version: the ETag' }),
      alreadyHandled: S.boolean(),
      events: S.array(S.string()),
    },
    ['kind', 'key', 'version', 'alreadyHandled', 'events'],
  ),
);
