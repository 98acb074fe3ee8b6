import { foldAllAccessFacts, type AccessEvent } from '@perheverkko/access-model';
import { DomainRuleViolation } from '@perheverkko/decider';
import { commandsOf, deciderSpec, refusalBy, specMetadata } from '@perheverkko/decider/testing';
import { ReferenceBook } from '@perheverkko/reference-data';
import { planTrackingDecider, type PlanCommand, type PlanEvent, type TrackedAction } from './plan-tracking.decider';

const now = '2031-03-20T09:00:00.000Z';
const cmd = commandsOf<PlanCommand>(specMetadata(now));
/** The same commands by another professional of Neuvola. */
const by = (actorId: string) => ({ actor: specMetadata(now, { id: actorId }).actor });
const actions: TrackedAction[] = [
  { arena: 'home', what: 'bedtime 20:30', who: 'Mari', by: '2031-03-20' },
  { arena: 'everyday-environment', what: 'daily check-in', who: 'Olli', by: '2031-03-15' },
];
const started: PlanEvent = {
  type: 'PlanTrackingUpdated',
  data: { meetingId: 'm-1', revision: 1, actions, responsibleWorkerIds: ['w-terhi'], nextContactAt: '2031-03-17T10:00:00.000Z' },
};
const given = deciderSpec(planTrackingDecider);

/** The case's consents as the case-access directory folds them: k-1 covers family counselling by its organisation. */
let n = 0;
const fact = (type: string, data: unknown, occurredAt = `2031-03-0${++n}T09:00:00.000Z`): AccessEvent => ({
  eventId: `e-${type}-${n}`,
  type,
  occurredAt,
  data,
});
const consentK1 = fact('ConsentGranted', {
  consentId: 'k-1',
  scopes: [{ kind: 'organisation', value: 'Family counselling', share: ['concern', 'joint-plan'] }],
  validUntil: '2032-01-01T00:00:00.000Z',
});
const consentSchool = fact('ConsentGranted', {
  consentId: 'k-school',
  scopes: [{ kind: 'sector', value: 'school', share: ['concern'] }],
  validUntil: '2032-01-01T00:00:00.000Z',
});
const consentBySector = fact('ConsentGranted', {
  consentId: 'k-sector',
  scopes: [{ kind: 'sector', value: 'family counselling', share: ['concern'] }],
  validUntil: '2032-01-01T00:00:00.000Z',
});
const caseConsents = foldAllAccessFacts([consentK1, consentSchool]);
type OutcomeData = Extract<PlanCommand, { type: 'RecordOutcome' }>['data'];
/** The catalogue as the reference data ships it: the service hands the decider the entry a referral names. */
const book = ReferenceBook.baseline('national');
const outcome = (
  data: Omit<OutcomeData, 'caseConsents' | 'referral'> & { referral?: Omit<NonNullable<OutcomeData['referral']>, 'service'> },
  consents = caseConsents,
) =>
  cmd('RecordOutcome', {
    outcome: data.outcome,
    ...(data.referral ? { referral: { ...data.referral, service: book.service(data.referral.serviceId) } } : {}),
    caseConsents: consents,
  });

/** The rule a refusal names, and whether it is a conflict (409) or unprocessable (422). */
const refusal = refusalBy(planTrackingDecider);
/** Terhi records that the family needs stronger support and refers it to family counselling on `consent`. */
const referredToCounselling = (consent: { basis: 'consent' | 'law'; reference: string }): PlanEvent[] => [
  { type: 'OutcomeRecorded', data: { outcome: 'stronger-support', recordedBy: 'w-terhi', recordedAt: now } },
  { type: 'ReferralMade', data: { serviceId: 'family-counselling', consent, referredBy: 'w-terhi', referredAt: now } },
];

describe('plan follow-up', () => {
  it("should start from the meeting's agreed plan and apply later revisions once, in order", () => {
    const track = (revision: number) => cmd('TrackPlanRevision', { ...(started.data as object), revision } as never);
    given([]).when(track(1)).thenOnce([started]);
    given([started, { ...started, data: { ...(started.data as object), revision: 2 } } as PlanEvent])
      .when(track(2))
      .thenNothingHappens();
  });

  it('should carry action progress over to the same action in a new revision', () => {
    const progressed: PlanEvent = { type: 'ActionProgressed', data: { actionIndex: 1, status: 'done', by: 'w-terhi', at: now } };
    const revised: PlanEvent = {
      type: 'PlanTrackingUpdated',
      data: {
        meetingId: 'm-1',
        revision: 2,
        actions: [actions[1], { arena: 'elsewhere', what: 'counselling', who: 'Terhi', by: '2031-04-01' }],
        responsibleWorkerIds: ['w-terhi'],
        nextContactAt: now,
      },
    };
    const state = [started, progressed, revised].reduce(planTrackingDecider.evolve, planTrackingDecider.initialState());
    expect(state.status !== 'none' && state.actions.map((a) => a.status)).toEqual(['done', 'not-started']);
  });

  it('should record progress of a known action, and contacts by the responsible worker only', () => {
    given([started])
      .when(cmd('RecordProgress', { actionIndex: 0, status: 'under-way' }))
      .then([{ type: 'ActionProgressed', data: { actionIndex: 0, status: 'under-way', by: 'w-terhi', at: now } }]);
    given([started])
      .when(cmd('RecordProgress', { actionIndex: 5, status: 'done' }))
      .thenThrows(DomainRuleViolation, /no action 5/);
    given([started])
      .when(cmd('RecordContact', { at: now, method: 'phone', summary: 'sleep better' }, by('w-olli')))
      .thenThrows(DomainRuleViolation, /responsible worker/);
    given([started])
      .when(cmd('RecordContact', { at: now, method: 'phone', summary: 'sleep better', nextContactAt: '2031-04-01T10:00:00.000Z' }))
      .then([
        {
          type: 'ContactRecorded',
          data: { at: now, method: 'phone', summary: 'sleep better', nextContactAt: '2031-04-01T10:00:00.000Z', by: 'w-terhi' },
        },
      ]);
  });

  describe('follow-up meetings (issue 18)', () => {
    const requested: PlanEvent = { type: 'FollowUpMeetingRequested', data: { requestedBy: 'w-terhi', requestedAt: now, reason: 'r' } };
    const held = (meetingId: string, number: number): PlanEvent => ({
      type: 'MeetingHeld',
      data: { meetingId, number, kind: number === 1 ? 'first' : 'follow-up', heldAt: now },
    });
    const tracked = (meetingId: string, revision: number, more: object = {}): PlanEvent => ({
      type: 'PlanTrackingUpdated',
      data: { ...(started.data as object), meetingId, revision, ...more } as never,
    });
    const track = (meetingId: string, revision: number, more: object = {}) =>
      cmd('TrackPlanRevision', { ...(started.data as object), meetingId, revision, ...more } as never);

    it("should replace what is tracked with whatever a follow-up meeting agrees, whatever its revision's number", () => {
      // A follow-up meeting's plan replaces the first meeting's: plan, next contact, responsible workers.
      const agreedAtFollowUp = { responsibleWorkerIds: ['w-olli'], nextContactAt: '2031-04-20T10:00:00.000Z', consentId: 'k-1' };
      given([started, tracked('m-1', 2)])
        .when(track('m-2', 3, agreedAtFollowUp))
        .then([tracked('m-2', 3, agreedAtFollowUp)]);
      // Stored before issue 18, a follow-up meeting began its own revisions at 1: it still replaces the earlier meeting's.
      given([started, tracked('m-1', 2)])
        .when(track('m-2', 1))
        .then([tracked('m-2', 1)]);
      const state = [started, tracked('m-1', 2), tracked('m-2', 3, agreedAtFollowUp)].reduce(
        planTrackingDecider.evolve,
        planTrackingDecider.initialState(),
      );
      expect(state).toMatchObject({
        meetingId: 'm-2',
        revision: 3,
        responsibleWorkerIds: ['w-olli'],
        nextContactAt: '2031-04-20T10:00:00.000Z',
        planMeetingIds: ['m-1', 'm-2'],
      });
    });

    it('should ignore a repeated revision, an older one, and a late one of a meeting a later meeting has followed', () => {
      given([started, tracked('m-2', 3)])
        .when(track('m-2', 3))
        .thenNothingHappens();
      given([started, tracked('m-2', 3)])
        .when(track('m-2', 2))
        .thenNothingHappens();
      given([started, tracked('m-2', 3)])
        .when(track('m-1', 4))
        .thenNothingHappens();
      given([started, tracked('m-2', 3)])
        .when(track('m-2', 4))
        .then([tracked('m-2', 4)]);
    });

    it('should let the worker the family named at the follow-up act, and no longer the one before', () => {
      const history = [started, tracked('m-2', 3, { responsibleWorkerIds: ['w-olli'] })];
      given(history)
        .when(cmd('RecordContact', { at: now, method: 'phone', summary: 'ok' }, by('w-olli')))
        .then([{ type: 'ContactRecorded', data: { at: now, method: 'phone', summary: 'ok', by: 'w-olli' } }]);
      expect(refusal(history, cmd('RecordContact', { at: now, method: 'phone', summary: 'ok' }, by('w-terhi')))).toEqual({
        rule: 'responsible-worker-only',
        kind: 'not-yours',
      });
    });

    it('should note each meeting held once; the first is known from its plan', () => {
      given([started])
        .when(cmd('NoteMeetingHeld', { meetingId: 'm-2', number: 2, kind: 'follow-up', heldAt: now }))
        .then([held('m-2', 2)]);
      given([started])
        .when(cmd('NoteMeetingHeld', { meetingId: 'm-1', number: 1, kind: 'first', heldAt: now }))
        .thenNothingHappens();
      given([started, held('m-2', 2)])
        .when(cmd('NoteMeetingHeld', { meetingId: 'm-2', number: 2, kind: 'follow-up', heldAt: now }))
        .thenNothingHappens();
      given([])
        .when(cmd('NoteMeetingHeld', { meetingId: 'm-1', number: 1, kind: 'first', heldAt: now }))
        .thenNothingHappens();
    });

    it('should count the meetings held for the 1–3 rule, not the requests: a fourth needs its reason', () => {
      given([started])
        .when(cmd('RequestFollowUpMeeting', { reason: 'check the sleep' }))
        .then([{ type: 'FollowUpMeetingRequested', data: { requestedBy: 'w-terhi', requestedAt: now, reason: 'check the sleep' } }]);
      // Requests alone are not meetings: asked three times, one meeting held.
      given([started, requested, requested, requested])
        .when(cmd('RequestFollowUpMeeting', { reason: 'again' }))
        .then([{ type: 'FollowUpMeetingRequested', data: { requestedBy: 'w-terhi', requestedAt: now, reason: 'again' } }]);
      // Three held (the first from its plan, a follow-up that agreed a plan, one that closed on the plan in force).
      const threeHeld = [started, requested, tracked('m-2', 2), held('m-2', 2), requested, held('m-3', 3)];
      given(threeHeld)
        .when(cmd('RequestFollowUpMeeting', { reason: 'again' }))
        .thenThrows(DomainRuleViolation, /1–3 meetings and 3 have been held; a further one needs furtherMeetingReason/);
      given(threeHeld)
        .when(cmd('RequestFollowUpMeeting', { reason: 'again', furtherMeetingReason: 'new school starts' }))
        .then([
          {
            type: 'FollowUpMeetingRequested',
            data: { requestedBy: 'w-terhi', requestedAt: now, reason: 'again (further meeting: new school starts)' },
          },
        ]);
    });
  });

  it('should need a catalogue referral for stronger support, with consent where the law asks', () => {
    given([started])
      .when(outcome({ outcome: 'stronger-support' }))
      .thenThrows(DomainRuleViolation, /referral to a named service/);
    given([started])
      .when(outcome({ outcome: 'stronger-support', referral: { serviceId: 'family-counselling' } }))
      .thenThrows(DomainRuleViolation, /needs the family's consent/);
    given([started])
      .when(outcome({ outcome: 'stronger-support', referral: { serviceId: 'nope' } }))
      .thenThrows(DomainRuleViolation, /not in the service catalogue/);
    given([started])
      .when(
        outcome({
          outcome: 'stronger-support',
          referral: { serviceId: 'family-counselling', consent: { basis: 'consent', reference: 'k-1' } },
        }),
      )
      .then(referredToCounselling({ basis: 'consent', reference: 'k-1' }));
    given([started])
      .when(outcome({ outcome: 'sufficient' }))
      .then([{ type: 'OutcomeRecorded', data: { outcome: 'sufficient', recordedBy: 'w-terhi', recordedAt: now } }]);
  });

  describe('a referral on the basis of consent (issue 16)', () => {
    const referral = (reference: string) => ({
      outcome: 'stronger-support' as const,
      referral: { serviceId: 'family-counselling' as const, consent: { basis: 'consent' as const, reference } },
    });

    it("should cite a consent given in this case: a free text or another case's consent id is refused (422)", () => {
      given([started])
        .when(outcome(referral('family signed 2031-03-17')))
        .thenThrows(DomainRuleViolation, /the family has given no consent family signed 2031-03-17 in this case/);
      // A withdrawal seen before its grant is not a consent known here.
      given([started])
        .when(outcome(referral('k-2'), foldAllAccessFacts([fact('ConsentWithdrawn', { consentId: 'k-2', withdrawnAt: now })])))
        .thenThrows(DomainRuleViolation, /no consent k-2/);
      expect(refusal([started], outcome(referral('nope')))).toEqual({ rule: 'referral-consent-unknown', kind: 'unprocessable' });
    });

    it('should cite a consent in force (409)', () => {
      const withdrawn = foldAllAccessFacts([
        consentK1,
        fact('ConsentWithdrawn', { consentId: 'k-1', withdrawnAt: '2031-03-10T09:00:00.000Z' }, '2031-03-10T09:00:00.000Z'),
      ]);
      given([started])
        .when(outcome(referral('k-1'), withdrawn))
        .thenThrows(DomainRuleViolation, /consent k-1 is withdrawn/);
      const expired = foldAllAccessFacts([
        { ...consentK1, data: { ...(consentK1.data as object), validUntil: '2031-03-01T00:00:00.000Z' } },
      ]);
      given([started])
        .when(outcome(referral('k-1'), expired))
        .thenThrows(DomainRuleViolation, /consent k-1 is no longer valid/);
      expect(refusal([started], outcome(referral('k-1'), withdrawn))).toEqual({ rule: 'referral-consent-not-in-force', kind: 'conflict' });
    });

    it('should cite a consent that covers the receiving service, by its organisation or its sector (409)', () => {
      given([started])
        .when(outcome(referral('k-school')))
        .thenThrows(DomainRuleViolation, /consent k-school does not cover Family counselling/);
      expect(refusal([started], outcome(referral('k-school')))).toEqual({
        rule: 'referral-consent-does-not-cover-service',
        kind: 'conflict',
      });
      given([started])
        .when(outcome(referral('k-sector'), foldAllAccessFacts([consentBySector])))
        .then(referredToCounselling({ basis: 'consent', reference: 'k-sector' }));
    });

    it('should take the legal basis as before, whatever the consents', () => {
      given([started])
        .when(
          outcome(
            {
              outcome: 'stronger-support',
              referral: { serviceId: 'family-counselling', consent: { basis: 'law', reference: 'Social Welfare Act 36 §' } },
            },
            foldAllAccessFacts([]),
          ),
        )
        .then(referredToCounselling({ basis: 'law', reference: 'Social Welfare Act 36 §' }));
    });
  });

  it('should close with a reason, refuse work on a closed case, and reopen when a new concern arises', () => {
    const closed: PlanEvent = { type: 'CaseClosed', data: { reason: 'everyday-life-runs-smoothly', closedBy: 'w-terhi', closedAt: now } };
    given([started])
      .when(cmd('CloseCase', { reason: 'everyday-life-runs-smoothly' }))
      .then([closed]);
    given([started, closed])
      .when(cmd('RecordProgress', { actionIndex: 0, status: 'done' }))
      .thenThrows(DomainRuleViolation, /the case is closed/);
    given([started])
      .when(cmd('ReopenCase', { reason: 'x' }))
      .thenThrows(DomainRuleViolation, /only a closed case/);
    given([started, closed])
      .when(cmd('ReopenCase', { reason: 'new concern at school' }))
      .then([{ type: 'CaseReopened', data: { reason: 'new concern at school', reopenedBy: 'w-terhi', reopenedAt: now } }]);
  });

  it("should note convening's scheduling of a follow-up meeting, and ignore the first meeting", () => {
    given([started])
      .when(cmd('NoteMeetingScheduled', { meetingId: 'm-2', number: 2, startsAt: now }))
      .then([{ type: 'FollowUpMeetingScheduled', data: { meetingId: 'm-2', number: 2, startsAt: now } }]);
    given([started])
      .when(cmd('NoteMeetingScheduled', { meetingId: 'm-1', number: 1, startsAt: now }))
      .thenNothingHappens();
    given([])
      .when(cmd('NoteMeetingScheduled', { meetingId: 'm-2', number: 2, startsAt: now }))
      .thenNothingHappens();
  });

  describe('once the case key is destroyed (issue 17): sealed fields read as { erased: true }', () => {
    const ERASED = { erased: true };
    const erasedPlan = { ...started, data: { ...(started.data as object), actions: ERASED } } as never as PlanEvent;
    const erasedProgress: PlanEvent = {
      type: 'ActionProgressed',
      data: { actionIndex: 0, status: 'done', note: ERASED as never, by: 'w-terhi', at: now },
    };
    const revisedErased = { ...erasedPlan, data: { ...(erasedPlan.data as object), revision: 2 } } as never as PlanEvent;
    const history = [
      erasedPlan,
      erasedProgress,
      revisedErased,
      { type: 'ContactRecorded', data: { at: now, method: 'phone', summary: ERASED, by: 'w-terhi' } } as never as PlanEvent,
    ];

    it('should still fold the history, knowing the actions were erased', () => {
      const state = history.reduce(planTrackingDecider.evolve, planTrackingDecider.initialState());
      expect(state).toMatchObject({ status: 'tracking', revision: 2, actions: [], actionsErased: true, responsibleWorkerIds: ['w-terhi'] });
    });

    it('should refuse progress on erased actions as case-erased (409), and still decide what needs nothing personal', () => {
      expect(refusal(history, cmd('RecordProgress', { actionIndex: 0, status: 'done' }))).toEqual({
        rule: 'case-erased',
        kind: 'conflict',
      });
      given(history)
        .when(cmd('NoteMeetingScheduled', { meetingId: 'm-2', number: 2, startsAt: now }))
        .then([{ type: 'FollowUpMeetingScheduled', data: { meetingId: 'm-2', number: 2, startsAt: now } }]);
    });
  });
});
