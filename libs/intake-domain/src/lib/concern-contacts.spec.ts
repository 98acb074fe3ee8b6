import { DomainRuleViolation } from '@perheverkko/decider';
import { deciderSpec, refusalBy } from '@perheverkko/decider/testing';
import { INTAKE_PERSONAL_FIELDS, concernDecider, type IntakeCommand, type IntakeEvent } from './concern.decider';
import { concernRegistered, intakeMetadata, routingFacts, terhi } from './intake.fixtures';

/**
 * Issue 18, the steps the seeds name before a joint meeting: the contact to social care for a needs assessment,
 * made together with the parents (seed 003), and in zone 2 the contact with services the family already has or the
 * area's named services (seed 000). Both are made by the worker who holds the concern.
 */
const now = '2026-11-24T12:00:00.000Z';
const meta = (actorId?: string, role?: string) => intakeMetadata(now, actorId, role);
const given = deciderSpec(concernDecider);

const registered = (zone: 1 | 2 | 3 | 4, guardians = [{ name: 'Mari Esimerkki', identifier: '131052-308T' }]): IntakeEvent[] => [
  concernRegistered({ children: [{ name: 'Aada', identifier: '010118A9989' }], guardians, registeredAt: '2026-11-20T09:00:00.000Z' }),
  { type: 'ZoneRated', data: { zone, ratedBy: 'worker', ratedAt: '2026-11-20T09:00:00.000Z', raterId: terhi.id } },
];
const facts = routingFacts({ zone: 3, otherSocialWorkWished: true });
const routed = (chosenRoute: 'social-care-needs-assessment' | 'follow-concern'): IntakeEvent => ({
  type: 'RouteDecided',
  data: {
    facts,
    recommended: { route: 'social-care-needs-assessment', reasons: [] },
    chosenRoute,
    decidedBy: terhi.id,
    decidedAt: '2026-11-21T09:00:00.000Z',
  },
});
const raised: IntakeEvent = {
  type: 'ConcernRaisedWithFamily',
  data: {
    raisedAt: '2026-11-22T09:00:00.000Z',
    present: ['Mari'],
    familyResponse: 'ok',
    nextStep: 'diary',
    reRaiseAt: '2026-12-22T09:00:00.000Z',
  },
};

const refusal = refusalBy(concernDecider);

describe('the contact to social care for a needs assessment (seed 003)', () => {
  const contact = {
    madeAt: '2026-11-24T10:00:00.000Z',
    parents: ['Mari Esimerkki'],
    recipient: 'Kangasala family social work',
    content: 'Concern is high; the family wishes social work beyond family work.',
  };
  const make = (data: Partial<typeof contact> = {}, metadata = meta()): IntakeCommand => ({
    type: 'RecordNeedsAssessmentContact',
    data: { ...contact, ...data },
    metadata,
  });
  const needsAssessment = [...registered(3), routed('social-care-needs-assessment')];

  it('should record who of the parents took part, when, to whom and what it says, by the worker who holds the concern', () => {
    given(needsAssessment)
      .when(make())
      .then([{ type: 'NeedsAssessmentContactMade', data: { ...contact, madeBy: terhi.id, recordedAt: now } }]);
    // The guardian's name as registered, whatever its case and spacing.
    given(needsAssessment)
      .when(make({ parents: [' mari esimerkki '] }))
      .then([
        { type: 'NeedsAssessmentContactMade', data: { ...contact, parents: [' mari esimerkki '], madeBy: terhi.id, recordedAt: now } },
      ]);
  });

  it('should seal who took part, to whom and what it says', () => {
    expect(INTAKE_PERSONAL_FIELDS.NeedsAssessmentContactMade).toEqual(['parents', 'recipient', 'content']);
  });

  it.each<[string, string, string, IntakeEvent[], IntakeCommand, RegExp]>([
    [
      'another worker',
      'contact-not-delegable',
      'not-yours',
      needsAssessment,
      make({}, meta('w-olli')),
      /only Terhi, who holds the concern, can make the contact/,
    ],
    ['a coordinator', 'contact-not-delegable', 'not-yours', needsAssessment, make({}, meta(terhi.id, 'auditor')), /who holds the concern/],
    [
      'a route not to a needs assessment',
      'route-not-needs-assessment',
      'conflict',
      [...registered(3), routed('follow-concern')],
      make(),
      /the concern's route is follow-concern: decide the route social-care-needs-assessment/,
    ],
    ['no route decided', 'route-not-needs-assessment', 'conflict', registered(3), make(), /not decided yet/],
    [
      'no parent taking part',
      'needs-assessment-with-parents',
      'unprocessable',
      needsAssessment,
      make({ parents: [] }),
      /made together with the parents.*child-protection notification instead/,
    ],
    [
      'someone not a registered guardian',
      'parent-not-guardian',
      'unprocessable',
      needsAssessment,
      make({ parents: ['Mari Esimerkki', 'Naapuri'] }),
      /parents\[1\] is not a guardian registered with the concern/,
    ],
    [
      'a contact in the future',
      'not-yet-made',
      'unprocessable',
      needsAssessment,
      make({ madeAt: '2026-11-25T12:00:00.000Z' }),
      /madeAt .* is in the future/,
    ],
    ['a blank recipient', 'needs-assessment-recipient', 'unprocessable', needsAssessment, make({ recipient: ' ' }), /social-care office/],
  ])('should refuse %s (%s)', (_what, rule, kind, history, command, message) => {
    expect(refusal(history, command)).toEqual({ rule, kind });
    given(history).when(command).thenThrows(DomainRuleViolation, message);
  });

  it('should take any parent named when no guardian was registered (nothing to compare with)', () => {
    given([...registered(3, []), routed('social-care-needs-assessment')])
      .when(make({ parents: ['Isä'] }))
      .then([{ type: 'NeedsAssessmentContactMade', data: { ...contact, parents: ['Isä'], madeBy: terhi.id, recordedAt: now } }]);
  });
});

describe("zone 2: contacting the services the family already has, or the area's named services (seed 000)", () => {
  const contact = {
    service: { kind: 'family-counselling' as const },
    relation: 'family-already-has' as const,
    how: 'together-with-family' as const,
    contactedAt: '2026-11-23T10:00:00.000Z',
  };
  const record = (data: object = {}, metadata = meta()): IntakeCommand =>
    ({ type: 'RecordServiceContact', data: { ...contact, ...data }, metadata }) as IntakeCommand;
  const zoneTwo = [...registered(2), raised];

  it('should record the service, whether the family has it, how the family took part and when, by the worker who holds the concern', () => {
    given(zoneTwo)
      .when(record({ note: 'the clinic follows sleep' }))
      .then([
        {
          type: 'ServiceContactedAboutConcern',
          data: { ...contact, note: 'the clinic follows sleep', contactedBy: terhi.id, recordedAt: now },
        },
      ]);
    const named = {
      service: { kind: 'other', name: 'Kangasala open day-care' },
      relation: 'named-for-area',
      how: 'with-family-permission',
    };
    given(zoneTwo)
      .when(record(named))
      .then([{ type: 'ServiceContactedAboutConcern', data: { ...contact, ...named, contactedBy: terhi.id, recordedAt: now } as never }]);
  });

  it('should seal which service was contacted (which services a family uses is its own) and what was agreed', () => {
    expect(INTAKE_PERSONAL_FIELDS.ServiceContactedAboutConcern).toEqual(['service', 'note']);
  });

  it.each<[string, string, string, IntakeEvent[], IntakeCommand, RegExp]>([
    [
      'another worker',
      'contact-not-delegable',
      'not-yours',
      zoneTwo,
      record({}, meta('w-olli')),
      /only Terhi, who holds the concern, can contact the services/,
    ],
    [
      'a concern in zone 3',
      'service-contact-zone-2',
      'conflict',
      [...registered(3), raised],
      record(),
      /the zone 2 step; the concern is in zone 3: in zone 3 the network is convened/,
    ],
    [
      'a concern rated up from zone 2 to 4',
      'service-contact-zone-2',
      'conflict',
      [...zoneTwo, { type: 'ZoneRated', data: { zone: 4, ratedBy: 'worker', ratedAt: now, raterId: terhi.id } }],
      record(),
      /in zone 4/,
    ],
    [
      'a concern not yet raised with the family',
      'raise-with-family-first',
      'conflict',
      registered(2),
      record(),
      /raise the concern with the family first/,
    ],
    [
      'a contact before the raising',
      'contact-after-raising',
      'unprocessable',
      zoneTwo,
      record({ contactedAt: '2026-11-21T10:00:00.000Z' }),
      /before the concern was raised with the family \(2026-11-22T09:00:00.000Z\)/,
    ],
    [
      'another service without its name',
      'service-name',
      'unprocessable',
      zoneTwo,
      record({ service: { kind: 'other' } }),
      /name the service/,
    ],
    [
      'a contact in the future',
      'not-yet-made',
      'unprocessable',
      zoneTwo,
      record({ contactedAt: '2026-12-01T10:00:00.000Z' }),
      /contactedAt .* is in the future/,
    ],
  ])('should refuse %s (%s)', (_what, rule, kind, history, command, message) => {
    expect(refusal(history, command)).toEqual({ rule, kind });
    given(history).when(command).thenThrows(DomainRuleViolation, message);
  });

  it('should take the earliest raising, whatever order the raisings were recorded in', () => {
    const earlier: IntakeEvent = {
      type: 'ConcernRaisedWithFamily',
      data: {
        raisedAt: '2026-11-21T09:00:00.000Z',
        present: ['Mari'],
        familyResponse: 'ok',
        nextStep: 'x',
        reRaiseAt: '2026-12-21T09:00:00.000Z',
      },
    };
    given([...zoneTwo, earlier])
      .when(record({ contactedAt: '2026-11-21T10:00:00.000Z' }))
      .then([
        {
          type: 'ServiceContactedAboutConcern',
          data: { ...contact, contactedAt: '2026-11-21T10:00:00.000Z', contactedBy: terhi.id, recordedAt: now },
        },
      ]);
  });
});
