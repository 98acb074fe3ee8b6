import { CONVENING_CONTRACTS } from './convening.contracts';
import { ContractRegistry } from './contract-registry';
import { INTAKE_CONTRACTS } from './intake.contracts';
import { MEETING_CONTRACTS } from './meeting.contracts';
import { PLAN_FOLLOWUP_CONTRACTS } from './plan-followup.contracts';
import { topicOf } from './integration-event';
import { consentGranted, envelopeOf, SEALED, terhi } from './contracts.fixtures';

describe('the published contracts', () => {
  it.each([
    ['intake', INTAKE_CONTRACTS],
    ['convening', CONVENING_CONTRACTS],
    ['plan-followup', PLAN_FOLLOWUP_CONTRACTS],
    ['meeting', MEETING_CONTRACTS],
  ])("should all compile under strict JSON Schema and sit on %s's topic", (service, contracts) => {
    expect(() => new ContractRegistry(contracts).compileAll()).not.toThrow();
    for (const contract of contracts) expect(contract.topic).toBe(topicOf(service));
  });
});

describe('consents: the share list is a closed vocabulary (issue 16)', () => {
  const registry = new ContractRegistry([...INTAKE_CONTRACTS, ...CONVENING_CONTRACTS]);
  const granted = (share: string[]) => consentGranted([{ kind: 'sector', value: 'school', share }]);

  it('should read v1 share words as categories, keeping words that name none in unrecognisedShare', () => {
    const read = registry.upcast(envelopeOf('ConsentGranted', 1, granted(['concern', 'joint plan', 'Everything'])));
    expect(read).toMatchObject({ version: 3, data: { scopes: [{ share: ['concern', 'joint-plan'], unrecognisedShare: ['Everything'] }] } });
    const extended = registry.upcast(
      envelopeOf('ConsentExtended', 1, {
        consentId: 'k-1',
        scopes: [{ kind: 'person', value: 'demo-olli', share: ['joint plan'] }],
        validUntil: '2030-01-01T00:00:00.000Z',
        recordedBy: 'demo-terhi',
      }),
    );
    expect(extended.data).toEqual({
      consentId: 'k-1',
      scopes: [{ kind: 'person', value: 'demo-olli', share: ['joint-plan'] }],
      validUntil: '2030-01-01T00:00:00.000Z',
      recordedBy: 'demo-terhi',
    });
    const sent = registry.upcast(
      envelopeOf('InvitationSent', 1, {
        invitationId: 'i-1',
        inviteeId: 'demo-olli',
        invitee: SEALED,
        consentId: 'k-1',
        share: ['concern', 'plan', 'gossip'],
        sentBy: 'demo-terhi',
        sentAt: '2026-03-01T09:00:00.000Z',
      }),
    );
    expect(sent.data).toMatchObject({ share: ['concern', 'joint-plan'], unrecognisedShare: ['gossip'] });
  });

  it('should refuse a v2 event whose share names no category', () => {
    expect(() => registry.toIntegrationEvent(envelopeOf('ConsentGranted', 2, granted(['concern', 'joint plan'])))).toThrow(
      /ConsentGranted v3 does not match its schema: data\/scopes\/0\/share\/1 must be equal to one of the allowed values/,
    );
    expect(registry.toIntegrationEvent(envelopeOf('ConsentGranted', 2, granted(['concern', 'joint-plan'])))).toMatchObject({ version: 3 });
  });

  it('should publish a withdrawal with the guardian sealed, and still read a v1 withdrawal in the clear text it was written with', () => {
    expect(
      registry.toIntegrationEvent(
        envelopeOf('ConsentWithdrawn', 2, { consentId: 'k-1', withdrawnBy: SEALED, withdrawnAt: '2026-03-01T09:00:00.000Z' }),
      ),
    ).toMatchObject({ version: 2 });
    expect(
      registry.upcast(
        envelopeOf('ConsentWithdrawn', 1, { consentId: 'k-1', withdrawnBy: 'family', withdrawnAt: '2026-03-01T09:00:00.000Z' }),
      ),
    ).toMatchObject({ version: 2, data: { withdrawnBy: 'family' } });
  });

  it("should read intake's v1 request and convening's v1 opening with the guardians unknown", () => {
    const request = {
      zone: 3,
      channel: 'close-worker',
      convener: { id: 'w', name: 'T', organisation: 'o', sector: 's' },
      concernRegisteredAt: '2026-03-01T09:00:00.000Z',
      requestedAt: '2026-03-01T09:00:00.000Z',
    };
    expect(registry.upcast(envelopeOf('JointMeetingRequested', 1, request)).data).not.toHaveProperty('guardians');
    expect(registry.toIntegrationEvent(envelopeOf('JointMeetingRequested', 2, { ...request, guardians: SEALED }))).toMatchObject({
      version: 2,
    });
    const opened = {
      convener: request.convener,
      zone: 3,
      concernRegisteredAt: request.concernRegisteredAt,
      requestedAt: request.requestedAt,
    };
    expect(registry.upcast(envelopeOf('ConveningOpened', 1, opened))).toMatchObject({ version: 2, data: opened });
    expect(() => registry.toIntegrationEvent(envelopeOf('ConveningOpened', 2, { ...opened, guardians: ['Mari'] }))).toThrow(
      /guardians must be object/,
    );
  });
});

describe('the responsible workers the family names (issue 16)', () => {
  const registry = new ContractRegistry(MEETING_CONTRACTS);

  it('should read a v1 naming as named by the family, under no recorded consent', () => {
    const read = registry.upcast(
      envelopeOf('ResponsibleWorkersNamed', 1, { workers: [terhi], previous: [], namedAt: '2026-03-01T09:00:00.000Z' }),
    );
    expect(read).toEqual(
      expect.objectContaining({
        version: 3,
        data: { workers: [terhi], previous: [], namedAt: '2026-03-01T09:00:00.000Z', namedByFamily: true },
      }),
    );
  });

  it('should publish v2 with the consent they were named under, and never a naming not by the family', () => {
    const named = { workers: [terhi], previous: [], namedAt: '2026-03-01T09:00:00.000Z', namedByFamily: true, consentId: 'k-1' };
    expect(registry.toIntegrationEvent(envelopeOf('ResponsibleWorkersNamed', 2, named))).toMatchObject({
      version: 3,
      data: { consentId: 'k-1' },
    });
    expect(() => registry.toIntegrationEvent(envelopeOf('ResponsibleWorkersNamed', 2, { ...named, namedByFamily: false }))).toThrow(
      /namedByFamily must be equal to constant/,
    );
    expect(() =>
      registry.toIntegrationEvent(envelopeOf('ResponsibleWorkersNamed', 2, { ...named, workers: [{ ...terhi, publicService: false }] })),
    ).toThrow(/publicService must be equal to constant/);
  });

  it('should let the plan carry the consent of its responsible workers, optionally', () => {
    const agreed = {
      meetingId: 'm-1',
      revision: 1,
      plan: SEALED,
      responsibleWorkers: [terhi],
      agreedBy: 'demo-terhi',
      agreedAt: '2026-03-01T09:00:00.000Z',
    };
    expect(registry.toIntegrationEvent(envelopeOf('PlanAgreed', 1, agreed))).toMatchObject({ version: 1 });
    expect(registry.toIntegrationEvent(envelopeOf('PlanAgreed', 1, { ...agreed, consentId: 'k-1' }))).toMatchObject({
      data: { consentId: 'k-1' },
    });
  });
});

describe('every personal value sealed (issue 17)', () => {
  const registry = new ContractRegistry([...CONVENING_CONTRACTS, ...MEETING_CONTRACTS]);
  const consent = consentGranted;

  it('should carry a person named by name only sealed in v3, and a directory id clear', () => {
    const v3 = consent([
      { kind: 'person', name: SEALED, share: ['joint-plan'] },
      { kind: 'person', value: 'demo-olli', share: ['concern'] },
    ]);
    expect(registry.toIntegrationEvent(envelopeOf('ConsentGranted', 3, v3))).toMatchObject({
      version: 3,
      data: { scopes: [{ name: SEALED }, { value: 'demo-olli' }] },
    });
    expect(() =>
      registry.toIntegrationEvent(envelopeOf('ConsentGranted', 3, consent([{ kind: 'person', name: 'Mummo Liisa', share: ['concern'] }]))),
    ).toThrow(/name must be object/);
    expect(() =>
      registry.toIntegrationEvent(
        envelopeOf('ConsentExtended', 3, {
          consentId: 'k-1',
          scopes: [{ kind: 'person', share: ['concern'] }],
          validUntil: '2030-01-01T00:00:00.000Z',
          recordedBy: 'demo-terhi',
        }),
      ),
    ).toThrow(/must have required property/);
  });

  it('should read a v2 person scope as it was written (history is never rewritten)', () => {
    expect(
      registry.upcast(envelopeOf('ConsentGranted', 2, consent([{ kind: 'person', value: 'Mummo Liisa', share: ['concern'] }]))),
    ).toMatchObject({ version: 3, data: { scopes: [{ value: 'Mummo Liisa' }] } });
  });

  it('should seal the follow-up reason of MeetingScheduled v2 and the reason of ResponsibleWorkersNamed v3, reading older clear ones', () => {
    const scheduled = {
      meetingId: 'm-4',
      kind: 'follow-up',
      number: 4,
      startsAt: '2031-04-10T12:00:00.000Z',
      endsAt: '2031-04-10T13:00:00.000Z',
      roomId: 'r-1',
      daysFromConcern: 60,
      invitationIds: [],
    };
    const publishedAsV3 = (type: string, version: number, data: unknown, expected: object) =>
      expect(registry.toIntegrationEvent(envelopeOf(type, version, data))).toMatchObject({ version: 3, data: expected });
    const readAsV3 = (type: string, version: number, data: unknown, expected: object) =>
      expect(registry.upcast(envelopeOf(type, version, data))).toMatchObject({ version: 3, data: expected });
    // v3 (issue 18) adds the room's bookingId; a v2 event reads without one.
    publishedAsV3('MeetingScheduled', 2, { ...scheduled, followUpReason: SEALED }, { followUpReason: SEALED });
    readAsV3('MeetingScheduled', 1, { ...scheduled, followUpReason: 'still poor sleep' }, { followUpReason: 'still poor sleep' });
    const named = { workers: [terhi], previous: ['demo-olli'], namedAt: '2026-03-01T09:00:00.000Z', namedByFamily: true, consentId: 'k-1' };
    publishedAsV3('ResponsibleWorkersNamed', 3, { ...named, reason: SEALED }, { reason: SEALED });
    readAsV3('ResponsibleWorkersNamed', 2, { ...named, reason: 'away' }, { reason: 'away' });
  });
});

describe('follow-up meetings (issue 18)', () => {
  const registry = new ContractRegistry(MEETING_CONTRACTS);
  const revised = {
    meetingId: 'm-2',
    revision: 3,
    plan: SEALED,
    responsibleWorkers: [terhi],
    consentId: 'k-1',
    revisedBy: 'demo-terhi',
    revisedAt: '2026-03-01T09:00:00.000Z',
  };

  it('should publish a revision v2 naming the revision it replaces; a confirmation needs no reason, a change does', () => {
    const confirmed = { ...revised, revises: { meetingId: 'm-1', revision: 2 }, confirmed: true };
    expect(registry.toIntegrationEvent(envelopeOf('PlanRevised', 2, confirmed))).toMatchObject({ version: 2, data: { confirmed: true } });
    expect(() => registry.toIntegrationEvent(envelopeOf('PlanRevised', 2, { ...confirmed, confirmed: false }))).toThrow(
      /must have required property 'reason'/,
    );
    expect(registry.toIntegrationEvent(envelopeOf('PlanRevised', 2, { ...confirmed, confirmed: false, reason: SEALED }))).toMatchObject({
      version: 2,
    });
    expect(() => registry.toIntegrationEvent(envelopeOf('PlanRevised', 2, { ...revised, reason: SEALED }))).toThrow(
      /must have required property 'revises'/,
    );
  });

  it('should read a v1 revision as one of its own meeting, replacing the revision before it, with its reason', () => {
    expect(registry.upcast(envelopeOf('PlanRevised', 1, { ...revised, reason: SEALED }))).toMatchObject({
      version: 2,
      data: { ...revised, reason: SEALED, confirmed: false, revises: { meetingId: 'm-2', revision: 2 } },
    });
  });

  it('should publish a closure with its meeting, and read a v1 closure without one', () => {
    const closed = { allMattersCovered: true, closedAt: '2026-03-01T09:00:00.000Z' };
    const unknownChecks = { agenda: 'unknown', closeWorkerTasks: 'unknown' };
    expect(registry.upcast(envelopeOf('MeetingClosed', 2, { ...closed, meetingId: 'm-2', kind: 'follow-up', number: 2 }))).toMatchObject({
      version: 3,
      data: { meetingId: 'm-2', number: 2, ...unknownChecks },
    });
    expect(registry.upcast(envelopeOf('MeetingClosed', 1, closed))).toEqual(
      expect.objectContaining({ version: 3, data: { ...closed, ...unknownChecks } }),
    );
  });

  it('should publish a closure v3 with its agenda items sealed and the close worker’s tasks, and read an older yes/no as unknown items', () => {
    const tasks = [
      { task: 'introduction-round', status: 'done' },
      { task: 'time-kept', status: 'not-recorded' },
      { task: 'feedback-collected', status: 'not-done' },
      { task: 'plan-printed-and-handed-over', status: 'done' },
    ];
    const agenda = [
      { item: SEALED, covered: true },
      { item: SEALED, covered: false, note: SEALED },
    ];
    const closed = {
      meetingId: 'm-1',
      kind: 'first',
      number: 1,
      allMattersCovered: false,
      agenda,
      closeWorkerTasks: tasks,
      closedAt: '2026-03-01T09:00:00.000Z',
    };
    expect(registry.toIntegrationEvent(envelopeOf('MeetingClosed', 3, closed))).toMatchObject({
      version: 3,
      data: { agenda, closeWorkerTasks: tasks },
    });
    expect(registry.toIntegrationEvent(envelopeOf('MeetingClosed', 3, { ...closed, agenda: 'unknown' }))).toMatchObject({
      data: { agenda: 'unknown' },
    });
    // The agenda names matters of the family's life: never in clear text (whether each was covered is countable).
    expect(() =>
      registry.toIntegrationEvent(envelopeOf('MeetingClosed', 3, { ...closed, agenda: [{ item: 'mornings', covered: true }] })),
    ).toThrow(/does not match its schema/);
    expect(() =>
      registry.toIntegrationEvent(
        envelopeOf('MeetingClosed', 3, { ...closed, closeWorkerTasks: [{ task: 'made-coffee', status: 'done' }] }),
      ),
    ).toThrow(/does not match its schema/);
    expect(
      registry.upcast(envelopeOf('MeetingClosed', 2, { allMattersCovered: false, closedAt: '2026-03-01T09:00:00.000Z' })),
    ).toMatchObject({ data: { allMattersCovered: false, agenda: 'unknown', closeWorkerTasks: 'unknown' } });
  });
});

describe('the report record names its meeting (issue 18)', () => {
  const registry = new ContractRegistry(MEETING_CONTRACTS);
  const envelope = (version: number, data: unknown) => envelopeOf('MeetingReportRecorded', version, data);
  const v1 = {
    organizer: 'Kangasala child health clinic',
    kind: 'first',
    participatingSectors: ['school'],
    referred: false,
    referredToAssessmentOrSocialWork: false,
    familyGotHelp: 'yes',
    remarks: SEALED,
    recordedBy: 'demo-terhi',
    recordedAt: '2026-03-01T10:00:00.000Z',
  };
  const star = [
    { configVersion: 'thl-2017-2', child: 1, ratedBy: 'family', scores: { parenting: 3, 'self-view': 4 } },
    { configVersion: 'thl-2017-1', child: 'unknown', ratedBy: 'unknown', scores: { parenting: 2 } },
  ];

  it('should publish v2 with the meeting, its number and start, and the star scores rated at it', () => {
    const v2 = { ...v1, meetingId: 'm-1', number: 1, startsAt: '2026-03-01T09:00:00.000Z', wellbeingStar: star };
    expect(registry.toIntegrationEvent(envelope(2, v2))).toMatchObject({
      version: 2,
      data: { meetingId: 'm-1', number: 1, wellbeingStar: star, remarks: SEALED },
    });
    expect(registry.toIntegrationEvent(envelope(2, { ...v2, wellbeingStar: [] }))).toMatchObject({ data: { wellbeingStar: [] } });
    expect(() => registry.toIntegrationEvent(envelope(2, { ...v1, number: 1, startsAt: null, wellbeingStar: null }))).toThrow(
      /must have required property 'meetingId'/,
    );
    expect(() =>
      registry.toIntegrationEvent(envelope(2, { ...v2, wellbeingStar: [{ ...star[0], scores: { parenting: 'good' } }] })),
    ).toThrow(/does not match its schema/);
    expect(() => registry.toIntegrationEvent(envelope(2, { ...v2, wellbeingStar: [{ ...star[0], note: 'väsynyt' }] }))).toThrow(
      /must NOT have additional properties/,
    );
    // Remarks are personal free text: only ever sealed.
    expect(() => registry.toIntegrationEvent(envelope(2, { ...v2, remarks: 'the model works' }))).toThrow(/remarks must be object/);
  });

  it('should read a v1 record with its meeting unknown, never guessed', () => {
    expect(registry.upcast(envelope(1, v1))).toEqual(
      expect.objectContaining({ version: 2, data: { ...v1, meetingId: null, number: null, startsAt: null, wellbeingStar: null } }),
    );
  });
});
