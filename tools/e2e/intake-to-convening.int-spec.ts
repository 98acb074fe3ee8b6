import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@perheverkko/event-store';
import { DatabaseConnection } from '@perheverkko/runtime';
import { PersonalDataHost } from '@perheverkko/service-host';
import { startServiceChain } from './standalone-chain';
import { onSharedServer, onSharedServerOr } from './chain-env';
import { familyConsent } from './fixtures';

const schoolConsent = familyConsent([{ kind: 'sector', value: 'school', share: ['concern', 'joint-plan'] }]);
const startIntakeAndConvening = startServiceChain;

describe('convening API', () => {
  const saved = { ...process.env };
  let env: Awaited<ReturnType<typeof startIntakeAndConvening>>;

  beforeAll(async () => {
    delete process.env.KAFKA_BROKERS;
    env = await startIntakeAndConvening(onSharedServerOr({ DATABASE_URL: undefined }));
    // The services and (without TEST_DATABASE_URL) an embedded database in one process: on a loaded machine their
    // start takes a while, and a beforeAll cut short would leave the start running into the environment's teardown.
  }, 180_000);

  afterAll(async () => {
    await env?.close();
    process.env = { ...saved };
  }, 60_000);

  it('should open convening when intake routes a concern to a joint meeting, and refuse what needs consent before it is given', async () => {
    const caseId = await env.routedCase();
    const opened = await env.call('GET', `/convenings/${caseId}`);
    expect(opened.body).toMatchObject({ caseId, zone: 3, convener: { id: 'demo-terhi' }, consents: [], invitations: [], meetings: [] });
    // The events convening recorded: its history.
    const history = await env.call('GET', `/convenings/${caseId}/history`);
    expect(history.body.events[0]).toMatchObject({ type: 'ConveningOpened', data: { zone: 3, convener: { id: 'demo-terhi' } } });
    expect(history.body.revision).toBe(opened.body.revision);
    const invite = await env.call('POST', `/convenings/${caseId}/invitations`, { kind: 'professional', directoryId: 'demo-olli' });
    expect(invite.status).toBe(409);
    expect(invite.body.rule).toBe('outside-consent');
    // The organiser's coordinator acts on consents, but the model gives invitations to the convener: 403, not a 409.
    const byCoordinator = await env.call(
      'POST',
      `/convenings/${caseId}/invitations`,
      { kind: 'professional', directoryId: 'demo-olli' },
      'kaisa',
    );
    expect([byCoordinator.status, byCoordinator.body.rule]).toEqual([403, 'convener-invites']);
  });

  it('should invite only within the consent, record replies, schedule without double booking, and cancel on withdrawal', async () => {
    const caseId = await env.routedCase();
    const consent = await env.call('POST', `/convenings/${caseId}/consents`, schoolConsent);
    expect(consent.status).toBe(201);
    const consentId = consent.body.consentId as string;

    const teacher = await env.call('POST', `/convenings/${caseId}/invitations`, { kind: 'professional', directoryId: 'demo-olli' });
    expect(teacher.status).toBe(201);
    const counsellor = await env.call('POST', `/convenings/${caseId}/invitations`, {
      kind: 'professional',
      directoryId: 'dir-perheneuvola',
    });
    expect(counsellor.status).toBe(409);
    expect(counsellor.body.message).toMatch(/not covered by the family's consent; nothing was sent/);

    // The invited teacher may now read what the consent shares with him (the concern), and nothing else: not the
    // consents and invitations, not the family's identity.
    const concern = await env.call('GET', `/concerns/${caseId}`, undefined, 'olli');
    expect(concern.status).toBe(200);
    expect(concern.body).toMatchObject({ children: { withheld: 'identity' }, guardians: { withheld: 'identity' } });
    expect(concern.body.withheld).toEqual(expect.arrayContaining(['identity', 'routing']));
    const convening = await env.call('GET', `/convenings/${caseId}`, undefined, 'olli');
    expect([convening.status, convening.body.rule]).toEqual([403, 'consent-does-not-share']);
    // Nor may he change the family's consent.
    const widened = await env.call(
      'POST',
      `/convenings/${caseId}/consents/${consentId}/extensions`,
      { scopes: [{ kind: 'person', value: 'demo-olli', share: ['identity'] }] },
      'olli',
    );
    expect([widened.status, widened.body.rule]).toEqual([403, 'role-may-not-act']);
    // The invitation disclosed the case to the teacher: the family's processing history shows it, with its consent
    // (written by convening's consumer of its own InvitationSent, so shortly after the 201: polled).
    const disclosed = (entries: Array<{ action: string }>) => entries.filter((e) => e.action === 'disclose');
    const history = await env.until(
      () => env.call('GET', `/cases/${caseId}/processing-history`, undefined, 'kaisa'),
      (r) => disclosed(r.body.entries).length > 0,
      'the disclosure',
    );
    expect(disclosed(history.body.entries)).toEqual([
      expect.objectContaining({
        action: 'disclose',
        what: 'concern, joint-plan',
        recipient: 'demo-olli (Kangasala school)',
        basis: `consent ${consentId}`,
        who: expect.objectContaining({ id: 'demo-terhi' }),
      }),
    ]);
    // Commands on the case are logged as what they are: acts, not reads.
    expect(history.body.entries).toContainEqual(
      expect.objectContaining({ action: 'act', what: 'consent (recorded)', who: expect.objectContaining({ id: 'demo-terhi' }) }),
    );
    const reply = await env.call('POST', `/convenings/${caseId}/invitations/${teacher.body.invitationId}/replies`, { reply: 'accept' });
    expect(reply.body).toMatchObject({ events: ['InvitationReplied'] });
    expect(reply.status).toBe(201);

    // Rooms are reference data: an unknown one is a 400 naming the nearest rooms in force; a retired one is refused.
    const when = { kind: 'first', startsAt: '2031-03-03T12:00:00.000Z', endsAt: '2031-03-03T13:30:00.000Z' };
    const unknownRoom = await env.call('POST', `/convenings/${caseId}/meetings`, { ...when, roomId: 'neuvola-4' });
    expect([unknownRoom.status, unknownRoom.body.violations]).toEqual([
      400,
      [
        {
          field: 'roomId',
          reason: expect.stringMatching(/neuvola-4 is not a room in force .*did you mean neuvola-1 \(Neuvola, room 1\), /),
        },
      ],
    ]);
    const retiredRoom = await env.room();
    expect(
      (await env.call('POST', `/reference-data/rooms/${retiredRoom}/retirement`, { reason: 'the clinic moved' }, 'kaisa')).status,
    ).toBe(201);
    const inRetired = await env.call('POST', `/convenings/${caseId}/meetings`, { ...when, roomId: retiredRoom });
    expect([inRetired.status, inRetired.body.violations]).toEqual([
      400,
      [{ field: 'roomId', reason: expect.stringContaining(`${retiredRoom} is a retired room`) }],
    ]);
    // A room recorded through the API is accepted at once.
    const slot = { ...when, roomId: await env.room() };
    const scheduled = await env.call('POST', `/convenings/${caseId}/meetings`, slot);
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.events).toEqual(['MeetingScheduled']);

    const otherCase = await env.routedCase();
    await env.call('POST', `/convenings/${otherCase}/consents`, schoolConsent);
    const otherInvitation = await env.call('POST', `/convenings/${otherCase}/invitations`, {
      kind: 'professional',
      directoryId: 'demo-olli',
    });
    // A participant answers only their own invitation of this case: not one of another case's, even his own there.
    const crossed = await env.call(
      'POST',
      `/convenings/${caseId}/invitations/${otherInvitation.body.invitationId}/replies`,
      { reply: 'decline' },
      'olli',
    );
    expect([crossed.status, crossed.body.rule]).toEqual([403, 'not-your-invitation']);
    const clash = await env.call('POST', `/convenings/${otherCase}/meetings`, {
      ...slot,
      startsAt: '2031-03-03T13:00:00.000Z',
      endsAt: '2031-03-03T14:00:00.000Z',
    });
    expect(clash.status).toBe(409);
    expect(clash.body.rule).toBe('double-booking');

    // Plan follow-up asks for a follow-up meeting (its service arrives with issue 8: its event is written here).
    const vault = await env.app.get(PersonalDataHost).get();
    const planStore = await PostgresEventStore.open({
      connectionString: env.app.get(DatabaseConnection).connectionString,
      schema: 'plan_followup',
    });
    await planStore.appendToStream(
      `Plan-${caseId}`,
      [
        {
          type: 'FollowUpMeetingRequested',
          data: {
            requestedBy: 'demo-terhi',
            requestedAt: '2031-04-01T09:00:00.000Z',
            reason: await vault.seal(caseId, 'sleep still poor'),
          },
          metadata: {
            eventId: randomUUID(),
            caseId,
            correlationId: randomUUID(),
            causationId: randomUUID(),
            actor: { id: 'demo-terhi', role: 'professional', organisation: 'x' },
            occurredAt: '2031-04-01T09:00:00.000Z',
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await planStore.close();
    const noted = await env.until(
      () => env.call('GET', `/convenings/${caseId}`),
      (r) => r.body.followUpRequests?.length > 0,
      'the follow-up request noted',
    );
    expect(noted.body).toMatchObject({
      followUpRequests: [{ requestedBy: 'demo-terhi', requestedAt: '2031-04-01T09:00:00.000Z', reason: 'sleep still poor' }],
      followUpPending: true,
      // The teacher accepted; the meeting stands in its room.
      invitations: [{ invitationId: teacher.body.invitationId, invitee: { id: 'demo-olli' }, status: 'accepted' }],
      meetings: [{ meetingId: scheduled.body.meetingId, number: 1, ...slot, cancelled: false }],
    });
    const followUp = await env.call('POST', `/convenings/${caseId}/meetings`, {
      ...slot,
      kind: 'follow-up',
      startsAt: '2031-04-08T12:00:00.000Z',
      endsAt: '2031-04-08T13:00:00.000Z',
    });
    expect(followUp.status).toBe(201);

    // Only a guardian who gave the consent withdraws it; the name is stored sealed.
    const notAGuardian = await env.call('POST', `/convenings/${caseId}/consents/${consentId}/withdrawal`, { withdrawnBy: 'the neighbour' });
    expect(notAGuardian.status).toBe(422);
    expect(notAGuardian.body.rule).toBe('withdrawn-by-consenting-guardian');
    const withdrawn = await env.call('POST', `/convenings/${caseId}/consents/${consentId}/withdrawal`, { withdrawnBy: 'Mari' });
    expect(withdrawn.status).toBe(201);
    expect(withdrawn.body.events).toEqual(['ConsentWithdrawn', 'InvitationCancelled']);
    expect((await env.call('GET', `/convenings/${caseId}`)).body).toMatchObject({
      consents: [{ consentId, status: 'withdrawn', withdrawnBy: 'Mari' }],
      invitations: [{ status: 'cancelled', cancellationReason: 'the consent it relied on was withdrawn' }],
      followUpPending: false,
    });
    // The withdrawal ends the teacher's access at once, and says why.
    const after = await env.call('GET', `/concerns/${caseId}`, undefined, 'olli');
    expect([after.status, after.body.rule]).toEqual([403, 'consent-withdrawn']);
  }, 120_000);

  it('should answer bad input with 400 naming the field, and store nothing', async () => {
    const caseId = await env.routedCase();
    const before = (await env.call('GET', `/convenings/${caseId}`)).body.revision;
    const bad = await env.call('POST', `/convenings/${caseId}/consents`, {
      ...schoolConsent,
      givenAs: 'verbally',
      scopes: [{ kind: 'planet', value: 'x', share: [] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.violations.map((v: { field: string }) => v.field)).toEqual(
      expect.arrayContaining(['givenAs', 'scopes.0.kind', 'scopes.0.share']),
    );
    // What may be shared is a closed vocabulary: an unknown word is refused, naming the field and the allowed words.
    const oldWord = await env.call('POST', `/convenings/${caseId}/consents`, {
      ...schoolConsent,
      scopes: [{ kind: 'sector', value: 'school', share: ['concern', 'joint plan'] }],
    });
    expect(oldWord.status).toBe(400);
    expect(oldWord.body.violations).toEqual([
      {
        field: 'scopes.0.share',
        reason:
          'share names what may be shared in these words only: identity, concern, routing, consents, meeting-record, joint-plan, follow-up (not "joint plan")',
      },
    ]);
    const consent = await env.call('POST', `/convenings/${caseId}/consents`, schoolConsent);
    const extension = await env.call('POST', `/convenings/${caseId}/consents/${consent.body.consentId}/extensions`, {
      scopes: [{ kind: 'person', value: 'demo-olli', share: ['everything'] }],
    });
    expect(extension.status).toBe(400);
    expect(extension.body.violations.map((v: { field: string }) => v.field)).toEqual(['scopes.0.share']);
    expect((await env.call('GET', `/convenings/${caseId}`)).body.revision).toBe(before + 1);
  }, 60_000);

  it('should take consent only from the guardians registered with the concern', async () => {
    const caseId = await env.routedCase();
    const opened = await env.call('GET', `/convenings/${caseId}`);
    expect(opened.body.guardians).toEqual(['Mari']);
    const stranger = await env.call('POST', `/convenings/${caseId}/consents`, { ...schoolConsent, guardians: ['Mari', 'Pekka'] });
    expect(stranger.status).toBe(422);
    expect(stranger.body.rule).toBe('consent-guardian-of-case');
    expect((await env.call('POST', `/convenings/${caseId}/consents`, { ...schoolConsent, guardians: ['mari'] })).status).toBe(201);
  }, 60_000);
});

const brokers = process.env.KAFKA_BROKERS;
const databaseUrl = process.env.TEST_DATABASE_URL;
if (!brokers || !databaseUrl)
  process.stderr.write('skipped: convening reacting to intake over Kafka — set KAFKA_BROKERS and TEST_DATABASE_URL\n');

(brokers && databaseUrl ? describe : describe.skip)('convening reacting to intake over the real broker', () => {
  const saved = { ...process.env };
  let env: Awaited<ReturnType<typeof startIntakeAndConvening>>;

  beforeAll(async () => {
    env = await startIntakeAndConvening({ KAFKA_BROKERS: brokers, ...onSharedServer(databaseUrl!) });
    // The services and (without TEST_DATABASE_URL) an embedded database in one process: on a loaded machine their
    // start takes a while, and a beforeAll cut short would leave the start running into the environment's teardown.
  }, 180_000);

  afterAll(async () => {
    await env?.close();
    process.env = { ...saved };
  }, 60_000);

  it("should open convening from intake's JointMeetingRequested relayed through Kafka", async () => {
    const caseId = await env.routedCase();
    const opened = await env.call('GET', `/convenings/${caseId}/history`);
    expect(opened.body.events.map((e: { type: string }) => e.type)).toEqual(['ConveningOpened']);
    const health = await env.call('GET', '/health');
    expect(health.body.checks.messaging).toMatchObject({ status: 'up', transport: 'kafka' });
  }, 120_000);
});
