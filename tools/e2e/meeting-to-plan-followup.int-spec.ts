import { Pool } from 'pg';
import { DatabaseConnection } from '@perheverkko/runtime';
import { heldNow, plan, startServiceChain, terhiAsResponsibleWorker } from './standalone-chain';

const terhi = terhiAsResponsibleWorker;

describe('plan follow-up after the joint meeting', () => {
  const saved = { ...process.env };
  let chain: Awaited<ReturnType<typeof startServiceChain>>;

  beforeAll(async () => {
    // Always on the embedded database, exactly as `npm start` runs: its single backend is where a policy holding a
    // transaction while writing on another connection would deadlock.
    chain = await startServiceChain({ KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined });
  }, 60_000);

  afterAll(async () => {
    await chain.close();
    process.env = { ...saved };
  });

  async function agreedPlan() {
    const caseId = await chain.routedCase();
    // The family agrees to the school, to the nurse it names responsible worker, and to family counselling (a referral).
    const { consentId } = await chain.consented(caseId, [
      { kind: 'sector', value: 'school', share: ['concern', 'joint-plan'] },
      { kind: 'person', value: 'demo-terhi', share: ['joint-plan', 'follow-up'] },
      { kind: 'organisation', value: 'Family counselling', share: ['concern'] },
    ]);
    await chain.teacherInvited(caseId);
    // Held now: a meeting's record opens 15 minutes before it starts.
    const { meeting } = await chain.scheduledMeeting('scheduling the meeting', caseId, { kind: 'first', ...heldNow(90) });
    await chain.call('POST', `${meeting}/attendance`, { participants: [{ name: 'Mari', role: 'family-member' }], childTookPart: true });
    await chain.call('POST', `${meeting}/consent-form`, { signedBy: ['Mari'] });
    await chain.call('POST', `${meeting}/responsible-workers`, { workers: [terhi] });
    expect((await chain.call('POST', `${meeting}/plan`, { plan })).status).toBe(201);
    const tracking = `/cases/${caseId}/plan-tracking`;
    await chain.untilFound(tracking, 'plan tracking to start from PlanAgreed');
    return { caseId, meeting, tracking, consentId: consentId as string };
  }

  it('should follow the agreed plan: progress, contacts by the responsible worker, follow-up, outcome and referral, closure', async () => {
    const { caseId, tracking, consentId } = await agreedPlan();
    const started = (await chain.call('GET', tracking)).body;
    expect(started).toMatchObject({
      caseId,
      status: 'tracking',
      plan: { revision: 1, responsibleWorkerIds: ['demo-terhi'], consentId, nextContactAt: plan.nextContactAt },
      actions: [
        { index: 0, what: 'Nukkumaanmeno klo 20.30', status: 'not-started' },
        { index: 1, status: 'not-started' },
      ],
      nextContactAt: plan.nextContactAt,
      withheld: [],
    });
    // The event it started from: the tracking's history.
    expect((await chain.call('GET', `${tracking}/history`)).body.events[0]).toMatchObject({
      type: 'PlanTrackingUpdated',
      data: { revision: 1, responsibleWorkerIds: ['demo-terhi'], consentId },
    });

    expect((await chain.call('POST', `${tracking}/progress`, { actionIndex: 1, status: 'under-way' })).status).toBe(201);
    const notResponsible = await chain.call(
      'POST',
      `${tracking}/contacts`,
      { at: '2031-03-17T10:00:00.000Z', method: 'phone', summary: 'x' },
      'olli',
    );
    // An invited participant is not the responsible worker: the access model refuses before the plan is read.
    expect([notResponsible.status, notResponsible.body.rule]).toEqual([403, 'role-may-not-act']);
    expect(
      (
        await chain.call('POST', `${tracking}/contacts`, {
          at: '2031-03-17T10:00:00.000Z',
          method: 'phone',
          summary: 'sleeps better',
          nextContactAt: '2031-03-31T10:00:00.000Z',
        })
      ).status,
    ).toBe(201);

    const worklist = await chain.until(
      () => chain.call('GET', '/worklist?limit=100'),
      (r) =>
        r.body.items.some(
          (c: { caseId: string; nextContactAt: string }) => c.caseId === caseId && c.nextContactAt === '2031-03-31T10:00:00.000Z',
        ),
      'the worklist',
    );
    expect(worklist.body.items.find((c: { caseId: string }) => c.caseId === caseId)).toMatchObject({ overdue: false });
    expect(worklist.body.next).toBeNull();

    expect((await chain.call('POST', `${tracking}/follow-up-requests`, { reason: 'check the sleep' })).status).toBe(201);
    await chain.until(
      () => chain.call('GET', `/convenings/${caseId}`),
      (r) => r.body.followUpPending === true,
      'convening to note the follow-up request',
    );
    // The convener schedules it; plan follow-up hears of it from convening.
    const followUp = await chain.call('POST', `/convenings/${caseId}/meetings`, {
      kind: 'follow-up',
      startsAt: '2031-04-07T12:00:00.000Z',
      endsAt: '2031-04-07T13:00:00.000Z',
      roomId: await chain.room(),
    });
    expect(followUp.status).toBe(201);
    const noted = await chain.until(
      () => chain.call('GET', tracking),
      (r) => r.body.followUpMeetings.some((m: { number: number }) => m.number === 2),
      'plan follow-up to note the scheduled follow-up',
    );
    expect(noted.body).toMatchObject({
      actions: [{ status: 'not-started' }, { status: 'under-way' }],
      progress: [{ actionIndex: 1, status: 'under-way', by: 'demo-terhi' }],
      contacts: [{ method: 'phone', summary: 'sleeps better', by: 'demo-terhi' }],
      nextContactAt: '2031-03-31T10:00:00.000Z',
      followUpMeetingRequests: [{ requestedBy: 'demo-terhi', reason: 'check the sleep' }],
      followUpMeetings: [{ meetingId: followUp.body.meetingId, number: 2, startsAt: '2031-04-07T12:00:00.000Z', status: 'scheduled' }],
    });

    // The catalogue is reference data: a service it does not hold is a 400 naming the nearest ones.
    const misspelt = await chain.call('POST', `${tracking}/outcome`, {
      outcome: 'stronger-support',
      referral: { serviceId: 'family-counseling', consent: { basis: 'consent', reference: consentId } },
    });
    expect([misspelt.status, misspelt.body.violations]).toEqual([
      400,
      [{ field: 'referral.serviceId', reason: expect.stringContaining('did you mean family-counselling') }],
    ]);
    expect((await chain.call('GET', '/service-catalogue')).body.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['family-counselling', 'home-help-for-families', 'child-health-clinic-family-work']),
    );
    const noConsent = await chain.call('POST', `${tracking}/outcome`, {
      outcome: 'stronger-support',
      referral: { serviceId: 'family-counselling' },
    });
    expect([noConsent.status, noConsent.body.rule]).toEqual([422, 'referral-consent']);
    // A referral on the basis of consent cites a consent of this case, in force, that covers the receiving service.
    const freeText = await chain.call('POST', `${tracking}/outcome`, {
      outcome: 'stronger-support',
      referral: { serviceId: 'family-counselling', consent: { basis: 'consent', reference: 'family signed 2031-03-17' } },
    });
    expect([freeText.status, freeText.body.rule]).toEqual([422, 'referral-consent-unknown']);
    const notCovering = await chain.call('POST', `${tracking}/outcome`, {
      outcome: 'stronger-support',
      referral: { serviceId: 'child-youth-mental-health', consent: { basis: 'consent', reference: consentId } },
    });
    expect([notCovering.status, notCovering.body.rule]).toEqual([409, 'referral-consent-does-not-cover-service']);
    const referred = await chain.call('POST', `${tracking}/outcome`, {
      outcome: 'stronger-support',
      referral: { serviceId: 'family-counselling', consent: { basis: 'consent', reference: consentId } },
    });
    expect(referred.body.events).toEqual(['OutcomeRecorded', 'ReferralMade']);

    expect((await chain.call('POST', `${tracking}/closure`, { reason: 'stronger-support-arranged' })).status).toBe(201);
    expect((await chain.call('POST', `${tracking}/progress`, { actionIndex: 0, status: 'done' })).body.rule).toBe('case-closed');
    expect((await chain.call('GET', tracking)).body).toMatchObject({
      status: 'closed',
      outcome: { outcome: 'stronger-support', recordedBy: 'demo-terhi' },
      referrals: [{ serviceId: 'family-counselling', consent: { basis: 'consent', reference: consentId } }],
      closure: { reason: 'stronger-support-arranged', closedBy: 'demo-terhi' },
    });
    // The retention date follows from the stored CaseClosed (plan follow-up's consumer of its own events): polled.
    const pool = new Pool({ connectionString: chain.app.get(DatabaseConnection).connectionString, max: 1 });
    const eraseAfter = async () =>
      (await pool.query<{ erase_after: Date | null }>(`select erase_after from personal_data.case_keys where case_id = $1`, [caseId]))
        .rows[0]?.erase_after ?? null;
    try {
      const retained = await chain.until(eraseAfter, (at) => at !== null, 'the retention date');
      expect(retained?.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 12);
      expect((await chain.call('POST', `${tracking}/reopening`, { reason: 'a new concern at school' })).status).toBe(201);
      // Reopened, the case is kept until it closes again.
      await chain.until(eraseAfter, (at) => at === null, 'the retention date cleared on reopening');
    } finally {
      await pool.end();
    }
  }, 120_000);

  it("should keep the family's feedback apart from the case, checked against its versioned form", async () => {
    /** One answer of 3 on the form in force for March 2031 at the clinic, but for what `change` says. */
    const feedback = (change: object) =>
      chain.call('POST', '/feedback', {
        formVersion: 'kangasala-2024-1',
        answers: [{ item: 'heard', score: 3 }],
        month: '2031-03',
        organizer: 'Kangasala child health clinic',
        ...change,
      });
    const good = await feedback({
      answers: [
        { item: 'heard', score: 5 },
        { item: 'helped', score: 4 },
      ],
      freeText: 'kiitos',
    });
    expect(good.status).toBe(201);
    const bad = await feedback({ answers: [{ item: 'heard', score: 9 }] });
    expect([bad.status, bad.body.rule]).toEqual([422, 'feedback-answer']);
    expect((await feedback({ month: 'March' })).status).toBe(400);
    // The form and the organiser are reference data: unknown ones are 400s naming the nearest in force.
    const unknownForm = await feedback({ formVersion: 'kangasala-2024-2' });
    expect([unknownForm.status, unknownForm.body.violations]).toEqual([
      400,
      [{ field: 'formVersion', reason: expect.stringContaining('did you mean kangasala-2024-1') }],
    ]);
    const unknownOrganiser = await feedback({ organizer: 'Kuopio family center' });
    expect([unknownOrganiser.status, unknownOrganiser.body.violations]).toEqual([
      400,
      [{ field: 'organizer', reason: expect.stringContaining('did you mean Kuopio family centre') }],
    ]);
    expect((await feedback({ organizer: 'kuopio-family-centre' })).status).toBe(201);
    expect((await chain.call('GET', '/feedback-forms')).body.map((f: { version: string }) => f.version)).toEqual(['kangasala-2024-1']);
  });
});
