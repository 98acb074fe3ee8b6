import { evolveCaseView, caseViewKeyOf, overviewParts, progressFor, tasksIn, type CaseViewRow } from './case-view';
import type { ReportedEvent } from './reported-event';

const CASE = '7b2f7c3e-3f4a-4d5e-8f60-1a2b3c4d5e6f';
const at = (day: number) => new Date(Date.UTC(2031, 0, day, 9)).toISOString();
let n = 0;
const event = (type: string, day: number, data: Record<string, unknown> = {}): ReportedEvent => ({
  eventId: `e${++n}`,
  type,
  caseId: CASE,
  occurredAt: at(day),
  data,
});
const fold = (events: ReportedEvent[]): CaseViewRow =>
  events.reduce<CaseViewRow | null>((row, e) => evolveCaseView(row, e), null) ?? evolveCaseView(null, events[0]);

const SEALED = { $sealed: 1, iv: 'AAAA', ct: 'AAAA' };
const registered = event('ConcernRegistered', 1, {
  municipality: 'Kangasala',
  channel: 'close-worker',
  raisedBy: { id: 'demo-terhi', organisation: 'Kangasala child health clinic' },
  children: SEALED,
  guardians: SEALED,
});
const raised = event('ConcernRaisedWithFamily', 2, { raisedAt: at(2), reRaiseAt: at(30) });
const routedToMeeting = [
  event('RouteDecided', 3, { facts: { zone: 3 }, chosenRoute: 'joint-meeting' }),
  event('ConveningOpened', 3, { convener: { id: 'demo-terhi', organisation: 'Kangasala child health clinic' } }),
  event('ConsentGranted', 4, {
    consentId: 'k1',
    scopes: [
      { kind: 'person', value: 'demo-olli', share: ['concern'] },
      { kind: 'person', name: SEALED, share: ['concern'] },
    ],
    validUntil: at(300),
  }),
  event('InvitationSent', 5, { invitationId: 'i1', inviteeId: 'demo-olli', consentId: 'k1', sentAt: at(5) }),
];
const scheduled = event('MeetingScheduled', 6, { meetingId: 'm1', kind: 'first', number: 1, startsAt: at(12) });
const planned = [
  event('PlanAgreed', 12, { revision: 1, responsibleWorkers: [{ professionalId: 'demo-terhi' }], consentId: 'k1' }),
  event('PlanTrackingUpdated', 12, { meetingId: 'm1', revision: 1, responsibleWorkerIds: ['demo-terhi'], nextContactAt: at(40) }),
];

describe("the workers' case view of one case", () => {
  it('should follow the phase and the next date that matters through the model', () => {
    expect(fold([registered])).toMatchObject({
      phase: 'concern',
      nextDateAt: null,
      people: ['demo-terhi'],
      organiser: 'Kangasala child health clinic',
    });
    expect(fold([registered, raised])).toMatchObject({ phase: 'concern', nextDateAt: at(30) });
    expect(fold([registered, raised, ...routedToMeeting])).toMatchObject({
      phase: 'convening',
      nextDateAt: null,
      people: ['demo-olli', 'demo-terhi'],
    });
    expect(fold([registered, ...routedToMeeting, scheduled])).toMatchObject({ phase: 'meeting-scheduled', nextDateAt: at(12) });
    expect(fold([registered, ...routedToMeeting, scheduled, ...planned])).toMatchObject({ phase: 'plan-in-force', nextDateAt: at(40) });
    const contacted = event('ContactRecorded', 20, { at: at(20), method: 'phone', by: 'demo-terhi', nextContactAt: at(50) });
    expect(fold([registered, ...routedToMeeting, scheduled, ...planned, contacted])).toMatchObject({
      phase: 'follow-up',
      nextDateAt: at(50),
    });
    const closed = event('CaseClosed', 60, { reason: 'everyday-life-runs-smoothly', closedAt: at(60) });
    expect(fold([registered, ...routedToMeeting, scheduled, ...planned, contacted, closed])).toMatchObject({
      phase: 'closed',
      nextDateAt: null,
    });
  });

  it('should count its events as its revision and keep the family sealed as received', () => {
    const row = fold([registered, raised]);
    expect(row.revision).toBe(2);
    expect(row.family).toEqual({ children: SEALED, guardians: SEALED });
  });

  it('should belong to a case only where the event names one (reference data and anonymous feedback do not)', () => {
    expect(caseViewKeyOf(registered)).toBe(CASE);
    expect(caseViewKeyOf({ ...registered, caseId: 'feedback' })).toBeUndefined();
    expect(caseViewKeyOf({ ...registered, caseId: CASE.toUpperCase() })).toBe(CASE);
  });

  it('should give each role its own tasks, overdue once the date has passed', () => {
    const meetingAhead = fold([registered, ...routedToMeeting, scheduled]);
    expect(tasksIn(meetingAhead, 'demo-terhi', ['convener'], at(7))).toEqual([
      { caseId: CASE, kind: 'hold-meeting', dueAt: at(12), overdue: false, about: { meetingId: 'm1' } },
    ]);
    expect(tasksIn(meetingAhead, 'demo-olli', ['invited-participant'], at(13))).toEqual([
      { caseId: CASE, kind: 'reply-to-invitation', dueAt: at(12), overdue: true, about: { invitationId: 'i1' } },
    ]);
    // Someone else's invitation is not the caller's to answer.
    expect(tasksIn(meetingAhead, 'demo-terhi', ['invited-participant'], at(7))).toEqual([]);

    const requested = event('FollowUpMeetingRequested', 20, { requestedBy: 'demo-terhi', requestedAt: at(20), reason: 'x' });
    const followUpHeld = event('MeetingHeld', 25, { meetingId: 'm2', number: 2, kind: 'follow-up', heldAt: at(25) });
    const row = fold([registered, ...routedToMeeting, scheduled, ...planned, requested]);
    expect(tasksIn(row, 'demo-terhi', ['convener', 'responsible-worker'], at(21)).map((t) => t.kind)).toEqual([
      'convene-follow-up-meeting',
      'next-contact',
    ]);
    const followUpScheduled = event('MeetingScheduled', 21, { meetingId: 'm2', kind: 'follow-up', number: 2, startsAt: at(25) });
    const afterHeld = fold([registered, ...routedToMeeting, scheduled, ...planned, requested, followUpScheduled, followUpHeld]);
    expect(tasksIn(afterHeld, 'demo-terhi', ['responsible-worker'], at(26)).map((t) => t.kind)).toEqual(['next-contact', 'record-outcome']);
    const outcome = event('OutcomeRecorded', 26, { outcome: 'sufficient', recordedBy: 'demo-terhi', recordedAt: at(26) });
    expect(
      tasksIn(
        fold([...[registered, ...routedToMeeting, scheduled, ...planned, requested, followUpScheduled, followUpHeld], outcome]),
        'demo-terhi',
        ['responsible-worker'],
        at(27),
      ).map((t) => t.kind),
    ).toEqual(['next-contact']);
  });

  it('should ask the convener to see the feedback collected when the meeting closed without it', () => {
    const closedMeeting = event('MeetingClosed', 12, {
      meetingId: 'm1',
      closedAt: at(12),
      closeWorkerTasks: [{ task: 'feedback-collected', status: 'not-done' }],
    });
    const row = fold([registered, ...routedToMeeting, scheduled, closedMeeting]);
    expect(tasksIn(row, 'demo-terhi', ['convener'], at(13))).toEqual([
      { caseId: CASE, kind: 'collect-feedback', dueAt: at(19), overdue: false, about: { meetingId: 'm1' } },
    ]);
  });

  it('should show only the parts of the categories the caller reads, and no sealed name in a scope', () => {
    const row = fold([registered, raised, ...routedToMeeting, scheduled, ...planned]);
    expect(Object.keys(overviewParts(row, new Set(['concern']), at(13)))).toEqual(['concern']);
    const all = overviewParts(row, new Set(['concern', 'routing', 'consents', 'meeting-record', 'joint-plan', 'follow-up']), at(13));
    expect(Object.keys(all)).toEqual(['concern', 'routing', 'consents', 'meetingRecord', 'jointPlan', 'followUp']);
    expect(all.consents?.consents[0].scopes).toEqual([
      { kind: 'person', value: 'demo-olli', share: ['concern'] },
      { kind: 'person', namedByFamily: true, share: ['concern'] },
    ]);
    expect(all.consents?.invitations).toEqual([
      { invitationId: 'i1', inviteeId: 'demo-olli', consentId: 'k1', status: 'sent', sentAt: at(5) },
    ]);
    // A consent past its date reads as expired, though no event said so.
    expect(overviewParts(row, new Set(['consents']), at(301)).consents?.consents[0].status).toBe('expired');
  });

  it('should tell each caller the phase and dates their categories show, which nothing hidden from them moves', () => {
    const ahead = fold([registered, ...routedToMeeting, scheduled]);
    const planned_ = fold([registered, ...routedToMeeting, scheduled, ...planned]);
    const coordinator = new Set(['identity', 'concern', 'routing', 'consents']);
    // An invitee reading the concern alone sees the concern, before the plan as after it.
    expect(progressFor(ahead, new Set(['concern']))).toEqual({ phase: 'concern', nextDateAt: null });
    expect(progressFor(planned_, new Set(['concern']))).toEqual({ phase: 'concern', nextDateAt: null });
    // The coordinator saw the meeting scheduled; that it was held is the plan's to tell: she sees it still scheduled.
    expect(progressFor(ahead, coordinator)).toEqual({ phase: 'meeting-scheduled', nextDateAt: at(12) });
    expect(progressFor(planned_, coordinator)).toEqual({ phase: 'meeting-scheduled', nextDateAt: at(12) });
    expect(planned_.coordinatorNextAt).toBe(at(12));
    // Whoever reads the plan and the follow-up sees it in force, with the next contact.
    expect(progressFor(planned_, new Set(['joint-plan', 'follow-up']))).toEqual({ phase: 'plan-in-force', nextDateAt: at(40) });
    // Nothing read, nothing told.
    expect(progressFor(planned_, new Set())).toEqual({ phase: null, nextDateAt: null });
  });

  it("should keep the record's sealed parts sealed, and show them once the service opened them", () => {
    const attended = {
      ...event('AttendanceRecorded', 12, { participants: SEALED, childTookPart: true }),
      origin: { service: 'meeting', streamId: 'Meeting-m1', streamRevision: 2, recordedAt: at(12) },
    };
    const row = fold([registered, ...routedToMeeting, scheduled, attended, ...planned]);
    expect(row.moments.sealed.attendance).toEqual({ m1: { participants: SEALED, childTookPart: true } });
    const readable = new Set(['meeting-record', 'joint-plan']);
    const unopened = overviewParts(row, readable, at(13));
    expect(unopened.meetingRecord?.meetings[0].attendance).toBeNull();
    const opened = overviewParts(row, readable, at(13), {
      attendance: { m1: { participants: [{ name: 'Mari' }, { name: 'Terhi', professionalId: 'demo-terhi' }], childTookPart: true } },
      signedBy: {},
      plan: { matters: ['sleep'], actions: [{ arena: 'home', what: 'bedtime' }] },
    });
    expect(opened.meetingRecord?.meetings[0].attendance).toEqual({ participants: 2, professionalIds: ['demo-terhi'], childTookPart: true });
    expect(opened.jointPlan?.plan).toMatchObject({ revision: 1, matters: ['sleep'], actions: [{ arena: 'home', what: 'bedtime' }] });
  });
});
