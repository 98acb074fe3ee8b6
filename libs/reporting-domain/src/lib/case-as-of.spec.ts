import { caseAsOf, inCausalOrder } from './case-as-of';
import type { ReportedEvent } from './reported-event';

const at = (day: number) => new Date(Date.UTC(2026, 0, day, 9)).toISOString();
let n = 0;
const event = (type: string, day: number, data: Record<string, unknown> = {}): ReportedEvent => ({
  eventId: `e${++n}`,
  type,
  caseId: 'c',
  occurredAt: at(day),
  data,
});

const history: ReportedEvent[] = [
  event('ConcernRegistered', 1, { municipality: 'Kuopio', channel: 'close-worker' }),
  event('RouteDecided', 2, { facts: { zone: 3 }, chosenRoute: 'joint-meeting' }),
  event('ConveningOpened', 2),
  event('ConsentGranted', 3, { consentId: 'k1', scopes: [{ kind: 'sector', value: 'school', share: ['concern'] }], validUntil: at(60) }),
  event('InvitationSent', 4, { invitationId: 'i1', inviteeId: 'demo-olli', consentId: 'k1' }),
  event('MeetingScheduled', 5, { meetingId: 'm1', kind: 'first', number: 1, startsAt: at(12) }),
  // Received before the invitation it follows from, as four topics may deliver: domain time orders it.
  event('ConsentWithdrawn', 8, { consentId: 'k1', withdrawnAt: at(8) }),
  event('InvitationCancelled', 8, { invitationId: 'i1' }),
];

describe("a case's state as of a moment", () => {
  it('should show only what had happened by then', () => {
    const before = caseAsOf('c', history, at(6));
    expect(before).toMatchObject({ phase: 'meeting scheduled', route: 'joint-meeting', zone: 3, municipality: 'Kuopio', eventsSoFar: 6 });
    expect(before.consents).toEqual([expect.objectContaining({ consentId: 'k1', status: 'in force' })]);
    expect(before.invitations).toEqual([expect.objectContaining({ invitationId: 'i1', status: 'sent' })]);

    const after = caseAsOf('c', history, at(9));
    expect(after.consents[0]).toMatchObject({ status: 'withdrawn', withdrawnAt: at(8) });
    expect(after.invitations[0].status).toBe('cancelled');
  });

  it('should order by when things happened, not by when reporting received them', () => {
    const shuffled = [history[6], history[7], ...history.slice(0, 6)];
    expect(caseAsOf('c', shuffled, at(9))).toEqual(caseAsOf('c', history, at(9)));
  });

  it('should never put an event before the event that caused it, when both carry the same time', () => {
    const cause = { ...event('JointMeetingRequested', 2), eventId: 'cause' };
    const reaction = { ...event('ConveningOpened', 2), causationId: 'cause' };
    expect(inCausalOrder([reaction, cause]).map((e) => e.type)).toEqual(['JointMeetingRequested', 'ConveningOpened']);
  });

  it('should show a consent that ran out as expired', () => {
    expect(caseAsOf('c', history.slice(0, 6), at(61)).consents[0].status).toBe('expired');
  });

  it('should know nothing before the first event', () => {
    expect(caseAsOf('c', history, at(0))).toMatchObject({ phase: 'not yet known', eventsSoFar: 0 });
  });
});

/** An event as its service stored it: in `stream` at `revision`, committed a moment after the one stored before it. */
let committed = 0;
const stored = (
  service: string,
  stream: string,
  revision: number,
  type: string,
  day: number,
  data: Record<string, unknown> = {},
  extra: Partial<ReportedEvent> = {},
): ReportedEvent => ({
  ...event(type, day, data),
  origin: { service, streamId: stream, streamRevision: revision, recordedAt: new Date(Date.parse(at(day)) + ++committed).toISOString() },
  ...extra,
});
const SEALED = { $sealed: 1, iv: 'AAAA', ct: 'AAAA' };

describe("the auditor's history in causal order", () => {
  /** Convening schedules meeting m1 (starting on day 12) on day 5; meeting opens its record in reaction, on `day` by its own clock. */
  const scheduledM1 = (meeting: Record<string, unknown>) =>
    stored('convening', 'Convening-c', 5, 'MeetingScheduled', 5, { meetingId: 'm1', ...meeting, startsAt: at(12) });
  const openedM1 = (day: number, meeting: Record<string, unknown>, cause: ReportedEvent) =>
    stored(
      'meeting',
      'Meeting-m1',
      0,
      'MeetingOpened',
      day,
      { meetingId: 'm1', ...meeting, startsAt: at(12) },
      { causationId: cause.eventId },
    );

  it("should keep each stream's order, even where a reaction recorded later carries its cause's earlier time", () => {
    const revised = stored('meeting', 'Meeting-m1', 7, 'PlanRevised', 10, { revision: 2, responsibleWorkers: [] });
    const contact = stored('plan-followup', 'Plan-c', 3, 'ContactRecorded', 12, { at: at(12), method: 'phone', by: 'demo-terhi' });
    // Plan follow-up tracked the revision (time: the revision's) only after the contact: the stream says so.
    const tracked = stored(
      'plan-followup',
      'Plan-c',
      4,
      'PlanTrackingUpdated',
      10,
      { revision: 2, responsibleWorkerIds: ['demo-terhi'], nextContactAt: at(20) },
      { causationId: revised.eventId },
    );
    expect(inCausalOrder([tracked, contact, revised]).map((e) => e.type)).toEqual([
      'PlanRevised',
      'ContactRecorded',
      'PlanTrackingUpdated',
    ]);
    // As of day 11 the record did not yet show the tracking: the contact recorded before it in its stream had not happened.
    expect(caseAsOf('c', [tracked, contact, revised], at(11))).toMatchObject({ eventsSoFar: 1, followUp: { trackedRevision: null } });
    expect(caseAsOf('c', [tracked, contact, revised], at(12))).toMatchObject({
      eventsSoFar: 3,
      followUp: { trackedRevision: 2, nextContactAt: at(20), contacts: [{ at: at(12), method: 'phone', by: 'demo-terhi' }] },
    });
  });

  it("should put an event after its cause in another service, whatever the services' clocks say", () => {
    const first = { kind: 'first', number: 1, roomId: 'r1' };
    const scheduled = scheduledM1(first);
    // Meeting's clock is behind convening's: its reaction claims an earlier time than its cause.
    const opened = openedM1(4, first, scheduled);
    const noted = stored('meeting', 'Meeting-m1', 1, 'ConvenerNoted', 4, { convenerId: 'demo-terhi' }, { causationId: scheduled.eventId });
    expect(inCausalOrder([noted, opened, scheduled]).map((e) => e.type)).toEqual(['MeetingScheduled', 'MeetingOpened', 'ConvenerNoted']);
  });

  it("should keep two services' reactions to one event apart, though their ids are the same", () => {
    const followUp = { kind: 'follow-up', number: 2 };
    const scheduled = scheduledM1(followUp);
    const opened = openedM1(5, followUp, scheduled);
    // Plan follow-up derives its reaction's id from the same cause: the same id in another service.
    const noted = stored(
      'plan-followup',
      'Plan-c',
      3,
      'FollowUpMeetingScheduled',
      5,
      { meetingId: 'm1', number: 2, startsAt: at(12) },
      { causationId: scheduled.eventId, eventId: opened.eventId },
    );
    expect(inCausalOrder([noted, opened, scheduled]).map((e) => e.type)).toEqual([
      'MeetingScheduled',
      'MeetingOpened',
      'FollowUpMeetingScheduled',
    ]);
    expect(caseAsOf('c', [noted, opened, scheduled], at(6))).toMatchObject({
      eventsSoFar: 3,
      followUp: { followUpMeetingsScheduled: 1 },
      meetings: [expect.objectContaining({ meetingId: 'm1', opened: true })],
    });
  });

  it('should order events of one moment in different services as their services recorded them, then as received', () => {
    const a = stored('intake', 'Concern-c', 0, 'ConcernRegistered', 1, { municipality: 'Kuopio', channel: 'phone-line' });
    const b = {
      ...stored('convening', 'Room-r1-2026-01-01', 0, 'RoomBooked', 1, {}),
      origin: { service: 'convening', streamId: 'Room-r1-2026-01-01', streamRevision: 0, recordedAt: at(0) },
    };
    expect(inCausalOrder([a, b]).map((e) => e.type)).toEqual(['RoomBooked', 'ConcernRegistered']);
  });
});

describe('the state as of a moment covers every step', () => {
  const c = 'Concern-c';
  const m = 'Meeting-m1';
  const p = 'Plan-c';
  const walked: ReportedEvent[] = [
    stored('intake', c, 0, 'ConcernRegistered', 1, { municipality: 'Kuopio', channel: 'close-worker', raisedBy: { id: 'demo-terhi' } }),
    stored('intake', c, 1, 'ZoneRated', 1, { zone: 2, ratedBy: 'worker' }),
    stored('intake', c, 2, 'ConcernRaisedWithFamily', 2, {
      raisedAt: at(2),
      present: SEALED,
      familyResponse: SEALED,
      nextStep: SEALED,
      reRaiseAt: at(16),
    }),
    stored('intake', c, 3, 'ZoneRated', 3, { zone: 3, ratedBy: 'family' }),
    stored('intake', c, 4, 'ConcernJoined', 3, {
      joinedBy: { id: 'demo-olli', organisation: 'Kangasala school' },
      zone: 3,
      description: SEALED,
      joinedAt: at(3),
    }),
    stored('intake', c, 5, 'RouteDecided', 4, { facts: { zone: 3 }, chosenRoute: 'joint-meeting' }),
    stored('convening', 'Room-r1-2026-01-12', 0, 'RoomBooked', 5, {
      bookingId: 'b1',
      roomId: 'r1',
      startsAt: at(12),
      endsAt: at(12),
      caseId: 'c',
    }),
    stored('convening', 'Convening-c', 4, 'MeetingScheduled', 5, {
      meetingId: 'm1',
      kind: 'first',
      number: 1,
      startsAt: at(12),
      roomId: 'r1',
    }),
    stored('meeting', m, 0, 'MeetingOpened', 5, { meetingId: 'm1', kind: 'first', number: 1, startsAt: at(12), roomId: 'r1' }),
    stored('meeting', m, 1, 'ConvenerNoted', 5, { convenerId: 'demo-terhi' }),
    // Folded opened (the auditor's history opens them first): names are there, the state keeps only counts and ids.
    stored('meeting', m, 2, 'AttendanceRecorded', 12, {
      participants: [
        { name: 'Mari', role: 'family-member' },
        { name: 'Olli', role: 'professional', professionalId: 'demo-olli' },
      ],
      childTookPart: true,
    }),
    stored('meeting', m, 3, 'ConsentFormConfirmed', 12, { signedBy: ['Mari'], confirmedBy: 'demo-terhi', confirmedAt: at(12) }),
    stored('meeting', m, 4, 'ViewsRecorded', 12, { views: [{ party: 'family', view: 'väsyttää' }] }),
    stored('meeting', m, 5, 'WellbeingStarRated', 12, {
      configVersion: 'thl-2017',
      ratings: [{ area: 'health', score: 3, note: 'nukkuu huonosti' }],
      ratedAt: at(12),
    }),
    stored('meeting', m, 6, 'ResponsibleWorkersNamed', 12, { workers: [{ professionalId: 'demo-terhi' }], previous: [], namedAt: at(12) }),
    stored('meeting', m, 7, 'PlanAgreed', 12, {
      meetingId: 'm1',
      revision: 1,
      plan: SEALED,
      responsibleWorkers: [{ professionalId: 'demo-terhi' }],
    }),
    stored('meeting', m, 8, 'MeetingClosed', 13, { meetingId: 'm1', allMattersCovered: true, closedAt: at(13) }),
    stored('meeting', m, 9, 'MeetingReportRecorded', 13, { organizer: 'Kangasala' }),
    stored('plan-followup', p, 0, 'PlanTrackingUpdated', 12, {
      meetingId: 'm1',
      revision: 1,
      actions: SEALED,
      responsibleWorkerIds: ['demo-terhi'],
      nextContactAt: at(20),
    }),
    stored('plan-followup', p, 1, 'MeetingHeld', 13, { meetingId: 'm1', number: 1, kind: 'first', heldAt: at(13) }),
    stored('plan-followup', p, 2, 'ActionProgressed', 15, {
      actionIndex: 0,
      status: 'under-way',
      note: SEALED,
      by: 'demo-terhi',
      at: at(15),
    }),
    stored('plan-followup', p, 3, 'ContactRecorded', 20, {
      at: at(20),
      method: 'phone',
      summary: SEALED,
      nextContactAt: at(34),
      by: 'demo-terhi',
    }),
    stored('plan-followup', p, 4, 'ActionProgressed', 30, { actionIndex: 0, status: 'done', by: 'demo-terhi', at: at(30) }),
    stored('plan-followup', p, 5, 'OutcomeRecorded', 35, { outcome: 'sufficient' }),
    stored('plan-followup', p, 6, 'CaseClosed', 35, { reason: 'everyday-life-runs-smoothly', note: SEALED, closedAt: at(35) }),
  ];

  it('should show the raising, the joined concern and both zone ratings at intake', () => {
    expect(caseAsOf('c', walked, at(4))).toMatchObject({
      zone: 3,
      zoneByFamily: 3,
      convenerIds: ['demo-terhi'],
      raisings: [{ raisedAt: at(2), reRaiseAt: at(16) }],
      joinedConcerns: [{ joinedAt: at(3), joinedBy: 'demo-olli', organisation: 'Kangasala school', zone: 3 }],
      route: 'joint-meeting',
    });
  });

  it("should show the meeting's every step: attendance, consent form, views, Wellbeing Star, responsible workers, closing, held", () => {
    const state = caseAsOf('c', walked, at(14));
    expect(state.roomBookings).toEqual([{ bookingId: 'b1', roomId: 'r1', startsAt: at(12), endsAt: at(12), released: false }]);
    expect(state.meetings).toEqual([
      {
        meetingId: 'm1',
        kind: 'first',
        number: 1,
        startsAt: at(12),
        roomId: 'r1',
        opened: true,
        rescheduled: 0,
        cancelled: false,
        attendance: { participants: 2, professionalIds: ['demo-olli'], childTookPart: true },
        consentForm: { confirmedAt: at(12), confirmedBy: 'demo-terhi', signatures: 1 },
        viewsRecorded: 1,
        wellbeingStar: [
          { configVersion: 'thl-2017', ratedAt: at(12), child: null, ratedBy: null, ratings: [{ area: 'health', score: 3 }] },
        ],
        closeWorkerTasks: [],
        reportRecorded: true,
        closed: true,
        closedAt: at(13),
        allMattersCovered: true,
        held: true,
      },
    ]);
    expect(state).toMatchObject({
      phase: 'plan agreed',
      plan: { revision: 1, responsibleWorkerIds: ['demo-terhi'] },
      responsibleWorkerIds: ['demo-terhi'],
      convenerIds: ['demo-terhi'],
    });
    expect(state.followUp).toMatchObject({ trackedRevision: 1, nextContactAt: at(20), meetingsHeld: 1, contacts: [], actions: [] });
  });

  it('should count a meeting held once plan follow-up tracks its plan, before it hears of the closing', () => {
    const tracked = caseAsOf('c', walked, at(12));
    expect(tracked.followUp).toMatchObject({ trackedRevision: 1, meetingsHeld: 1 });
    expect(tracked.meetings[0]).toMatchObject({ held: true, closed: false });
  });

  it("should show follow-up's progress and contacts as they were at the moment asked", () => {
    expect(caseAsOf('c', walked, at(16)).followUp).toMatchObject({
      actions: [{ index: 0, status: 'under-way', at: at(15) }],
      contacts: [],
    });
    const later = caseAsOf('c', walked, at(31));
    expect(later.followUp).toMatchObject({
      actions: [{ index: 0, status: 'done', at: at(30) }],
      contacts: [{ at: at(20), method: 'phone', by: 'demo-terhi' }],
      nextContactAt: at(34),
    });
    expect(later).toMatchObject({ phase: 'plan agreed', outcome: null, closure: null });
    expect(caseAsOf('c', walked, at(36))).toMatchObject({
      phase: 'closed',
      outcome: 'sufficient',
      closure: { reason: 'everyday-life-runs-smoothly', closedAt: at(35) },
      eventsSoFar: walked.length,
    });
  });

  it("should show the steps the seeds name: the needs-assessment contact with the parents, zone 2's service contacts, the close worker's tasks, who rated the star for which child, a meeting moved and one called off", () => {
    const steps = [
      ...walked.slice(0, 2),
      stored('intake', c, 10, 'NeedsAssessmentContactMade', 2, {
        madeAt: at(2),
        parents: SEALED,
        recipient: SEALED,
        content: SEALED,
        madeBy: 'demo-terhi',
        recordedAt: at(2),
      }),
      stored('intake', c, 11, 'ServiceContactedAboutConcern', 2, {
        service: SEALED,
        relation: 'already-has',
        how: 'with-family',
        contactedAt: at(2),
        contactedBy: 'demo-terhi',
        recordedAt: at(2),
      }),
      ...walked.slice(6, 10),
      stored('convening', 'Convening-c', 5, 'MeetingRescheduled', 6, { meetingId: 'm1', startsAt: at(13), roomId: 'r2', reason: SEALED }),
      stored('meeting', m, 2, 'WellbeingStarRated', 13, {
        configVersion: 'thl-2017-2',
        child: 2,
        ratedBy: 'family',
        ratings: SEALED,
        ratedAt: at(13),
      }),
      stored('meeting', m, 3, 'CloseWorkerTasksChecked', 13, {
        tasks: [
          { task: 'introduction-round', done: true },
          { task: 'plan-printed', done: false },
        ],
        checkedBy: 'demo-terhi',
        checkedAt: at(13),
      }),
      stored('meeting', m, 4, 'MeetingClosed', 13, {
        meetingId: 'm1',
        allMattersCovered: false,
        agenda: 'unknown',
        closeWorkerTasks: 'unknown',
        closedAt: at(13),
      }),
      stored('convening', 'Convening-c', 6, 'MeetingScheduled', 14, {
        meetingId: 'm2',
        kind: 'follow-up',
        number: 2,
        startsAt: at(30),
        roomId: 'r1',
      }),
      stored('convening', 'Convening-c', 7, 'MeetingCancelled', 15, { meetingId: 'm2', reason: SEALED }),
    ];
    const state = caseAsOf('c', steps, at(16));
    expect(state.needsAssessmentContacts).toEqual([{ madeAt: at(2), madeBy: 'demo-terhi', parents: null }]);
    expect(state.servicesContacted).toEqual([
      { contactedAt: at(2), contactedBy: 'demo-terhi', relation: 'already-has', how: 'with-family' },
    ]);
    expect(state.meetings).toEqual([
      expect.objectContaining({
        meetingId: 'm1',
        startsAt: at(13),
        roomId: 'r2',
        rescheduled: 1,
        wellbeingStar: [{ configVersion: 'thl-2017-2', ratedAt: at(13), child: 2, ratedBy: 'family', ratings: null }],
        closeWorkerTasks: [
          { task: 'introduction-round', status: 'done' },
          { task: 'plan-printed', status: 'not-done' },
        ],
      }),
      expect.objectContaining({ meetingId: 'm2', kind: 'follow-up', cancelled: true }),
    ]);
  });

  it('should fold what it cannot read (sealed without the key, erased) as unknown, never fail', () => {
    const unreadable = walked.map((e) =>
      ['AttendanceRecorded', 'ConsentFormConfirmed', 'WellbeingStarRated'].includes(e.type)
        ? { ...e, data: { ...e.data, participants: { erased: true }, signedBy: SEALED, ratings: { erased: true } } }
        : e,
    );
    const [meeting] = caseAsOf('c', unreadable, at(14)).meetings;
    expect(meeting).toMatchObject({
      attendance: { participants: null, professionalIds: [] },
      consentForm: { signatures: null },
      wellbeingStar: [{ ratings: null }],
    });
  });

  it('should give every order the four services may deliver in the same state and the same order', () => {
    const reversed = [...walked].reverse();
    const byService = [...walked].sort((a, b) => (a.origin?.service ?? '').localeCompare(b.origin?.service ?? ''));
    for (const delivered of [reversed, byService]) {
      expect(inCausalOrder(delivered).map((e) => e.eventId)).toEqual(inCausalOrder(walked).map((e) => e.eventId));
      expect(caseAsOf('c', delivered, at(31))).toEqual(caseAsOf('c', walked, at(31)));
    }
  });
});
