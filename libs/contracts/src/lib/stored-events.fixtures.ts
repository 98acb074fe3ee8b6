/**
 * One stored event's data at every version each contract has had, written as the services wrote them then (older
 * versions as docs/events.md's version history describes them). The replay spec upcasts each to the current version and
 * checks it against the written schema file; every version a contract declares must have one here.
 */
import { consentGranted, SEALED, terhi } from './contracts.fixtures';

const AT = '2026-03-01T09:00:00.000Z';
/** A meeting's time as a convener may have sent it: ISO 8601 with an offset, no seconds (the API takes it as sent). */
const GIVEN = '2026-11-26T14:00+02:00';
const worker = { id: 'demo-terhi', name: 'Terhi', organisation: 'Kangasala child health clinic', sector: 'health' };
const scheduled = {
  meetingId: 'm-1',
  kind: 'first',
  number: 1,
  startsAt: GIVEN,
  endsAt: '2026-11-26T15:30:00+02:00',
  roomId: 'r-1',
  daysFromConcern: 12,
  invitationIds: ['i-1'],
};
const closed = { allMattersCovered: true, evaluationNote: SEALED, closedAt: AT };
const report = {
  organizer: 'Kangasala child health clinic',
  kind: 'first',
  participatingSectors: ['school'],
  referred: false,
  referredToAssessmentOrSocialWork: false,
  familyGotHelp: 'partly',
  remarks: SEALED,
  recordedBy: 'demo-terhi',
  recordedAt: AT,
};
const revised = {
  meetingId: 'm-1',
  revision: 2,
  plan: SEALED,
  responsibleWorkers: [terhi],
  reason: SEALED,
  revisedBy: 'demo-terhi',
  revisedAt: AT,
};
const named = { workers: [terhi], previous: [], namedAt: AT };
const request = { zone: 3, channel: 'close-worker', convener: worker, concernRegisteredAt: AT, requestedAt: AT };

/** Event type → version → data as stored at that version. */
export const STORED_EVENTS: Record<string, Record<number, unknown>> = {
  ConcernRegistered: {
    1: { channel: 'phone-line', raisedBy: worker, children: SEALED, guardians: SEALED, description: SEALED, registeredAt: AT },
    2: {
      channel: 'close-worker',
      raisedBy: worker,
      municipality: 'Kangasala',
      childCount: 2,
      children: SEALED,
      guardians: SEALED,
      description: SEALED,
      registeredAt: AT,
    },
  },
  ZoneRated: { 1: { zone: 2, ratedBy: 'family', ratedAt: AT, raterId: 'demo-terhi' } },
  RouteDecided: {
    1: {
      facts: { zone: 3 },
      recommended: { route: 'joint-meeting', reasons: ['zone 3'] },
      chosenRoute: 'joint-meeting',
      decidedBy: 'demo-terhi',
      decidedAt: AT,
    },
  },
  JointMeetingRequested: { 1: request, 2: { ...request, guardians: SEALED } },
  MandatoryNotificationMade: {
    1: { kind: 'police', madeBy: 'demo-terhi', madeAt: '2026-03-01T08:30+02:00', recipient: 'Kangasala police' },
    2: { kind: 'child-protection', madeBy: 'demo-terhi', madeAt: AT, recipient: SEALED },
  },
  ReferenceEntryRecorded: {
    1: { kind: 'rooms', key: 'r-1', value: { id: 'r-1', name: 'Room 1' }, recordedBy: 'demo-pekka', recordedAt: AT },
  },
  ReferenceEntryRetired: { 1: { kind: 'rooms', key: 'r-1', reason: 'closed', retiredBy: 'demo-pekka', retiredAt: AT } },

  ConveningOpened: {
    1: { convener: worker, zone: 3, concernRegisteredAt: AT, requestedAt: AT },
    2: { convener: worker, zone: 3, concernRegisteredAt: AT, requestedAt: AT, guardians: SEALED },
  },
  ConsentGranted: {
    1: consentGranted([{ kind: 'sector', value: 'school', share: ['concern', 'joint plan', 'everything'] }]),
    2: consentGranted([{ kind: 'person', value: 'Mummo Liisa', share: ['concern'] }]),
    3: consentGranted([
      { kind: 'person', name: SEALED, share: ['joint-plan'] },
      { kind: 'organisation', value: 'Kangasala school', share: ['concern', 'routing'] },
    ]),
  },
  ConsentExtended: {
    1: {
      consentId: 'k-1',
      scopes: [{ kind: 'person', value: 'demo-olli', share: ['joint plan'] }],
      validUntil: AT,
      recordedBy: 'demo-terhi',
    },
    2: {
      consentId: 'k-1',
      scopes: [{ kind: 'person', value: 'demo-olli', share: ['joint-plan'] }],
      validUntil: AT,
      recordedBy: 'demo-terhi',
    },
    3: { consentId: 'k-1', scopes: [{ kind: 'person', name: SEALED, share: ['follow-up'] }], validUntil: AT, recordedBy: 'demo-terhi' },
  },
  ConsentWithdrawn: {
    1: { consentId: 'k-1', withdrawnBy: 'family', withdrawnAt: AT },
    2: { consentId: 'k-1', withdrawnBy: SEALED, withdrawnAt: AT },
  },
  InvitationSent: {
    1: {
      invitationId: 'i-1',
      inviteeId: 'demo-olli',
      invitee: SEALED,
      consentId: 'k-1',
      share: ['concern', 'gossip'],
      sentBy: 'demo-terhi',
      sentAt: AT,
    },
    2: {
      invitationId: 'i-1',
      inviteeId: 'demo-olli',
      invitee: SEALED,
      consentId: 'k-1',
      share: ['concern'],
      sentBy: 'demo-terhi',
      sentAt: AT,
    },
  },
  InvitationCancelled: { 1: { invitationId: 'i-1', reason: 'the consent it relied on was withdrawn', cancelledAt: AT } },
  InvitationReplied: { 1: { invitationId: 'i-1', reply: 'propose-time', proposedTime: '2026-11-27T10:00+02:00', repliedAt: AT } },
  FollowUpRequested: { 1: { requestedBy: 'demo-terhi', requestedAt: AT, reason: SEALED } },
  MeetingScheduled: {
    1: { ...scheduled, kind: 'follow-up', number: 4, followUpReason: 'still poor sleep' },
    2: { ...scheduled, kind: 'follow-up', number: 4, followUpReason: SEALED },
    3: { ...scheduled, bookingId: 'b-1' },
  },
  MeetingRescheduled: {
    1: {
      ...scheduled,
      startsAt: '2026-11-27T10:00:00+02:00',
      endsAt: '2026-11-27T11:00:00+02:00',
      bookingId: 'b-2',
      previous: { startsAt: GIVEN, endsAt: scheduled.endsAt, roomId: 'r-1', bookingId: 'b-1' },
      reason: SEALED,
      rescheduledBy: 'demo-terhi',
      rescheduledAt: AT,
    },
  },
  MeetingCancelled: { 1: { ...scheduled, bookingId: 'b-1', reason: SEALED, cancelledBy: 'demo-kaisa', cancelledAt: AT } },

  MeetingOpened: { 1: { meetingId: 'm-1', kind: 'first', number: 1, startsAt: GIVEN, roomId: 'r-1' } },
  PlanAgreed: {
    1: { meetingId: 'm-1', revision: 1, plan: SEALED, responsibleWorkers: [terhi], consentId: 'k-1', agreedBy: 'demo-terhi', agreedAt: AT },
  },
  PlanRevised: {
    1: revised,
    // A follow-up meeting's confirmation of the plan another meeting left in force: no reason.
    2: {
      meetingId: 'm-2',
      revision: 3,
      plan: SEALED,
      responsibleWorkers: [terhi],
      revises: { meetingId: 'm-1', revision: 2 },
      confirmed: true,
      revisedBy: 'demo-terhi',
      revisedAt: AT,
    },
  },
  ResponsibleWorkersNamed: {
    1: named,
    2: { ...named, previous: ['demo-olli'], reason: 'moved to another school', namedByFamily: true, consentId: 'k-1' },
    3: { ...named, previous: ['demo-olli'], reason: SEALED, namedByFamily: true, consentId: 'k-1' },
  },
  MeetingClosed: {
    1: closed,
    2: { ...closed, meetingId: 'm-1', kind: 'first', number: 1 },
    3: {
      ...closed,
      meetingId: 'm-1',
      kind: 'first',
      number: 1,
      agenda: [{ item: SEALED, covered: true }],
      closeWorkerTasks: [{ task: 'time-kept', status: 'done' }],
    },
  },
  MeetingReportRecorded: {
    1: report,
    2: {
      ...report,
      meetingId: 'm-1',
      number: 1,
      startsAt: GIVEN,
      wellbeingStar: [{ configVersion: 'thl-2017-2', child: 1, ratedBy: 'family', scores: { parenting: 3 } }],
    },
  },

  FollowUpMeetingRequested: { 1: { requestedBy: 'demo-terhi', requestedAt: AT, reason: SEALED } },
  OutcomeRecorded: { 1: { outcome: 'continue', recordedBy: 'demo-terhi', recordedAt: AT } },
  ReferralMade: {
    1: { serviceId: 'family-counselling', consent: { basis: 'consent', reference: 'k-1' }, referredBy: 'demo-terhi', referredAt: AT },
  },
  CaseClosed: { 1: { reason: 'everyday-life-runs-smoothly', note: SEALED, closedBy: 'demo-terhi', closedAt: AT } },
  CaseReopened: { 1: { reason: SEALED, reopenedBy: 'demo-terhi', reopenedAt: AT } },
  FeedbackReceived: {
    1: { formVersion: 'kangasala-2024', answers: [{ item: 'heard', score: 4 }], month: '2026-03', organizer: 'Family centre' },
  },

  EventRecorded: {
    1: { eventId: '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e', type: 'WellbeingStarRated', version: 2, data: { ratings: SEALED } },
  },
};
