import { randomUUID } from 'node:crypto';
import { recordOrganiser } from './rooms';
import { heldNow, plan, startServiceChain, type ServiceChain } from './standalone-chain';
import { MARI_TERHI_AND_OLLI_ATTEND } from './fixtures';

type Event = { type: string; data: Record<string, unknown> };
type Row = { caseId: string; nextContactAt: string | null };

/**
 * Issue 18: a family's first joint meeting and two follow-up meetings, in the embedded default with reporting. Each
 * follow-up meeting starts from the plan in force (the family confirms it, or revises it and names another
 * responsible worker with the reason), and whatever it agrees replaces what plan follow-up tracks: the plan, the
 * next contact, the responsible workers, the worklist. The report record and the annual report follow each meeting.
 */
describe('follow-up meetings: from the plan in force to what plan follow-up tracks, the worklist and the report', () => {
  const saved = { ...process.env };
  let chain: Awaited<ReturnType<typeof startServiceChain>>;
  /** An organiser of this spec's own (recorded in the reference data), so the report counts this family's meetings alone. */
  const run = randomUUID().slice(0, 8);
  const organizer = `Follow-up spec ${run}`;

  beforeAll(async () => {
    chain = await startServiceChain({ KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined }, { withReporting: true });
    await recordOrganiser(chain.call, `follow-up-spec-${run}`, organizer);
  }, 180_000);

  afterAll(async () => {
    await chain.close();
    process.env = { ...saved };
  });

  const ok: ServiceChain['ok'] = (...args) => chain.ok(...args);

  /** The family agrees to the nurse by name and to the school's sector; the teacher is invited. */
  async function invitedCase(validUntil = '2032-01-01T00:00:00.000Z') {
    const caseId = await chain.routedCase();
    const consent = await chain.consented(
      caseId,
      [
        { kind: 'person', value: 'demo-terhi', share: ['concern', 'joint-plan', 'follow-up'] },
        { kind: 'sector', value: 'school', share: ['concern', 'joint-plan', 'follow-up'] },
      ],
      ['Aada'],
      validUntil,
    );
    await chain.teacherInvited(caseId);
    return { caseId, consentId: consent.consentId as string };
  }

  const scheduled = (caseId: string, kind: 'first' | 'follow-up', minutesFromNow: number) =>
    chain.scheduledMeeting(`scheduling the ${kind} meeting`, caseId, { kind, ...heldNow(60, minutesFromNow) });

  /** The first joint meeting, held: it agrees the plan and names Terhi responsible worker. */
  const firstMeetingAgreesPlan = async (caseId: string) => {
    const first = await scheduled(caseId, 'first', 1);
    await ok('attendance', 'POST', `${first.meeting}/attendance`, attendance);
    await ok('consent form', 'POST', `${first.meeting}/consent-form`, { signedBy: ['Mari'] });
    await ok('responsible worker', 'POST', `${first.meeting}/responsible-workers`, { workers: [{ professionalId: 'demo-terhi' }] });
    await ok('plan', 'POST', `${first.meeting}/plan`, { plan });
    await ok('closing', 'POST', `${first.meeting}/closing`, report('first'));
    return first;
  };

  /** A phone contact with the family recorded now by `user`, with `summary`: the answer. */
  const contact = (caseId: string, summary: string, user: string) =>
    chain.call('POST', `/cases/${caseId}/plan-tracking/contacts`, { at: new Date().toISOString(), method: 'phone', summary }, user);

  /** Plan follow-up asks for another meeting (`reason`); until convening's FollowUpRequested events number as `noted` wants. */
  const followUpRequested = async (caseId: string, reason: string, noted: (requests: number) => boolean, what: string) => {
    await ok('follow-up request', 'POST', `/cases/${caseId}/plan-tracking/follow-up-requests`, { reason });
    await chain.until(
      () => chain.call('GET', `/convenings/${caseId}`),
      (r) => noted(r.body.followUpRequests.length),
      what,
    );
  };

  const attendance = MARI_TERHI_AND_OLLI_ATTEND;
  const report = (kind: string) => ({
    allMattersCovered: true,
    report: {
      organizer,
      referred: false,
      referredToAssessmentOrSocialWork: false,
      familyGotHelp: kind === 'first' ? 'too-early' : 'partly',
    },
  });

  /** What plan follow-up tracks now (its state), once it has followed the given meeting's revision. */
  const trackedFrom = async (caseId: string, meetingId: string, revision: number) =>
    (
      await chain.until(
        () => chain.call('GET', `/cases/${caseId}/plan-tracking`),
        (r) => r.status === 200 && r.body.plan?.meetingId === meetingId && r.body.plan.revision === revision,
        `plan follow-up to track revision ${revision} of meeting ${meetingId}`,
      )
    ).body;
  /** The events of `path`/history of `type`. */
  const recorded = async (path: string, type: string) =>
    ((await chain.call('GET', `${path}/history`)).body.events as Event[]).filter((e) => e.type === type);
  const worklistRow = async (user: string, caseId: string, nextContactAt: string | undefined) =>
    chain.until(
      () => chain.call('GET', '/worklist?limit=100', undefined, user),
      (r) =>
        r.status === 200 &&
        (nextContactAt === undefined
          ? !(r.body.items as Row[]).some((c) => c.caseId === caseId)
          : (r.body.items as Row[]).some((c) => c.caseId === caseId && c.nextContactAt === nextContactAt)),
      `${user}'s worklist to show ${caseId} ${nextContactAt ?? 'no more'}`,
    );
  /** The report records of this spec's organiser, and the annual report's meeting counts for it (exact: a coordinator). */
  const reported = async (meetings: number) => {
    const records = await chain.until(
      () => chain.call('GET', `/reports/records?organizer=${encodeURIComponent(organizer)}`, undefined, 'kaisa'),
      (r) => r.status === 200 && r.body.length === meetings,
      `${meetings} report records`,
    );
    const annual = await chain.until(
      () => chain.call('GET', `/reports/annual?organizer=${encodeURIComponent(organizer)}`, undefined, 'kaisa'),
      (r) => r.status === 200 && r.body.jointMeetings.total === meetings,
      `the annual report to count ${meetings} meetings`,
    );
    return { kinds: (records.body as Array<{ kind: string }>).map((r) => r.kind).sort(), annual: annual.body };
  };

  it('should carry the plan in force through two follow-up meetings into tracking, the worklist and the report', async () => {
    const { caseId, consentId } = await invitedCase();

    // The first joint meeting agrees the plan and names Terhi responsible worker.
    const first = await firstMeetingAgreesPlan(caseId);

    const afterFirst = await trackedFrom(caseId, first.meetingId, 1);
    expect(afterFirst.plan).toMatchObject({ responsibleWorkerIds: ['demo-terhi'], nextContactAt: plan.nextContactAt });
    await worklistRow('terhi', caseId, plan.nextContactAt);
    expect(await reported(1)).toMatchObject({ kinds: ['first'], annual: { jointMeetings: { counts: { first: 1, 'follow-up': 0 } } } });

    // First follow-up: the family confirms the plan in force; the meeting agrees the next contact. No new consent
    // form, responsible workers or whole plan are asked for.
    await followUpRequested(caseId, 'how are the mornings', (n) => n >= 1, 'convening to note the request');
    const second = await scheduled(caseId, 'follow-up', 2);
    const wholeNewPlan = await chain.call('POST', `${second.meeting}/plan`, { plan });
    expect([wholeNewPlan.status, wholeNewPlan.body.rule]).toEqual([409, 'plan-in-force']);
    const printed = await chain.call('GET', `${second.meeting}/plan?format=html`);
    expect([printed.status, printed.body.message]).toEqual([
      404,
      expect.stringContaining(`it starts from the plan in force, revision 1 of meeting ${first.meetingId}`),
    ]);
    await ok('attendance', 'POST', `${second.meeting}/attendance`, attendance);
    const confirmedContact = '2031-04-21T09:00:00.000Z';
    expect(await ok('plan confirmed', 'POST', `${second.meeting}/plan/confirmation`, { nextContactAt: confirmedContact })).toMatchObject({
      events: ['PlanRevised'],
    });
    expect(await ok('closing', 'POST', `${second.meeting}/closing`, report('follow-up'))).toMatchObject({
      events: ['MeetingClosed', 'MeetingReportRecorded'],
    });

    expect((await chain.call('GET', second.meeting)).body).toMatchObject({
      status: 'closed',
      plan: {
        revision: 2,
        change: 'confirmed',
        revises: { meetingId: first.meetingId, revision: 1 },
        reason: null,
        consentId,
        nextContactAt: confirmedContact,
        matters: plan.matters,
      },
      planRevisions: [{ revision: 2, change: 'confirmed' }],
      responsibleWorkers: [expect.objectContaining({ professionalId: 'demo-terhi' })],
      responsibleWorkersConsentId: consentId,
    });
    const [confirmation] = await recorded(second.meeting, 'PlanRevised');
    expect(confirmation.data).toMatchObject({ meetingId: second.meetingId, confirmed: true });
    expect(confirmation.data).not.toHaveProperty('reason');
    const afterSecond = await trackedFrom(caseId, second.meetingId, 2);
    expect(afterSecond).toMatchObject({
      plan: { responsibleWorkerIds: ['demo-terhi'], nextContactAt: confirmedContact },
      actions: plan.actions.map((a) => expect.objectContaining({ what: a.what })),
      nextContactAt: confirmedContact,
    });
    await worklistRow('terhi', caseId, confirmedContact);
    expect(await reported(2)).toMatchObject({
      kinds: ['first', 'follow-up'],
      annual: { jointMeetings: { counts: { first: 1, 'follow-up': 1 } } },
    });

    // Second follow-up: the school takes over as responsible worker (with the reason), and the plan is revised.
    const beforeNamed = await contact(caseId, 'x', 'olli');
    expect([beforeNamed.status, beforeNamed.body.rule]).toEqual([403, 'role-may-not-act']);
    await followUpRequested(caseId, 'the school year changes', (n) => n === 2, 'convening to note the second request');
    const third = await scheduled(caseId, 'follow-up', 3);
    await ok('attendance', 'POST', `${third.meeting}/attendance`, attendance);
    const noReason = await chain.call('POST', `${third.meeting}/responsible-workers`, { workers: [{ professionalId: 'demo-olli' }] });
    expect([noReason.status, noReason.body.rule]).toEqual([422, 'change-reason']);
    expect(
      await ok('responsible worker changed', 'POST', `${third.meeting}/responsible-workers`, {
        workers: [{ professionalId: 'demo-olli' }],
        reason: 'the school sees him daily',
      }),
    ).toMatchObject({
      events: ['ResponsibleWorkersNamed', 'PlanRevised'],
    });
    const revisedContact = '2031-05-12T09:00:00.000Z';
    const revised = {
      ...plan,
      actions: [...plan.actions, { arena: 'everyday-environment', what: 'Aamupalaveri koulussa', who: 'Olli', by: '2031-05-01' }],
      nextContactAt: revisedContact,
    };
    await ok('plan revised', 'POST', `${third.meeting}/plan/revisions`, { plan: revised, reason: 'mornings at school' });
    await ok('closing', 'POST', `${third.meeting}/closing`, report('follow-up'));

    expect((await chain.call('GET', third.meeting)).body).toMatchObject({
      plan: { revision: 4, change: 'revised', reason: 'mornings at school', nextContactAt: revisedContact },
      planRevisions: [
        { revision: 3, change: 'revised' },
        { revision: 4, change: 'revised' },
      ],
      responsibleWorkers: [expect.objectContaining({ professionalId: 'demo-olli' })],
      responsibleWorkersConsentId: consentId,
    });
    const [named] = await recorded(third.meeting, 'ResponsibleWorkersNamed');
    expect(named.data).toMatchObject({
      workers: [expect.objectContaining({ professionalId: 'demo-olli' })],
      previous: ['demo-terhi'],
      reason: 'the school sees him daily',
      consentId,
    });
    const afterThird = await trackedFrom(caseId, third.meetingId, 4);
    expect(afterThird.plan).toMatchObject({ responsibleWorkerIds: ['demo-olli'], nextContactAt: revisedContact });
    expect(afterThird.actions.map((a: { what: string }) => a.what)).toEqual([...plan.actions.map((a) => a.what), 'Aamupalaveri koulussa']);
    await worklistRow('olli', caseId, revisedContact);
    await worklistRow('terhi', caseId, undefined);
    expect(await reported(3)).toMatchObject({
      kinds: ['first', 'follow-up', 'follow-up'],
      annual: { jointMeetings: { counts: { first: 1, 'follow-up': 2 } }, meetingsPerFamily: { distribution: { counts: { 3: 1 } } } },
    });

    // The worker the family named acts; the one before no longer does (Terhi still convenes, but is not responsible).
    expect(
      await ok(
        'contact by the new responsible worker',
        'POST',
        `/cases/${caseId}/plan-tracking/contacts`,
        { at: new Date().toISOString(), method: 'phone', summary: 'aamut sujuvat' },
        'olli',
      ),
    ).toMatchObject({ events: ['ContactRecorded'] });
    const replaced = await contact(caseId, 'x', 'terhi');
    expect([replaced.status, replaced.body.rule]).toEqual([403, 'responsible-worker-only']);
    // Three meetings held: a fourth needs its reason.
    const fourth = await chain.call('POST', `/cases/${caseId}/plan-tracking/follow-up-requests`, { reason: 'once more' }, 'olli');
    expect([fourth.status, fourth.body.rule]).toEqual([422, 'further-meeting-reason']);
    expect(
      (
        await chain.call(
          'POST',
          `/cases/${caseId}/plan-tracking/follow-up-requests`,
          { reason: 'once more', furtherMeetingReason: 'a new school' },
          'olli',
        )
      ).status,
    ).toBe(201);
    // The first meeting is closed: the plan changes at the follow-up meetings now.
    const late = await chain.call('POST', `${first.meeting}/plan/revisions`, { plan, reason: 'late' });
    expect([late.status, late.body.rule]).toEqual([409, 'meeting-closed']);
  }, 180_000);

  it('should count a follow-up meeting that closes on the plan in force as held, and leave what is tracked as it was', async () => {
    const { caseId } = await invitedCase();
    const first = await firstMeetingAgreesPlan(caseId);
    await trackedFrom(caseId, first.meetingId, 1);
    await followUpRequested(caseId, 'how are the mornings', (n) => n >= 1, 'convening to note the request');
    const second = await scheduled(caseId, 'follow-up', 2);
    await ok('attendance', 'POST', `${second.meeting}/attendance`, attendance);
    // The family names the same worker again: they carry over, and nothing is recorded.
    expect(
      await ok('responsible worker named again', 'POST', `${second.meeting}/responsible-workers`, {
        workers: [{ professionalId: 'demo-terhi' }],
      }),
    ).toMatchObject({ events: [] });
    await ok('closing', 'POST', `${second.meeting}/closing`, report('follow-up'));

    const tracking = await chain.until(
      () => chain.call('GET', `/cases/${caseId}/plan-tracking`),
      (r) => r.body.followUpMeetings?.some((m: { status: string }) => m.status === 'held'),
      'plan follow-up to note the meeting held',
    );
    expect(tracking.body).toMatchObject({
      followUpMeetings: [{ meetingId: second.meetingId, number: 2, status: 'held' }],
      plan: { meetingId: first.meetingId, revision: 1, nextContactAt: plan.nextContactAt },
      nextContactAt: plan.nextContactAt,
    });
    const updates = await recorded(`/cases/${caseId}/plan-tracking`, 'PlanTrackingUpdated');
    expect(updates.map((e) => [e.data.meetingId, e.data.revision, e.data.nextContactAt])).toEqual([
      [first.meetingId, 1, plan.nextContactAt],
    ]);
  }, 120_000);

  it("should refuse a meeting's steps well before it starts, and scheduling after the consent it rests on ends", async () => {
    const { caseId } = await invitedCase('2031-01-01T00:00:00.000Z');
    const tomorrow = await scheduled(caseId, 'first', 24 * 60);
    const early = await chain.call('POST', `${tomorrow.meeting}/attendance`, attendance);
    expect([early.status, early.body.rule]).toEqual([409, 'meeting-not-started']);
    expect(early.body.message).toMatch(/its record opens 15 minutes before/);
    const earlyPlan = await chain.call('POST', `${tomorrow.meeting}/plan`, { plan });
    expect([earlyPlan.status, earlyPlan.body.rule]).toEqual([409, 'meeting-not-started']);

    const other = await invitedCase('2031-01-01T00:00:00.000Z');
    const afterConsent = await chain.call('POST', `/convenings/${other.caseId}/meetings`, {
      kind: 'first',
      startsAt: '2031-01-10T10:00:00.000Z',
      endsAt: '2031-01-10T11:00:00.000Z',
      roomId: await chain.room(),
    });
    expect([afterConsent.status, afterConsent.body.rule]).toEqual([409, 'consent-not-in-force-at-meeting']);
    expect(afterConsent.body.message).toContain(`consent ${other.consentId} (valid until 2031-01-01T00:00:00.000Z)`);
    await ok('consent extended', 'POST', `/convenings/${other.caseId}/consents/${other.consentId}/extensions`, {
      scopes: [{ kind: 'sector', value: 'school', share: ['concern'] }],
      validUntil: '2031-06-01T00:00:00.000Z',
    });
    expect(
      (
        await chain.call('POST', `/convenings/${other.caseId}/meetings`, {
          kind: 'first',
          startsAt: '2031-01-10T10:00:00.000Z',
          endsAt: '2031-01-10T11:00:00.000Z',
          roomId: await chain.room(),
        })
      ).status,
    ).toBe(201);
  }, 120_000);
});
