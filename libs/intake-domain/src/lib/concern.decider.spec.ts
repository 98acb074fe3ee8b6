import { DomainRuleViolation } from '@perheverkko/decider';
import { deciderSpec } from '@perheverkko/decider/testing';
import { concernDecider, type IntakeCommand, type IntakeEvent, type Worker } from './concern.decider';
import { concernRegistered, intakeMetadata, routingFacts, terhi } from './intake.fixtures';
import type { RoutingFacts } from './routing';

const now = '2026-11-23T09:00:00.000Z';
const meta = (actorId?: string, role?: string) => intakeMetadata(now, actorId, role);
const child = { name: 'Aada', identifier: '010118A9989' };
const guardian = { name: 'Mari', identifier: '131052-308T' };
const register = (data: Partial<Extract<IntakeCommand, { type: 'RegisterConcern' }>['data']> = {}): IntakeCommand => ({
  type: 'RegisterConcern',
  data: {
    channel: 'close-worker',
    raisedBy: terhi,
    municipality: 'Kangasala',
    children: [child],
    guardians: [guardian],
    description: 'tired every morning',
    zone: 2,
    ratedBy: 'worker',
    ...data,
  },
  metadata: meta(),
});
const registered: IntakeEvent[] = [
  concernRegistered({ children: [child], guardians: [guardian], registeredAt: now }),
  { type: 'ZoneRated', data: { zone: 2, ratedBy: 'worker', ratedAt: now, raterId: terhi.id } },
];
const facts = routingFacts({ zone: 3 });
const decide = (data: Extract<IntakeCommand, { type: 'DecideRoute' }>['data']): IntakeCommand => ({
  type: 'DecideRoute',
  data,
  metadata: meta(),
});
const given = deciderSpec(concernDecider);

describe('the concern', () => {
  describe('when nothing is registered', () => {
    it('should register a concern from any channel, with its first zone rating', () => {
      given([]).when(register()).then(registered);
      given([])
        .when(register({ channel: 'phone-line', children: [{ name: 'X', identifier: 'TEMP-4411' }], guardians: [] }))
        .then([
          {
            type: 'ConcernRegistered',
            data: {
              channel: 'phone-line',
              raisedBy: terhi,
              municipality: 'Kangasala',
              childCount: 1,
              children: [{ name: 'X', identifier: 'TEMP-4411' }],
              guardians: [],
              description: 'tired every morning',
              registeredAt: now,
            },
          },
          registered[1],
        ]);
    });

    it.each<[string, Parameters<typeof register>[0], RegExp]>([
      ['an unknown zone', { zone: 5 as never }, /zone must be 1/],
      [
        'a bad identity code',
        { children: [{ name: 'Aada', identifier: '010118A998P' }] },
        /children\[0\].identifier: the check character should be 9/,
      ],
      ['a guardian with a bad code', { guardians: [{ name: 'Mari', identifier: '131052-308U' }] }, /guardians\[0\]/],
      ['no child', { children: [] }, /at least one child$/],
      ['no description', { description: '  ' }, /what the concern is about/],
      ['no municipality', { municipality: ' ' }, /home municipality/],
      [
        'a birth date the identity code does not give',
        { children: [{ ...child, birthDate: '2018-01-02' }] },
        /birthDate 2018-01-02 is not the date the identity code gives \(2018-01-01\)/,
      ],
      [
        'a birth date that is no date',
        { children: [{ name: 'X', identifier: 'TEMP-4411', birthDate: '2018-02-30' }] },
        /children\[0\].birthDate: 2018-02-30 is not a date/,
      ],
      ['a birth date in the future', { children: [{ name: 'X', identifier: 'TEMP-4411', birthDate: '2026-11-25' }] }, /is in the future/],
    ])('should refuse %s', (_what, data, reason) => {
      given([]).when(register(data)).thenThrows(DomainRuleViolation, reason);
    });

    it('should keep a birth date given with a temporary identifier, or the one the identity code gives', () => {
      const temporary = { name: 'X', identifier: 'TEMP-4411', birthDate: '2026-11-24' };
      const [registration] = concernDecider.decide(
        register({ children: [temporary, { ...child, birthDate: '2018-01-01' }] }),
        concernDecider.initialState(),
      );
      expect(registration.data).toMatchObject({ children: [temporary, { ...child, birthDate: '2018-01-01' }], childCount: 2 });
    });

    it.each<IntakeCommand['type']>(['RateZone', 'RecordRaisingWithFamily', 'DecideRoute', 'RecordMandatoryNotification', 'JoinConcern'])(
      'should refuse %s before registration',
      (type) => {
        const command = {
          type,
          data: {
            zone: 2,
            ratedBy: 'worker',
            facts,
            chosenRoute: 'joint-meeting',
            raisedAt: now,
            present: [],
            familyResponse: '',
            nextStep: '',
            kind: 'police',
            madeAt: now,
            recipient: 'x',
          },
          metadata: meta(),
        } as unknown as IntakeCommand;
        given([])
          .when(command)
          .thenThrows(DomainRuleViolation, /register it first/);
      },
    );
  });

  describe('when registered', () => {
    it('should refuse registering twice', () => {
      given(registered)
        .when(register())
        .thenThrows(DomainRuleViolation, /already registered/);
    });

    it("should keep zone ratings as a history, by the worker or as the family's own view", () => {
      given(registered)
        .when({ type: 'RateZone', data: { zone: 3, ratedBy: 'family' }, metadata: meta() })
        .then([{ type: 'ZoneRated', data: { zone: 3, ratedBy: 'family', ratedAt: now, raterId: terhi.id } }]);
      const state = [
        ...registered,
        { type: 'ZoneRated', data: { zone: 3, ratedBy: 'family', ratedAt: now, raterId: 'x' } } as IntakeEvent,
      ].reduce(concernDecider.evolve, concernDecider.initialState());
      expect(state.status === 'registered' && state.zones.map((z) => z.zone)).toEqual([2, 3]);
    });

    it('should need a time to raise the concern again in zone 2, after the discussion', () => {
      const raising = (reRaiseAt?: string): IntakeCommand => ({
        type: 'RecordRaisingWithFamily',
        data: { raisedAt: now, present: ['Mari'], familyResponse: 'relieved', nextStep: 'sleep diary', reRaiseAt },
        metadata: meta(),
      });
      given(registered)
        .when(raising())
        .thenThrows(DomainRuleViolation, /when the concern is raised again/);
      given(registered)
        .when(raising('2026-11-01T00:00:00.000Z'))
        .thenThrows(DomainRuleViolation, /after the discussion/);
      given(registered)
        .when(raising('2026-12-10T09:00:00.000Z'))
        .then([
          {
            type: 'ConcernRaisedWithFamily',
            data: {
              raisedAt: now,
              present: ['Mari'],
              familyResponse: 'relieved',
              nextStep: 'sleep diary',
              reRaiseAt: '2026-12-10T09:00:00.000Z',
            },
          },
        ]);
    });

    it('should request a joint meeting when that route is chosen as recommended', () => {
      given(registered)
        .when(decide({ facts, chosenRoute: 'joint-meeting' }))
        .then([
          {
            type: 'RouteDecided',
            data: {
              facts,
              recommended: {
                route: 'joint-meeting',
                reasons: ['zone 3 and the family wishes support: convene the network to a joint meeting'],
              },
              chosenRoute: 'joint-meeting',
              decidedBy: terhi.id,
              decidedAt: now,
            },
          },
          {
            type: 'JointMeetingRequested',
            data: { zone: 3, channel: 'close-worker', convener: terhi, concernRegisteredAt: now, requestedAt: now, guardians: ['Mari'] },
          },
        ]);
    });

    it('should name the registered guardians in the request (not their identity codes), and none it cannot read', () => {
      const [, requested] = concernDecider.decide(
        decide({ facts, chosenRoute: 'joint-meeting' }),
        registered.reduce(concernDecider.evolve, concernDecider.initialState()),
      );
      expect(requested).toMatchObject({ type: 'JointMeetingRequested', data: { guardians: ['Mari'] } });
      // Read without the case key, or after erasure, the guardians are unknown: the request says nothing of them.
      const erased: IntakeEvent[] = [
        { ...registered[0], data: { ...(registered[0].data as object), guardians: { erased: true } } } as never,
        registered[1],
      ];
      const [, unknown] = concernDecider.decide(
        decide({ facts, chosenRoute: 'joint-meeting' }),
        erased.reduce(concernDecider.evolve, concernDecider.initialState()),
      );
      expect(unknown.data).not.toHaveProperty('guardians');
    });

    it('should need a reason to depart from the recommendation, and record it', () => {
      given(registered)
        .when(decide({ facts, chosenRoute: 'follow-concern' }))
        .thenThrows(DomainRuleViolation, /recommendation is joint-meeting; give deviationReason/);
      const [decided] = concernDecider.decide(
        decide({ facts, chosenRoute: 'follow-concern', deviationReason: 'family asked for two weeks to think' }),
        registered.reduce(concernDecider.evolve, concernDecider.initialState()),
      );
      expect(decided).toMatchObject({
        type: 'RouteDecided',
        data: { chosenRoute: 'follow-concern', deviationReason: 'family asked for two weeks to think' },
      });
    });

    it('should never convene a joint meeting without the family wishing support, whatever the reason', () => {
      given(registered)
        .when(
          decide({ facts: { ...facts, familyWishesSupport: false }, chosenRoute: 'joint-meeting', deviationReason: 'I think it helps' }),
        )
        .thenThrows(DomainRuleViolation, /only when the family wishes support/);
    });

    it.each<[string, Partial<RoutingFacts>]>([
      ['zone 4', { zone: 4 }],
      ['suspected violence', { suspectedViolence: true }],
      ['suspected sexual abuse', { suspectedSexualAbuse: true }],
      ['suspected substance abuse', { suspectedSubstanceAbuse: true }],
    ])('should never route %s to the model alone, even with a reason', (_what, risky) => {
      for (const route of ['joint-meeting', 'follow-concern', 'network-meeting', 'social-care-needs-assessment'] as const) {
        given(registered)
          .when(decide({ facts: { ...facts, ...risky }, chosenRoute: route, deviationReason: 'the family prefers it' }))
          .thenThrows(DomainRuleViolation, /never be handled in the model alone/);
      }
    });

    describe('and another worker has a concern about the same child', () => {
      const olli: Worker = { id: 'w-olli', name: 'Olli', organisation: 'Koulu', sector: 'school' };
      const join = (
        joinedBy: Worker = olli,
        actorId = olli.id,
        data: Partial<Extract<IntakeCommand, { type: 'JoinConcern' }>['data']> = {},
      ): IntakeCommand => ({
        type: 'JoinConcern',
        data: { joinedBy, channel: 'close-worker', description: 'falls asleep in class', zone: 3, ratedBy: 'worker', ...data },
        metadata: meta(actorId),
      });

      it('should add their concern to the case, as theirs, without rating the case again', () => {
        given(registered)
          .when(join())
          .then([
            {
              type: 'ConcernJoined',
              data: {
                joinedBy: olli,
                channel: 'close-worker',
                description: 'falls asleep in class',
                zone: 3,
                ratedBy: 'worker',
                joinedAt: now,
              },
            },
          ]);
        const state = [
          ...registered,
          ...concernDecider.decide(join(), registered.reduce(concernDecider.evolve, concernDecider.initialState())),
        ].reduce(concernDecider.evolve, concernDecider.initialState());
        expect(state.status === 'registered' && state.zones.map((z) => z.zone)).toEqual([2]);
      });

      it('should refuse the case’s own worker, someone joining in another’s name, and an empty concern', () => {
        given(registered)
          .when(join(terhi, terhi.id))
          .thenThrows(DomainRuleViolation, /your own case/);
        given(registered)
          .when(join(olli, 'w-someone-else'))
          .thenThrows(DomainRuleViolation, /only by the worker who has it/);
        given(registered)
          .when(join(olli, olli.id, { description: ' ' }))
          .thenThrows(DomainRuleViolation, /what the concern is about/);
        given(registered)
          .when(join(olli, olli.id, { zone: 7 as never }))
          .thenThrows(DomainRuleViolation, /zone must be 1/);
      });
    });

    it('should record a mandatory notification as made by the person who noticed the concern', () => {
      const notify = (actorId: string, role = 'professional'): IntakeCommand => ({
        type: 'RecordMandatoryNotification',
        data: { kind: 'child-protection', madeAt: now, recipient: 'Kangasala on-call child protection' },
        metadata: meta(actorId, role),
      });
      given(registered)
        .when(notify(terhi.id))
        .then([
          {
            type: 'MandatoryNotificationMade',
            data: { kind: 'child-protection', madeBy: terhi.id, madeAt: now, recipient: 'Kangasala on-call child protection' },
          },
        ]);
      given(registered)
        .when(notify('w-olli'))
        .thenThrows(DomainRuleViolation, /only Terhi, who noticed the concern/);
    });
  });
});
